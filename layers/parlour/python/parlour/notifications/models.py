"""What a notification is: who gets it, about what, through which channels they agreed to, and its outcome.

A Notification is created once (by the lifecycle or the waitlist) and carried unchanged through retries:
its `id` is the idempotency key of the send and `created_at` orders it in the outbox.
"""

from datetime import datetime, time
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from parlour.catalog.models import TimeZoneName, WallTime
from parlour.money import Money
from parlour.phone import PhoneE164

E164Phone = PhoneE164
# Keys of the single table embed the id, so it may not contain the separator '#'.
NotificationId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:+-]{1,160}$")]
# 35 characters: what BCP 47 (RFC 5646, 4.4.1) asks every implementation to hold; the pattern alone
# would repeat subtags without end.
LocaleTag = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=35, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"
    ),
]


class NotificationKind(StrEnum):
    confirmation = "confirmation"
    reminder = "reminder"
    cancellation = "cancellation"
    no_show_salon_alert = "no_show_salon_alert"
    follow_up = "follow_up"
    waitlist_offer = "waitlist_offer"


# Kinds that invite a new purchase rather than serve a booking already made: they need marketing consent.
MARKETING_KINDS = frozenset({NotificationKind.follow_up})


class Channel(StrEnum):
    sms = "sms"
    email = "email"


class DeliveryStatus(StrEnum):
    sending = "sending"  # claimed; the provider may or may not have accepted it yet
    sent = "sent"  # the provider (or the local outbox) accepted it; provider_message_id is recorded
    deferred = "deferred"  # quiet hours: not sent now, send again at `send_at`
    skipped_no_consent = "skipped_no_consent"  # no channel the recipient agreed to
    skipped_no_contact = "skipped_no_contact"  # neither a phone number nor an email address
    skipped_too_late = "skipped_too_late"  # the offer expired or the appointment began before it could go
    held = "held"  # the salon paused automation: kept in the outbox for the salon to see, not sent
    failed = "failed"  # the provider refused it for good (invalid number, unsubscribed)
    unknown = "unknown"  # a send was interrupted and the provider cannot tell whether it went out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Consent(_Model):
    """What the recipient agreed to receive. Booking messages need the channel; marketing needs both."""

    sms: bool = False
    email: bool = False
    marketing: bool = False


class Recipient(_Model):
    name: str = Field("", max_length=120)
    phone: E164Phone | None = None
    email: EmailStr | None = None
    # BCP 47 tag as the client's browser or the desk gave it ("pl-PL", "en", "de_AT").
    locale: LocaleTag | None = None
    preferred_channel: Channel = Channel.sms
    consent: Consent = Field(default_factory=Consent)

    def address(self, channel: Channel) -> str | None:
        return self.phone if channel is Channel.sms else (str(self.email) if self.email else None)


class MessageData(_Model):
    """The facts a template may show. Times are instants; the location's zone makes them local."""

    salon_name: str = Field(min_length=1, max_length=120)
    service_name: str = Field("", max_length=120)
    staff_name: str = Field("", max_length=120)
    location_name: str = Field("", max_length=120)
    location_address: str = Field("", max_length=300)
    client_name: str = Field("", max_length=120)
    starts_at: AwareDatetime | None = None
    time_zone: TimeZoneName
    price: Money | None = None
    # The one link of the message: manage (confirmation, reminder), book again (cancellation, follow-up),
    # take the offer (waitlist_offer), the appointment in the admin console (no_show_salon_alert).
    link: str | None = Field(None, max_length=500)
    offer_expires_at: AwareDatetime | None = None


# What each kind cannot be written without.
_REQUIRED: dict[NotificationKind, tuple[str, ...]] = {
    NotificationKind.confirmation: ("starts_at", "service_name"),
    NotificationKind.reminder: ("starts_at", "service_name"),
    NotificationKind.cancellation: ("starts_at", "service_name"),
    NotificationKind.no_show_salon_alert: ("starts_at", "service_name", "client_name"),
    NotificationKind.follow_up: (),
    NotificationKind.waitlist_offer: ("starts_at", "service_name", "offer_expires_at", "link"),
}


class Notification(_Model):
    id: NotificationId
    salon_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    appointment_id: str = Field(min_length=1, max_length=80, pattern=r"^[^#]+$")
    kind: NotificationKind
    recipient: Recipient
    data: MessageData
    created_at: AwareDatetime

    @model_validator(mode="after")
    def _complete_for_its_kind(self) -> "Notification":
        missing = [name for name in _REQUIRED[self.kind] if not getattr(self.data, name)]
        if missing:
            raise ValueError(f"a {self.kind.value} needs data.{', data.'.join(missing)}")
        return self

    @staticmethod
    def make_id(appointment_id: str, kind: NotificationKind, occasion: str) -> str:
        """A stable id: the same appointment, kind and occasion (e.g. the remind_at instant) is one message.

        A rescheduled appointment has a new remind_at and so a new reminder id; a retried one keeps it.
        """
        return f"{appointment_id}.{kind.value}.{occasion}".replace("#", "-")

    def stale_after(self) -> datetime | None:
        """After this instant the message is pointless: the offer expired or the visit already began."""
        if self.kind is NotificationKind.waitlist_offer:
            return self.data.offer_expires_at
        if self.kind in (NotificationKind.reminder, NotificationKind.confirmation):
            return self.data.starts_at  # e.g. a visit the desk recorded after the fact needs no confirmation
        return None


class QuietHours(_Model):
    """Local wall-time window in which no SMS goes out; may wrap midnight (21:00-08:00)."""

    start: WallTime
    end: WallTime

    @model_validator(mode="after")
    def _not_empty(self) -> "QuietHours":
        if self.start == self.end:
            raise ValueError("quiet hours must not start and end at the same time")
        return self


class SalonMessaging(_Model):
    """A salon's messaging preferences."""

    default_locale: LocaleTag = "en"
    quiet_hours: QuietHours | None = Field(default_factory=lambda: QuietHours(start=time(21), end=time(8)))
    # The salon's automation switch: while paused nothing automatic is sent; what falls due is held.
    automation_paused: bool = False


class RenderedMessage(_Model):
    channel: Channel
    to: str
    subject: str | None = None  # email only
    body: str
    locale: str  # the Babel locale the message was written and formatted in


class OutgoingMessage(_Model):
    """One rendered message on its way to a provider (or the local outbox)."""

    notification_id: NotificationId
    salon_id: str
    appointment_id: str
    kind: NotificationKind
    channel: Channel
    to: str
    subject: str | None = None
    body: str
    sender_name: str = ""  # shown as the email's From name (the salon)
    created_at: AwareDatetime


class DeliveryResult(_Model):
    notification_id: NotificationId
    status: DeliveryStatus
    channel: Channel | None = None
    provider: str | None = None
    provider_message_id: str | None = None
    send_at: AwareDatetime | None = None  # for deferred: when to try again
    # True when this call found the outcome already recorded (a retry): nothing was sent now.
    duplicate: bool = False
    reason: str = ""
