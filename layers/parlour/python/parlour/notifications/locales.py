"""Which language a message is written in, and local dates, times and prices in that locale's style.

Babel earns its place here: CLDR gives correct month and weekday names with their grammatical case
("3 czerwca", "3. Juni"), the date order and the 12/24-hour clock of each region (en-US "2:30 PM",
en-GB "14:30", fr-CA "14 h 30") and currency formats; a table of our own would get these wrong.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, get_currency_precision

from parlour.money import Money

FALLBACK_LANGUAGE = "en"

# Narrow and ordinary no-break spaces (CLDR puts them in "2:30 PM" and "150,00 zł") are not in the SMS
# alphabet: one of them would make a whole English SMS UCS-2 and more than double its cost.
_SMS_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


@dataclass(frozen=True)
class ResolvedLocale:
    template_key: str  # the key of the template set the text comes from ("pl", "en", or a regional key)
    locale: Locale  # formats dates, times and prices ("de_AT" for an Austrian client of German texts)

    @property
    def tag(self) -> str:
        return str(self.locale)


def _parse(tag: str | None) -> Locale | None:
    if not tag:
        return None
    try:
        return Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def resolve_locale(
    client_locale: str | None, salon_default: str | None, available: frozenset[str]
) -> ResolvedLocale:
    """Fallback chain: client's exact locale -> its language -> salon's default (exact, language) -> en.

    `available` holds the template keys ("en", "pl", ... and any regional ones such as "pt_BR").
    Formatting keeps the client's regional style when the text is in the client's language.
    """
    for tag in (client_locale, salon_default):
        parsed = _parse(tag)
        if parsed is None:
            continue
        exact = str(parsed)
        if exact in available:
            return ResolvedLocale(exact, parsed)
        if parsed.language in available:
            return ResolvedLocale(parsed.language, parsed)
    return ResolvedLocale(FALLBACK_LANGUAGE, Locale.parse(FALLBACK_LANGUAGE))


def local_datetime(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


def _join(locale: Locale, width: str, clock: str, day: str) -> str:
    """Date and time glued the locale's way ('{1}, {0}', '{1} {0}'); quotes mark literals in CLDR patterns."""
    pattern = str(locale.datetime_formats[width]).replace("'", "")
    return pattern.format(clock, day).translate(_SMS_SPACES)


def short_date_time(instant: datetime, zone: str, locale: Locale) -> str:
    """'Tue, Jun 3, 2:30 PM', 'wt., 3 cze, 14:30': weekday, day, month and time, in the location's zone."""
    local = local_datetime(instant, zone)
    day = format_skeleton("MMMEd", local, locale=locale)
    clock = format_time(local, "short", locale=locale)
    return _join(locale, "short", clock, day)


def short_time(instant: datetime, zone: str, locale: Locale) -> str:
    return format_time(local_datetime(instant, zone), "short", locale=locale).translate(_SMS_SPACES)


def long_date_time(instant: datetime, zone: str, locale: Locale) -> str:
    """'Tuesday, June 3, 2025, 2:30 PM' for emails."""
    local = local_datetime(instant, zone)
    day = format_date(local, "full", locale=locale)
    clock = format_time(local, "short", locale=locale)
    return _join(locale, "full", clock, day)


def price(money: Money, locale: Locale) -> str:
    # Decimal from integer minor units: never a float on the way to the text.
    amount = Decimal(money.amount).scaleb(-get_currency_precision(money.currency))
    return format_currency(amount, money.currency, locale=locale).translate(_SMS_SPACES)
