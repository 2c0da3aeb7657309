"""Quiet hours: the local night in which no SMS goes out, and the first instant after it.

All arithmetic is on local wall time in the location's IANA zone, turned into an instant at the end:
adding "hours until 08:00" to an instant would be an hour off on the nights the clocks change.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from parlour.notifications.models import QuietHours


def is_quiet(instant: datetime, zone: str, quiet: QuietHours) -> bool:
    wall = instant.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        return quiet.start <= wall < quiet.end
    return wall >= quiet.start or wall < quiet.end  # the window wraps midnight


def first_instant_at_or_after(day: date, wall: time, zone: str) -> datetime:
    """The first UTC instant at which the local clock reads `wall` on `day`, or has just passed it.

    - A normal time has one instant.
    - A time repeated when the clocks go back (fall) has two: the earlier one is taken.
    - A time skipped when the clocks go forward (spring) has none: the instant the clocks jump, when
      the wall clock first passes it, is taken (quiet hours ending at 02:30 end at 03:00 that night).
    """
    tz = ZoneInfo(zone)
    naive = datetime.combine(day, wall)
    earlier = naive.replace(tzinfo=tz, fold=0)
    if earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return earlier.astimezone(UTC)
    # In a gap: fold=1 reads it with the offset after the jump, fold=0 with the one before; the jump lies
    # between them. Bisect to the minute at which local time first reaches the wall time.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = earlier.astimezone(UTC)
    low, high = min(low, high), max(low, high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def next_allowed(instant: datetime, zone: str, quiet: QuietHours | None) -> datetime:
    """`instant` itself when it is outside quiet hours, else the first instant after they end (UTC)."""
    if quiet is None or not is_quiet(instant, zone, quiet):
        return instant.astimezone(UTC)
    local = instant.astimezone(ZoneInfo(zone))
    wall = local.time().replace(tzinfo=None)
    ends_tomorrow = quiet.start > quiet.end and wall >= quiet.start
    end_day = local.date() + timedelta(days=1) if ends_tomorrow else local.date()
    candidate = first_instant_at_or_after(end_day, quiet.end, zone)
    if candidate <= instant:
        # The clocks went back inside the window and the wall clock reads the end time a second time:
        # quiet hours already ended once tonight, at the earlier reading, so nothing is left to wait for.
        return instant.astimezone(UTC)
    return candidate
