"""Stateful property: whatever clients and staff do, no two active appointments ever overlap for a
specialist or a resource, and the day ledgers always equal the set of active appointments."""

import contextlib
import itertools
import os
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from moto import mock_aws

from infra import template
from parlour.availability.engine import Channel
from parlour.availability.ledger import OwnerKind
from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, ClientDetails, Status
from parlour.errors import Conflict, InvalidInput
from parlour.store import bookings as store
from parlour.store import table as store_table
from tests.builders import small_salon

DAY = date(2026, 3, 28)  # Warsaw springs forward in the night of the 29th: the days span a DST change
START_CLOCK = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)  # half an hour before the first slot
STAFF = ("s1", "s2", "s3")
RESOURCES = ("room1",)
VARIANTS = (("cut", "short"), ("cut", "long"), ("facial", "classic"))
CLIENT = Actor(kind=ActorKind.client, id="web")
DESK = Actor(kind=ActorKind.staff, id="desk", role="reception")
SYSTEM = Actor(kind=ActorKind.system, id="lifecycle")
EXAMPLES = int(os.environ.get("PARLOUR_STATEFUL_EXAMPLES", "500"))


SALON = "p"


@pytest.fixture(scope="module")
def salon_table():
    """One table with one salon for every example; each example's bookings are removed after it."""
    os.environ["TABLE_NAME"] = "parlour-stateful"
    with mock_aws():
        store_table.reset_cache()
        # Without the stream: moto copies a table, stream records included, on every transaction, and
        # nothing here reads the stream, so keeping one would only make each example slower than the last.
        table = template.resources(template.load(), "AWS::DynamoDB::Table")["Table"]
        kwargs = template.dynamodb_table_kwargs(table, "parlour-stateful")
        kwargs.pop("StreamSpecification", None)
        boto3.client("dynamodb").create_table(**kwargs)
        small_salon(SALON, staff=len(STAFF), rooms=len(RESOURCES), hours=("09:00", "13:00"))
        yield
    store_table.reset_cache()


def _remove_bookings() -> None:
    # moto copies the whole table on every transaction: keeping it small keeps the test fast.
    table = store_table.table()
    catalog_pk = f"SALON#{SALON}"
    items = table.scan(ProjectionExpression="pk, sk")["Items"]
    with table.batch_writer() as batch:
        for item in items:
            if item["pk"] != catalog_pk:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})


class Bookings(RuleBasedStateMachine):
    appointments = Bundle("appointments")

    def __init__(self):
        super().__init__()
        self.salon = SALON
        self.now = START_CLOCK
        self.known: set[str] = set()

    def teardown(self):
        _remove_bookings()

    # ---- what people do ----

    @rule(
        target=appointments,
        day=st.integers(0, 1),
        slot=st.integers(0, 15),
        staff=st.sampled_from((*STAFF, None)),
        offer=st.sampled_from(VARIANTS),
        client=st.integers(1, 6),
        hold=st.booleans(),
    )
    def book(self, day, slot, staff, offer, client, hold):
        start = _local_slot(DAY + timedelta(days=day), slot)
        request = service.BookingRequest(
            service_id=offer[0],
            variant_id=offer[1],
            start=start,
            staff_id=staff,
            client=ClientDetails(name=f"Client {client}", phone=f"+4850000000{client}"),
        )
        try:
            booked = service.book(self.salon, request, actor=CLIENT, now=self.now, hold=hold)
        except (service.SlotTaken, InvalidInput):
            return None
        self.known.add(booked.appointment.id)
        return booked.appointment.id

    @rule(appointment=appointments, by_client=st.booleans())
    def cancel(self, appointment, by_client):
        if appointment is None:
            return
        actor = CLIENT if by_client else DESK
        _attempt(service.change_status, self.salon, appointment, Status.cancelled, actor=actor, now=self.now)

    @rule(
        appointment=appointments, day=st.integers(0, 1), slot=st.integers(0, 15), staff=st.sampled_from(STAFF)
    )
    def reschedule(self, appointment, day, slot, staff):
        if appointment is None:
            return
        start = _local_slot(DAY + timedelta(days=day), slot)
        with contextlib.suppress(service.SlotTaken, InvalidInput, Conflict):
            service.reschedule(
                self.salon,
                appointment,
                start=start,
                staff_id=staff,
                actor=DESK,
                now=self.now,
                channel=Channel.salon,
            )

    @rule(
        appointment=appointments,
        status=st.sampled_from((Status.checked_in, Status.completed, Status.no_show)),
    )
    def desk_marks(self, appointment, status):
        if appointment is not None:
            _attempt(service.change_status, self.salon, appointment, status, actor=DESK, now=self.now)

    @rule(appointment=consumes(appointments))
    def confirm_or_expire_hold(self, appointment):
        if appointment is None:
            return
        current = store.get_appointment(self.salon, appointment)
        if current.status is Status.held:
            target = Status.confirmed if current.occupies(self.now) else Status.expired
            _attempt(service.change_status, self.salon, appointment, target, actor=SYSTEM, now=self.now)

    @rule(appointment=appointments, late=st.sampled_from((0, 5, 20)))
    def clock_reaches_the_start(self, appointment, late):
        """Time runs on to an appointment's start (and a little past it), so check-ins and no-shows happen."""
        if appointment is not None:
            start = store.get_appointment(self.salon, appointment).start
            self.now = max(self.now, start + timedelta(minutes=late))

    @rule(minutes=st.sampled_from((5, 15, 45, 120, 600)))
    def time_passes(self, minutes):
        self.now += timedelta(minutes=minutes)

    # ---- what must always hold ----

    def _state(self):
        days = [DAY + timedelta(days=offset) for offset in range(-1, 3)]
        appointments = [
            a for day in days for a in store.appointments_of_location_day(self.salon, "main", day)
        ]
        assert {a.id for a in appointments} == self.known
        refs = [(OwnerKind.staff, s, d) for s in STAFF for d in days]
        refs += [(OwnerKind.resource, r, d) for r in RESOURCES for d in days]
        return appointments, store.read_ledgers(self.salon, refs)

    @invariant()
    def no_overlap_and_ledgers_equal_active_appointments(self):
        if not self.known:
            return
        appointments, ledgers = self._state()
        expected: dict[tuple, set] = defaultdict(set)
        by_owner: dict[tuple, list] = defaultdict(list)
        for appointment in appointments:
            if not appointment.occupies(self.now):
                continue
            owners = [(OwnerKind.staff, appointment.staff_id)]
            owners += [(OwnerKind.resource, resource) for resource in appointment.resource_ids]
            for owner in owners:
                by_owner[owner].append((appointment.blocked_start, appointment.blocked_end, appointment.id))
                for day in {
                    appointment.blocked_start.date(),
                    (appointment.blocked_end - timedelta(seconds=1)).date(),
                }:
                    expected[(*owner, day)].add(
                        (appointment.id, appointment.blocked_start, appointment.blocked_end)
                    )
        for owner, spans in by_owner.items():
            spans.sort()
            for (_, end, first), (start, _, second) in itertools.pairwise(spans):
                assert end <= start, f"{first} and {second} overlap for {owner}"
        actual = {
            ref: {(e.appointment_id, e.start, e.end) for e in ledger.blocking(self.now)}
            for ref, ledger in ledgers.items()
        }
        for ref in set(actual) | set(expected):
            assert actual.get(ref, set()) == expected.get(ref, set()), f"ledger {ref} differs"


def _local_slot(day: date, slot: int) -> datetime:
    """The slot-th quarter hour from 09:00 Warsaw time on `day`, in UTC."""
    from zoneinfo import ZoneInfo

    local = datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    return (local + timedelta(minutes=15 * slot)).astimezone(UTC)


def _attempt(change, *args, **kwargs):
    # Refused by the transition table or by timing: the state must still be consistent.
    with contextlib.suppress(Conflict):
        change(*args, **kwargs)


def test_bookings_never_collide_and_ledgers_match(salon_table):
    Bookings.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    Bookings.TestCase().runTest()
