"""Races against the local stack over HTTP: many clients, one slot. Exactly the right number win."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from tests.builders import SalonDraft, small_salon_draft

pytestmark = pytest.mark.e2e
DAY = (datetime.now(UTC) + timedelta(days=2)).date()


def create_over_http(stack, draft: SalonDraft) -> None:
    """Given a salon created by its owner through the admin API."""
    salon_id = draft.salon.id
    auth = {"Authorization": f"Bearer {stack.admin_token(salon_id, 'owner')}"}
    base = f"{stack.url}/admin/salons/{salon_id}"

    def send(method: str, url: str, body) -> None:
        answer = requests.request(method, url, json=body.model_dump(mode="json"), headers=auth, timeout=30)
        assert answer.status_code in (200, 201), answer.text

    send("PUT", base, _Versioned(draft.salon))
    for kind, entries in (
        ("locations", draft.locations),
        ("staff", draft.staff),
        ("resources", draft.resources),
        ("services", draft.services),
    ):
        for entry in entries:
            send("POST", f"{base}/{kind}", entry)


class _Versioned:
    """A salon profile at version 0, which creates it."""

    def __init__(self, salon):
        self.salon = salon

    def model_dump(self, mode: str):
        return {**self.salon.model_dump(mode=mode), "version": 0}


def slots(stack, salon_id: str, *, day: date = DAY, **query) -> list[dict]:
    """The free slots of the small salon's cut on one day (two days ahead unless given)."""
    answer = requests.get(
        f"{stack.url}/public/salons/{salon_id}/availability",
        params={"service_id": "cut", "variant_id": "short", "from": str(day), "to": str(day), **query},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["slots"]


def race(count: int, send) -> list[requests.Response]:
    """`count` clients send at the same moment, each on its own connection."""
    barrier = threading.Barrier(count, timeout=60)

    def one(number: int) -> requests.Response:
        barrier.wait()
        return send(number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def book(
    stack, salon_id: str, start: str, staff_id: str | None, number: int, *, sms_consent: bool = False
) -> requests.Response:
    """Client `number` books the small salon's cut online (staff_id None: any specialist)."""
    return requests.post(
        f"{stack.url}/public/salons/{salon_id}/appointments",
        json={
            "service_id": "cut",
            "variant_id": "short",
            "start": start,
            "staff_id": staff_id,
            "client": {
                "name": f"Client {number}",
                "phone": f"+4850{number:07d}",
                "consent": {"sms": sms_consent},
            },
        },
        timeout=120,
    )


def test_fifty_clients_one_slot_one_wins_and_49_get_alternatives(local_stack):
    create_over_http(local_stack, small_salon_draft("race50"))
    start = slots(local_stack, "race50", staff_id="s1")[8]["start"]
    answers = race(50, lambda n: book(local_stack, "race50", start, "s1", n))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * 49
    for answer in answers:
        if answer.status_code == 409:
            assert len(answer.json()["error"]["alternatives"]) == 3
    assert start not in [slot["start"] for slot in slots(local_stack, "race50", staff_id="s1")]


def test_ten_clients_for_any_with_three_free_specialists_make_three_bookings(local_stack):
    create_over_http(local_stack, small_salon_draft("race10", staff=3))
    start = slots(local_stack, "race10")[8]["start"]
    answers = race(10, lambda n: book(local_stack, "race10", start, None, n))
    booked = [answer.json()["appointment"]["staff_id"] for answer in answers if answer.status_code == 201]
    assert sorted(booked) == ["s1", "s2", "s3"]
    assert sorted(answer.status_code for answer in answers) == [201] * 3 + [409] * 7


def test_two_reschedules_racing_into_one_slot_one_wins_and_the_loser_keeps_its_time(local_stack):
    create_over_http(local_stack, small_salon_draft("racemove", staff=1))
    free = slots(local_stack, "racemove")
    first, second, target = free[0]["start"], free[4]["start"], free[8]["start"]
    bookings = [
        book(local_stack, "racemove", start, "s1", n).json() for n, start in enumerate((first, second))
    ]

    def move(number: int) -> requests.Response:
        confirmation = bookings[number]
        return requests.post(
            f"{local_stack.url}/public/salons/racemove/appointments/{confirmation['appointment']['id']}/reschedule",
            json={"start": target},
            headers={"Authorization": f"Bearer {confirmation['manage_token']}"},
            timeout=120,
        )

    answers = race(2, move)
    assert sorted(answer.status_code for answer in answers) == [200, 409]
    loser = bookings[[answer.status_code for answer in answers].index(409)]
    view = requests.get(
        f"{local_stack.url}/public/salons/racemove/appointments/{loser['appointment']['id']}",
        headers={"Authorization": f"Bearer {loser['manage_token']}"},
        timeout=30,
    ).json()
    assert view["start"] == loser["appointment"]["start"] and view["status"] == "confirmed"
