"""Which change of an appointment item starts a lifecycle execution (read from the table's stream).

The stream delivers a change only after it was committed, so nothing is ever sent for an appointment
that was not stored. An execution starts when an appointment
- becomes confirmed (booked confirmed, or a hold confirmed): confirmation, reminders, no-show check;
- is rescheduled while confirmed: a confirmation of the new time and the moved reminders (the execution
  waiting for the old times finds the start changed when it wakes and ends without sending);
- is cancelled after it was confirmed: the cancellation message, at once;
- is completed: the follow-up.
Walk-ins get no confirmation or reminders (the client is at the desk), but their follow-up.

The execution's name is the appointment id and the version of the change, so a record delivered twice
starts one execution: the second start finds the name taken.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from parlour.booking.models import Status
from parlour.lifecycle.automation import SalonAutomation
from parlour.observability import logger
from parlour.store.automation import get_automation
from parlour.store.lifecycle_runs import start_lifecycle

APPOINTMENT_TYPE = "appointment"
_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]")
_NAME_LIMIT = 80  # Step Functions' limit on execution names


@dataclass(frozen=True)
class LifecycleStart:
    name: str
    reason: str  # confirmed, rescheduled, cancelled, completed
    salon_id: str
    appointment_id: str
    version: int


def execution_name(appointment_id: str, version: int) -> str:
    """`<appointment id>-v<version>`, in the characters and length Step Functions allows."""
    suffix = f"-v{version}"
    base = _NAME_CHARACTERS.sub("_", appointment_id)
    if base != appointment_id or len(base) + len(suffix) > _NAME_LIMIT:
        # Keep it unique when characters were replaced or it was cut.
        digest = hashlib.sha256(appointment_id.encode()).hexdigest()[:12]
        base = f"{base[: _NAME_LIMIT - len(suffix) - 13]}_{digest}"
    return base + suffix


def _reason(old: dict[str, Any] | None, new: dict[str, Any]) -> str | None:
    status = new.get("status")
    before = old.get("status") if old else None
    if status == Status.confirmed:
        if new.get("walk_in"):
            return None
        if before != Status.confirmed:
            return "confirmed"
        if old is not None and old.get("start") != new.get("start"):
            return "rescheduled"
        return None
    if status == Status.cancelled and before in (Status.confirmed, Status.checked_in):
        return "cancelled"
    if status == Status.completed and before != Status.completed:
        return "completed"
    return None


def lifecycle_start(old: dict[str, Any] | None, new: dict[str, Any] | None) -> LifecycleStart | None:
    """The execution to start for one stream record's images (plain values), or None."""
    if new is None or new.get("type") != APPOINTMENT_TYPE:
        return None
    reason = _reason(old, new)
    if reason is None:
        return None
    version = int(new["version"])
    return LifecycleStart(
        name=execution_name(new["id"], version),
        reason=reason,
        salon_id=new["salon_id"],
        appointment_id=new["id"],
        version=version,
    )


def execution_input(start: LifecycleStart, automation: SalonAutomation) -> dict[str, Any]:
    """What the state machine starts with: which appointment, and how long after completion to follow up."""
    return {
        "salon_id": start.salon_id,
        "appointment_id": start.appointment_id,
        "version": start.version,
        "follow_up_after_seconds": int(automation.follow_up_after.total_seconds()),
    }


def start_for_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> LifecycleStart | None:
    """Start the execution one committed change calls for; the start, or None when it calls for none."""
    start = lifecycle_start(old, new)
    if start is None:
        return None
    started = start_lifecycle(start.name, execution_input(start, get_automation(start.salon_id)))
    logger.info(
        "lifecycle execution started" if started else "lifecycle execution already exists",
        extra={"execution": start.name, "reason": start.reason},
    )
    return start
