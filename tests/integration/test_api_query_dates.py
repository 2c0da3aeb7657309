"""Dates in query parameters at the ends of the calendar answer 422 naming the parameter, never a 500."""

import pytest

from tests.builders import small_salon
from tests.events import ApiClient, staff_claims

owner = ApiClient("admin_api", claims=staff_claims("s", "owner"))
public = ApiClient("public_api")


@pytest.fixture
def salon(aws):
    small_salon("s")


@pytest.mark.parametrize(
    "path", ["/admin/salons/s/locations/main/appointments", "/admin/salons/s/staff/s1/appointments"]
)
@pytest.mark.parametrize(
    ("first_day", "days"), [("9999-12-31", "7"), ("9999-12-31", "1"), ("0001-01-01", "1")]
)
def test_the_desk_day_and_week_views_past_the_calendar_are_422_naming_from(salon, path, first_day, days):
    # When the desk asks for a week starting on the last day date arithmetic can reach (an OverflowError)
    answer = owner.get(path, query={"from": first_day, "days": days})
    # Then 422 naming `from`
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == "from"


@pytest.mark.parametrize(
    ("first_day", "last_day", "field"),
    [("9999-12-31", "9999-12-31", "from"), ("2030-01-01", "9999-12-31", "to")],
)
def test_availability_past_the_calendar_is_422_naming_the_day(salon, first_day, last_day, field):
    query = {"service_id": "cut", "variant_id": "short", "from": first_day, "to": last_day}
    answer = public.get("/public/salons/s/availability", query=query)
    assert answer.status == 422 and answer.json()["error"]["field"] == field
