"""A salon's counts that one stored item multiplies (a location's price list holds every variant, a quote
per bundle deal, a line per stackable promotion) have caps; the entry past a cap names its field."""

import pytest

from parlour.catalog import rules as catalog_rules
from parlour.catalog.models import MAX_LOCATIONS_PER_SALON, MAX_VARIANTS_PER_SALON, Catalog, Salon
from parlour.errors import InvalidInput
from parlour.pricing import rules as pricing_rules
from parlour.pricing.records import parse_offer
from tests.unit.test_pricing import SALON, make_location, make_service


def _catalog(*, locations: int = 1, services: int = 0, variants_each: int = 10) -> Catalog:
    variant_ids = tuple(f"v{index}" for index in range(variants_each))
    return Catalog(
        salon=Salon(id=SALON, name="Studio", default_currency="EUR"),
        locations={f"loc-{index}": make_location(location_id=f"loc-{index}") for index in range(locations)},
        services={
            f"s{index}": make_service(price=1_000, service_id=f"s{index}", variant_ids=variant_ids)
            for index in range(services)
        },
        staff={},
        resources={},
    )


def test_a_service_past_the_salon_s_variant_cap_names_its_variants():
    # Given a salon one service short of the cap
    catalog = _catalog(services=MAX_VARIANTS_PER_SALON // 10 - 1)
    # When one more service of ten variants is added it fits; one with eleven does not
    catalog_rules.check_service(
        catalog, make_service(price=1_000, service_id="new", variant_ids=tuple("abcdefghij"))
    )
    with pytest.raises(InvalidInput) as refused:
        catalog_rules.check_service(
            catalog, make_service(price=1_000, service_id="new", variant_ids=tuple("abcdefghijk"))
        )
    assert refused.value.field == "variants"


def test_replacing_a_service_counts_its_variants_once():
    catalog = _catalog(services=MAX_VARIANTS_PER_SALON // 10)
    catalog_rules.check_service(catalog, catalog.services["s0"])


def test_a_location_past_the_salon_s_cap_is_refused_but_an_existing_one_can_change():
    catalog = _catalog(locations=MAX_LOCATIONS_PER_SALON)
    with pytest.raises(InvalidInput) as refused:
        catalog_rules.check_location(catalog, make_location(location_id="one-more"))
    assert refused.value.field == "id"
    catalog_rules.check_location(catalog, catalog.locations["loc-0"])


def _offer(index: int, kind: str) -> object:
    body: dict = {"id": f"o{index}", "name": f"Offer {index}"}
    if kind == "package":
        body |= {"kind": "package", "sessions": 5, "paid_sessions": 4}
    else:
        body |= {"kind": "promotion", "discount": {"type": "percent", "percent": "5"}}
        body["stackable"] = kind == "stackable"
    return parse_offer(body)


@pytest.mark.parametrize(
    ("kind", "cap", "field"),
    [
        ("promotion", pricing_rules.MAX_OFFERS_PER_SALON, "id"),
        ("package", pricing_rules.MAX_BUNDLE_DEALS, "kind"),
        ("stackable", pricing_rules.MAX_STACKABLE_PROMOTIONS, "stackable"),
    ],
)
def test_an_offer_past_its_cap_names_the_field(kind, cap, field):
    catalog = _catalog(services=1)
    others = [_offer(index, kind) for index in range(cap - 1)]
    # One short of the cap: accepted
    pricing_rules.check_offer(catalog, _offer(cap, kind), others)
    # At the cap: refused, naming the field
    with pytest.raises(InvalidInput) as refused:
        pricing_rules.check_offer(catalog, _offer(cap + 1, kind), [*others, _offer(cap, kind)])
    assert refused.value.field == field
