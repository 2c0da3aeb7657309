"""Currency digits and the one rounding rule of pricing.

Rounding: every computed amount (a percentage discount, a tax) is rounded once to a whole minor unit,
ROUND_HALF_UP (ties away from zero, the commercial rule most tax authorities use). Money is already held
in minor units, so rounding to a whole number of them is rounding to the currency's minor unit whatever
its digits: JPY has 0 (amount 1200 is ¥1200), EUR 2 (1200 is €12.00), KWD 3 (1200 is 1.200 KD).
The digits matter where amounts cross into or out of major units (`to_minor`, `to_major`).
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from parlour.errors import InvalidInput
from parlour.money import Money

# Products of prices and rates stay far below this many digits, so Decimal arithmetic is exact
# except for the inclusive-tax division, which is then still exact to 50 places before rounding.
PRECISION = 60


@lru_cache(maxsize=256)
def minor_digits(currency: str) -> int:
    """Digits of the currency's minor unit from the ISO 4217 table (0 for JPY, 2 for EUR, 3 for KWD)."""
    # The iso4217 package ships the official table; it is imported on first use because parsing
    # it costs ~35 ms, which handlers that never price anything should not pay at cold start.
    from iso4217 import Currency

    try:
        digits = Currency(currency).exponent
    except ValueError:
        raise InvalidInput("currency", f"{currency!r} is not an ISO 4217 currency") from None
    if digits is None:
        raise InvalidInput("currency", f"{currency} has no minor unit and cannot price services")
    return digits


def round_minor(amount: Decimal) -> int:
    """A computed amount of minor units rounded to a whole one, half up."""
    with localcontext(prec=PRECISION):
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_minor(major: Decimal, currency: str) -> Money:
    """A major-unit amount (Decimal("12.345") KWD) as Money in minor units, rounded half up."""
    with localcontext(prec=PRECISION):
        return Money(amount=round_minor(major.scaleb(minor_digits(currency))), currency=currency)


def to_major(money: Money) -> Decimal:
    """Money as an exact major-unit Decimal with the currency's digits (1250 KWD fils -> 1.250)."""
    return Decimal(money.amount).scaleb(-minor_digits(money.currency))
