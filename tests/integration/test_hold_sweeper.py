"""Holds past their expiry are swept to `expired`, freeing their time; confirmed holds are left alone."""

from datetime import UTC, datetime, timedelta

import pytest

from parlour.availability.ledger import OwnerKind
from parlour.booking import holds, service
from parlour.booking.models import Actor, ActorKind, ClientDetails, Status
from parlour.store import bookings as store
from tests.builders import small_salon
from tests.events import lambda_context, load_handler

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
TEN = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)
CLIENT = Actor(kind=ActorKind.client, id="web")
SYSTEM = Actor(kind=ActorKind.system, id="payments")


def hold(start, phone):
    request = service.BookingRequest(
        service_id="cut",
        variant_id="short",
        start=start,
        staff_id="s1",
        client=ClientDetails(name="A", phone=phone),
    )
    return service.book("s", request, actor=CLIENT, now=NOW, hold=True).appointment


@pytest.fixture
def salon(aws):
    small_salon("s")


def test_an_expired_hold_is_swept_and_frees_its_time_and_a_confirmed_one_is_not(salon):
    # Given two 15-minute holds, one of which is confirmed (deposit paid) in time
    lapsed, kept = hold(TEN, "+48500000001"), hold(TEN + timedelta(hours=1), "+48500000002")
    service.change_status("s", kept.id, Status.confirmed, actor=SYSTEM, now=NOW + timedelta(minutes=5))
    # When the sweeper runs before the expiry, nothing happens; after it, the lapsed hold expires
    assert holds.expire_due_holds(NOW + timedelta(minutes=10)).expired == []
    result = holds.expire_due_holds(NOW + timedelta(minutes=16))
    # Then only the lapsed hold is expired, with history, and its ledger entry is gone
    assert result.expired == [lapsed.id]
    assert store.get_appointment("s", lapsed.id).status is Status.expired
    assert store.get_appointment("s", kept.id).status is Status.confirmed
    entries = store.read_ledgers("s", [(OwnerKind.staff, "s1", TEN.date())])
    assert [e.appointment_id for ledger in entries.values() for e in ledger.entries] == [kept.id]
    # And a second sweep finds nothing left to do
    assert holds.expire_due_holds(NOW + timedelta(minutes=30)).expired == []


def test_the_scheduled_function_runs_the_sweep(salon):
    # Given a hold that expired long ago (its expiry is before the real clock)
    lapsed = hold(TEN, "+48500000003")
    # When the scheduled handler is invoked with an EventBridge scheduled event
    event = {
        "version": "0",
        "id": "1",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "detail": {},
    }
    answer = load_handler("hold_sweeper").lambda_handler(event, lambda_context("hold-sweeper"))
    # Then the hold is expired
    assert answer == {"expired": 1, "skipped": 0}
    assert store.get_appointment("s", lapsed.id).status is Status.expired
