"""Dates at the ends of the calendar (query parameters, instants in bodies) answer 422 naming the field,
never a 500 from date arithmetic that overflows."""

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


FAR = "9999-12-31T23:59:59-12:00"  # past the calendar once in UTC
EARLY = "0001-01-01T00:00:00+14:00"


@pytest.mark.parametrize("at", [FAR, EARLY])
def test_a_price_preview_past_the_calendar_is_422_naming_at(salon, at):
    answer = owner.post("/admin/salons/s/pricing/preview", body={"location_id": "main", "at": at})
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == "at"


@pytest.mark.parametrize(
    ("window", "field"), [({"starts_at": EARLY}, "window.starts_at"), ({"ends_at": FAR}, "window.ends_at")]
)
def test_an_offer_window_past_the_calendar_is_422_and_never_reaches_a_price_list(salon, window, field):
    # Given a special price whose window ends where building the price list overflowed (in the streams
    # consumer, record after record, and in every preview)
    offer = {
        "kind": "special_price",
        "id": "forever",
        "name": "Forever",
        "variant": {"service_id": "cut", "variant_id": "short"},
        "price": {"amount": 8000, "currency": "PLN"},
        "window": window,
    }
    # When it is saved or previewed, then 422 naming the bound
    saved = owner.post("/admin/salons/s/pricing/offers", body=offer)
    previewed = owner.post(
        "/admin/salons/s/pricing/preview", body={"location_id": "main", "put_offers": [offer]}
    )
    assert (saved.status, previewed.status) == (422, 422), (saved.body, previewed.body)
    assert saved.json()["error"]["field"] == field
    assert previewed.json()["error"]["field"] == f"put_offers.0.{field}"
    assert owner.get("/admin/salons/s/pricing/offers").json() == []
