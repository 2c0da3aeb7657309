"""Both passes of the repeated autumn hour, booked through the public API and the desk (clocks set)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from parlour.catalog.models import BookingPolicy
from tests.builders import small_salon
from tests.events import ApiClient, route_module, staff_claims

public = ApiClient("public_api")
reception = ApiClient("admin_api", claims=staff_claims("s", "reception"))

# zone, fall-back night, the repeated wall time in its first pass and in its second
REPEATED_HOURS = [
    ("Europe/Warsaw", date(2027, 10, 31), "2027-10-31T02:00:00+02:00", "2027-10-31T02:00:00+01:00"),
    ("America/New_York", date(2027, 11, 7), "2027-11-07T01:00:00-04:00", "2027-11-07T01:00:00-05:00"),
]


@pytest.fixture(params=REPEATED_HOURS, ids=lambda case: case[0])
def night_salon(aws, monkeypatch, request):
    """Given a salon open and staffed 00:00-06:00 local every day, and a clock ten days before the night."""
    zone, night, first_pass, second_pass = request.param
    small_salon(
        "s",
        zone=zone,
        hours=("00:00", "06:00"),
        policy=BookingPolicy(min_notice_minutes=0, max_advance_days=60, slot_step_minutes=30),
    )
    now = datetime.combine(night - timedelta(days=10), datetime.min.time(), UTC)
    monkeypatch.setattr(route_module("public_api", "public_booking_routes"), "_now", lambda: now)
    monkeypatch.setattr(route_module("admin_api", "admin_desk_routes"), "_now", lambda: now)
    return night, first_pass, second_pass


def night_slots(night: date) -> list[dict]:
    answer = public.get(
        "/public/salons/s/availability",
        query={
            "service_id": "cut",
            "variant_id": "short",
            "from": str(night),
            "to": str(night),
            "staff_id": "s1",
        },
    )
    assert answer.status == 200, answer.body
    return answer.json()["slots"]


def book(start: str, phone: str):
    return public.post(
        "/public/salons/s/appointments",
        body={
            "service_id": "cut",
            "variant_id": "short",
            "start": start,
            "staff_id": "s1",
            "client": {"name": "Ola", "phone": phone},
        },
    )


def test_both_passes_of_the_repeated_hour_are_offered_and_booked(night_salon):
    night, first_pass, second_pass = night_salon

    # When the night's availability is asked for
    offered = {slot["local_start"]: slot["start"] for slot in night_slots(night)}

    # Then the repeated wall time is offered twice, an hour apart in UTC
    first_utc, second_utc = (datetime.fromisoformat(offered[text]) for text in (first_pass, second_pass))
    assert second_utc - first_utc == timedelta(hours=1)

    # When a client books the first pass and another the second, as the local times were offered
    first = book(first_pass, "+48500000001")
    second = book(second_pass, "+48500000002")

    # Then both are booked at their own instants
    assert (first.status, second.status) == (201, 201), (first.body, second.body)
    starts = [datetime.fromisoformat(answer.json()["appointment"]["start"]) for answer in (first, second)]
    assert starts == [first_utc, second_utc]
    # And neither pass is offered any more for that specialist
    left = {slot["local_start"] for slot in night_slots(night)}
    assert not {first_pass, second_pass} & left


def test_the_desk_books_the_second_pass_as_itself(night_salon):
    _, first_pass, second_pass = night_salon

    # When reception books the second pass of the repeated hour, then the first, for specialist s1
    answers = [
        reception.post(
            "/admin/salons/s/appointments",
            body={
                "service_id": "cut",
                "variant_id": "short",
                "start": start,
                "staff_id": "s1",
                "client": {"name": "Ewa", "phone": "+48500000011"},
            },
        )
        for start in (second_pass, first_pass)
    ]

    # Then both are booked, each at the instant its offset names
    assert [answer.status for answer in answers] == [201, 201], [answer.body for answer in answers]
    assert [datetime.fromisoformat(answer.json()["start"]) for answer in answers] == [
        datetime.fromisoformat(second_pass),
        datetime.fromisoformat(first_pass),
    ]
