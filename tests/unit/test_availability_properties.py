"""Properties of the engine on generated salons, checked against a brute-force oracle.

The oracle re-derives availability from the catalog models minute by minute (every UTC minute of
the local day through zoneinfo, wall-time rules applied to the wall reading), sharing no code with
the engine but the input models: if find_slots and the oracle agree on every slot and every
assignment, the slots respect hours, bookings, holds, resources, notice and DST.
"""

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.availability.engine import (
    Assignment,
    BookingContext,
    Busy,
    check_slot,
    find_slots,
    ledger_days_needed,
)
from parlour.availability.ledger import DayLedger, Interval, LedgerEntry, OwnerKind
from parlour.catalog.models import Staff, TimeRange, Weekday
from parlour.errors import InvalidInput
from tests.unit.test_availability_support import (
    LOCATION,
    booked,
    context,
    location,
    minutes_of_local_day,
    resource,
    resource_ledgers,
    specialist,
    staff_ledgers,
    variant,
    weekly,
)

ZONES = ["Europe/Warsaw", "America/New_York", "Pacific/Chatham", "Pacific/Kiritimati", "UTC"]
CHANGE_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1), date(2026, 9, 27)]
MINUTE = timedelta(minutes=1)
PROPERTY_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Scenario:
    ctx: BookingContext
    first_day: date
    last_day: date
    entries: dict[tuple[OwnerKind, str], list[LedgerEntry]]
    now: datetime

    @property
    def ledgers(self) -> list[DayLedger]:
        return [
            ledger
            for (kind, owner_id), found in self.entries.items()
            for ledger in (staff_ledgers if kind is OwnerKind.staff else resource_ledgers)(owner_id, *found)
        ]

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range((self.last_day - self.first_day).days + 1)]

    def slots(self, **options):
        return find_slots(self.ctx, self.first_day, self.last_day, self.ledgers, self.now, **options)


def wall_range(draw, min_minutes: int = 15, max_minutes: int = 24 * 60) -> str:
    start = draw(st.integers(0, (24 * 60 - min_minutes - 1) // 15)) * 15
    end = min(start + draw(st.integers(min_minutes // 15, max_minutes // 15)) * 15, 23 * 60 + 59)
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def pick_or_draw(draw, usual: list[str], min_minutes: int) -> str:
    """Mostly ranges that make busy days (including DST nights), sometimes any range."""
    return draw(st.sampled_from(usual)) if draw(st.integers(0, 3)) else wall_range(draw, min_minutes)


@st.composite
def scenarios(draw) -> Scenario:
    zone = draw(st.sampled_from(ZONES))
    first_day = draw(st.sampled_from(CHANGE_DAYS) | st.dates(date(2026, 1, 1), date(2026, 12, 31)))
    last_day = first_day + timedelta(days=draw(st.integers(0, 1)))
    opening = weekly(pick_or_draw(draw, ["00:00-23:59", "00:00-23:59", "08:00-20:00"], 240))
    staff = []
    for index in range(draw(st.integers(1, 3))):
        staff.append(
            specialist(
                f"s{index}",
                hours=weekly(pick_or_draw(draw, ["09:00-17:00", "00:30-05:00", "00:00-23:59"], 60)),
                breaks=weekly(wall_range(draw, 15, 90)) if draw(st.booleans()) else None,
                skills=["hair"] if index == 0 or draw(st.integers(0, 4)) else ["nails"],
                exceptions=[(first_day, [wall_range(draw, 60)] if draw(st.integers(0, 3)) else [])]
                if not draw(st.integers(0, 4))
                else [],
                time_off=[(last_day, last_day)] if not draw(st.integers(0, 5)) else [],
            )
        )
    kinds = draw(st.lists(st.sampled_from(["chair", "sink"]), max_size=2))
    resources = [
        resource(f"{kind}-{n}", kind)
        for kind in set(kinds)
        for n in range(kinds.count(kind) + draw(st.integers(0, 1)))
    ]
    the_variant = variant(
        draw(st.integers(1, 24)) * 5,
        before=draw(st.sampled_from([0, 0, 5, 10, 15])),
        after=draw(st.sampled_from([0, 0, 5, 10, 20])),
        kinds=kinds,
    )
    local_midnight = datetime.combine(first_day, time(), UTC)
    now = local_midnight + timedelta(minutes=draw(st.integers(-36 * 60, 12 * 60)))
    entries: dict[tuple[OwnerKind, str], list[LedgerEntry]] = {}
    owners = [(OwnerKind.staff, person.id) for person in staff] + [
        (OwnerKind.resource, r.id) for r in resources
    ]
    for owner in owners:
        cursor = local_midnight - timedelta(hours=14)
        found = []
        for number in range(draw(st.integers(0, 6))):
            cursor += timedelta(minutes=draw(st.integers(0, 60)) * 5)
            minutes = draw(st.integers(3, 36)) * 5
            expiry = draw(st.sampled_from([None, None, -30, 0, 1, 30]))
            found.append(
                booked(
                    f"{owner[1]}-{number}",
                    cursor,
                    minutes,
                    hold_expires_at=None if expiry is None else now + timedelta(minutes=expiry),
                )
            )
            cursor += timedelta(minutes=minutes)
        entries[owner] = found
    ctx = context(
        the_location=location(zone, opening=opening),
        staff=staff,
        resources=resources,
        the_variant=the_variant,
        step=draw(st.sampled_from([15, 20, 30, 60])),
        notice=draw(st.sampled_from([0, 30, 120])),
        advance=draw(st.integers(1, 3)),
    )
    return Scenario(ctx, first_day, last_day, entries, now)


# --- the oracle -----------------------------------------------------------------------------------


def _in(ranges: list[TimeRange], moment: time) -> bool:
    return any(span.start <= moment < span.end for span in ranges)


def oracle_working_minutes(person: Staff, scenario: Scenario, day: date) -> set[datetime]:
    place = scenario.ctx.location
    if day in place.closed_dates or any(off.first_day <= day <= off.last_day for off in person.time_off):
        return set()
    weekday = Weekday.of(day)
    exception = next((e for e in person.exceptions if e.date == day and e.location_id == place.id), None)
    hours = person.weekly_hours[LOCATION].on(weekday)
    breaks = person.breaks[LOCATION].on(weekday) if LOCATION in person.breaks else []

    def works(moment: time) -> bool:
        if not _in(place.opening_hours.on(weekday), moment):
            return False
        if exception is not None:
            return _in(exception.ranges, moment)
        return _in(hours, moment) and not _in(breaks, moment)

    return {instant for instant, wall in minutes_of_local_day(place.time_zone, day) if works(wall.time())}


def blocking(scenario: Scenario, owner: tuple[OwnerKind, str], ignore=frozenset()) -> list[LedgerEntry]:
    return [
        entry
        for entry in scenario.entries.get(owner, [])
        if (entry.hold_expires_at is None or entry.hold_expires_at > scenario.now)
        and entry.appointment_id not in ignore
    ]


def oracle_slots(scenario: Scenario, ignore=frozenset()) -> dict[datetime, tuple[tuple[str, ...], str]]:
    """start -> (free staff ids, assigned id), derived minute by minute."""
    ctx = scenario.ctx
    the_variant = ctx.service.variants[0]
    step = ctx.policy.slot_step_minutes
    earliest = scenario.now + timedelta(minutes=ctx.policy.min_notice_minutes)
    latest = scenario.now + timedelta(days=ctx.policy.max_advance_days)
    candidates = sorted((p for p in ctx.staff if "hair" in p.skills), key=lambda p: p.id)
    offered = {}
    for day in scenario.days:
        minutes = minutes_of_local_day(ctx.location.time_zone, day)
        day_start, day_end = minutes[0][0], minutes[-1][0] + MINUTE
        # Every minute showing a grid wall time: both passes of a repeated time are starts
        grid = [instant for instant, wall in minutes if (wall.hour * 60 + wall.minute) % step == 0]
        working = {person.id: oracle_working_minutes(person, scenario, day) for person in candidates}
        for start in grid:
            if not earliest <= start <= latest:
                continue
            b0 = start - timedelta(minutes=the_variant.buffer_before_minutes)
            b1 = start + timedelta(minutes=the_variant.duration_minutes + the_variant.buffer_after_minutes)
            blocked_minutes = [b0 + MINUTE * k for k in range(int((b1 - b0) / MINUTE))]

            def free(owner, b0=b0, b1=b1):
                return not [e for e in blocking(scenario, owner, ignore) if e.start < b1 and b0 < e.end]

            free_staff = [
                person.id
                for person in candidates
                if all(m in working[person.id] for m in blocked_minutes)
                and free((OwnerKind.staff, person.id))
            ]
            kinds_ok = all(
                sum(
                    1
                    for r in ctx.resources
                    if r.kind == kind and r.location_id == LOCATION and free((OwnerKind.resource, r.id))
                )
                >= the_variant.required_resource_kinds.count(kind)
                for kind in the_variant.required_resource_kinds
            )
            if free_staff and kinds_ok:

                def booked_seconds(staff_id, day_start=day_start, day_end=day_end):
                    return sum(
                        max(0.0, (min(e.end, day_end) - max(e.start, day_start)).total_seconds())
                        for e in blocking(scenario, (OwnerKind.staff, staff_id), ignore)
                    )

                assigned = min(free_staff, key=lambda staff_id: (booked_seconds(staff_id), staff_id))
                offered[start] = (tuple(free_staff), assigned)
    return offered


def has_skilled_staff(scenario: Scenario) -> bool:
    return any("hair" in person.skills for person in scenario.ctx.staff)


# --- properties ------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_find_slots_equals_the_minute_by_minute_oracle(scenario):
    if not has_skilled_staff(scenario):
        return
    # When the engine lists slots
    slots = scenario.slots()

    # Then each slot is a free start of the oracle, with the same free staff and the same assignee,
    # and no free start is missing: no slot overlaps a blocking entry, every slot lies in working
    # time, expired holds do not block, resources suffice
    assert {slot.start: (slot.staff_ids, slot.assigned_staff_id) for slot in slots} == oracle_slots(scenario)
    # And slots are in order, each local start once, the service as long as the variant
    assert [slot.start for slot in slots] == sorted(slot.start for slot in slots)
    assert len({slot.local_start for slot in slots}) == len(slots)
    duration = timedelta(minutes=scenario.ctx.service.variants[0].duration_minutes)
    assert all(slot.end - slot.start == duration for slot in slots)
    assert all(datetime.fromisoformat(slot.local_start) == slot.start for slot in slots)


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_check_slot_accepts_exactly_the_offered_slots(scenario):
    if not has_skilled_staff(scenario):
        return
    offered = {slot.start: slot for slot in scenario.slots()}
    the_variant = scenario.ctx.service.variants[0]
    for day in scenario.days:
        step = scenario.ctx.policy.slot_step_minutes
        starts = {
            instant
            for instant, wall in minutes_of_local_day(scenario.ctx.location.time_zone, day)
            if (wall.hour * 60 + wall.minute) % step == 0
        }
        for start in sorted(starts):
            # When each grid minute of the day (both passes of repeated times) is requested
            try:
                answer = check_slot(scenario.ctx, start, scenario.ledgers, scenario.now)
            except InvalidInput as refused:
                answer = refused
            # Then exactly the offered starts are assigned, to the same specialist
            if start in offered:
                assert isinstance(answer, Assignment), (start, answer)
                assert answer.staff_id == offered[start].assigned_staff_id
                # And the resources given are of the right kinds, at the location, and free
                kinds = sorted(
                    next(r.kind for r in scenario.ctx.resources if r.id == rid) for rid in answer.resource_ids
                )
                assert kinds == sorted(the_variant.required_resource_kinds)
                assert len(set(answer.resource_ids)) == len(answer.resource_ids)
                for resource_id in answer.resource_ids:
                    hits = blocking(scenario, (OwnerKind.resource, resource_id))
                    assert not [e for e in hits if e.interval.overlaps(answer.blocked)]
            else:
                assert not isinstance(answer, Assignment), start
                if isinstance(answer, Busy):
                    assert answer.conflicts and all(
                        c.interval.overlaps(answer_blocked(scenario, start)) for c in answer.conflicts
                    )


def answer_blocked(scenario: Scenario, start: datetime) -> Interval:
    the_variant = scenario.ctx.service.variants[0]
    return Interval(
        start - timedelta(minutes=the_variant.buffer_before_minutes),
        start + timedelta(minutes=the_variant.duration_minutes + the_variant.buffer_after_minutes),
    )


@PROPERTY_SETTINGS
@given(scenario=scenarios(), seed=st.integers(0, 2**16))
def test_the_any_assignment_is_deterministic_and_one_of_the_free_staff(scenario, seed):
    if not has_skilled_staff(scenario):
        return
    # Given the same salon with staff, resources, ledgers and entries in another order
    shuffle = random.Random(seed).sample
    ctx = replace(
        scenario.ctx,
        staff=shuffle(list(scenario.ctx.staff), len(scenario.ctx.staff)),
        resources=shuffle(list(scenario.ctx.resources), len(scenario.ctx.resources)),
    )
    ledgers = [
        ledger.model_copy(update={"entries": tuple(shuffle(list(ledger.entries), len(ledger.entries)))})
        for ledger in shuffle(scenario.ledgers, len(scenario.ledgers))
    ]

    # When slots are listed both ways
    first = scenario.slots()
    second = find_slots(ctx, scenario.first_day, scenario.last_day, ledgers, scenario.now)

    # Then they are identical, and every assignee is one of the free staff
    assert first == second
    assert all(slot.assigned_staff_id in slot.staff_ids for slot in first)


@PROPERTY_SETTINGS
@given(scenario=scenarios(), minutes=st.lists(st.integers(-48 * 60, 48 * 60), max_size=5))
def test_expired_holds_never_block(scenario, minutes):
    if not has_skilled_staff(scenario):
        return
    # Given holds that expired at or before now, on top of the existing entries (any times)
    extra = {
        owner: [
            *found,
            *(
                booked(f"expired-{n}", scenario.now + timedelta(minutes=m), 120, hold_expires_at=scenario.now)
                for n, m in enumerate(minutes)
            ),
        ]
        for owner, found in scenario.entries.items()
    }

    # Then the slots do not change
    assert replace(scenario, entries=extra).slots() == scenario.slots()


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_the_ledger_days_needed_are_enough(scenario):
    if not has_skilled_staff(scenario):
        return
    needed = ledger_days_needed([scenario.ctx.location.time_zone], scenario.first_day, scenario.last_day)
    only_needed = [ledger for ledger in scenario.ledgers if ledger.day in needed]

    assert find_slots(scenario.ctx, scenario.first_day, scenario.last_day, only_needed, scenario.now) == (
        scenario.slots()
    )


@PROPERTY_SETTINGS
@given(scenario=scenarios(), data=st.data())
def test_ignoring_an_appointment_is_the_same_as_removing_it(scenario, data):
    everyone = [entry.appointment_id for found in scenario.entries.values() for entry in found]
    if not has_skilled_staff(scenario) or not everyone:
        return
    moving = data.draw(st.sampled_from(everyone))
    without = {
        owner: [e for e in found if e.appointment_id != moving] for owner, found in scenario.entries.items()
    }

    assert scenario.slots(ignore={moving}) == replace(scenario, entries=without).slots()
    assert {
        s.start: (s.staff_ids, s.assigned_staff_id) for s in scenario.slots(ignore={moving})
    } == oracle_slots(scenario, ignore=frozenset({moving}))
