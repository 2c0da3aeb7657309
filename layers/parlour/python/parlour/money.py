"""Money is an integer amount of the currency's minor unit plus an ISO 4217 code; never a float.

MAX_PRICE is the ceiling of any amount a salon or client enters. 10^12 minor units leaves room for the
currencies with the most digits per treatment (a 1,000 USD package is about 1.6 * 10^9 Indonesian
rupiah cents and 10^10 Iranian rial minor units at street rates), and every amount derived from entered
ones (times at most 100 sessions or people, plus at most 100 % tax) stays below 2^53 - 1, the largest
integer the web clients' JavaScript holds exactly, and far below DynamoDB's 38 significant digits.
MAX_AMOUNT bounds every Money, so nothing out of range can even be parsed.
"""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]

MAX_PRICE = 10**12
MAX_AMOUNT = 2**53 - 1


class Money(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: int = Field(
        ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="Amount in the currency's minor unit (cents, grosze)"
    )
    currency: CurrencyCode


def _price(money: Money) -> Money:
    if money.amount < 0:
        raise ValueError("amount must not be negative")
    if money.amount > MAX_PRICE:
        raise ValueError(f"amount must be at most {MAX_PRICE} minor units")
    return money


def _positive_price(money: Money) -> Money:
    if money.amount <= 0:
        raise ValueError("amount must be positive")
    return _price(money)


# An entered price (base price, special price, what a client saw): 0 to MAX_PRICE minor units.
Price = Annotated[Money, AfterValidator(_price)]
# An entered amount off a price: 1 to MAX_PRICE minor units.
PositivePrice = Annotated[Money, AfterValidator(_positive_price)]
