"""When reminders go and when the no-show check runs: the instants the booking service stores."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from parlour.lifecycle.automation import AutomationInput, SalonAutomation, defaults
from parlour.lifecycle.timing import (
    no_show_check_instant,
    reminder_instants,
    seconds_until,
    timing_fields,
    whole_second_at_or_after,
)

START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
END = START + timedelta(minutes=45)


def automation(*before: timedelta, grace: timedelta = timedelta(minutes=15)) -> SalonAutomation:
    return defaults().model_copy(
        update={"reminders_before": sorted(before, reverse=True), "no_show_grace": grace}
    )


def test_reminders_24h_and_2h_before_earliest_first():
    # Given a salon reminding 24 h and 2 h before, and a booking made three days ahead
    settings = automation(timedelta(hours=2), timedelta(hours=24))
    # When the timing is planned
    fields = timing_fields(START, END, settings, now=START - timedelta(days=3))
    # Then both reminders are stored, earliest first, and the no-show check comes after the end plus grace
    assert fields == {
        "remind_at": [START - timedelta(hours=24), START - timedelta(hours=2)],
        "no_show_check_at": END + timedelta(minutes=15),
    }


def test_a_reminder_already_past_is_left_out():
    # Given a booking made 5 hours before the visit
    settings = automation(timedelta(hours=24), timedelta(hours=2))
    # Then only the 2-hour reminder is still ahead
    assert reminder_instants(START, settings, now=START - timedelta(hours=5)) == [START - timedelta(hours=2)]
    # And a booking made after both gets none
    assert reminder_instants(START, settings, now=START - timedelta(minutes=30)) == []


def test_instants_are_whole_seconds_rounded_up_so_nothing_is_early():
    # Given an end with a fraction of a second (an odd duration)
    end = START + timedelta(minutes=30, microseconds=250_000)
    # Then the check is at the next whole second, never before end + grace
    assert no_show_check_instant(end, automation(grace=timedelta(0))) == START + timedelta(
        minutes=30, seconds=1
    )
    assert whole_second_at_or_after(START) == START


def test_offsets_are_durations_so_a_dst_night_keeps_24_real_hours():
    # Given a visit at 10:00 in Warsaw on the Sunday the clocks go forward (29 March 2026)
    warsaw = ZoneInfo("Europe/Warsaw")
    start = datetime(2026, 3, 29, 10, 0, tzinfo=warsaw)
    # When a 24-hour reminder is planned
    (reminder,) = reminder_instants(start, automation(timedelta(hours=24)), now=start - timedelta(days=7))
    # Then it is 24 real hours before, which the Saturday wall clock shows as 09:00
    assert start.astimezone(UTC) - reminder == timedelta(hours=24)
    assert reminder.astimezone(warsaw).hour == 9
    assert reminder.tzinfo is UTC


@given(
    offsets=st.lists(st.integers(1, 14 * 24 * 3600), min_size=0, max_size=5, unique=True),
    booked_before=st.integers(0, 20 * 24 * 3600),
    fraction=st.integers(0, 999_999),
)
def test_reminders_are_ahead_before_the_start_sorted_and_distinct(offsets, booked_before, fraction):
    # Given any offsets and any booking moment before the visit
    settings = automation(*(timedelta(seconds=s) for s in offsets))
    now = START - timedelta(seconds=booked_before, microseconds=fraction)
    # When reminders are planned
    reminders = reminder_instants(START, settings, now)
    # Then each is after now, before the start, a whole second, and they are sorted without repeats
    assert all(now < at < START and at.microsecond == 0 for at in reminders)
    assert reminders == sorted(set(reminders))
    # And every offset still ahead has its reminder
    assert len(reminders) == sum(1 for s in offsets if START - timedelta(seconds=s) > now)


def test_seconds_until_rounds_up_and_is_never_negative():
    assert seconds_until(START + timedelta(seconds=1, microseconds=1), START) == 2
    assert seconds_until(START - timedelta(hours=1), START) == 0


# --- the settings a salon may save ---


def _input(**changes) -> dict:
    return {**defaults().model_dump(mode="json", exclude={"version"}), **changes}


def test_offsets_are_stored_earliest_reminder_first_and_each_once():
    assert AutomationInput.model_validate(_input(reminders_before=["PT2H", "P1D"])).reminders_before == [
        timedelta(days=1),
        timedelta(hours=2),
    ]
    with pytest.raises(ValidationError, match="once"):
        AutomationInput.model_validate(_input(reminders_before=["PT2H", "PT120M"]))


@pytest.mark.parametrize(
    "changes",
    [
        {"reminders_before": ["P15D"]},  # beyond two weeks
        {"reminders_before": ["PT0S"]},
        {"reminders_before": ["PT1H", "PT2H", "PT3H", "PT4H", "PT5H", "PT6H"]},  # more than five
        {"reminders_before": ["PT1.5S"]},  # not a whole second
        {"no_show_grace": "-PT1M"},
        {"quiet_hours": {"start": "21:00", "end": "21:00"}},
        {"alert_phone": "600100200"},  # not E.164
    ],
)
def test_invalid_settings_are_refused(changes):
    with pytest.raises(ValidationError):
        AutomationInput.model_validate(_input(**changes))


def test_defaults_remind_a_day_and_two_hours_before_and_keep_sms_quiet_at_night():
    # Given a salon that never saved settings
    settings = defaults()
    # Then it gets the platform defaults, version 0, not paused
    assert settings.reminders_before == [timedelta(hours=24), timedelta(hours=2)]
    assert settings.version == 0 and not settings.paused
    assert settings.messaging().quiet_hours is not None
