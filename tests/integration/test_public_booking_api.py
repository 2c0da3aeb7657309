"""The public booking API through the real handler with HTTP API events, on moto."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from parlour.notifications.models import QuietHours
from tests.builders import small_salon
from tests.events import ApiClient
from tests.lifecycle_support import set_automation

public = ApiClient("public_api")
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).date()


@pytest.fixture
def salon(aws):
    small_salon("s")
    return "s"


def availability(**query):
    return public.get(
        "/public/salons/s/availability", query={"service_id": "cut", "variant_id": "short", **query}
    )


def booking(start, *, staff_id="s1", phone="+48500000001"):
    return {
        "service_id": "cut",
        "variant_id": "short",
        "start": start,
        "staff_id": staff_id,
        "client": {"name": "Ola", "phone": phone, "locale": "pl", "consent": {"sms": True}},
    }


def test_availability_answers_local_time_with_offset_utc_and_who_is_free(salon):
    answer = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)})
    assert answer.status == 200
    first = answer.json()["slots"][0]
    assert first["local_start"].endswith(("+01:00", "+02:00")) and first["start"].endswith("Z")
    assert first["staff_ids"] == ["s1", "s2", "s3"] and first["assigned_staff_id"] == "s1"


def test_book_then_the_slot_is_gone_and_the_manage_link_works(salon):
    slot = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"][0]
    # When a client books the first slot with s1
    answer = public.post("/public/salons/s/appointments", body=booking(slot["start"]))
    assert answer.status == 201, answer.body
    confirmation = answer.json()
    appointment_id, token = confirmation["appointment"]["id"], confirmation["manage_token"]
    assert token in confirmation["manage_url"]
    # Then s1 is no longer free at that time
    again = availability(**{"from": str(TOMORROW), "to": str(TOMORROW), "staff_id": "s1"}).json()["slots"]
    assert slot["start"] not in [s["start"] for s in again]
    # And the manage link shows and cancels it; without the token, 401
    path = f"/public/salons/s/appointments/{appointment_id}"
    assert public.get(path).status == 401
    assert public.get(path, headers={"authorization": f"Bearer {token}"}).json()["status"] == "confirmed"
    cancelled = public.post(f"{path}/cancel", body={}, headers={"authorization": f"Bearer {token}"})
    assert cancelled.status == 200 and cancelled.json()["status"] == "cancelled"


def test_a_lost_slot_answers_409_with_alternatives(salon):
    slot = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"][0]
    public.post("/public/salons/s/appointments", body=booking(slot["start"]))
    answer = public.post("/public/salons/s/appointments", body=booking(slot["start"], phone="+48500000002"))
    assert answer.status == 409
    error = answer.json()["error"]
    assert error["code"] == "slot_taken" and len(error["alternatives"]) == 3 and error["next_step"]


def test_the_idempotency_key_makes_a_retry_return_the_same_booking(salon):
    slot = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"][0]
    headers = {"idempotency-key": "retry-1"}
    first = public.post("/public/salons/s/appointments", body=booking(slot["start"]), headers=headers)
    second = public.post("/public/salons/s/appointments", body=booking(slot["start"]), headers=headers)
    assert (first.status, second.status) == (201, 201)
    assert first.json()["appointment"]["id"] == second.json()["appointment"]["id"]
    # The same key with another request is refused, naming the header
    other = public.post(
        "/public/salons/s/appointments", body=booking(slot["start"], phone="+48500000003"), headers=headers
    )
    assert other.status == 422 and other.json()["error"]["field"] == "Idempotency-Key"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"client": {"name": "Ola", "phone": "500 000 001"}}, "client.phone"),
        ({"client": {"name": "Ola"}}, "client"),  # a client booking online must be reachable
        ({"start": "2026-01-01T10:00:00"}, "start"),  # no offset
        ({"variant_id": "nope"}, "variant_id"),
        ({"staff_id": "ghost"}, "staff_id"),
    ],
)
def test_bad_booking_input_is_422_naming_the_field(salon, change, field):
    slot = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"][0]
    answer = public.post("/public/salons/s/appointments", body={**booking(slot["start"]), **change})
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == field


def test_availability_refuses_more_than_31_days(salon):
    answer = availability(**{"from": str(TOMORROW), "to": str(TOMORROW + timedelta(days=40))})
    assert answer.status == 422 and answer.json()["error"]["field"] == "to"


def test_reschedule_by_manage_link(salon):
    slots = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"]
    confirmation = public.post("/public/salons/s/appointments", body=booking(slots[0]["start"])).json()
    token, appointment_id = confirmation["manage_token"], confirmation["appointment"]["id"]
    moved = public.post(
        f"/public/salons/s/appointments/{appointment_id}/reschedule",
        body={"start": slots[4]["start"]},
        headers={"authorization": f"Bearer {token}"},
    )
    assert moved.status == 200 and moved.json()["start"] == slots[4]["start"]


def test_availability_is_gzipped_for_clients_that_accept_it(salon):
    # Given a client that accepts gzip / When it asks for a week of availability
    week = {"from": str(TOMORROW), "to": str(TOMORROW + timedelta(days=6))}
    zipped = public.request(
        "GET",
        "/public/salons/s/availability",
        query={"service_id": "cut", "variant_id": "short", **week},
        headers={"accept-encoding": "gzip"},
    )
    # Then the answer is gzip and says so; a client that does not accept it gets plain JSON
    assert zipped.status == 200 and zipped.headers.get("Content-Encoding") == "gzip"
    assert zipped.json() == availability(**week).json()


def test_the_manage_link_keeps_working_after_a_move_weeks_ahead(salon):
    # Given a booking tomorrow, moved by its client seven weeks ahead
    slots = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"]
    confirmation = public.post("/public/salons/s/appointments", body=booking(slots[0]["start"])).json()
    auth = {"authorization": f"Bearer {confirmation['manage_token']}"}
    path = f"/public/salons/s/appointments/{confirmation['appointment']['id']}"
    far = TOMORROW + timedelta(days=49)
    later = availability(**{"from": str(far), "to": str(far)}).json()["slots"][0]["start"]
    assert public.post(f"{path}/reschedule", body={"start": later}, headers=auth).status == 200
    # Then the same link still opens it (it is valid until 30 days after the visit, wherever it moved)
    view = public.get(path, headers=auth)
    assert view.status == 200 and view.json()["start"] == later


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/reschedule", {"start": "9999-12-31T23:45:00+00:00"}, "start"),
        ("/reschedule", {"start": "2026-12-01T10:00:00+00:00", "staff_id": "x" * 3000}, "staff_id"),
        ("/cancel", {"reason": "r" * 600}, "reason"),
    ],
)
def test_oversized_or_impossible_changes_are_422_and_change_nothing(salon, path, body, field):
    slots = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"]
    confirmation = public.post("/public/salons/s/appointments", body=booking(slots[0]["start"])).json()
    auth = {"authorization": f"Bearer {confirmation['manage_token']}"}
    appointment = f"/public/salons/s/appointments/{confirmation['appointment']['id']}"
    answer = public.post(appointment + path, body=body, headers=auth)
    assert answer.status == 422 and answer.json()["error"]["field"] == field
    assert public.get(appointment, headers=auth).json()["status"] == "confirmed"


def test_availability_far_off_is_422_naming_the_field(salon):
    answer = availability(**{"from": "9999-12-31", "to": "9999-12-31"})
    assert answer.status == 422 and answer.json()["error"]["field"] == "from"


def test_the_booking_answer_says_how_and_when_the_client_hears(salon):
    # (one slot, free with three specialists: one booking each)
    slot = availability(**{"from": str(TOMORROW), "to": str(TOMORROW)}).json()["slots"][0]["start"]
    # Given quiet hours that cover now (chosen around the current local time, whatever the hour)
    local = datetime.now(ZoneInfo("Europe/Warsaw"))
    quiet = QuietHours(
        start=time((local - timedelta(hours=1)).hour), end=time((local + timedelta(hours=2)).hour)
    )
    set_automation("s", quiet_hours=quiet)
    # When a client who agreed to SMS books
    night = public.post("/public/salons/s/appointments", body=booking(slot)).json()
    # Then they are told the confirmation comes by SMS when quiet hours end
    message = night["confirmation_message"]
    assert (message["when"], message["channel"], message["why_not"]) == ("after_quiet_hours", "sms", None)
    assert (
        datetime.fromisoformat(message["send_at"]).astimezone(ZoneInfo("Europe/Warsaw")).time() == quiet.end
    )
    # When the salon switches quiet hours off: the SMS goes now
    set_automation("s", quiet_hours=None)
    day = public.post(
        "/public/salons/s/appointments", body=booking(slot, staff_id="s2", phone="+48500000002")
    ).json()
    assert day["confirmation_message"] == {"when": "now", "channel": "sms", "send_at": None, "why_not": None}
    # And a client who agreed to no message is told none will come
    silent = {
        **booking(slot, staff_id="s3", phone="+48500000003"),
        "client": {"name": "Ola", "phone": "+48500000003"},
    }
    nothing = public.post("/public/salons/s/appointments", body=silent).json()["confirmation_message"]
    assert (nothing["when"], nothing["channel"], nothing["why_not"]) == ("not_sent", None, "no_consent")
