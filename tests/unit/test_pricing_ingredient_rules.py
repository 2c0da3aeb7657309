"""Offers and tax rules as an admin sends them: parsing names the body field, and the salon's rules hold
(known references, no negative totals, no overlapping special prices)."""

from datetime import timedelta

import pytest

from parlour.catalog.models import Catalog, Salon
from parlour.errors import InvalidInput
from parlour.pricing import rules
from parlour.pricing.models import Window
from parlour.pricing.records import parse_offer, parse_offer_record
from tests.unit.test_pricing import AT, SALON, make_location, make_service, vat

CATALOG = Catalog(
    salon=Salon(id=SALON, name="Studio", default_currency="EUR"),
    locations={"centrum": make_location(location_id="centrum")},
    services={
        "cut": make_service(price=5_000, service_id="cut", variant_ids=("short", "long")),
        "nails": make_service(price=2_000, service_id="nails", category="Nails"),
    },
    staff={},
    resources={},
)


def special(offer_id: str, starts: int | None, ends: int | None, **fields):
    body = {
        "kind": "special_price",
        "id": offer_id,
        "name": offer_id,
        "variant": {"service_id": "cut", "variant_id": "short"},
        "price": {"amount": 4_000, "currency": "EUR"},
        "window": {
            "starts_at": (AT + timedelta(days=starts)).isoformat() if starts is not None else None,
            "ends_at": (AT + timedelta(days=ends)).isoformat() if ends is not None else None,
        },
        **fields,
    }
    return parse_offer(body)


def refused(body: dict) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse_offer(body)
    return caught.value


# ---- parsing: the 422 names the field of the body --------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "promotion", "id": "a", "name": "A", "discount": {"type": "percent", "percent": 150}},
         "discount.percent"),
        ({"kind": "promotion", "id": "a", "name": "A",
          "discount": {"type": "amount", "amount": {"amount": 0, "currency": "EUR"}}},
         "discount.amount"),
        ({"kind": "promotion", "id": "a", "name": "A", "discount": {"type": "half", "percent": 50}},
         "discount.type"),
        ({"kind": "coupon", "id": "a", "name": "A"}, "kind"),
        ({"id": "a", "name": "A"}, "kind"),
        ({"kind": "special_price", "id": "a", "name": "A",
          "variant": {"service_id": "cut", "variant_id": "short"},
          "price": {"amount": -1, "currency": "EUR"}},
         "price"),
        ({"kind": "package", "id": "a", "name": "A", "sessions": 5, "paid_sessions": 5}, "paid_sessions"),
        ({"kind": "promotion", "id": "a", "name": "A", "discount": {"type": "percent", "percent": 10},
          "window": {"starts_at": "2026-03-10T12:00:00Z", "ends_at": "2026-03-10T11:00:00Z"}},
         "window.ends_at"),
        ({"kind": "promotion", "id": "Bad Id", "name": "A", "discount": {"type": "percent", "percent": 10}},
         "id"),
        ({"kind": "promotion", "id": "a", "name": "A", "discount": {"type": "percent", "percent": 10},
          "segments": ["everyone"]},
         "segments.0"),
    ],
)  # fmt: skip
def test_an_invalid_offer_names_its_field_as_the_body_has_it(body, field):
    # Given an invalid offer body / When it is parsed / Then the error names the body's field
    error = refused(body)
    assert error.field == field
    assert error.details["fields"][0]["field"] == field


def test_a_new_offer_has_no_version_and_a_replacement_needs_one():
    # A creation starts from version 0; sending a version with it is refused
    assert special("s", None, None).version == 0
    assert refused({**special("s", None, None).model_dump(mode="json"), "version": 3}).field == "version"
    # A replacement carries the version it read
    replacement = parse_offer_record({**special("s", None, None).model_dump(mode="json"), "version": 3})
    assert replacement.version == 3
    with pytest.raises(InvalidInput) as missing:
        parse_offer_record(special("s", None, None).model_dump(mode="json", exclude={"version"}))
    assert missing.value.field == "version"


# ---- rules -----------------------------------------------------------------------------------------


def test_overlapping_special_prices_for_one_variant_are_refused_naming_the_window():
    # Given a special price for cut/short in days 0..7
    existing = special("week-one", 0, 7)
    # When another for the same variant starts on day 5 / Then it is refused, naming the window
    with pytest.raises(InvalidInput) as overlap:
        rules.check_offer(CATALOG, special("week-two", 5, 12), [existing])
    assert overlap.value.field == "window" and overlap.value.details == {"overlaps": "week-one"}
    # And an open-ended one overlaps too
    with pytest.raises(InvalidInput):
        rules.check_offer(CATALOG, special("forever", None, None), [existing])


def test_special_prices_that_touch_or_reach_different_lists_do_not_overlap():
    existing = special("week-one", 0, 7)
    # Back to back: the first window ends exactly when the second starts (half-open windows)
    rules.check_offer(CATALOG, special("week-two", 7, 14), [existing])
    # Another variant
    other_variant = special("long", 0, 7, variant={"service_id": "cut", "variant_id": "long"})
    rules.check_offer(CATALOG, other_variant, [existing])
    # Disjoint segments: VIPs and new clients never read the same list
    vip, new = special("vip", 0, 7, segments=["vip"]), special("new", 0, 7, segments=["new"])
    rules.check_offer(CATALOG, new, [vip])
    # But a special price for every segment overlaps a VIP one
    with pytest.raises(InvalidInput):
        rules.check_offer(CATALOG, special("all", 0, 7), [vip])


def test_a_flat_discount_larger_than_a_price_it_covers_is_refused():
    # Given nails at 20.00 EUR / When a promotion takes 25.00 off everything
    flat = parse_offer(
        {"kind": "promotion", "id": "flat", "name": "Flat",
         "discount": {"type": "amount", "amount": {"amount": 2_500, "currency": "EUR"}}}
    )  # fmt: skip
    with pytest.raises(InvalidInput) as negative:
        rules.check_offer(CATALOG, flat, [])
    # Then it is refused, naming the amount and the variant it would make negative
    assert negative.value.field == "discount.amount.amount"
    assert negative.value.details == {"service_id": "nails", "variant_id": "short"}
    # Limited to haircuts (50.00), the same discount is fine
    haircuts = flat.model_copy(update={"target": flat.target.model_copy(update={"service_ids": ["cut"]})})
    rules.check_offer(CATALOG, haircuts, [])


def test_references_must_exist():
    unknown_variant = special("s", 0, 1, variant={"service_id": "cut", "variant_id": "medium"})
    with pytest.raises(InvalidInput) as missing:
        rules.check_offer(CATALOG, unknown_variant, [])
    assert missing.value.field == "variant.variant_id"
    wrong_currency = special("s", 0, 1, price={"amount": 100, "currency": "PLN"})
    with pytest.raises(InvalidInput) as currency:
        rules.check_offer(CATALOG, wrong_currency, [])
    assert currency.value.field == "price.currency"
    nowhere = special("s", 0, 1, location_ids=["mokotow"])
    with pytest.raises(InvalidInput) as location:
        rules.check_offer(CATALOG, nowhere, [])
    assert location.value.field == "location_ids.0"
    with pytest.raises(InvalidInput) as tax_location:
        rules.check_tax(CATALOG, vat(location_ids=["centrum", "mokotow"]))
    assert tax_location.value.field == "location_ids.1"


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ((None, None), (None, None), True),
        ((0, 2), (2, 4), False),
        ((0, 3), (2, 4), True),
        ((None, 2), (1, None), True),
        ((3, None), (None, 3), False),
    ],
)
def test_windows_overlap_when_they_share_an_instant(first, second, overlap):
    def window(bounds):
        starts, ends = bounds
        return Window(
            starts_at=None if starts is None else AT + timedelta(hours=starts),
            ends_at=None if ends is None else AT + timedelta(hours=ends),
        )

    assert rules.windows_overlap(window(first), window(second)) is overlap
    assert rules.windows_overlap(window(second), window(first)) is overlap
