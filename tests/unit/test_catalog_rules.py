"""Rules across catalog entries: references to locations and currencies per location."""

import pytest

from parlour.catalog import rules
from parlour.catalog.models import Catalog, Location, Resource, Salon, Service, Staff, WeeklyHours
from parlour.errors import InvalidInput

SALON = "studio"


def _location(location_id: str, currency: str) -> Location:
    return Location(
        id=location_id,
        salon_id=SALON,
        name=location_id.title(),
        time_zone="Europe/Warsaw" if currency == "PLN" else "America/New_York",
        currency=currency,
        tax_region="PL" if currency == "PLN" else "US-NY",
        opening_hours=WeeklyHours(),
    )


def _service(service_id: str, currency: str, location_ids: list[str] | None = None) -> Service:
    variant = {
        "id": "v",
        "name": "V",
        "duration_minutes": 30,
        "base_price": {"amount": 1000, "currency": currency},
    }
    return Service.model_validate(
        {
            "id": service_id,
            "salon_id": SALON,
            "name": service_id,
            "category": "Hair",
            "location_ids": location_ids or [],
            "variants": [variant],
        }
    )


def _catalog(
    *, services: list[Service] = (), staff: list[Staff] = (), resources: list[Resource] = ()
) -> Catalog:
    return Catalog(
        salon=Salon(id=SALON, name="Studio"),
        locations={"warsaw": _location("warsaw", "PLN"), "new-york": _location("new-york", "USD")},
        services={s.id: s for s in services},
        staff={s.id: s for s in staff},
        resources={r.id: r for r in resources},
    )


def _field_of(problem: pytest.ExceptionInfo[InvalidInput]) -> str:
    return problem.value.field


def test_a_service_at_a_missing_location_names_that_entry():
    with pytest.raises(InvalidInput) as problem:
        rules.check_service(_catalog(), _service("cut", "PLN", ["warsaw", "paris"]))
    assert _field_of(problem) == "location_ids.1"


def test_a_service_priced_in_another_currency_than_its_location_is_refused():
    with pytest.raises(InvalidInput) as problem:
        rules.check_service(_catalog(), _service("cut", "EUR", ["warsaw"]))
    assert _field_of(problem) == "variants.0.base_price.currency"
    assert "PLN" in problem.value.message


def test_a_service_offered_everywhere_must_match_every_location_currency():
    # Given locations in PLN and USD, a service without explicit locations is offered at both
    with pytest.raises(InvalidInput) as problem:
        rules.check_service(_catalog(), _service("cut", "PLN"))
    assert _field_of(problem) == "variants.0.base_price.currency"
    # When it names only the PLN location, it is fine
    rules.check_service(_catalog(), _service("cut", "PLN", ["warsaw"]))


def test_a_location_whose_currency_does_not_fit_its_services_is_refused():
    # Given a PLN service offered at Warsaw
    catalog = _catalog(services=[_service("cut", "PLN", ["warsaw"])])
    # When Warsaw is changed to charge in EUR
    changed = _location("warsaw", "EUR")
    # Then the location's currency is the offending field
    with pytest.raises(InvalidInput) as problem:
        rules.check_location(catalog, changed)
    assert _field_of(problem) == "currency"
    assert "'cut'" in problem.value.message


def test_a_new_location_must_fit_services_offered_everywhere():
    catalog = _catalog(services=[_service("everywhere", "PLN")])
    with pytest.raises(InvalidInput) as problem:
        rules.check_location(catalog, _location("berlin", "EUR"))
    assert "every location" in problem.value.message
    rules.check_location(catalog, _location("krakow", "PLN"))


def test_a_new_location_ignores_services_bound_to_other_locations():
    catalog = _catalog(services=[_service("cut", "USD", ["new-york"])])
    rules.check_location(catalog, _location("berlin", "EUR"))


@pytest.mark.parametrize(
    ("staff", "field"),
    [
        ({"weekly_hours": {"paris": {}}}, "weekly_hours.paris"),
        ({"weekly_hours": {"warsaw": {}}, "breaks": {"paris": {}}}, "breaks.paris"),
        ({"exceptions": [{"date": "2026-03-29", "location_id": "paris"}]}, "exceptions.0.location_id"),
    ],
)
def test_staff_must_work_at_existing_locations(staff, field):
    member = Staff.model_validate({"id": "anna", "salon_id": SALON, "name": "Anna", **staff})
    with pytest.raises(InvalidInput) as problem:
        rules.check_staff(_catalog(), member)
    assert _field_of(problem) == field


def test_a_resource_must_stand_at_an_existing_location():
    room = Resource(id="room", salon_id=SALON, name="Room", kind="room", location_id="paris")
    with pytest.raises(InvalidInput) as problem:
        rules.check_resource(_catalog(), room)
    assert _field_of(problem) == "location_id"


def test_everything_naming_a_location_is_listed_as_a_reference():
    # Given a service, a staff member (by an exception only) and a resource naming Warsaw
    anna = Staff.model_validate(
        {
            "id": "anna",
            "salon_id": SALON,
            "name": "Anna",
            "exceptions": [{"date": "2026-01-01", "location_id": "warsaw"}],
        }
    )
    room = Resource(id="room", salon_id=SALON, name="Room", kind="room", location_id="warsaw")
    catalog = _catalog(
        services=[_service("cut", "PLN", ["warsaw"]), _service("everywhere", "PLN")],
        staff=[anna],
        resources=[room],
    )
    # Then all three are references; a service offered "everywhere" is not
    assert rules.location_references(catalog, "warsaw") == [
        "service 'cut'",
        "staff 'anna'",
        "resource 'room'",
    ]
    assert rules.location_references(catalog, "new-york") == []
