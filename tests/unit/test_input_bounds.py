"""Every amount, string and list an API accepts has a bound; values past it are refused naming the field.

The reproducers of the abuse run: each of these reached DynamoDB before (and failed there with a 500,
or was stored and served to every client).
"""

import pytest
from pydantic import TypeAdapter, ValidationError

from parlour.booking.service import BookingRequest
from parlour.catalog.models import (
    MAX_VERSION,
    LocationInput,
    LocationReplacement,
    ServiceInput,
    StaffInput,
    TimeZoneName,
)
from parlour.errors import InvalidInput
from parlour.lifecycle.automation import AutomationInput
from parlour.money import MAX_AMOUNT, MAX_PRICE, Money
from parlour.pricing.lists import PreviewRequest, PriceSeen
from parlour.pricing.models import TaxRule
from parlour.pricing.records import parse_offer
from tests.builders import warsaw_location


def _service(amount: int) -> dict:
    variant = {"id": "short", "name": "Short", "duration_minutes": 30, "base_price": _pln(amount)}
    return {"id": "cut", "name": "Cut", "category": "Hair", "variants": [variant]}


def _pln(amount: int) -> dict:
    return {"amount": amount, "currency": "PLN"}


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [".".join(str(part) for part in problem["loc"]) for problem in error.value.errors()]


# ---- money -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [10**42, 10**20, MAX_PRICE + 1])
def test_a_base_price_past_the_ceiling_is_refused(amount):
    with pytest.raises(ValidationError) as error:
        ServiceInput.model_validate(_service(amount))
    # Past what any Money holds the amount itself is named; past the price ceiling, the price
    [field] = _fields(error)
    assert field in ("variants.0.base_price", "variants.0.base_price.amount")


def test_a_base_price_at_the_ceiling_is_accepted():
    assert ServiceInput.model_validate(_service(MAX_PRICE)).variants[0].base_price.amount == MAX_PRICE


def test_no_money_anywhere_holds_more_than_a_javascript_client_reads_exactly():
    with pytest.raises(ValidationError):
        Money(amount=MAX_AMOUNT + 1, currency="PLN")
    with pytest.raises(ValidationError) as error:
        PriceSeen.model_validate({"total": _pln(10**42)})
    assert _fields(error)[0].startswith("total")


def test_the_ceiling_leaves_every_derived_amount_exact_in_javascript():
    # The largest derived amount: 100 sessions or people at the ceiling, plus at most 100 % tax.
    assert MAX_PRICE * 100 * 2 < MAX_AMOUNT < 10**38


@pytest.mark.parametrize(
    ("offer", "field"),
    [
        (
            {
                "kind": "special_price",
                "variant": {"service_id": "cut", "variant_id": "short"},
                "price": _pln(10**20),
            },
            "price",
        ),
        ({"kind": "promotion", "discount": {"type": "amount", "amount": _pln(10**42)}}, "discount.amount"),
        (
            {"kind": "promotion", "discount": {"type": "percent", "percent": "10"}, "priority": 10**40},
            "priority",
        ),
    ],
)
def test_offer_amounts_past_the_ceiling_are_refused(offer, field):
    with pytest.raises(InvalidInput) as error:
        parse_offer({"id": "deal", "name": "Deal", **offer})
    assert error.value.field in (field, f"{field}.amount")


# ---- sizes -----------------------------------------------------------------------------------------


def test_a_megabyte_address_is_refused():
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(warsaw_location(address="x" * 1_000_000))
    assert _fields(error) == ["address"]


def test_a_300_kb_address_is_refused_and_a_postal_one_is_kept():
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(warsaw_location(address="ul. Puławska 12 " * 20_000))
    assert _fields(error) == ["address"]
    assert LocationInput.model_validate(warsaw_location(address="ul. Puławska 12\n02-566 Warszawa")).address


def test_twenty_thousand_exception_ranges_are_refused():
    ranges = [{"start": f"{hour:02d}:00", "end": f"{hour:02d}:30"} for hour in range(24)] * 834
    exception = {"date": "2027-03-01", "location_id": "warsaw", "ranges": ranges[:20_000]}
    with pytest.raises(ValidationError) as error:
        StaffInput.model_validate({"id": "anna", "name": "Anna", "exceptions": [exception]})
    assert _fields(error) == ["exceptions.0.ranges"]


def test_thousands_of_exceptions_are_refused():
    days = [f"2027-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29)]
    exceptions = [{"date": day, "location_id": f"loc-{index}"} for index in range(2) for day in days]
    with pytest.raises(ValidationError) as error:
        StaffInput.model_validate({"id": "anna", "name": "Anna", "exceptions": exceptions * 4})
    assert _fields(error) == ["exceptions"]


def test_weekly_hours_at_too_many_locations_are_refused():
    hours = {f"loc-{index}": {} for index in range(1000)}
    with pytest.raises(ValidationError) as error:
        StaffInput.model_validate({"id": "anna", "name": "Anna", "weekly_hours": hours})
    assert _fields(error) == ["weekly_hours"]


def test_five_thousand_offer_categories_are_refused():
    offer = {
        "kind": "promotion",
        "id": "deal",
        "name": "Deal",
        "discount": {"type": "percent", "percent": "10"},
        "target": {"categories": [f"Category {index}" for index in range(5_000)]},
    }
    with pytest.raises(InvalidInput) as error:
        parse_offer(offer)
    assert error.value.field == "target.categories"


def test_a_tax_rule_naming_thousands_of_locations_is_refused():
    tax = {
        "id": "vat",
        "name": "VAT",
        "region": "PL",
        "rate_percent": "23",
        "inclusive": True,
        "location_ids": [f"loc-{index}" for index in range(5_000)],
    }
    with pytest.raises(ValidationError) as error:
        TaxRule.model_validate(tax)
    assert _fields(error) == ["location_ids"]


def test_a_preview_of_thousands_of_changes_is_refused():
    with pytest.raises(ValidationError) as error:
        PreviewRequest.model_validate({"location_id": "warsaw", "delete_offers": ["x"] * 10_000})
    assert _fields(error) == ["delete_offers"]


def test_a_long_note_is_refused():
    booking = {
        "service_id": "cut",
        "variant_id": "short",
        "start": "2027-03-01T10:00:00Z",
        "client": {"name": "Ola", "phone": "+48501234567"},
        "note": "x" * 501,
    }
    with pytest.raises(ValidationError) as error:
        BookingRequest.model_validate(booking)
    assert _fields(error) == ["note"]


def test_a_locale_of_endless_subtags_is_refused():
    settings = {
        "reminders_before": ["PT24H"],
        "no_show_grace": "PT15M",
        "follow_up_after": "P1D",
        "quiet_hours": None,
        "default_locale": "en" + "-abcd" * 10_000,
    }
    with pytest.raises(ValidationError) as error:
        AutomationInput.model_validate(settings)
    assert _fields(error) == ["default_locale"]


def test_a_version_past_what_a_client_holds_exactly_is_refused():
    with pytest.raises(ValidationError) as error:
        LocationReplacement.model_validate({**warsaw_location(), "version": MAX_VERSION + 1})
    assert _fields(error) == ["version"]


# ---- time zones ------------------------------------------------------------------------------------

ZONE = TypeAdapter(TimeZoneName)


@pytest.mark.parametrize(
    "name",
    ["localtime", "posixrules", "Factory", "/etc/localtime", "../zoneinfo/UTC", "posix/Europe/Warsaw", ""],
)
def test_host_files_and_placeholders_are_not_time_zones(name):
    with pytest.raises(ValidationError):
        ZONE.validate_python(name)


@pytest.mark.parametrize("name", ["Europe/Warsaw", "America/New_York", "UTC", "Asia/Kolkata"])
def test_iana_zones_are_accepted(name):
    assert ZONE.validate_python(name) == name


def test_a_location_in_localtime_names_the_field():
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(warsaw_location(time_zone="localtime"))
    assert _fields(error) == ["time_zone"]
