"""The notifier's work on one job from the lifecycle: send a notification once, or check for a no-show.

- A job that is not due yet (a reminder delivered early, an SMS deferred past quiet hours) goes back on
  the queue, delayed until it is; a deferred copy whose message was planned again since (the salon changed
  its quiet hours, see parlour.lifecycle.rechecks) or settled is dropped.
- A job whose occasion has lapsed (parlour.lifecycle.messages) sends nothing.
- Otherwise parlour.notifications.delivery.deliver sends it at most once per notification id; while the
  salon has paused automation it is held in the outbox instead.
- A no-show check marks the appointment no_show through the booking rules (transition table, ledgers and
  history in one transaction, conditioned on the version read), then tells the salon. A retry after a
  crash finds the no-show already recorded by the system and only sends the (idempotent) alert.
Errors propagate: the notifier reports the message as failed and SQS delivers it again.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from parlour.adapters.delivery_ledger import DynamoDeliveryLedger
from parlour.adapters.outbox import STATUS_LAPSED, DynamoOutbox
from parlour.adapters.senders import SesConfig, TwilioConfig, build_senders
from parlour.booking import service as booking
from parlour.booking.models import Actor, ActorKind, Status
from parlour.errors import Conflict, NotFound
from parlour.lifecycle.automation import SalonAutomation
from parlour.lifecycle.jobs import NO_SHOW, NoShowCheckJob, NotifyJob
from parlour.lifecycle.messages import lapsed, notification_for
from parlour.lifecycle.timing import seconds_until
from parlour.notifications.delivery import DeliveryLedger, Sender, deliver
from parlour.notifications.models import (
    Channel,
    DeliveryResult,
    DeliveryStatus,
    Notification,
    NotificationKind,
    OutgoingMessage,
)
from parlour.notifications.templates import render_for_console
from parlour.observability import logger
from parlour.settings import get_settings
from parlour.store import bookings
from parlour.store.automation import get_automation
from parlour.store.catalog import load_catalog
from parlour.store.lifecycle_runs import send_job

LIFECYCLE = Actor(kind=ActorKind.system, id="lifecycle")
SHOWN_TO_SALON = "for_salon"  # outbox status of an alert with no contact to send it to


@dataclass(frozen=True)
class Outcome:
    """What became of a job: a DeliveryStatus value, duplicate (settled before), not_due, superseded (a
    deferred copy planned again since), lapsed, gone, not_absent or marked_by_salon."""

    status: str
    reason: str = ""
    result: DeliveryResult | None = None


@dataclass(frozen=True)
class Delivery:
    """How messages leave: a sender per channel, the ledger that makes sends unique, the outbox."""

    senders: Mapping[Channel, Sender]
    ledger: DeliveryLedger
    outbox: DynamoOutbox
    lease: timedelta


def configured_delivery() -> Delivery:
    """Twilio and SES when the settings name them, else the local outbox for that channel."""
    settings = get_settings()
    twilio = TwilioConfig(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token.get_secret_value(),
        from_number=settings.twilio_from_number,
        api_base_url=settings.twilio_api_base_url or None,
    )
    ses = SesConfig(
        from_address=settings.ses_from_address,
        region=settings.aws_region,
        configuration_set=settings.ses_configuration_set or None,
    )
    outbox = DynamoOutbox()
    return Delivery(
        senders=build_senders(twilio, ses),
        ledger=DynamoDeliveryLedger(),
        outbox=outbox,
        lease=timedelta(seconds=settings.notification_lease_seconds),
    )


def handle_job(job: NotifyJob | NoShowCheckJob, delivery: Delivery, *, now: datetime) -> Outcome:
    if isinstance(job, NoShowCheckJob):
        return _check_no_show(job, delivery, now)
    return _notify(job, delivery, now)


def _again_at(job: NotifyJob, at: datetime, now: datetime, *, deferred: bool = False) -> None:
    later = job.model_copy(update={"not_before": at, "was_deferred": job.was_deferred or deferred})
    send_job(later.model_dump_json(), delay_seconds=seconds_until(at, now))


def _superseded(job: NotifyJob, outbox: DynamoOutbox) -> bool:
    """A deferred copy whose outbox entry moved on: planned again for another time, or settled."""
    if job.not_before is None or not job.was_deferred:
        return False
    entry = outbox.get(job.salon_id, job.created_at, job.notification_id)
    if entry is None:
        return False  # no entry to compare with: this copy is the one that counts
    return entry.status != DeliveryStatus.deferred.value or entry.send_at != job.not_before


def _not_sent(job: NotifyJob, delivery: Delivery, outcome: Outcome) -> Outcome:
    """A job that ends without a send: its deferred outbox entry (if any) says why."""
    if job.was_deferred:
        delivery.outbox.settle(
            job.salon_id, job.created_at, job.notification_id, status=STATUS_LAPSED, reason=outcome.reason
        )
    return outcome


def _notify(job: NotifyJob, delivery: Delivery, now: datetime) -> Outcome:
    if _superseded(job, delivery.outbox):
        return Outcome("superseded", "the message was planned again or settled since this copy was queued")
    if job.not_before is not None and job.not_before > now:
        _again_at(job, job.not_before, now)
        return Outcome("not_due", f"due at {job.not_before.isoformat()}")
    appointment = bookings.get_appointment(job.salon_id, job.appointment_id)
    if appointment is None:
        return _not_sent(job, delivery, Outcome("gone", "the appointment no longer exists"))
    automation = get_automation(job.salon_id)
    reason = lapsed(job, appointment, automation)
    if reason is not None:
        logger.info("lifecycle job lapsed", extra={"job": job.model_dump(mode="json"), "reason": reason})
        return _not_sent(job, delivery, Outcome("lapsed", reason))
    notification = notification_for(job, appointment, load_catalog(job.salon_id), automation)
    if job.kind is NotificationKind.no_show_salon_alert and not automation.has_alert_contact:
        return _show_to_salon(notification, automation, delivery)
    result = deliver(
        notification,
        automation.messaging(),
        senders=delivery.senders,
        ledger=delivery.ledger,
        outbox=delivery.outbox,
        now=now,
        lease=delivery.lease,
        was_deferred=job.was_deferred,
    )
    if result.status is DeliveryStatus.deferred and result.send_at is not None:
        _again_at(job, result.send_at, now, deferred=True)
    return Outcome("duplicate" if result.duplicate else result.status.value, result.reason, result)


def _show_to_salon(notification: Notification, automation: SalonAutomation, delivery: Delivery) -> Outcome:
    """A salon without an alert contact sees its alerts in the outbox (written once per notification)."""
    rendered = render_for_console(notification, automation.messaging())
    message = OutgoingMessage(
        notification_id=notification.id,
        salon_id=notification.salon_id,
        appointment_id=notification.appointment_id,
        kind=notification.kind,
        channel=rendered.channel,
        to=rendered.to,
        subject=rendered.subject,
        body=rendered.body,
        sender_name="Parlour",
        created_at=notification.created_at,
    )
    reason = "no alert contact is set: shown in the admin console only"
    delivery.outbox.add(message, status=SHOWN_TO_SALON, reason=reason)
    return Outcome(SHOWN_TO_SALON, reason)


def _check_no_show(job: NoShowCheckJob, delivery: Delivery, now: datetime) -> Outcome:
    appointment = bookings.get_appointment(job.salon_id, job.appointment_id)
    if appointment is None:
        return Outcome("gone", "the appointment no longer exists")
    if appointment.status is Status.confirmed and appointment.start == job.planned_start:
        try:
            booking.change_status(
                job.salon_id,
                job.appointment_id,
                Status.no_show,
                actor=LIFECYCLE,
                now=now,
                reason="never checked in",
            )
        except (Conflict, NotFound) as changed:  # checked in, moved or cancelled meanwhile: read again
            logger.info(
                "no-show not marked", extra={"appointment_id": job.appointment_id, "why": str(changed)}
            )
    history = bookings.get_history(job.salon_id, job.appointment_id)
    marked = next((event for event in reversed(history) if event.to_status is Status.no_show), None)
    if marked is None:
        return Outcome("not_absent", "the client checked in, or the appointment changed")
    if marked.actor.kind is not ActorKind.system:
        return Outcome("marked_by_salon", "the salon marked the no-show itself: it needs no alert")
    alert = NotifyJob(
        kind=NotificationKind.no_show_salon_alert,
        salon_id=job.salon_id,
        appointment_id=job.appointment_id,
        occasion=NO_SHOW,
        created_at=marked.at,
    )
    return _notify(alert, delivery, now)
