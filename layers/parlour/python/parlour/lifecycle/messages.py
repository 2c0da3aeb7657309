"""A job and the appointment as stored now, turned into the notification to send (or found lapsed).

The job says what the state machine saw; the appointment item says what is true now. A job whose occasion
has passed (a reminder for a time the appointment was moved from, a confirmation of a cancelled booking)
has lapsed and sends nothing.

Everything in the message is derived from the job, the appointment and the catalog, never from the clock:
a retry renders the very same text, which is what lets a retry recognise a message the provider already
took (see parlour.notifications.delivery).
"""

from datetime import datetime
from urllib.parse import urlencode

from parlour.booking import manage_token
from parlour.booking.models import Appointment, Status
from parlour.catalog.models import Catalog
from parlour.lifecycle.automation import SalonAutomation
from parlour.lifecycle.jobs import NotifyJob
from parlour.notifications.models import (
    Channel,
    Consent,
    MessageData,
    Notification,
    NotificationKind,
    Recipient,
)
from parlour.settings import get_settings

K = NotificationKind

# The state an appointment must still be in for each kind of message to make sense.
_STATUS_FOR: dict[NotificationKind, Status] = {
    K.confirmation: Status.confirmed,
    K.reminder: Status.confirmed,
    K.cancellation: Status.cancelled,
    K.follow_up: Status.completed,
    K.no_show_salon_alert: Status.no_show,
}


def lapsed(job: NotifyJob, appointment: Appointment, automation: SalonAutomation) -> str | None:
    """Why the job no longer applies to the appointment, or None when it still does."""
    wanted = _STATUS_FOR.get(job.kind)
    if wanted is None:
        return f"the lifecycle does not send {job.kind.value} messages"
    if appointment.status is not wanted:
        return f"the appointment is {appointment.status.value}, no longer {wanted.value}"
    if job.kind is K.confirmation and _instant(job.occasion) != appointment.start:
        return "the appointment was moved after this confirmation was planned"
    if job.kind is K.reminder and _instant(job.occasion) not in appointment.remind_at:
        return "the appointment was moved: this reminder is no longer planned"
    if job.kind is K.follow_up and not automation.follow_up:
        return "the salon does not send follow-ups"
    return None


def _instant(occasion: str) -> datetime | None:
    """The instant a confirmation or reminder occasion names (the state machine copies it from the item)."""
    try:
        moment = datetime.fromisoformat(occasion)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def manage_link(appointment: Appointment, issued_at: datetime) -> str:
    """The client's manage link (the booking PWA's manage page), as the booking answer gives it."""
    token = manage_token.issue(appointment.salon_id, appointment.id, issued_at)
    return f"{get_settings().public_web_url}/book/manage.html#{appointment.salon_id}/{appointment.id}/{token}"


def rebook_link(appointment: Appointment) -> str:
    """The booking PWA's entry link for the same service, variant, specialist and location."""
    query = {
        "salon": appointment.salon_id,
        "service": appointment.service_id,
        "variant": appointment.variant_id,
        "staff": appointment.staff_id,
        "location": appointment.location_id,
    }
    return f"{get_settings().public_web_url}/book/?{urlencode(query)}"


def console_link(appointment: Appointment) -> str:
    """The appointment in the admin console."""
    query = urlencode({"salon": appointment.salon_id})
    return f"{get_settings().public_web_url}/admin/?{query}#{appointment.id}"


def _link(job: NotifyJob, appointment: Appointment) -> str:
    if job.kind in (K.confirmation, K.reminder):
        return manage_link(appointment, job.created_at)
    if job.kind is K.no_show_salon_alert:
        return console_link(appointment)
    return rebook_link(appointment)


def _service_name(catalog: Catalog, appointment: Appointment) -> str:
    service = catalog.services.get(appointment.service_id)
    if service is None:  # removed from the catalog since: the id still says what it was
        return appointment.service_id
    variant = next((v for v in service.variants if v.id == appointment.variant_id), None)
    if variant is None or len(service.variants) == 1:
        return service.name
    return f"{service.name} ({variant.name})"[:120]


def client_recipient(appointment: Appointment) -> Recipient:
    """The client as they booked: SMS when they gave a phone number, else email, each only with consent."""
    client = appointment.client
    return Recipient(
        name=client.name,
        phone=client.phone,
        email=client.email,
        locale=client.locale,
        preferred_channel=Channel.sms if client.phone else Channel.email,
        consent=Consent(
            sms=client.consent.sms, email=client.consent.email, marketing=client.consent.marketing
        ),
    )


def salon_recipient(catalog: Catalog, automation: SalonAutomation) -> Recipient:
    """The salon's alert contact: it asked for these alerts, so it consents to them on both channels."""
    return Recipient(
        name=catalog.salon.name,
        phone=automation.alert_phone,
        email=automation.alert_email,
        locale=automation.default_locale,
        preferred_channel=Channel.email if automation.alert_email else Channel.sms,
        consent=Consent(sms=True, email=True),
    )


def notification_for(
    job: NotifyJob, appointment: Appointment, catalog: Catalog, automation: SalonAutomation
) -> Notification:
    location = catalog.locations.get(appointment.location_id)
    staff = catalog.staff.get(appointment.staff_id)
    recipient = (
        salon_recipient(catalog, automation)
        if job.kind is K.no_show_salon_alert
        else client_recipient(appointment)
    )
    return Notification(
        id=Notification.make_id(appointment.id, job.kind, job.occasion),
        salon_id=appointment.salon_id,
        appointment_id=appointment.id,
        kind=job.kind,
        recipient=recipient,
        data=MessageData(
            salon_name=catalog.salon.name,
            service_name=_service_name(catalog, appointment),
            staff_name=staff.name if staff else "",
            location_name=location.name if location else "",
            location_address=location.address if location else "",
            client_name=appointment.client.name,
            starts_at=appointment.start,
            time_zone=appointment.time_zone,
            price=appointment.price,
            link=_link(job, appointment),
        ),
        created_at=job.created_at,
    )
