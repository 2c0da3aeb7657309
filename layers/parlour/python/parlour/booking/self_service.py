"""What a client does without an account: book online, then view, cancel or reschedule by manage link."""

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel

from parlour.availability.engine import Channel
from parlour.availability.localtime import local_iso
from parlour.booking import manage_token, service
from parlour.booking.models import Actor, ActorKind, Appointment, Cancellation, Status
from parlour.errors import NotFound, Unauthorized
from parlour.lifecycle.preview import ConfirmationMessage, confirmation_message
from parlour.money import Money
from parlour.pricing.lists import PriceChange
from parlour.settings import get_settings
from parlour.store import idempotency
from parlour.store.automation import get_automation
from parlour.store.catalog import load_catalog


class ClientAppointment(BaseModel):
    """An appointment as its client sees it."""

    id: str
    salon_id: str
    status: Status
    service_id: str
    variant_id: str
    location_id: str
    staff_id: str
    start: AwareDatetime
    end: AwareDatetime
    local_start: str
    time_zone: str
    price: Money
    note: str
    cancellation: Cancellation | None = None
    cancel_is_late_now: bool = False


class BookingConfirmation(BaseModel):
    appointment: ClientAppointment
    manage_token: str
    manage_url: str
    # True when the price moved since the client saw it (price_seen): the booking is at price_change.new.
    price_changed: bool = False
    price_change: PriceChange | None = None
    # What the client will hear: the confirmation's channel and when (null in answers stored before it).
    confirmation_message: ConfirmationMessage | None = None


def _client_view(appointment: Appointment, now: datetime, cancel_window_hours: int) -> ClientAppointment:
    return ClientAppointment(
        **appointment.model_dump(
            include={
                "id",
                "salon_id",
                "status",
                "service_id",
                "variant_id",
                "location_id",
                "staff_id",
                "start",
                "end",
                "time_zone",
                "price",
                "note",
                "cancellation",
            }
        ),
        local_start=local_iso(appointment.time_zone, appointment.start),
        cancel_is_late_now=now > appointment.start - timedelta(hours=cancel_window_hours),
    )


def _window(salon_id: str) -> int:
    return load_catalog(salon_id).salon.policy.cancel_window_hours


def _client_actor(appointment_id: str) -> Actor:
    return Actor(kind=ActorKind.client, id=f"manage-link:{appointment_id}")


def book_online(
    salon_id: str, request: service.BookingRequest, *, idempotency_key: str | None, now: datetime
) -> BookingConfirmation:
    """Book as a client online; with an idempotency key a retried request returns the first answer."""

    def work() -> dict:
        # Read before booking: a failure after the commit would answer 500 for a stored booking.
        automation = get_automation(salon_id)
        booked = service.book(
            salon_id,
            request,
            actor=Actor(kind=ActorKind.client, id="online"),
            now=now,
            channel=Channel.online,
        )
        appointment = booked.appointment
        return BookingConfirmation(
            appointment=_client_view(appointment, now, booked.cancel_window_hours),
            manage_token=booked.manage_token,
            manage_url=f"{get_settings().public_web_url}/book/manage.html#{salon_id}/{appointment.id}/"
            f"{booked.manage_token}",
            price_changed=booked.price_change is not None,
            price_change=booked.price_change,
            confirmation_message=confirmation_message(appointment, automation, now),
        ).model_dump(mode="json")

    if not idempotency_key:
        return BookingConfirmation.model_validate(work())
    answer = idempotency.run_once(f"book#{salon_id}", idempotency_key, request.model_dump(mode="json"), work)
    return BookingConfirmation.model_validate(answer)


# A manage link keeps working a while after the visit, so the client can still see what happened.
LINK_WORKS_AFTER_END = timedelta(days=30)


def _granted(salon_id: str, appointment_id: str, token: str, now: datetime) -> Appointment:
    """The appointment a valid manage link opens; 401 without or with a bad link, 404 for another one."""
    if not token:
        raise Unauthorized("open this appointment from the link in your confirmation")
    grant = manage_token.verify(token)
    if (grant.salon_id, grant.appointment_id) != (salon_id, appointment_id):
        raise NotFound("no such appointment for this link")
    appointment, _ = service.appointment_with_history(salon_id, appointment_id)
    if now > appointment.end + LINK_WORKS_AFTER_END:
        raise Unauthorized("this manage link has expired; contact the salon")
    return appointment


def view(salon_id: str, appointment_id: str, token: str, *, now: datetime) -> ClientAppointment:
    appointment = _granted(salon_id, appointment_id, token, now)
    return _client_view(appointment, now, _window(salon_id))


def cancel(
    salon_id: str, appointment_id: str, token: str, *, reason: str, now: datetime
) -> ClientAppointment:
    _granted(salon_id, appointment_id, token, now)
    cancelled = service.change_status(
        salon_id,
        appointment_id,
        Status.cancelled,
        actor=_client_actor(appointment_id),
        now=now,
        reason=reason,
    )
    return _client_view(cancelled, now, _window(salon_id))


def reschedule(
    salon_id: str, appointment_id: str, token: str, *, start: datetime, staff_id: str | None, now: datetime
) -> ClientAppointment:
    _granted(salon_id, appointment_id, token, now)
    moved = service.reschedule(
        salon_id, appointment_id, start=start, staff_id=staff_id, actor=_client_actor(appointment_id), now=now
    )
    return _client_view(moved, now, _window(salon_id))


__all__ = [
    "BookingConfirmation",
    "ClientAppointment",
    "NotFound",
    "book_online",
    "cancel",
    "reschedule",
    "view",
]
