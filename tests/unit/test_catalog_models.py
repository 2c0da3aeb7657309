"""Catalog models reject bad input and name the offending field."""

from datetime import UTC, date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from parlour.catalog.models import (
    Catalog,
    Location,
    LocationInput,
    LocationReplacement,
    Salon,
    Service,
    ServiceInput,
    Staff,
    StaffInput,
    TimeOff,
    TimeRange,
    Weekday,
    WeeklyHours,
)
from parlour.errors import NotFound
from tests.builders import warsaw_location


def _service(**changes) -> dict:
    variant = {
        "id": "short",
        "name": "Short",
        "duration_minutes": 30,
        "base_price": {"amount": 9000, "currency": "PLN"},
    }
    return {"id": "cut", "name": "Cut", "category": "Hair", "variants": [variant], **changes}


def _error_locations(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple]:
    return [problem["loc"] for problem in error.value.errors()]


def test_a_valid_location_keeps_its_wall_time_hours():
    # Given a location input with Monday hours
    # When it is validated
    location = LocationInput.model_validate(warsaw_location())
    # Then the hours are local wall times, unchanged
    assert location.opening_hours.on(Weekday.mon) == [TimeRange(start=time(9), end=time(17))]


def test_an_unknown_time_zone_is_named():
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(warsaw_location(time_zone="Mars/Olympus_Mons"))
    assert _error_locations(error) == [("time_zone",)]


def test_an_end_before_its_start_names_the_end():
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(
            warsaw_location(opening_hours={"tue": [{"start": "18:00", "end": "09:00"}]})
        )
    assert _error_locations(error) == [("opening_hours", "tue", 0, "end")]


def test_overlapping_ranges_in_one_day_are_refused():
    overlapping = [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "17:00"}]
    with pytest.raises(ValidationError) as error:
        WeeklyHours.model_validate({"wed": overlapping})
    assert _error_locations(error) == [("wed",)]


@given(
    st.lists(
        st.tuples(st.integers(0, 23 * 60 - 1), st.integers(1, 60)).map(
            lambda t: (t[0], min(t[0] + t[1], 1439))
        ),
        max_size=6,
    )
)
def test_disjoint_ranges_are_accepted_in_start_order(spans):
    # Given ranges that do not overlap (touching is fine: end is exclusive)
    spans = [(start, end) for start, end in spans if end > start]
    disjoint = []
    for start, end in sorted(spans):
        if not disjoint or start >= disjoint[-1][1]:
            disjoint.append((start, end))
    ranges = [{"start": time(s // 60, s % 60), "end": time(e // 60, e % 60)} for s, e in reversed(disjoint)]
    # When a day is built from them in any order
    hours = WeeklyHours.model_validate({"fri": ranges})
    # Then it keeps them all, sorted by start
    assert [(r.start, r.end) for r in hours.fri] == [
        (time(s // 60, s % 60), time(e // 60, e % 60)) for s, e in disjoint
    ]


def test_a_negative_base_price_names_the_price():
    service = _service()
    service["variants"][0]["base_price"]["amount"] = -1
    with pytest.raises(ValidationError) as error:
        ServiceInput.model_validate(service)
    assert _error_locations(error) == [("variants", 0, "base_price")]


def test_a_price_with_a_float_amount_is_refused():
    service = _service()
    service["variants"][0]["base_price"]["amount"] = 90.5
    with pytest.raises(ValidationError) as error:
        ServiceInput.model_validate(service)
    assert _error_locations(error) == [("variants", 0, "base_price", "amount")]


def test_variant_ids_and_location_ids_must_not_repeat():
    service = _service(location_ids=["a", "a"])
    service["variants"] = service["variants"] * 2
    with pytest.raises(ValidationError) as error:
        ServiceInput.model_validate(service)
    assert sorted(_error_locations(error)) == [("location_ids",), ("variants",)]


def test_a_service_needs_a_variant():
    with pytest.raises(ValidationError) as error:
        ServiceInput.model_validate(_service(variants=[]))
    assert _error_locations(error) == [("variants",)]


def test_time_off_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        TimeOff(first_day=date(2026, 3, 10), last_day=date(2026, 3, 9))
    assert _error_locations(error) == [("last_day",)]


def test_two_exceptions_for_the_same_day_and_location_are_refused():
    exception = {"date": "2026-03-29", "location_id": "warsaw", "ranges": []}
    with pytest.raises(ValidationError) as error:
        StaffInput.model_validate({"id": "anna", "name": "Anna", "exceptions": [exception, exception]})
    assert _error_locations(error) == [("exceptions",)]


@pytest.mark.parametrize("field", ["salon_id", "version", "colour"])
def test_an_input_refuses_fields_the_server_owns_or_does_not_know(field):
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(warsaw_location(**{field: "x"}))
    assert _error_locations(error) == [(field,)]


def test_a_replacement_carries_the_version_it_read():
    with pytest.raises(ValidationError) as error:
        LocationReplacement.model_validate(warsaw_location())
    assert _error_locations(error) == [("version",)]
    assert LocationReplacement.model_validate(warsaw_location(version=3)).version == 3


def test_tax_regions_are_country_codes_with_optional_subdivision():
    assert LocationInput.model_validate(warsaw_location(tax_region="US-NY")).tax_region == "US-NY"
    with pytest.raises(ValidationError):
        LocationInput.model_validate(warsaw_location(tax_region="poland"))


def _catalog() -> Catalog:
    warsaw = Location.model_validate({**warsaw_location(), "salon_id": "s"})
    new_york = Location.model_validate(
        {**warsaw_location(id="new-york", time_zone="America/New_York", currency="USD"), "salon_id": "s"}
    )
    everywhere = Service.model_validate({**_service(id="everywhere"), "salon_id": "s"})
    only_warsaw = Service.model_validate(
        {**_service(id="only-warsaw", location_ids=["warsaw"]), "salon_id": "s"}
    )
    anna = Staff(id="anna", salon_id="s", name="Anna", weekly_hours={"new-york": WeeklyHours()})
    return Catalog(
        salon=Salon(id="s", name="S"),
        locations={"warsaw": warsaw, "new-york": new_york},
        services={"everywhere": everywhere, "only-warsaw": only_warsaw},
        staff={"anna": anna},
        resources={},
    )


def test_a_service_without_locations_is_offered_everywhere():
    catalog = _catalog()
    assert catalog.service_location_ids(catalog.service("everywhere")) == ["new-york", "warsaw"]
    assert [s.id for s in catalog.services_at("new-york")] == ["everywhere"]
    assert [s.id for s in catalog.services_at("warsaw")] == ["everywhere", "only-warsaw"]
    assert [m.id for m in catalog.staff_at("new-york")] == ["anna"]


def test_looking_up_an_unknown_id_is_not_found():
    with pytest.raises(NotFound, match="no service 'missing'"):
        _catalog().service("missing")


@pytest.mark.parametrize("wall", ["09:00", "09:00:00", "23:59:59.5"])
def test_a_time_range_takes_local_wall_times(wall):
    assert TimeRange(start="00:00", end=wall).end.tzinfo is None


@pytest.mark.parametrize("not_wall", ["09:00+02:00", "09:00Z", "9:00", "24:00", 32400, time(9, tzinfo=UTC)])
def test_a_time_range_refuses_what_its_schema_pattern_refuses(not_wall):
    # An offset would mean another zone than the location's; seconds since midnight are not a wall time
    with pytest.raises(ValidationError, match="local wall time"):
        TimeRange(start="00:00", end=not_wall)
