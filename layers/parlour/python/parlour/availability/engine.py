"""The availability engine: free slots, one-slot validation and nearest alternatives. Pure functions.

API (nothing here reads the clock, the network or the database; `now` is always an argument):

    ctx = BookingContext(policy=salon.policy, location=location, service=service, variant_id="cut-60",
                         staff=salon_staff, resources=salon_resources, channel=Channel.online)
    days = ledger_days_needed([location.time_zone], first_day, last_day)  # UTC days to BatchGetItem
    days = ledger_days_for_slot(ctx, start)  # the UTC days check_slot reads (the write path)
    slots = find_slots(ctx, first_day, last_day, ledgers, now, staff_id=None)  # list[Slot]
    result = check_slot(ctx, start, ledgers, now, staff_id=None, ignore=(), override=False)
        # -> Assignment (write it) | Busy (answer 409); raises InvalidInput(field, message)
    first_day, last_day = alternatives_window(location, start)  # ledgers nearest_alternatives needs
    nearest = nearest_alternatives(ctx, start, ledgers, now, staff_id=None, count=3)  # list[Slot]
    working_time(staff, location, day)  # list[Interval] in UTC

Rules:
- Grid: wall times every policy.slot_step_minutes from local midnight; a wall time in a DST gap is
  skipped, one repeated in a fall-back overlap gives both passes (parlour.availability.localtime).
- A start S gives the service interval [S, S + duration) and the blocked interval
  [S - buffer_before, S + duration + buffer_after); ledger entries hold blocked intervals.
- A specialist is free for S when they have the variant's required skill (and are bookable online on
  the online channel), the blocked interval lies inside their working time at the location that local
  day (parlour.availability.working), and no blocking ledger entry of theirs overlaps it. Expired
  holds and the appointments in `ignore` never block.
- Resources: each required kind (listed twice = two of them) needs a distinct resource of that kind
  at the location free over the blocked interval; the lowest free resource ids are assigned.
- now + min_notice_minutes <= S <= now + max_advance_days.
- "Any" specialist: among the free ones, the fewest booked minutes that local day, then the lowest id.
- Ledgers: pass every ledger of the candidate specialists and of the location's resources for
  ledger_days_needed(...) of the queried days (for check_slot: ledger_days_for_slot(ctx, start), the
  whole local day because the "any" rule weighs it, plus what an override reaching past the day
  touches). A ledger not passed is read as empty.
"""

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict

from parlour.availability.busy import BusyEntry, BusyIndex
from parlour.availability.ledger import DayLedger, Interval, OwnerKind, utc_days
from parlour.availability.localtime import grid_set, grid_starts, local_date, local_day_span, local_iso
from parlour.availability.timeline import Timeline
from parlour.availability.working import opening_timeline, working_time, working_timeline, works_at
from parlour.catalog.models import BookingPolicy, Location, Resource, Service, Staff, Variant
from parlour.errors import InvalidInput

__all__ = [
    "ALTERNATIVES_DAYS",
    "MAX_RANGE_DAYS",
    "Assignment",
    "BookingContext",
    "Busy",
    "BusyEntry",
    "Channel",
    "Slot",
    "alternatives_window",
    "check_slot",
    "find_slots",
    "ledger_days_for_slot",
    "ledger_days_needed",
    "nearest_alternatives",
    "working_time",
]

MAX_RANGE_DAYS = 31
OVERRIDE_ADVANCE_DAYS = 365
ALTERNATIVES_DAYS = 7


class Channel(StrEnum):
    """Who books: clients online (online_bookable flags apply) or the salon's own staff (they do not)."""

    online = "online"
    salon = "salon"


@dataclass(frozen=True)
class BookingContext:
    """What the engine reads from the catalog for one variant at one location."""

    policy: BookingPolicy
    location: Location
    service: Service
    variant_id: str
    staff: Sequence[Staff]  # the salon's specialists; those without hours at the location are never free
    resources: Sequence[Resource]  # the salon's resources; only those at the location count
    channel: Channel = Channel.online


class Slot(BaseModel):
    """One bookable start: `start`/`end` bound the service in UTC, `local_start` is ISO with offset."""

    model_config = ConfigDict(frozen=True)

    local_day: date
    local_start: str
    start: AwareDatetime
    end: AwareDatetime
    staff_ids: tuple[str, ...]
    assigned_staff_id: str


@dataclass(frozen=True)
class Assignment:
    """check_slot's answer when the slot is free: who and what to book, and the intervals to write."""

    staff_id: str
    resource_ids: tuple[str, ...]
    service: Interval
    blocked: Interval
    local_day: date
    local_start: str

    @property
    def ledger_days(self) -> list[date]:
        """UTC days of the ledgers the booking must update (for the staff and each resource)."""
        return utc_days(self.blocked)


@dataclass(frozen=True)
class Busy:
    """check_slot's answer when someone else holds the time: the caller answers 409 with alternatives."""

    conflicts: tuple[BusyEntry, ...] = field(default_factory=tuple)


# --- public functions ----------------------------------------------------------------------------


def ledger_days_needed(time_zones: Iterable[str], first_day: date, last_day: date) -> set[date]:
    """UTC days whose ledgers cover local days first_day..last_day in each zone (what to BatchGetItem)."""
    days: set[date] = set()
    for zone in set(time_zones):
        span = Interval(local_day_span(zone, first_day).start, local_day_span(zone, last_day).end)
        days.update(utc_days(span))
    return days


def ledger_days_for_slot(ctx: BookingContext, start: datetime) -> set[date]:
    """UTC days whose ledgers check_slot(ctx, start, ...) reads: the local day and the blocked interval."""
    start = _utc_start(start)
    zone = ctx.location.time_zone
    day = local_date(zone, start)
    _, blocked = _intervals(_bookable_variant(ctx), start)
    return ledger_days_needed([zone], day, day) | set(utc_days(blocked))


def find_slots(
    ctx: BookingContext,
    first_day: date,
    last_day: date,
    ledgers: Iterable[DayLedger],
    now: datetime,
    *,
    staff_id: str | None = None,
    ignore: Iterable[str] = (),
) -> list[Slot]:
    """Every free slot of the variant on local days first_day..last_day (at most 31), by start."""
    now = _utc_now(now)
    _check_range(first_day, last_day)
    offer = _Offer.of(ctx, staff_id)
    busy = BusyIndex(ledgers, now, ignore)
    earliest, latest = _bookable_window(ctx.policy, now)
    slots: list[Slot] = []
    for offset in range((last_day - first_day).days + 1):
        slots.extend(_slots_of_day(offer, busy, first_day + timedelta(days=offset), earliest, latest))
    return slots


def check_slot(
    ctx: BookingContext,
    start: datetime,
    ledgers: Iterable[DayLedger],
    now: datetime,
    *,
    staff_id: str | None = None,
    ignore: Iterable[str] = (),
    override: bool = False,
) -> "Assignment | Busy":
    """Validate one requested start against fresh ledgers (the write path).

    Raises InvalidInput for a request that can never succeed as asked (field variant_id, location_id,
    staff_id or start). Returns Busy when only other bookings stand in the way. `override` (a manager)
    skips working hours, notice and advance, never the grid, the skill or an overlap.
    """
    now = _utc_now(now)
    offer = _Offer.of(ctx, staff_id)
    start = _utc_start(start)
    day = _check_on_grid(offer, start)
    if not override:
        _check_notice_and_advance(offer, start, now)
    elif start > now + timedelta(days=OVERRIDE_ADVANCE_DAYS):
        # The lifecycle (reminders, no-show check) runs in a workflow that lasts at most a year.
        raise InvalidInput("start", f"even an override books at most {OVERRIDE_ADVANCE_DAYS} days ahead")
    service, blocked = offer.intervals(start)
    # An override skips working hours, never the location: it books someone who works there.
    able = (
        [p for p in offer.candidates if works_at(p, ctx.location.id)]
        if override
        else _working_at(offer, day, blocked)
    )
    days = ledger_days_for_slot(ctx, start)
    busy = BusyIndex((ledger for ledger in ledgers if ledger.day in days), now, ignore)
    free = [
        person.id
        for person in able
        if not busy.timeline(OwnerKind.staff, person.id).overlaps(*_ends(blocked))
    ]
    resource_ids = _free_resources(offer, busy, blocked)
    if free and resource_ids is not None:
        return Assignment(
            staff_id=_pick_staff(free, busy, offer.zone, day),
            resource_ids=resource_ids,
            service=service,
            blocked=blocked,
            local_day=day,
            local_start=local_iso(offer.zone, start),
        )
    conflicts: list[BusyEntry] = []
    if not free:
        conflicts += [hit for person in able for hit in busy.conflicts(OwnerKind.staff, person.id, blocked)]
    if resource_ids is None:
        conflicts += _resource_conflicts(offer, busy, blocked)
    return Busy(tuple(sorted(set(conflicts))))


def alternatives_window(
    location: Location, start: datetime, days: int = ALTERNATIVES_DAYS
) -> tuple[date, date]:
    """Local days nearest_alternatives searches: the day of `start` and the `days` after it."""
    first = local_date(location.time_zone, _utc_start(start))
    return first, first + timedelta(days=days)


def nearest_alternatives(
    ctx: BookingContext,
    start: datetime,
    ledgers: Iterable[DayLedger],
    now: datetime,
    *,
    staff_id: str | None = None,
    count: int = 3,
    days: int = ALTERNATIVES_DAYS,
    ignore: Iterable[str] = (),
) -> list[Slot]:
    """The `count` free slots nearest in time to `start` (earlier wins a tie), nearest first.

    Searches alternatives_window(ctx.location, start, days); `start` itself is never returned.
    """
    if not 0 <= days < MAX_RANGE_DAYS:
        raise ValueError(f"days must be in 0..{MAX_RANGE_DAYS - 1}")
    start = _utc_start(start)
    first_day, last_day = alternatives_window(ctx.location, start, days)
    slots = find_slots(ctx, first_day, last_day, ledgers, now, staff_id=staff_id, ignore=ignore)
    others = (slot for slot in slots if slot.start != start)
    return heapq.nsmallest(count, others, key=lambda slot: (abs(slot.start - start), slot.start))


# --- the offer: validated variant, candidates and resources ----------------------------------------


@dataclass(frozen=True)
class _Offer:
    ctx: BookingContext
    variant: Variant
    candidates: tuple[Staff, ...]  # sorted by id
    resources: dict[str, tuple[str, ...]]  # kind -> ids at the location, sorted
    needed: tuple[tuple[str, int], ...]  # (kind, how many)

    @classmethod
    def of(cls, ctx: BookingContext, staff_id: str | None) -> "_Offer":
        variant = _bookable_variant(ctx)
        needed = tuple(Counter(variant.required_resource_kinds).items())
        resources = _resources_by_kind(ctx, needed)
        return cls(ctx, variant, _candidates(ctx, variant, staff_id), resources, needed)

    @property
    def zone(self) -> str:
        return self.ctx.location.time_zone

    @property
    def step(self) -> int:
        return self.ctx.policy.slot_step_minutes

    def intervals(self, start: datetime) -> tuple[Interval, Interval]:
        return _intervals(self.variant, start)


def _intervals(variant: Variant, start: datetime) -> tuple[Interval, Interval]:
    """The service interval and the blocked interval (with buffers) of a start."""
    service_end = start + timedelta(minutes=variant.duration_minutes)
    blocked = Interval(
        start - timedelta(minutes=variant.buffer_before_minutes),
        service_end + timedelta(minutes=variant.buffer_after_minutes),
    )
    return Interval(start, service_end), blocked


def _bookable_variant(ctx: BookingContext) -> Variant:
    service, location = ctx.service, ctx.location
    variant = service.variant(ctx.variant_id)
    if variant is None:
        raise InvalidInput("variant_id", f"service {service.id!r} has no variant {ctx.variant_id!r}")
    if ctx.channel is Channel.online and not (service.online_bookable and variant.online_bookable):
        raise InvalidInput("variant_id", f"{service.name} – {variant.name} cannot be booked online")
    if service.salon_id != location.salon_id or (
        service.location_ids and location.id not in service.location_ids
    ):
        raise InvalidInput("location_id", f"{service.name} is not offered at {location.name}")
    return variant


def _resources_by_kind(
    ctx: BookingContext, needed: tuple[tuple[str, int], ...]
) -> dict[str, tuple[str, ...]]:
    resources: dict[str, tuple[str, ...]] = {}
    for kind, count in needed:
        resources[kind] = tuple(
            sorted(r.id for r in ctx.resources if r.kind == kind and r.location_id == ctx.location.id)
        )
        if len(resources[kind]) < count:
            raise InvalidInput(
                "variant_id",
                f"this service needs {count} × {kind} and {ctx.location.name} has {len(resources[kind])}",
            )
    return resources


def _candidates(ctx: BookingContext, variant: Variant, staff_id: str | None) -> tuple[Staff, ...]:
    salon_staff = [person for person in ctx.staff if person.salon_id == ctx.location.salon_id]
    if staff_id is not None:
        person = next((person for person in salon_staff if person.id == staff_id), None)
        if person is None:
            raise InvalidInput("staff_id", f"no specialist {staff_id!r} in this salon")
        if variant.required_skill is not None and variant.required_skill not in person.skills:
            raise InvalidInput(
                "staff_id", f"{person.name} does not have the skill {variant.required_skill!r}"
            )
        if ctx.channel is Channel.online and not person.bookable_online:
            raise InvalidInput("staff_id", f"{person.name} cannot be booked online")
        return (person,)
    candidates = tuple(
        sorted(
            (
                person
                for person in salon_staff
                if (variant.required_skill is None or variant.required_skill in person.skills)
                and (ctx.channel is Channel.salon or person.bookable_online)
            ),
            key=lambda person: person.id,
        )
    )
    if not candidates:
        raise InvalidInput(
            "variant_id", f"no specialist can provide {variant.name} ({variant.required_skill!r})"
        )
    return candidates


# --- time rules ------------------------------------------------------------------------------------


def _utc_now(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


# Far outside any booking window, and far enough from datetime's limits that zone arithmetic never overflows.
SANE_YEARS = range(2000, 2201)


def _utc_start(start: datetime) -> datetime:
    if start.tzinfo is None or start.utcoffset() is None:
        raise InvalidInput("start", "the start must include a UTC offset, e.g. 2026-05-04T10:00:00+02:00")
    if start.year not in SANE_YEARS:
        raise InvalidInput("start", f"{start.isoformat()} is not a date anyone can book")
    return start.astimezone(UTC)


def _check_range(first_day: date, last_day: date) -> None:
    if first_day.year not in SANE_YEARS or last_day.year not in SANE_YEARS:
        raise InvalidInput("first_day", "ask for days between the years 2000 and 2200")
    if last_day < first_day:
        raise InvalidInput("last_day", "last_day must not be before first_day")
    if (last_day - first_day).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput("last_day", f"a query covers at most {MAX_RANGE_DAYS} days")


def _bookable_window(policy: BookingPolicy, now: datetime) -> tuple[datetime, datetime]:
    return now + timedelta(minutes=policy.min_notice_minutes), now + timedelta(days=policy.max_advance_days)


def _check_on_grid(offer: _Offer, start: datetime) -> date:
    """The local day of an on-grid start; InvalidInput("start") otherwise."""
    day = local_date(offer.zone, start)
    if start in grid_set(offer.zone, day, offer.step):
        return day
    local = local_iso(offer.zone, start)
    raise InvalidInput("start", f"{local} is not a slot start: slots start every {offer.step} minutes")


def _check_notice_and_advance(offer: _Offer, start: datetime, now: datetime) -> None:
    earliest, latest = _bookable_window(offer.ctx.policy, now)
    local = local_iso(offer.zone, start)
    if start < now:
        raise InvalidInput("start", f"{local} is in the past")
    if start < earliest:
        raise InvalidInput(
            "start",
            f"{local} is too soon: bookings need {offer.ctx.policy.min_notice_minutes} minutes' notice",
        )
    if start > latest:
        raise InvalidInput(
            "start", f"{local} is too far ahead: bookings open {offer.ctx.policy.max_advance_days} days ahead"
        )


def _working_at(offer: _Offer, day: date, blocked: Interval) -> list[Staff]:
    """Candidates whose working time that day holds the blocked interval; InvalidInput if none."""
    able = [
        person
        for person in offer.candidates
        if working_timeline(person, offer.ctx.location, day).covers(*_ends(blocked))
    ]
    if able:
        return able
    location = offer.ctx.location
    when = f"{local_iso(offer.zone, blocked.start)} – {local_iso(offer.zone, blocked.end)}"
    if offer.variant.buffer_before_minutes or offer.variant.buffer_after_minutes:
        when += " (with preparation and clean-up time)"
    if not opening_timeline(location, day).covers(*_ends(blocked)):
        raise InvalidInput("start", f"{location.name} is not open over {when}")
    if len(offer.candidates) == 1:
        raise InvalidInput(
            "start", f"{offer.candidates[0].name} does not work at {location.name} over {when}"
        )
    raise InvalidInput("start", f"no specialist for this service works at {location.name} over {when}")


# --- availability --------------------------------------------------------------------------------


def _ends(interval: Interval) -> tuple[datetime, datetime]:
    return interval.start, interval.end


def _slots_of_day(
    offer: _Offer, busy: BusyIndex, day: date, earliest: datetime, latest: datetime
) -> list[Slot]:
    starts = [start for start in grid_starts(offer.zone, day, offer.step) if earliest <= start <= latest]
    if not starts:
        return []
    free_time: dict[str, Timeline] = {}
    for person in offer.candidates:
        free = working_timeline(person, offer.ctx.location, day).minus(
            busy.timeline(OwnerKind.staff, person.id)
        )
        if free:
            free_time[person.id] = free
    slots: list[Slot] = []
    for start in starts if free_time else ():
        service, blocked = offer.intervals(start)
        free_ids = [staff_id for staff_id, free in free_time.items() if free.covers(*_ends(blocked))]
        if free_ids and _free_resources(offer, busy, blocked) is not None:
            slots.append(
                Slot(
                    local_day=day,
                    local_start=local_iso(offer.zone, start),
                    start=service.start,
                    end=service.end,
                    staff_ids=tuple(free_ids),
                    assigned_staff_id=_pick_staff(free_ids, busy, offer.zone, day),
                )
            )
    return slots


def _pick_staff(free_ids: list[str], busy: BusyIndex, zone: str, day: date) -> str:
    """The "any" rule: fewest booked minutes on that local day, then the lowest id."""
    if len(free_ids) == 1:
        return free_ids[0]
    span = local_day_span(zone, day)
    return min(
        free_ids,
        key=lambda staff_id: (busy.timeline(OwnerKind.staff, staff_id).seconds_within(span), staff_id),
    )


def _free_resources(offer: _Offer, busy: BusyIndex, blocked: Interval) -> tuple[str, ...] | None:
    """The lowest free resource ids of each needed kind, or None when some kind is short."""
    chosen: list[str] = []
    for kind, count in offer.needed:
        free = []
        for resource_id in offer.resources[kind]:
            if not busy.timeline(OwnerKind.resource, resource_id).overlaps(*_ends(blocked)):
                free.append(resource_id)
                if len(free) == count:
                    break
        if len(free) < count:
            return None
        chosen.extend(free)
    return tuple(chosen)


def _resource_conflicts(offer: _Offer, busy: BusyIndex, blocked: Interval) -> list[BusyEntry]:
    """The bookings holding the resources of every kind that is short over `blocked`."""
    conflicts: list[BusyEntry] = []
    for kind, count in offer.needed:
        hits = {rid: busy.conflicts(OwnerKind.resource, rid, blocked) for rid in offer.resources[kind]}
        if sum(1 for found in hits.values() if not found) < count:
            conflicts.extend(hit for found in hits.values() for hit in found)
    return conflicts
