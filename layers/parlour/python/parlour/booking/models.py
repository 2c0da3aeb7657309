"""Appointment, its states and history, and the client who booked it."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from parlour.money import Money
from parlour.phone import PhoneE164
from parlour.text import Name

Locale = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]


class Status(StrEnum):
    held = "held"  # awaiting a deposit or a waitlist reply; blocks time until hold_expires_at
    confirmed = "confirmed"
    checked_in = "checked_in"
    completed = "completed"
    cancelled = "cancelled"
    no_show = "no_show"
    expired = "expired"


# Appointments in these states own their time in the day ledgers (a held one only until its hold expires).
# A completed appointment keeps its time: it was used. Cancelled, no-show and expired ones free it.
OCCUPYING = frozenset({Status.held, Status.confirmed, Status.checked_in, Status.completed})


class ActorKind(StrEnum):
    client = "client"
    staff = "staff"
    system = "system"


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ActorKind
    id: str
    role: str | None = None


class Consent(BaseModel):
    sms: bool = False
    email: bool = False
    marketing: bool = False


class ClientDetails(BaseModel):
    """What a client gives when booking; phone or email identifies them and carries their messages.

    A booking needs one of the two (`reachable`), except a walk-in: at the desk a name, or nothing, will do.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name
    phone: PhoneE164 | None = None
    email: EmailStr | None = None
    locale: Locale | None = None  # none: the salon's default language
    consent: Consent = Field(default_factory=Consent)

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email)


class Client(ClientDetails):
    model_config = ConfigDict(extra="ignore")  # stored items carry their keys

    id: str
    salon_id: str
    created_at: AwareDatetime


class Cancellation(BaseModel):
    by: ActorKind
    late: bool
    reason: str = ""  # checked where it enters (parlour.booking.service.Reason); stored as given


class PriceListRef(BaseModel):
    """Which price list a booking's price came from: its id and version, or when it was computed instead."""

    id: str
    version: int | None = Field(None, description="The list's version, as the public prices answer gives it")
    content_hash: str | None = None
    computed_at: AwareDatetime | None = Field(None, description="Set when no fresh list existed")


class Appointment(BaseModel):
    """An appointment item. start/end are the service itself; blocked_* include the buffers."""

    id: str
    salon_id: str
    location_id: str
    service_id: str
    variant_id: str
    staff_id: str
    resource_ids: list[str] = Field(default_factory=list)
    start: AwareDatetime
    end: AwareDatetime
    blocked_start: AwareDatetime
    blocked_end: AwareDatetime
    time_zone: str
    status: Status
    hold_expires_at: AwareDatetime | None = None
    client_id: str
    client: ClientDetails
    note: str = ""  # checked where it enters (parlour.booking.service.Note)
    price: Money
    price_list: PriceListRef | None = None
    version: int = 1
    created_at: AwareDatetime
    updated_at: AwareDatetime
    created_by: Actor
    cancellation: Cancellation | None = None
    walk_in: bool = False
    # When reminders go and the no-show check runs (parlour.lifecycle.timing). The lifecycle state machine
    # waits for these instants and re-reads them, so they are rewritten whenever the time is set or moved.
    remind_at: list[AwareDatetime] = Field(default_factory=list)
    no_show_check_at: AwareDatetime | None = None

    def occupies(self, now: datetime) -> bool:
        if self.status not in OCCUPYING:
            return False
        return self.status != Status.held or (self.hold_expires_at is not None and self.hold_expires_at > now)


class HistoryEvent(BaseModel):
    """One transition of an appointment: who, when, from, to, why."""

    appointment_id: str
    version: int
    at: AwareDatetime
    actor: Actor
    from_status: Status | None = None
    to_status: Status
    reason: str = ""
    override: bool = False
    changes: dict = Field(default_factory=dict)
