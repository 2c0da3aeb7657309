"""Expiring holds: a hold past its expiry becomes `expired` (with history) and its time leaves the ledgers.

An expired hold already stops blocking availability the moment it expires; the sweep makes the state
explicit for the salon and the client, and tidies the ledgers.
"""

from dataclasses import dataclass, field
from datetime import datetime

from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, Status
from parlour.errors import Conflict, NotFound
from parlour.store import bookings as store

SWEEPER = Actor(kind=ActorKind.system, id="hold-sweeper")


@dataclass
class SweepResult:
    expired: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # confirmed or cancelled meanwhile


def expire_due_holds(now: datetime, limit: int = 100) -> SweepResult:
    result = SweepResult()
    for salon_id, appointment_id in store.due_holds(now, limit):
        try:
            service.change_status(
                salon_id, appointment_id, Status.expired, actor=SWEEPER, now=now, reason="hold expired"
            )
            result.expired.append(appointment_id)
        except (Conflict, NotFound):
            result.skipped.append(appointment_id)
    return result
