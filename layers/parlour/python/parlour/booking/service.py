"""Booking rules on top of the day ledgers: book, hold, confirm, cancel, reschedule, move, check-in.

Every change follows one loop: read the appointment and the ledgers it touches, decide with the pure
availability engine, write everything in one transaction conditioned on what was read; when another
writer got there first (TransactionConflict), read again, a bounded number of times.
"""

import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from time import sleep
from typing import Annotated, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from parlour.availability import engine
from parlour.availability.ledger import DayLedger, Interval, LedgerEntry, OwnerKind, utc_days
from parlour.availability.localtime import grid_starts, local_date
from parlour.availability.working import works_at
from parlour.booking import clients, manage_token
from parlour.booking.models import (
    Actor,
    ActorKind,
    Appointment,
    Cancellation,
    ClientDetails,
    HistoryEvent,
    Status,
)
from parlour.booking.transitions import Action, StateConflict, check_movable, check_transition
from parlour.catalog.models import Catalog, Location, Slug
from parlour.errors import Conflict, InvalidInput, NotFound
from parlour.lifecycle import timing as lifecycle_timing
from parlour.observability import MetricUnit, metrics
from parlour.pricing.lists import PriceChange, PriceSeen, booking_price
from parlour.settings import get_settings
from parlour.store import bookings as store
from parlour.store.catalog import load_catalog

# Free text a client or the desk writes: a note to the salon, the reason for a change.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Note = Reason = ShortText
LedgerRef = store.LedgerRef

# States an appointment can leave its time in; their entries leave the ledgers with the change.
_FREEING = frozenset({Status.cancelled, Status.no_show, Status.expired})


class BookingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_id: Slug
    variant_id: Slug
    location_id: Slug | None = Field(None, description="Needed when the service is at several locations")
    start: AwareDatetime = Field(description="Slot start with offset or Z, as availability answered it")
    staff_id: Slug | None = Field(None, description="A specialist, or none for any available one")
    client: ClientDetails
    note: Note = ""
    price_seen: PriceSeen | None = Field(
        None, description="The price shown to the client; the answer says if the booking is at another"
    )


@dataclass(frozen=True)
class Booked:
    appointment: Appointment
    manage_token: str
    cancel_window_hours: int  # the salon's policy, so the answer can say when a cancel turns late
    # Set when the price moved between display and booking: the booking is at the current price.
    price_change: PriceChange | None = None


class SlotTaken(Conflict):
    """The requested time is no longer free; carries the nearest free alternatives."""

    code = "slot_taken"


# ---- reading what a decision needs ------------------------------------------------------------------


def location_for(catalog: Catalog, service_id: str, location_id: str | None) -> Location:
    if service_id not in catalog.services:
        raise InvalidInput("service_id", f"no service {service_id!r} in this salon")
    service = catalog.service(service_id)
    offered = catalog.service_location_ids(service)
    if location_id is None:
        if len(offered) != 1:
            raise InvalidInput("location_id", f"{service.name} is offered at several locations: choose one")
        location_id = offered[0]
    if location_id not in catalog.locations:
        raise InvalidInput("location_id", f"no location {location_id!r} in this salon")
    return catalog.location(location_id)


def context(
    catalog: Catalog, service_id: str, variant_id: str, location: Location, channel: engine.Channel
) -> engine.BookingContext:
    if service_id not in catalog.services:
        raise InvalidInput("service_id", f"no service {service_id!r} in this salon")
    policy = catalog.salon.policy
    if channel is engine.Channel.salon:
        # Minimum notice protects the salon from surprise online bookings; its own staff waive it.
        policy = policy.model_copy(update={"min_notice_minutes": 0})
    return engine.BookingContext(
        policy=policy,
        location=location,
        service=catalog.service(service_id),
        variant_id=variant_id,
        staff=list(catalog.staff.values()),
        resources=list(catalog.resources.values()),
        channel=channel,
    )


def owner_refs(ctx: engine.BookingContext, staff_id: str | None, days: Iterable[date]) -> list[LedgerRef]:
    """Ledgers of the candidate specialists and of the location's resources the variant needs, on `days`."""
    variant = ctx.service.variant(ctx.variant_id)
    if variant is None:
        return []  # the engine refuses the variant, naming the field
    skill, kinds = variant.required_skill, set(variant.required_resource_kinds)
    people = (
        [staff_id]
        if staff_id
        else [
            p.id for p in ctx.staff if works_at(p, ctx.location.id) and (skill is None or skill in p.skills)
        ]
    )
    things = [r.id for r in ctx.resources if r.location_id == ctx.location.id and r.kind in kinds]
    return [(OwnerKind.staff, who, day) for who in people for day in days] + [
        (OwnerKind.resource, what, day) for what in things for day in days
    ]


def _appointment_refs(appointment: Appointment) -> list[LedgerRef]:
    days = utc_days(Interval(appointment.blocked_start, appointment.blocked_end))
    return [(OwnerKind.staff, appointment.staff_id, day) for day in days] + [
        (OwnerKind.resource, resource, day) for resource in appointment.resource_ids for day in days
    ]


def _decide(
    ctx: engine.BookingContext,
    salon_id: str,
    start: datetime,
    now: datetime,
    *,
    staff_id: str | None,
    ignore: frozenset[str],
    override: bool,
    also_read: Iterable[LedgerRef] = (),
) -> tuple[engine.Assignment, dict[LedgerRef, DayLedger]]:
    """Check one start against fresh ledgers: the assignment, or SlotTaken with alternatives."""
    days = engine.ledger_days_for_slot(ctx, start)
    ledgers = store.read_ledgers(salon_id, [*owner_refs(ctx, staff_id, days), *also_read])
    result = engine.check_slot(
        ctx, start, ledgers.values(), now, staff_id=staff_id, ignore=ignore, override=override
    )
    if isinstance(result, engine.Busy):
        raise _slot_taken(ctx, salon_id, start, now, staff_id=staff_id, ignore=ignore)
    return result, ledgers


def _slot_taken(
    ctx: engine.BookingContext,
    salon_id: str,
    start: datetime,
    now: datetime,
    *,
    staff_id: str | None,
    ignore: frozenset[str],
) -> SlotTaken:
    first_day, last_day = engine.alternatives_window(ctx.location, start)
    days = engine.ledger_days_needed([ctx.location.time_zone], first_day, last_day)
    ledgers = store.read_ledgers(salon_id, owner_refs(ctx, staff_id, days))
    nearest = engine.nearest_alternatives(ctx, start, ledgers.values(), now, staff_id=staff_id, ignore=ignore)
    metrics.add_metric(name="SlotsLostToRaces", unit=MetricUnit.Count, value=1)
    return SlotTaken(
        "this time was just taken",
        next_step="pick one of the alternatives or ask for availability again",
        details={"alternatives": [slot.model_dump(mode="json") for slot in nearest]},
    )


_T = TypeVar("_T")
_RETRY_PAUSE_SECONDS = 0.01


def _retrying(attempt: Callable[[], _T], exhausted: Callable[[], Conflict] | None = None) -> _T:
    """Run `attempt` until it commits; after the last lost race raise `exhausted()` (a plain 409 if none)."""
    attempts = get_settings().booking_transaction_attempts
    for number in range(attempts):
        try:
            return attempt()
        except store.TransactionConflict:
            # Someone changed what we read: read again and decide again, after a short random pause so
            # that writers who collided do not collide again in step.
            if number + 1 < attempts:
                sleep(random.uniform(0, _RETRY_PAUSE_SECONDS * 2**number))
    if exhausted is not None:
        raise exhausted()
    raise Conflict(
        "this time is in high demand and changed while we were booking it",
        next_step="ask for availability again and retry",
    )


def _changed_ledgers(
    ledgers: dict[LedgerRef, DayLedger],
    appointment_id: str,
    *,
    remove_from: Iterable[LedgerRef] = (),
    add: tuple[Iterable[LedgerRef], LedgerEntry] | None = None,
) -> list[DayLedger]:
    """The new state of every ledger an appointment leaves and enters (each read ledger once)."""
    changed: dict[LedgerRef, DayLedger] = {}
    for ref in remove_from:
        changed[ref] = changed.get(ref, ledgers[ref]).without(appointment_id)
    if add is not None:
        refs, entry = add
        for ref in refs:
            changed[ref] = changed.get(ref, ledgers[ref]).with_entry(entry)
    return list(changed.values())


def _assignment_refs(assignment: engine.Assignment) -> list[LedgerRef]:
    days = assignment.ledger_days
    return [(OwnerKind.staff, assignment.staff_id, day) for day in days] + [
        (OwnerKind.resource, resource, day) for resource in assignment.resource_ids for day in days
    ]


def _load(salon_id: str, appointment_id: str) -> Appointment:
    found = store.get_appointment(salon_id, appointment_id)
    if found is None:
        raise NotFound(f"no appointment {appointment_id!r} in this salon")
    return found


def _local_day(appointment: Appointment) -> date:
    return local_date(appointment.time_zone, appointment.start)


def _walk_in_start(ctx: engine.BookingContext, now: datetime) -> datetime:
    """The first slot start at or after now: a walk-in starts as soon as the grid allows."""
    zone, step = ctx.location.time_zone, ctx.policy.slot_step_minutes
    today = local_date(zone, now)
    for day in (today, today + timedelta(days=1)):
        upcoming = [start for start in grid_starts(zone, day, step) if start >= now]
        if upcoming:
            return upcoming[0]
    raise InvalidInput("start", "no slot start is left today")  # unreachable: tomorrow has a grid


# ---- booking -------------------------------------------------------------------------------------


def book(
    salon_id: str,
    request: BookingRequest,
    *,
    actor: Actor,
    now: datetime,
    channel: engine.Channel = engine.Channel.online,
    hold: bool = False,
    walk_in: bool = False,
    override: bool = False,
) -> Booked:
    """Book one slot (or hold it) for a client; SlotTaken with alternatives when the time is gone."""
    catalog = load_catalog(salon_id)
    location = location_for(catalog, request.service_id, request.location_id)
    ctx = context(catalog, request.service_id, request.variant_id, location, channel)
    variant = ctx.service.variant(request.variant_id)
    if variant is None:
        raise InvalidInput(
            "variant_id", f"service {request.service_id!r} has no variant {request.variant_id!r}"
        )
    price = booking_price(catalog, location, ctx.service, variant, request.price_seen, now)
    start = _walk_in_start(ctx, now) if walk_in else request.start
    appointment_id = f"ap_{uuid.uuid4().hex[:20]}"
    status = Status.held if hold else Status.confirmed
    hold_until = now + timedelta(minutes=catalog.salon.policy.hold_minutes) if hold else None
    known_client: list = []  # found or created once, after the first check passes (no client for a 422)
    timing = lifecycle_timing.planner(salon_id)  # reminders and no-show check, per the salon's settings

    def attempt() -> Appointment:
        assignment, ledgers = _decide(
            ctx, salon_id, start, now, staff_id=request.staff_id, ignore=frozenset(), override=override
        )
        if not known_client:
            known_client.append(clients.find_or_create(salon_id, request.client, now))
        client = known_client[0]
        appointment = Appointment(
            id=appointment_id,
            salon_id=salon_id,
            location_id=location.id,
            service_id=request.service_id,
            variant_id=request.variant_id,
            staff_id=assignment.staff_id,
            resource_ids=list(assignment.resource_ids),
            start=assignment.service.start,
            end=assignment.service.end,
            blocked_start=assignment.blocked.start,
            blocked_end=assignment.blocked.end,
            time_zone=location.time_zone,
            status=status,
            hold_expires_at=hold_until,
            **timing(assignment.service.start, assignment.service.end, now),
            client_id=client.id,
            client=request.client,
            note=request.note,
            price=price.total,
            price_list=price.price_list,
            version=1,
            created_at=now,
            updated_at=now,
            created_by=actor,
            walk_in=walk_in,
        )
        entry = LedgerEntry(
            appointment_id=appointment_id,
            start=assignment.blocked.start,
            end=assignment.blocked.end,
            hold_expires_at=hold_until,
        )
        history = HistoryEvent(
            appointment_id=appointment_id,
            version=1,
            at=now,
            actor=actor,
            from_status=None,
            to_status=status,
            reason="walk-in" if walk_in else "booked",
            override=override,
        )
        store.save_appointment(
            appointment,
            local_day=assignment.local_day,
            previous=None,
            ledgers=_changed_ledgers(ledgers, appointment_id, add=(_assignment_refs(assignment), entry)),
            history=history,
        )
        return appointment

    appointment = _retrying(
        attempt,
        exhausted=lambda: _slot_taken(
            ctx, salon_id, start, now, staff_id=request.staff_id, ignore=frozenset()
        ),
    )
    metrics.add_metric(name="AppointmentsBooked", unit=MetricUnit.Count, value=1)
    token = manage_token.issue(salon_id, appointment.id, now)
    return Booked(appointment, token, catalog.salon.policy.cancel_window_hours, price_change=price.change)


# ---- state changes -------------------------------------------------------------------------------


def _confirmed_ledgers(current: Appointment, actor: Actor, now: datetime) -> list[DayLedger]:
    """A confirmed hold keeps its time for good: its entries lose their expiry, if no one else has it."""
    refs = _appointment_refs(current)
    ledgers = store.read_ledgers(current.salon_id, refs)
    blocked = Interval(current.blocked_start, current.blocked_end)
    for ledger in ledgers.values():
        own = [entry for entry in ledger.entries if entry.appointment_id == current.id]
        if not own or ledger.conflicts(blocked, now, ignore=frozenset({current.id})):
            raise StateConflict(
                "this hold's time is no longer free",
                next_step="book again",
                current=current,
                actor=actor.kind,
                now=now,
                refused=Action.confirm,
            )
    entry = LedgerEntry(appointment_id=current.id, start=blocked.start, end=blocked.end)
    return _changed_ledgers(ledgers, current.id, add=(refs, entry))


def change_status(
    salon_id: str,
    appointment_id: str,
    target: Status,
    *,
    actor: Actor,
    now: datetime,
    reason: str = "",
) -> Appointment:
    """Move an appointment to `target` if the transition table allows it; frees its time when due."""
    policy = load_catalog(salon_id).salon.policy if target is Status.cancelled else None

    def attempt() -> Appointment:
        current = _load(salon_id, appointment_id)
        check_transition(current, target, actor.kind, now)
        update: dict = {"status": target, "version": current.version + 1, "updated_at": now}
        ledgers: list[DayLedger] = []
        if target in _FREEING:
            refs = _appointment_refs(current)
            ledgers = _changed_ledgers(store.read_ledgers(salon_id, refs), current.id, remove_from=refs)
        if target is Status.confirmed:
            ledgers = _confirmed_ledgers(current, actor, now)
            update.update(lifecycle_timing.planner(salon_id)(current.start, current.end, now))
            update["hold_expires_at"] = None
        if policy is not None:
            window = timedelta(hours=policy.cancel_window_hours)
            late = actor.kind is ActorKind.client and now > current.start - window
            update["cancellation"] = Cancellation(by=actor.kind, late=late, reason=reason)
        updated = current.model_copy(update=update)
        store.save_appointment(
            updated,
            local_day=_local_day(updated),
            previous=current,
            ledgers=ledgers,
            history=HistoryEvent(
                appointment_id=current.id,
                version=updated.version,
                at=now,
                actor=actor,
                from_status=current.status,
                to_status=target,
                reason=reason,
                changes={"late": True} if updated.cancellation and updated.cancellation.late else {},
            ),
        )
        return updated

    return _retrying(attempt)


def reschedule(
    salon_id: str,
    appointment_id: str,
    *,
    start: datetime,
    actor: Actor,
    now: datetime,
    staff_id: str | None = None,
    channel: engine.Channel = engine.Channel.online,
    override: bool = False,
) -> Appointment:
    """Move an upcoming appointment to a new start (and optionally another specialist), atomically:
    the new time is taken and the old one freed in one transaction, or nothing changes."""
    catalog = load_catalog(salon_id)
    timing = lifecycle_timing.planner(salon_id)  # the reminders move with the appointment

    def attempt() -> Appointment:
        current = _load(salon_id, appointment_id)
        check_movable(current, actor.kind, now)
        location = catalog.location(current.location_id)
        ctx = context(catalog, current.service_id, current.variant_id, location, channel)
        old_refs = _appointment_refs(current)
        assignment, ledgers = _decide(
            ctx,
            salon_id,
            start,
            now,
            staff_id=staff_id or current.staff_id,
            ignore=frozenset({current.id}),
            override=override,
            also_read=old_refs,
        )
        updated = current.model_copy(
            update={
                "staff_id": assignment.staff_id,
                "resource_ids": list(assignment.resource_ids),
                "start": assignment.service.start,
                "end": assignment.service.end,
                "blocked_start": assignment.blocked.start,
                "blocked_end": assignment.blocked.end,
                # Planned messages move only with the time: a new specialist keeps the reminders due.
                **(
                    timing(assignment.service.start, assignment.service.end, now)
                    if assignment.service.start != current.start
                    else {}
                ),
                "version": current.version + 1,
                "updated_at": now,
            }
        )
        entry = LedgerEntry(
            appointment_id=current.id,
            start=assignment.blocked.start,
            end=assignment.blocked.end,
            hold_expires_at=current.hold_expires_at,
        )
        changes = {
            name: [str(getattr(current, name)), str(getattr(updated, name))]
            for name in ("start", "staff_id")
            if getattr(current, name) != getattr(updated, name)
        }
        store.save_appointment(
            updated,
            local_day=assignment.local_day,
            previous=current,
            ledgers=_changed_ledgers(
                ledgers, current.id, remove_from=old_refs, add=(_assignment_refs(assignment), entry)
            ),
            history=HistoryEvent(
                appointment_id=current.id,
                version=updated.version,
                at=now,
                actor=actor,
                from_status=current.status,
                to_status=current.status,
                reason="rescheduled" if "start" in changes else "moved to another specialist",
                override=override,
                changes=changes,
            ),
        )
        return updated

    return _retrying(attempt)


# ---- reading -------------------------------------------------------------------------------------


def appointment_with_history(salon_id: str, appointment_id: str) -> tuple[Appointment, list[HistoryEvent]]:
    return _load(salon_id, appointment_id), store.get_history(salon_id, appointment_id)


def location_day(salon_id: str, location_id: str, day: date) -> list[Appointment]:
    load_catalog(salon_id).location(location_id)  # 404 for an unknown location
    return sorted(store.appointments_of_location_day(salon_id, location_id, day), key=lambda a: a.start)


def staff_schedule(salon_id: str, staff_id: str, first_day: date, last_day: date) -> list[Appointment]:
    """A specialist's appointments on local days first_day..last_day (each in its location's zone)."""
    load_catalog(salon_id).staff_member(staff_id)  # 404 for an unknown specialist
    # A local day lies within 14 hours of the UTC day of the same date, whatever the zone.
    window_start = datetime.combine(first_day, time(), UTC) - timedelta(hours=14)
    window_end = datetime.combine(last_day + timedelta(days=1), time(), UTC) + timedelta(hours=14)
    found = store.appointments_of_staff(salon_id, staff_id, window_start.isoformat(), window_end.isoformat())
    return sorted(
        (a for a in found if first_day <= _local_day(a) <= last_day),
        key=lambda a: a.start,
    )
