"""The bookings desk through the admin handler: roles, lists, walk-ins, state changes, override."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from tests.builders import small_salon
from tests.events import ApiClient, route_module, staff_claims

public = ApiClient("public_api")
owner = ApiClient("admin_api", claims=staff_claims("s", "owner"))
reception = ApiClient("admin_api", claims=staff_claims("s", "reception"))
specialist_s2 = ApiClient("admin_api", claims=staff_claims("s", "specialist", staff_id="s2"))
other_salon = ApiClient("admin_api", claims=staff_claims("elsewhere", "owner"))
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).date()


def tomorrows_slots() -> list[dict]:
    return public.get(
        "/public/salons/s/availability",
        query={"service_id": "cut", "variant_id": "short", "from": str(TOMORROW), "to": str(TOMORROW)},
    ).json()["slots"]


def desk_booking(start: str, staff_id: str, client: dict) -> dict:
    return {
        "service_id": "cut",
        "variant_id": "short",
        "start": start,
        "staff_id": staff_id,
        "client": client,
    }


@pytest.fixture
def booked(aws):
    """Given salon s with one appointment tomorrow with s2, booked by reception."""
    small_salon("s")
    answer = reception.post(
        "/admin/salons/s/appointments",
        body=desk_booking(tomorrows_slots()[0]["start"], "s2", {"name": "Ewa", "phone": "+48500000011"}),
    )
    assert answer.status == 201, answer.body
    return answer.json()


def test_day_and_week_lists_per_location_and_per_specialist(booked):
    day = owner.get("/admin/salons/s/locations/main/appointments", query={"from": str(TOMORROW)})
    week = owner.get("/admin/salons/s/staff/s2/appointments", query={"from": str(TOMORROW), "days": "7"})
    assert [a["id"] for a in day.json()] == [booked["id"]]
    assert [a["id"] for a in week.json()] == [booked["id"]]
    assert owner.get("/admin/salons/s/staff/s1/appointments", query={"from": str(TOMORROW)}).json() == []


# 22:30 UTC on 2 June 2030: already 00:30 on 3 June in Warsaw, still 18:30 on 2 June in New York.
LATE_EVENING_UTC = datetime(2030, 6, 2, 22, 30, tzinfo=UTC)


def test_without_from_the_day_lists_start_today_in_the_locations_zone(aws, monkeypatch):
    # Given the desk's clock at LATE_EVENING_UTC, a salon in Warsaw and one in New York
    monkeypatch.setattr(route_module("admin_api", "admin_desk_routes"), "_now", lambda: LATE_EVENING_UTC)
    small_salon("s")
    small_salon("ny", zone="America/New_York")
    new_york = ApiClient("admin_api", claims=staff_claims("ny", "reception"))
    # And in each an appointment with s1 at 10:00 local on 3 June
    client = {"name": "Ewa", "phone": "+48500000011"}
    warsaw_id = reception.post(
        "/admin/salons/s/appointments", body=desk_booking("2030-06-03T10:00:00+02:00", "s1", client)
    ).json()["id"]
    new_york_id = new_york.post(
        "/admin/salons/ny/appointments", body=desk_booking("2030-06-03T10:00:00-04:00", "s1", client)
    ).json()["id"]

    def listed(api: ApiClient, path: str, **query: str) -> list[str]:
        answer = api.get(path, query=query)
        assert answer.status == 200, answer.body
        return [appointment["id"] for appointment in answer.json()]

    # When the day lists are asked for without `from`
    # Then Warsaw's today is 3 June: its appointment is listed, per location and per specialist
    assert listed(reception, "/admin/salons/s/locations/main/appointments") == [warsaw_id]
    assert listed(reception, "/admin/salons/s/staff/s1/appointments") == [warsaw_id]
    # And New York's today is 2 June: nothing yet, and 3 June's appointment is the second day of two
    assert listed(new_york, "/admin/salons/ny/locations/main/appointments") == []
    assert listed(new_york, "/admin/salons/ny/staff/s1/appointments") == []
    assert listed(new_york, "/admin/salons/ny/locations/main/appointments", days="2") == [new_york_id]
    assert listed(new_york, "/admin/salons/ny/staff/s1/appointments", days="2") == [new_york_id]
    # And an explicit `from` still wins
    assert listed(new_york, "/admin/salons/ny/locations/main/appointments", **{"from": "2030-06-03"}) == [
        new_york_id
    ]


def test_without_from_an_unknown_location_or_specialist_is_404(booked):
    assert reception.get("/admin/salons/s/locations/nowhere/appointments").status == 404
    assert reception.get("/admin/salons/s/staff/nobody/appointments").status == 404


def test_a_specialist_checks_in_their_own_but_not_others_and_cannot_cancel(booked):
    path = f"/admin/salons/s/appointments/{booked['id']}"
    assert specialist_s2.post(f"{path}/cancel", body={"reason": "x"}).status == 403
    other = ApiClient("admin_api", claims=staff_claims("s", "specialist", staff_id="s1"))
    assert other.post(f"{path}/check-in", body={}).status == 403
    answer = specialist_s2.post(f"{path}/check-in", body={})
    assert answer.status == 200 and answer.json()["status"] == "checked_in"


def test_cancel_by_salon_needs_a_reason_and_is_in_the_history(booked):
    path = f"/admin/salons/s/appointments/{booked['id']}"
    assert reception.post(f"{path}/cancel", body={}).json()["error"]["field"] == "reason"
    assert reception.post(f"{path}/cancel", body={"reason": "stylist ill"}).status == 200
    history = owner.get(path).json()["history"]
    assert [(h["to_status"], h["reason"]) for h in history][-1] == ("cancelled", "stylist ill")


def test_move_to_another_specialist(booked):
    answer = reception.post(f"/admin/salons/s/appointments/{booked['id']}/move", body={"staff_id": "s3"})
    assert answer.status == 200 and answer.json()["staff_id"] == "s3"


def test_override_is_for_managers_and_recorded(booked):
    # 20:00 local is after hours: reception may not override, the owner may, and it is in the history
    late = datetime.fromisoformat(booked["start"]).replace(hour=18, minute=0)
    body = {"start": late.isoformat(), "override": True}
    path = f"/admin/salons/s/appointments/{booked['id']}"
    assert reception.post(f"{path}/reschedule", body=body).status == 403
    assert owner.post(f"{path}/reschedule", body={"start": late.isoformat()}).status == 422
    answer = owner.post(f"{path}/reschedule", body=body)
    assert answer.status == 200, answer.body
    assert owner.get(path).json()["history"][-1]["override"] is True


def test_unknown_action_is_422_naming_it(booked):
    answer = owner.post(f"/admin/salons/s/appointments/{booked['id']}/teleport", body={})
    assert answer.status == 422 and answer.json()["error"]["field"] == "action"


def test_another_salons_staff_sees_nothing(booked):
    answer = other_salon.get(f"/admin/salons/s/appointments/{booked['id']}")
    assert answer.status == 403 and "appointment" not in answer.body


def test_clients_are_found_by_phone_with_history(booked):
    found = reception.get("/admin/salons/s/clients", query={"phone": "+48500000011"})
    assert found.status == 200 and [a["id"] for a in found.json()["appointments"]] == [booked["id"]]
    assert reception.get("/admin/salons/s/clients", query={"phone": "+48999999999"}).status == 404


@pytest.mark.parametrize(
    ("raw_query", "phone"),
    [
        ("phone=+48500000011", " 48500000011"),  # a literal +, which form decoding turns into a space
        ("phone=%2B48500000011", "+48500000011"),  # the + encoded
        ("phone=%2B48+500+000+011", "+48 500 000 011"),  # as a receptionist writes it
    ],
)
def test_a_client_is_found_by_phone_however_the_plus_travels(booked, raw_query, phone):
    # Given the query string as sent and its parameter as the gateway hands it over
    query = {"phone": phone}
    assert urlencode(query) == raw_query

    # When reception looks the client up
    found = reception.get("/admin/salons/s/clients", query=query)

    # Then the client booked with +48500000011 is found
    assert found.status == 200, found.body
    assert found.json()["client"]["phone"] == "+48500000011"


def test_a_client_is_found_by_an_email_with_a_plus(booked):
    # Given a client who booked as ola+salon@example.com
    client = {"name": "Ola", "email": "ola+salon@example.com"}
    answer = reception.post(
        "/admin/salons/s/appointments", body=desk_booking(tomorrows_slots()[0]["start"], "s1", client)
    )
    assert answer.status == 201, answer.body
    # When reception looks the address up with a literal + (handed over as a space)
    found = reception.get("/admin/salons/s/clients", query={"email": "ola salon@example.com"})
    # Then she is found
    assert found.status == 200 and found.json()["client"]["email"] == "ola+salon@example.com"


def test_a_phone_lookup_that_is_not_a_number_is_422_naming_it(booked):
    answer = reception.get("/admin/salons/s/clients", query={"phone": "ewa"})
    assert answer.status == 422 and answer.json()["error"]["field"] == "phone"


# 10:07 in Warsaw on 3 June 2030: the next 15-minute slot is 10:15 (08:15 UTC).
TEN_PAST_TEN = datetime(2030, 6, 3, 8, 7, tzinfo=UTC)
NEXT_SLOT = datetime(2030, 6, 3, 8, 15, tzinfo=UTC)


@pytest.fixture
def desk_at_ten_past_ten(aws, monkeypatch):
    """Given salon s (open 09:00-18:00 in Warsaw) and the desk's clock at TEN_PAST_TEN."""
    monkeypatch.setattr(route_module("admin_api", "admin_desk_routes"), "_now", lambda: TEN_PAST_TEN)
    small_salon("s")


def walk_in(**fields) -> dict:
    return {"service_id": "cut", "variant_id": "short", "walk_in": True, **fields}


def test_a_walk_in_needs_no_start_and_no_phone_or_email(desk_at_ten_past_ten):
    # When reception takes a walk-in giving only the service and the client's first name
    answer = reception.post("/admin/salons/s/appointments", body=walk_in(client={"name": "Marta"}))

    # Then it starts at the next slot from now, for Marta, with no way to message her
    assert answer.status == 201, answer.body
    appointment = answer.json()
    assert datetime.fromisoformat(appointment["start"]) == NEXT_SLOT
    assert appointment["walk_in"] is True and appointment["status"] == "confirmed"
    assert appointment["client"]["name"] == "Marta"
    assert appointment["client"].get("phone") is None and appointment["client"].get("email") is None
    # And the history records it as a walk-in
    history = owner.get(f"/admin/salons/s/appointments/{appointment['id']}").json()["history"]
    assert [(h["to_status"], h["reason"]) for h in history] == [("confirmed", "walk-in")]


def test_anonymous_walk_ins_are_each_their_own_client(desk_at_ten_past_ten):
    # When two walk-ins come in together giving nothing at all (one with a start, which walk-ins ignore)
    first = reception.post("/admin/salons/s/appointments", body=walk_in())
    second = reception.post("/admin/salons/s/appointments", body=walk_in(start="2030-06-20T15:00:00+02:00"))

    # Then both start at the next slot, with two specialists, each an anonymous "Walk-in" of their own
    assert (first.status, second.status) == (201, 201), (first.body, second.body)
    booked = [first.json(), second.json()]
    assert [datetime.fromisoformat(a["start"]) for a in booked] == [NEXT_SLOT, NEXT_SLOT]
    assert booked[0]["staff_id"] != booked[1]["staff_id"]
    assert [a["client"]["name"] for a in booked] == ["Walk-in", "Walk-in"]
    assert booked[0]["client_id"] != booked[1]["client_id"]


def test_a_walk_in_who_gives_a_phone_is_found_again(desk_at_ten_past_ten):
    # Given a walk-in who gave her phone number
    body = walk_in(client={"name": "Ewa", "phone": "+48 500 000 077"})
    assert reception.post("/admin/salons/s/appointments", body=body).status == 201
    # When reception looks her up by that number
    found = reception.get("/admin/salons/s/clients", query={"phone": "+48500000077"})
    # Then she is found with her walk-in
    assert found.status == 200 and [a["walk_in"] for a in found.json()["appointments"]] == [True]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"client": {"name": "Ewa", "phone": "+48500000011"}}, "start"),
        ({"start": "2030-06-04T10:00:00+02:00"}, "client"),
        ({"start": "2030-06-04T10:00:00+02:00", "client": {"name": "Ewa"}}, "client"),
    ],
)
def test_a_desk_booking_that_is_not_a_walk_in_needs_a_start_and_a_reachable_client(
    desk_at_ten_past_ten, body, field
):
    answer = reception.post(
        "/admin/salons/s/appointments", body={"service_id": "cut", "variant_id": "short", **body}
    )
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == field
