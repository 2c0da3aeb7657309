"""When an appointment's reminders go and when it is checked for a no-show.

The booking service writes these instants into the appointment item whenever it creates, confirms or
reschedules one; the lifecycle state machine waits for them (Wait with TimestampPath) and re-reads the
item after each wait, so a reschedule moves them and the old ones are never acted on.

Instants are whole UTC seconds, rounded up: Step Functions' Wait reads RFC 3339 timestamps, and rounding
up means nothing is ever due before its time.
"""

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from parlour.lifecycle.automation import SalonAutomation
from parlour.store.automation import get_automation


def whole_second_at_or_after(instant: datetime) -> datetime:
    utc = instant.astimezone(UTC)
    if utc.microsecond == 0:
        return utc
    return utc.replace(microsecond=0) + timedelta(seconds=1)


def reminder_instants(start: datetime, automation: SalonAutomation, now: datetime) -> list[datetime]:
    """The reminders still ahead, earliest first; one that would already be past is left out.

    Offsets are real durations: arithmetic on UTC, since Python subtracts from a zoned datetime on the
    wall clock (24 h before 10:00 on the day the clocks go forward would be 23 real hours).
    """
    utc_start = start.astimezone(UTC)
    instants = {whole_second_at_or_after(utc_start - before) for before in automation.reminders_before}
    return sorted(instant for instant in instants if instant > now)


def no_show_check_instant(end: datetime, automation: SalonAutomation) -> datetime:
    return whole_second_at_or_after(end.astimezone(UTC) + automation.no_show_grace)


def timing_fields(
    start: datetime, end: datetime, automation: SalonAutomation, now: datetime
) -> dict[str, Any]:
    """The appointment fields that carry the timing (for Appointment(...) or model_copy(update=...))."""
    return {
        "remind_at": reminder_instants(start, automation, now),
        "no_show_check_at": no_show_check_instant(end, automation),
    }


TimingOf = Callable[[datetime, datetime, datetime], dict[str, Any]]


def planner(salon_id: str) -> TimingOf:
    """The salon's settings read once; the answer computes timing fields for (start, end, now)."""
    automation = get_automation(salon_id)
    return lambda start, end, now: timing_fields(start, end, automation, now)


def seconds_until(instant: datetime, now: datetime) -> int:
    """Whole seconds from now to instant, rounded up, never negative (SQS delays and waits)."""
    return max(0, math.ceil((instant - now).total_seconds()))
