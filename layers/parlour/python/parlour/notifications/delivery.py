"""Deciding and sending one notification, exactly once per notification id.

The send is claim -> send -> record:
1. claim: a conditional put of the notification's ledger item (status `sending`, attempt n). A second
   delivery of the same notification finds the item and does not send again.
2. send through the provider (Twilio, SES, or the local outbox).
3. record: the provider's message id and status `sent` (or `failed` when the provider refused for good).

A crash between 1 and 3 leaves a claim in `sending` that nobody recorded. A retry cannot know whether
the provider accepted it, so it never re-sends blindly:
- while the claim is younger than the lease, another worker may still be sending: NotificationInFlight
  (the notifier leaves the message on its queue and tries later);
- after the lease, a provider that keeps a searchable log (Twilio, the outbox) is asked whether the exact
  message went out since the claim: if it did, its id is recorded (nothing sent now); if it did not, the
  retry takes the claim over (conditional on the attempt number) and sends;
- a provider without such a log (SES) cannot tell: the notification is marked `unknown` and put in the
  outbox, where the salon sees it and can act. A lost email is less harm than a guessed duplicate.
The lease must exceed the longest a send can take (the notifier's timeout); the queue's visibility
timeout should exceed the lease so a retry comes after it.

Every message that does not go at once is written to the salon's outbox with why: deferred by quiet hours
(with when it will go), held while automation is paused, skipped (no contact, no consent, too late), refused
by the provider, or of unknown outcome. A deferred entry is replaced when the message is planned again, and
settled when it goes.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from parlour.notifications.channels import choose_channel, why_no_channel
from parlour.notifications.models import (
    Channel,
    DeliveryResult,
    DeliveryStatus,
    Notification,
    NotificationKind,
    OutgoingMessage,
    Recipient,
    SalonMessaging,
)
from parlour.notifications.quiet_hours import next_allowed
from parlour.notifications.templates import render
from parlour.observability import logger

DEFAULT_LEASE = timedelta(minutes=5)


class SendRejected(Exception):
    """The provider refused this message for good (invalid number, unsubscribed, unverified sender)."""

    def __init__(self, reason: str, *, code: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.code = code


class SendUnavailable(Exception):
    """The provider certainly did not take the message (throttled, unreachable): safe to try again later."""


class NotificationInFlight(Exception):
    """Another attempt holds a fresh claim on this notification: try again after the lease."""


class Sender(Protocol):
    provider: str  # "twilio", "ses", "outbox"
    # True when find_sent can tell whether a message went out (a searchable log of sent messages).
    can_reconcile: bool

    def send(self, message: OutgoingMessage) -> str:
        """Hand the message over; answer the provider's message id. Raise SendRejected or SendUnavailable."""
        ...

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        """The id of this exact message if the provider took it at or after `since`."""
        ...


@dataclass(frozen=True)
class LedgerRecord:
    notification_id: str
    status: DeliveryStatus
    attempt: int
    claimed_at: datetime
    channel: Channel | None = None
    provider: str | None = None
    provider_message_id: str | None = None
    reason: str = ""


class DeliveryLedger(Protocol):
    def get(self, salon_id: str, notification_id: str) -> LedgerRecord | None:
        """The notification's record, if anything was decided or sent for it."""
        ...

    def claim(
        self,
        notification: Notification,
        *,
        status: DeliveryStatus,
        channel: Channel | None,
        provider: str | None,
        now: datetime,
    ) -> LedgerRecord | None:
        """Create the record (attempt 1) unless one exists; None when created, else the existing record."""
        ...

    def take_over(self, notification: Notification, *, attempt: int, now: datetime) -> bool:
        """Move a stale `sending` claim from `attempt` to attempt + 1; False if someone else changed it."""
        ...

    def finish(
        self,
        notification: Notification,
        *,
        status: DeliveryStatus,
        now: datetime,
        provider_message_id: str | None = None,
        reason: str = "",
    ) -> bool:
        """Settle a `sending` claim; False if it was already settled."""
        ...

    def release(self, notification: Notification, *, attempt: int) -> None:
        """Drop our `sending` claim: the provider certainly did not take the message."""
        ...


class Outbox(Protocol):
    def add(
        self, message: OutgoingMessage, *, status: str, reason: str = "", send_at: datetime | None = None
    ) -> bool:
        """Write the message's entry (or replace its deferred one); False when it is settled already."""
        ...

    def note(self, notification: Notification, *, status: str, reason: str, channel: Channel | None) -> bool:
        """Write an entry for a notification that was never rendered (skipped), or replace a deferred one."""
        ...

    def settle_deferred(self, notification: Notification, *, status: str, reason: str) -> bool:
        """Set the status of the notification's entry if it is still deferred; False when it is not."""
        ...


PAUSED = "automation is paused"


@dataclass(frozen=True)
class Decision:
    """Whether a message goes now, later or not at all, by which channel, and why not now."""

    status: DeliveryStatus  # sending (go ahead), deferred, held, or a skipped_* status
    channel: Channel | None = None
    send_at: datetime | None = None  # deferred: when quiet hours end
    reason: str = ""


def decide(
    recipient: Recipient,
    kind: NotificationKind,
    salon: SalonMessaging,
    *,
    time_zone: str,
    stale_after: datetime | None,
    now: datetime,
) -> Decision:
    """The pure decision over consent and contact, the salon's automation switch, quiet hours and
    staleness. The notifier acts on it; the booking answer shows the client what it will be."""
    now = now.astimezone(UTC)
    channel = choose_channel(recipient, kind)
    if channel is None:
        status, reason = why_no_channel(recipient, kind)
        return Decision(status, reason=reason)
    if salon.automation_paused:
        # Held at once, whatever the hour: the salon sees what would have gone and when it was due.
        return Decision(DeliveryStatus.held, channel=channel, reason=PAUSED)
    send_at = now
    if channel is Channel.sms:
        send_at = next_allowed(now, time_zone, salon.quiet_hours)
    if stale_after is not None and send_at >= stale_after:
        reason = (
            "quiet hours end only after the visit begins or the offer expires"
            if send_at > now
            else "the visit already began or the offer expired"
        )
        return Decision(DeliveryStatus.skipped_too_late, channel=channel, reason=reason)
    if send_at > now and salon.quiet_hours is not None:
        quiet = salon.quiet_hours
        reason = (
            f"quiet hours {quiet.start:%H:%M}-{quiet.end:%H:%M} ({time_zone}): goes at {send_at.isoformat()}"
        )
        return Decision(DeliveryStatus.deferred, channel=channel, send_at=send_at, reason=reason)
    return Decision(DeliveryStatus.sending, channel=channel)


@dataclass(frozen=True)
class Plan:
    status: DeliveryStatus  # sending (go ahead), deferred, held, or a skipped_* status
    channel: Channel | None = None
    send_at: datetime | None = None
    # What goes (or would go) out: rendered whenever there is a channel, so the outbox shows it.
    message: OutgoingMessage | None = None
    reason: str = ""


def plan_delivery(notification: Notification, salon: SalonMessaging, now: datetime) -> Plan:
    """What to do with the notification now (see decide), with the message rendered for its channel."""
    decision = decide(
        notification.recipient,
        notification.kind,
        salon,
        time_zone=notification.data.time_zone,
        stale_after=notification.stale_after(),
        now=now,
    )
    channel = decision.channel
    return Plan(
        decision.status,
        channel=channel,
        send_at=decision.send_at,
        message=_outgoing(notification, channel, salon) if channel is not None else None,
        reason=decision.reason,
    )


def _outgoing(notification: Notification, channel: Channel, salon: SalonMessaging) -> OutgoingMessage:
    rendered = render(notification, channel, salon)
    return OutgoingMessage(
        notification_id=notification.id,
        salon_id=notification.salon_id,
        appointment_id=notification.appointment_id,
        kind=notification.kind,
        channel=channel,
        to=rendered.to,
        subject=rendered.subject,
        body=rendered.body,
        sender_name=notification.data.salon_name,
        created_at=notification.created_at,
    )


def _result_of(record: LedgerRecord, *, duplicate: bool) -> DeliveryResult:
    return DeliveryResult(
        notification_id=record.notification_id,
        status=record.status,
        channel=record.channel,
        provider=record.provider,
        provider_message_id=record.provider_message_id,
        duplicate=duplicate,
        reason=record.reason,
    )


def _send(
    notification: Notification,
    message: OutgoingMessage,
    sender: Sender,
    ledger: DeliveryLedger,
    *,
    attempt: int,
    now: datetime,
) -> DeliveryResult:
    base = {"notification_id": notification.id, "channel": message.channel, "provider": sender.provider}
    try:
        provider_message_id = sender.send(message)
    except SendRejected as refused:
        ledger.finish(notification, status=DeliveryStatus.failed, now=now, reason=refused.reason)
        logger.warning("notification refused", extra={**base, "reason": refused.reason})
        return DeliveryResult(**base, status=DeliveryStatus.failed, reason=refused.reason)
    except SendUnavailable:
        ledger.release(notification, attempt=attempt)
        raise
    # Any other error leaves the claim in `sending`: the provider may have taken the message.
    if not ledger.finish(
        notification, status=DeliveryStatus.sent, now=now, provider_message_id=provider_message_id
    ):
        logger.error("notification sent by two attempts", extra={**base, "attempt": attempt})
    return DeliveryResult(**base, status=DeliveryStatus.sent, provider_message_id=provider_message_id)


def deliver(
    notification: Notification,
    salon: SalonMessaging,
    *,
    senders: Mapping[Channel, Sender],
    ledger: DeliveryLedger,
    outbox: Outbox,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
    was_deferred: bool = False,
) -> DeliveryResult:
    """Send the notification at most once. Deferred results carry `send_at`: the caller schedules it again.

    `was_deferred`: the notification was put off before, so its outbox entry is settled when it goes.
    Raises NotificationInFlight (another attempt is sending) and SendUnavailable (the provider did not take
    it): both mean "try again later" and nothing was sent.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    plan = plan_delivery(notification, salon, now)
    if plan.status is DeliveryStatus.deferred and plan.message is not None:
        settled = ledger.get(notification.salon_id, notification.id)
        if settled is not None and settled.status is not DeliveryStatus.sending:
            return _result_of(settled, duplicate=True)  # a late copy of a message already decided
        outbox.add(plan.message, status=plan.status.value, reason=plan.reason, send_at=plan.send_at)
        return DeliveryResult(
            notification_id=notification.id,
            status=plan.status,
            channel=plan.channel,
            send_at=plan.send_at,
            reason=plan.reason,
        )
    if plan.status is not DeliveryStatus.sending or plan.message is None:
        # Held or skipped: recorded once, so a retry answers the same.
        existing = ledger.claim(
            notification, status=plan.status, channel=plan.channel, provider=None, now=now
        )
        if existing is not None:
            return _result_of(existing, duplicate=True)
        if plan.message is not None:  # held, or too late: the salon sees what it would have been
            outbox.add(plan.message, status=plan.status.value, reason=plan.reason)
        else:
            outbox.note(notification, status=plan.status.value, reason=plan.reason, channel=plan.channel)
        logger.info(
            "notification not sent now",
            extra={"notification_id": notification.id, "status": plan.status, "reason": plan.reason},
        )
        return DeliveryResult(
            notification_id=notification.id, status=plan.status, channel=plan.channel, reason=plan.reason
        )
    result = _send_once(notification, plan.message, senders, ledger, outbox, now=now, lease=lease)
    if result.status is DeliveryStatus.failed and not result.duplicate:
        outbox.add(plan.message, status=result.status.value, reason=result.reason)
    elif result.status is DeliveryStatus.sent and was_deferred:
        outbox.settle_deferred(notification, status=result.status.value, reason=f"sent by {result.provider}")
    return result


def _send_once(
    notification: Notification,
    message: OutgoingMessage,
    senders: Mapping[Channel, Sender],
    ledger: DeliveryLedger,
    outbox: Outbox,
    *,
    now: datetime,
    lease: timedelta,
) -> DeliveryResult:
    sender = senders[message.channel]
    existing = ledger.claim(
        notification,
        status=DeliveryStatus.sending,
        channel=message.channel,
        provider=sender.provider,
        now=now,
    )
    if existing is None:
        return _send(notification, message, sender, ledger, attempt=1, now=now)
    if existing.status is not DeliveryStatus.sending:
        return _result_of(existing, duplicate=True)
    if now - existing.claimed_at < lease:
        raise NotificationInFlight(
            f"notification {notification.id} is being sent by attempt {existing.attempt}"
        )

    # A stale claim: the attempt that made it stopped between claim and record.
    if sender.can_reconcile:
        found = sender.find_sent(message, since=existing.claimed_at)
        if found is not None:
            ledger.finish(
                notification,
                status=DeliveryStatus.sent,
                now=now,
                provider_message_id=found,
                reason="recovered from the provider's log after an interrupted send",
            )
            return DeliveryResult(
                notification_id=notification.id,
                status=DeliveryStatus.sent,
                channel=message.channel,
                provider=sender.provider,
                provider_message_id=found,
                duplicate=True,
                reason="recovered from the provider's log after an interrupted send",
            )
        if not ledger.take_over(notification, attempt=existing.attempt, now=now):
            raise NotificationInFlight(f"notification {notification.id} was taken over by another attempt")
        return _send(notification, message, sender, ledger, attempt=existing.attempt + 1, now=now)

    reason = f"{sender.provider} keeps no log to check: an interrupted send may or may not have gone out"
    ledger.finish(notification, status=DeliveryStatus.unknown, now=now, reason=reason)
    outbox.add(message, status=DeliveryStatus.unknown.value, reason=reason)
    logger.warning(
        "notification outcome unknown", extra={"notification_id": notification.id, "reason": reason}
    )
    return DeliveryResult(
        notification_id=notification.id,
        status=DeliveryStatus.unknown,
        channel=message.channel,
        provider=sender.provider,
        reason=reason,
    )
