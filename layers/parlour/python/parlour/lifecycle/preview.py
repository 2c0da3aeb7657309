"""What a client will hear after booking: the confirmation's channel and when it goes, for the booking answer.

The same pure decision the notifier makes (parlour.notifications.delivery.decide), taken at the booking's
instant with the salon's automation settings: so the confirmation page tells what will really happen.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from parlour.booking.models import Appointment
from parlour.lifecycle.automation import SalonAutomation
from parlour.lifecycle.messages import client_recipient
from parlour.notifications.delivery import decide
from parlour.notifications.models import Channel, DeliveryStatus, NotificationKind


class When(StrEnum):
    now = "now"  # within moments
    after_quiet_hours = "after_quiet_hours"  # at `send_at`
    when_salon_resumes = "when_salon_resumes"  # the salon paused its messages
    not_sent = "not_sent"  # see `why_not`


class WhyNot(StrEnum):
    no_contact = "no_contact"  # neither a phone number nor an email address
    no_consent = "no_consent"  # the client agreed to no channel they gave
    too_late = "too_late"  # quiet hours end after the visit begins


class ConfirmationMessage(BaseModel):
    """The booking's confirmation message: by which channel and when (the reminders take the same one)."""

    when: When
    channel: Channel | None = Field(None, description="sms or email; null when nothing is sent")
    send_at: AwareDatetime | None = Field(None, description="after_quiet_hours: the instant it goes (UTC)")
    why_not: WhyNot | None = Field(None, description="not_sent: why")


_NOT_SENT = {
    DeliveryStatus.skipped_no_contact: WhyNot.no_contact,
    DeliveryStatus.skipped_no_consent: WhyNot.no_consent,
    DeliveryStatus.skipped_too_late: WhyNot.too_late,
}


def confirmation_message(
    appointment: Appointment, automation: SalonAutomation, now: datetime
) -> ConfirmationMessage:
    """The confirmation the lifecycle will send for a booking made at `now` (pure)."""
    decision = decide(
        client_recipient(appointment),
        NotificationKind.confirmation,
        automation.messaging(),
        time_zone=appointment.time_zone,
        stale_after=appointment.start,
        now=now,
    )
    if decision.status is DeliveryStatus.deferred:
        return ConfirmationMessage(
            when=When.after_quiet_hours, channel=decision.channel, send_at=decision.send_at
        )
    if decision.status is DeliveryStatus.held:
        return ConfirmationMessage(when=When.when_salon_resumes, channel=decision.channel)
    why_not = _NOT_SENT.get(decision.status)
    if why_not is not None:
        return ConfirmationMessage(when=When.not_sent, why_not=why_not)
    return ConfirmationMessage(when=When.now, channel=decision.channel)
