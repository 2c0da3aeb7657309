"""Quiet hours: an SMS due at night waits for the next allowed local time, across DST changes."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from parlour.notifications.models import QuietHours
from parlour.notifications.quiet_hours import first_instant_at_or_after, is_quiet, next_allowed

NIGHT = QuietHours(start=time(21), end=time(8))
WARSAW, NEW_YORK = "Europe/Warsaw", "America/New_York"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (time(20, 59), False),
        (time(21, 0), True),
        (time(23, 30), True),
        (time(0, 0), True),
        (time(7, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_window_wrapping_midnight(local, quiet):
    # Given 21:00-08:00 in Warsaw on an ordinary winter day (UTC+1)
    instant = datetime.combine(datetime(2025, 1, 15).date(), local, tzinfo=ZoneInfo(WARSAW))
    # Then the start is quiet and the end is not
    assert is_quiet(instant, WARSAW, NIGHT) is quiet


def test_window_within_a_day():
    # Given a midday break 12:00-14:00
    siesta = QuietHours(start=time(12), end=time(14))
    # When a message is due at 13:00 local in Madrid (UTC+1 in January)
    due = utc(2025, 1, 15, 12, 0)
    # Then it waits for 14:00 local the same day
    assert next_allowed(due, "Europe/Madrid", siesta) == utc(2025, 1, 15, 13, 0)
    assert next_allowed(utc(2025, 1, 15, 14, 0), "Europe/Madrid", siesta) == utc(2025, 1, 15, 14, 0)


def test_daytime_message_goes_at_once_and_no_quiet_hours_means_never_quiet():
    # Given a message due at noon local
    due = utc(2025, 1, 15, 11, 0)
    # Then it is not deferred, with or without quiet hours
    assert next_allowed(due, WARSAW, NIGHT) == due
    assert next_allowed(utc(2025, 1, 15, 23, 0), WARSAW, None) == utc(2025, 1, 15, 23, 0)


def test_early_morning_waits_for_the_same_days_end():
    # Given 06:00 local in Warsaw (05:00 UTC in winter)
    # Then it waits until 08:00 that same morning
    assert next_allowed(utc(2025, 1, 15, 5, 0), WARSAW, NIGHT) == utc(2025, 1, 15, 7, 0)


@pytest.mark.parametrize(
    ("zone", "due", "expected", "why"),
    [
        # Warsaw springs forward 2025-03-30 02:00 -> 03:00: Saturday 23:00 CET waits until 08:00 CEST.
        (WARSAW, utc(2025, 3, 29, 22, 0), utc(2025, 3, 30, 6, 0), "8h of wall time, 8h of real time minus 1"),
        # Warsaw falls back 2025-10-26 03:00 -> 02:00: Saturday 22:00 CEST waits until 08:00 CET.
        (WARSAW, utc(2025, 10, 25, 20, 0), utc(2025, 10, 26, 7, 0), "the night is an hour longer"),
        # New York springs forward 2025-03-09 02:00 -> 03:00: Saturday 22:00 EST waits until 08:00 EDT.
        (NEW_YORK, utc(2025, 3, 9, 3, 0), utc(2025, 3, 9, 12, 0), "08:00 EDT is 12:00 UTC"),
        # New York falls back 2025-11-02 02:00 -> 01:00: Saturday 22:00 EDT waits until 08:00 EST.
        (NEW_YORK, utc(2025, 11, 2, 2, 0), utc(2025, 11, 2, 13, 0), "08:00 EST is 13:00 UTC"),
    ],
)
def test_night_across_dst_changes(zone, due, expected, why):
    # Given quiet hours 21:00-08:00 and an SMS due on the night the clocks change
    # When the next allowed time is computed
    allowed = next_allowed(due, zone, NIGHT)
    # Then it is 08:00 local on the morning after, whatever the offset became
    assert allowed == expected, why
    assert allowed.astimezone(ZoneInfo(zone)).time() == time(8)


def test_quiet_hours_ending_inside_the_spring_gap_end_when_the_clocks_jump():
    # Given quiet hours ending at 02:30, a time New York skips on 2025-03-09 (02:00 EST -> 03:00 EDT)
    quiet = QuietHours(start=time(22), end=time(2, 30))
    # When an SMS is due at 23:00 EST the evening before
    allowed = next_allowed(utc(2025, 3, 9, 4, 0), NEW_YORK, quiet)
    # Then it goes at the jump, 03:00 EDT (07:00 UTC), the first moment the wall clock is past 02:30
    assert allowed == utc(2025, 3, 9, 7, 0)
    assert allowed.astimezone(ZoneInfo(NEW_YORK)).time() == time(3, 0)


def test_quiet_hours_ending_in_the_repeated_autumn_hour_end_at_its_first_occurrence():
    # Given quiet hours ending at 02:30, which Warsaw reads twice on 2025-10-26 (CEST, then CET)
    quiet = QuietHours(start=time(21), end=time(2, 30))
    # When an SMS is due at 23:00 CEST the evening before
    # Then it goes at the first 02:30 (CEST, 00:30 UTC)
    assert next_allowed(utc(2025, 10, 25, 21, 0), WARSAW, quiet) == utc(2025, 10, 26, 0, 30)
    # And one due in the repeated hour, at 02:15 CET (01:15 UTC), goes at once: quiet hours already ended
    assert next_allowed(utc(2025, 10, 26, 1, 15), WARSAW, quiet) == utc(2025, 10, 26, 1, 15)


def test_wall_time_to_instant_in_gap_overlap_and_ordinary_days():
    # Given Warsaw's DST days and an ordinary one
    day_gap, day_overlap = datetime(2025, 3, 30).date(), datetime(2025, 10, 26).date()
    # Then a skipped time maps to the jump, a repeated one to its first reading, others to their only one
    assert first_instant_at_or_after(day_gap, time(2, 30), WARSAW) == utc(2025, 3, 30, 1, 0)
    assert first_instant_at_or_after(day_overlap, time(2, 30), WARSAW) == utc(2025, 10, 26, 0, 30)
    assert first_instant_at_or_after(datetime(2025, 6, 1).date(), time(8), WARSAW) == utc(2025, 6, 1, 6, 0)


ZONES = ["Europe/Warsaw", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"]


def _ambiguous(instant: datetime, zone: str) -> bool:
    local = instant.astimezone(ZoneInfo(zone))
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


@settings(max_examples=400, deadline=None)
@given(
    instant=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
    start_minute=st.integers(min_value=18 * 60, max_value=24 * 60 - 1),
    end_minute=st.integers(min_value=0, max_value=10 * 60),
)
def test_next_allowed_is_the_first_allowed_instant(instant, zone, start_minute, end_minute):
    # Given any instant, zone (including a 30-minute DST shift) and evening-to-morning quiet hours
    quiet = QuietHours(start=time(*divmod(start_minute, 60)), end=time(*divmod(end_minute, 60)))
    # When the next allowed instant is computed
    allowed = next_allowed(instant, zone, quiet)
    # Then it is not before the instant and within a day
    assert instant <= allowed <= instant + timedelta(hours=26)
    if allowed > instant:
        # And a deferred message lands on an allowed time, right after a quiet one: no earlier chance missed
        assert not is_quiet(allowed, zone, quiet)
        assert is_quiet(allowed - timedelta(minutes=1), zone, quiet)
    else:
        # And one sent at once is outside quiet hours, or in an hour the clocks repeated after they ended
        assert not is_quiet(instant, zone, quiet) or _ambiguous(instant, zone)


@pytest.mark.parametrize("start", ["21:00:00+02:00", "21:00Z"])
def test_quiet_hours_are_local_wall_time_without_an_offset(start):
    # An offset would compare an aware time with the naive local clock later, failing every SMS
    with pytest.raises(ValidationError) as invalid:
        QuietHours.model_validate({"start": start, "end": "08:00"})
    assert invalid.value.errors()[0]["loc"] == ("start",)
