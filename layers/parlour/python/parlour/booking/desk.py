"""The salon's bookings desk: what staff do with appointments, with each role's rights checked here.

Reception and managers run the desk; a specialist works only their own appointments (check-in,
completion); overriding booking rules is a manager's (or owner's) right and is recorded in the history.
"""

from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from parlour.access import Principal, Right
from parlour.availability.engine import SANE_YEARS, Channel
from parlour.booking import clients, service
from parlour.booking.models import Actor, ActorKind, Appointment, Client, HistoryEvent, Status
from parlour.errors import Forbidden, InvalidInput
from parlour.store import bookings as store


class DeskBooking(service.BookingRequest):
    """A booking made by staff: on the phone, at the desk, or a walk-in that starts now."""

    hold: bool = Field(False, description="Hold the time (awaiting a deposit) instead of confirming")
    walk_in: bool = Field(False, description="Start at the next slot from now; `start` is ignored")
    override: bool = Field(False, description="Manager only: ignore hours, notice and advance limits")


class AppointmentDetail(BaseModel):
    appointment: Appointment
    history: list[HistoryEvent]


class ClientDetail(BaseModel):
    client: Client
    appointments: list[Appointment]


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field("", max_length=500)


def _actor(principal: Principal) -> Actor:
    return Actor(kind=ActorKind.staff, id=principal.staff_id or principal.subject, role=principal.role.value)


def _require_override(principal: Principal, salon_id: str, override: bool) -> None:
    if override:
        principal.require(salon_id, Right.override)


def book(principal: Principal, salon_id: str, request: DeskBooking, *, now: datetime) -> service.Booked:
    principal.require(salon_id, Right.run_desk)
    _require_override(principal, salon_id, request.override)
    return service.book(
        salon_id,
        request,
        actor=_actor(principal),
        now=now,
        channel=Channel.salon,
        hold=request.hold,
        walk_in=request.walk_in,
        override=request.override,
    )


# A specialist may move their own appointments through these; everything else needs the desk right.
_OWN_WORK = frozenset({Status.checked_in, Status.completed})


def change_status(
    principal: Principal, salon_id: str, appointment_id: str, target: Status, *, reason: str, now: datetime
) -> Appointment:
    if not principal.can(Right.run_desk):
        principal.require(salon_id, Right.work_own_appointments)
        current = service.appointment_with_history(salon_id, appointment_id)[0]
        if target not in _OWN_WORK or current.staff_id != principal.staff_id:
            raise Forbidden("a specialist may only check in and complete their own appointments")
    principal.require(salon_id, Right.read_catalog)  # belongs to this salon
    if target is Status.cancelled and not reason:
        raise InvalidInput("reason", "say why the salon cancels; the client will see it")
    return service.change_status(
        salon_id, appointment_id, target, actor=_actor(principal), now=now, reason=reason
    )


def reschedule(
    principal: Principal,
    salon_id: str,
    appointment_id: str,
    *,
    start: datetime,
    staff_id: str | None,
    override: bool,
    now: datetime,
) -> Appointment:
    principal.require(salon_id, Right.run_desk)
    _require_override(principal, salon_id, override)
    return service.reschedule(
        salon_id,
        appointment_id,
        start=start,
        staff_id=staff_id,
        actor=_actor(principal),
        now=now,
        channel=Channel.salon,
        override=override,
    )


def move_to_specialist(
    principal: Principal, salon_id: str, appointment_id: str, *, staff_id: str, override: bool, now: datetime
) -> Appointment:
    current = detail(principal, salon_id, appointment_id).appointment
    return reschedule(
        principal,
        salon_id,
        appointment_id,
        start=current.start,
        staff_id=staff_id,
        override=override,
        now=now,
    )


def detail(principal: Principal, salon_id: str, appointment_id: str) -> AppointmentDetail:
    principal.require(salon_id, Right.read_catalog)
    appointment, history = service.appointment_with_history(salon_id, appointment_id)
    return AppointmentDetail(appointment=appointment, history=history)


def _check_days(first_day: date, days: int) -> None:
    if not 1 <= days <= 31:
        raise InvalidInput("days", "ask for 1 to 31 days")
    if first_day.year not in SANE_YEARS:  # also keeps the date arithmetic below from overflowing
        raise InvalidInput("from", "ask for days between the years 2000 and 2200")


def location_days(principal: Principal, salon_id: str, location_id: str, first_day: date, days: int) -> list:
    """Appointments of a location for `days` local days (1 = the day view, 7 = the week view)."""
    principal.require(salon_id, Right.read_catalog)
    _check_days(first_day, days)
    return [
        appointment
        for offset in range(days)
        for appointment in service.location_day(salon_id, location_id, first_day + timedelta(days=offset))
    ]


def staff_days(principal: Principal, salon_id: str, staff_id: str, first_day: date, days: int) -> list:
    principal.require(salon_id, Right.read_catalog)
    _check_days(first_day, days)
    return service.staff_schedule(salon_id, staff_id, first_day, first_day + timedelta(days=days - 1))


def find_client(principal: Principal, salon_id: str, *, phone: str | None, email: str | None) -> ClientDetail:
    principal.require(salon_id, Right.run_desk)
    if not phone and not email:
        raise InvalidInput("phone", "give a phone number or an email address")
    client_id = store.find_client_id(salon_id, phone=phone, email=email)
    if client_id is None:
        raise service.NotFound("no client with this phone or email")
    return client_detail(principal, salon_id, client_id)


def client_detail(principal: Principal, salon_id: str, client_id: str) -> ClientDetail:
    principal.require(salon_id, Right.run_desk)
    found, appointments = clients.client_with_history(salon_id, client_id)
    return ClientDetail(client=found, appointments=appointments)
