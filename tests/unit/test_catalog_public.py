"""What clients see of a catalog: only what can be booked online, never internal fields or base prices."""

import json

import pytest

from parlour.catalog import public
from parlour.catalog.models import Catalog, Location, Salon, Service, Staff, WeeklyHours
from parlour.errors import NotFound

SALON = "studio"


def _variant(variant_id: str, *, online: bool = True) -> dict:
    price = {"amount": 12345, "currency": "PLN"}
    return {
        "id": variant_id,
        "name": variant_id,
        "duration_minutes": 30,
        "base_price": price,
        "online_bookable": online,
    }


def _service(service_id: str, category: str, variants: list[dict], **more) -> Service:
    return Service.model_validate(
        {
            "id": service_id,
            "salon_id": SALON,
            "name": service_id.title(),
            "category": category,
            "variants": variants,
        }
        | more
    )


def _catalog() -> Catalog:
    warsaw = Location(
        id="warsaw",
        salon_id=SALON,
        name="Warsaw",
        time_zone="Europe/Warsaw",
        currency="PLN",
        tax_region="PL",
        opening_hours=WeeklyHours(),
    )
    krakow = warsaw.model_copy(update={"id": "krakow", "name": "Krakow"})
    services = [
        _service("manicure", "Nails", [_variant("classic")]),
        _service(
            "colour", "Hair", [_variant("roots"), _variant("balayage", online=False)], location_ids=["warsaw"]
        ),
        _service("bridal", "Hair", [_variant("day")], online_bookable=False),
        _service("consult", "Hair", [_variant("only-offline", online=False)]),
        _service("cut", "Hair", [_variant("short")], location_ids=["krakow"]),
    ]
    staff = [
        Staff(id="zoe", salon_id=SALON, name="Zoe", skills=["nails"], weekly_hours={"warsaw": WeeklyHours()}),
        Staff(
            id="adam",
            salon_id=SALON,
            name="Adam",
            skills=["hair-cut"],
            weekly_hours={"krakow": WeeklyHours()},
        ),
        Staff(id="owner", salon_id=SALON, name="Owner", bookable_online=False),
    ]
    return Catalog(
        salon=Salon(id=SALON, name="Studio"),
        locations={"warsaw": warsaw, "krakow": krakow},
        services={s.id: s for s in services},
        staff={s.id: s for s in staff},
        resources={},
    )


def test_only_services_and_variants_bookable_online_are_shown_by_category():
    # Given a catalog with offline services and an offline variant
    # When clients list the services
    view = public.services_view(_catalog())
    # Then offline ones are missing, and services come grouped by category then name
    assert view.categories == ["Hair", "Nails"]
    assert [(s.category, s.id) for s in view.services] == [
        ("Hair", "colour"),
        ("Hair", "cut"),
        ("Nails", "manicure"),
    ]
    assert [v.id for v in view.services[0].variants] == ["roots"]


def test_public_services_show_no_prices_or_internal_fields():
    # Prices come from the price list only; base prices and rules stay internal
    shown = json.dumps(public.services_view(_catalog()).model_dump())
    for internal in ("base_price", "12345", "required_skill", "buffer", "salon_id", "version"):
        assert internal not in shown


def test_services_can_be_narrowed_to_one_location():
    view = public.services_view(_catalog(), "krakow")
    assert [s.id for s in view.services] == ["cut", "manicure"]
    assert view.services[1].location_ids == ["krakow", "warsaw"]


def test_an_unknown_location_filter_is_not_found():
    with pytest.raises(NotFound):
        public.services_view(_catalog(), "paris")


def test_a_service_not_bookable_online_does_not_exist_for_clients():
    with pytest.raises(NotFound):
        public.service_view(_catalog(), "bridal")
    assert public.service_view(_catalog(), "manicure").variants[0].duration_minutes == 30


def test_staff_show_public_fields_of_people_bookable_online():
    staff = public.staff_view(_catalog())
    assert [member.model_dump() for member in staff] == [
        {"id": "adam", "name": "Adam", "skills": ["hair-cut"], "location_ids": ["krakow"]},
        {"id": "zoe", "name": "Zoe", "skills": ["nails"], "location_ids": ["warsaw"]},
    ]
    assert [member.id for member in public.staff_view(_catalog(), "warsaw")] == ["zoe"]


def test_the_salon_view_lists_locations_with_hours_and_the_policy():
    view = public.salon_view(_catalog())
    assert view.name == "Studio"
    assert [location.id for location in view.locations] == ["krakow", "warsaw"]
    assert view.policy.cancel_window_hours == 24
    assert "tax_region" not in view.locations[0].model_dump()
