"""Local wall time across DST: no slot in a gap, both passes of an overlap, real durations, right UTC days."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlour.availability.engine import Assignment, Busy, check_slot, find_slots, ledger_days_needed
from parlour.availability.localtime import grid_starts, local_day_span, wall_range_to_utc
from tests.unit.test_availability_support import (
    WARSAW,
    booked,
    context,
    location,
    minutes_of_local_day,
    specialist,
    staff_ledgers,
    variant,
    weekly,
)

NEW_YORK = "America/New_York"
KIRITIMATI = "Pacific/Kiritimati"  # UTC+14, no DST
CHATHAM = "Pacific/Chatham"  # UTC+12:45 / +13:45, changes at 02:45 local
MINUTE = timedelta(minutes=1)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def night_shift_context(zone: str, duration: int = 60):
    """A specialist working 01:00-04:00 local, right across the usual DST change."""
    return context(
        the_location=location(zone),
        staff=[specialist("anna", hours=weekly("01:00-04:00"))],
        the_variant=variant(duration),
    )


def now_before(day: date) -> datetime:
    return datetime.combine(day - timedelta(days=2), time(), UTC)


# --- Europe/Warsaw, spring forward: 02:00 -> 03:00 on 2026-03-29 -----------------------------------


def test_warsaw_spring_forward_grid_skips_the_missing_hour():
    # Given the Warsaw grid of 2026-03-29, stepped every 15 minutes
    starts = grid_starts(WARSAW, date(2026, 3, 29), 15)
    local = [start.astimezone(ZoneInfo(WARSAW)).strftime("%H:%M%z") for start in starts]

    # Then the day has 23 hours of slots, none at 02:xx, and 01:45 CET is followed by 03:00 CEST
    assert len(starts) == 92
    assert not [text for text in local if text.startswith("02:")]
    after = local.index("01:45+0100")
    assert local[after + 1] == "03:00+0200"
    assert starts[after + 1] - starts[after] == timedelta(minutes=15)


def test_warsaw_spring_forward_working_time_is_real_elapsed_time():
    # When a 01:00-04:00 wall-time shift falls on the spring-forward night
    intervals = wall_range_to_utc(WARSAW, date(2026, 3, 29), time(1), time(4))

    # Then it is two real hours, 00:00-02:00 UTC
    assert [(i.start, i.end) for i in intervals] == [(utc("2026-03-29T00:00"), utc("2026-03-29T02:00"))]


def test_warsaw_spring_forward_slots():
    # Given a specialist working 01:00-04:00 on 2026-03-29 and a 60-minute service
    ctx = night_shift_context(WARSAW)

    # When the day's slots are listed
    slots = find_slots(ctx, date(2026, 3, 29), date(2026, 3, 29), [], now_before(date(2026, 3, 29)))

    # Then starts run to the last one that ends inside two real hours, never in the gap
    assert [slot.local_start for slot in slots] == [
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T01:15:00+01:00",
        "2026-03-29T01:30:00+01:00",
        "2026-03-29T01:45:00+01:00",
        "2026-03-29T03:00:00+02:00",
    ]
    # And a service across the change lasts 60 real minutes (01:30 CET -> 03:30 CEST)
    assert (slots[2].start, slots[2].end) == (utc("2026-03-29T00:30"), utc("2026-03-29T01:30"))
    assert ledger_days_needed([WARSAW], date(2026, 3, 29), date(2026, 3, 29)) == {
        date(2026, 3, 28),
        date(2026, 3, 29),
    }


# --- Europe/Warsaw, fall back: 03:00 -> 02:00 on 2026-10-25 ----------------------------------------


def test_warsaw_fall_back_grid_offers_both_passes_of_each_repeated_time():
    # Given the Warsaw grid of 2026-10-25, stepped every 15 minutes
    starts = grid_starts(WARSAW, date(2026, 10, 25), 15)
    local = [start.astimezone(ZoneInfo(WARSAW)).strftime("%H:%M%z") for start in starts]

    # Then the day has 25 hours of starts, in instant order: each repeated 02:xx first in CEST, then in CET
    assert len(starts) == 100
    assert list(starts) == sorted(starts)
    assert [text for text in local if text.startswith("02:")] == [
        "02:00+0200",
        "02:15+0200",
        "02:30+0200",
        "02:45+0200",
        "02:00+0100",
        "02:15+0100",
        "02:30+0100",
        "02:45+0100",
    ]
    # And the two passes of 02:00 are an hour apart: 00:00 and 01:00 UTC
    assert {utc("2026-10-25T00:00"), utc("2026-10-25T01:00")} <= set(starts)


def test_warsaw_fall_back_slots_and_real_durations():
    # Given a specialist working 01:00-04:00 on the fall-back night: four real hours
    ctx = night_shift_context(WARSAW)
    day = date(2026, 10, 25)
    assert [(i.start, i.end) for i in wall_range_to_utc(WARSAW, day, time(1), time(4))] == [
        (utc("2026-10-24T23:00"), utc("2026-10-25T03:00"))
    ]

    # When the day's slots are listed
    slots = find_slots(ctx, day, day, [], now_before(day))

    # Then a start every 15 real minutes whose hour fits: both passes of 02:xx, the last at 03:00 CET
    assert [slot.local_start[11:] for slot in slots] == [
        "01:00:00+02:00",
        "01:15:00+02:00",
        "01:30:00+02:00",
        "01:45:00+02:00",
        "02:00:00+02:00",
        "02:15:00+02:00",
        "02:30:00+02:00",
        "02:45:00+02:00",
        "02:00:00+01:00",
        "02:15:00+01:00",
        "02:30:00+01:00",
        "02:45:00+01:00",
        "03:00:00+01:00",
    ]
    # And 02:45 CEST + 60 real minutes ends at 02:45 CET
    assert slots[7].end == utc("2026-10-25T01:45")
    assert ledger_days_needed([WARSAW], day, day) == {date(2026, 10, 24), date(2026, 10, 25)}


def test_warsaw_fall_back_a_service_as_long_as_the_shift_fits_exactly_once():
    # Given a four-hour service and the 01:00-04:00 shift (four real hours that night)
    ctx = night_shift_context(WARSAW, duration=240)
    day = date(2026, 10, 25)

    # Then exactly one slot: 01:00 CEST to 04:00 CET
    slots = find_slots(ctx, day, day, [], now_before(day))
    assert [(slot.local_start, slot.end) for slot in slots] == [
        ("2026-10-25T01:00:00+02:00", utc("2026-10-25T03:00"))
    ]


# --- both passes of the repeated hour, in the zones and nights of the issue ---------------------------

REPEATED_HOURS = [
    # zone, fall-back night, its repeated 02:00 or 01:00 in the first pass and in the second
    (WARSAW, date(2027, 10, 31), "2027-10-31T02:00:00+02:00", "2027-10-31T02:00:00+01:00"),
    (NEW_YORK, date(2027, 11, 7), "2027-11-07T01:00:00-04:00", "2027-11-07T01:00:00-05:00"),
]


@pytest.mark.parametrize(("zone", "day", "first_pass", "second_pass"), REPEATED_HOURS)
def test_both_passes_of_the_repeated_hour_are_offered_and_accepted(zone, day, first_pass, second_pass):
    # Given a specialist working 00:00-05:00 local on the fall-back night, in a salon open all day
    ctx = context(
        the_location=location(zone), staff=[specialist("anna", hours=weekly("00:00-05:00"))], step=30
    )
    first, second = datetime.fromisoformat(first_pass), datetime.fromisoformat(second_pass)
    assert second - first == timedelta(hours=1)  # the same wall time, an hour apart

    # When the day's slots are listed
    slots = find_slots(ctx, day, day, [], now_before(day))

    # Then both passes are offered, each with its own offset and instant
    offered = {slot.local_start: slot.start for slot in slots}
    assert offered[first_pass] == first
    assert offered[second_pass] == second
    # And check_slot accepts each of them as itself
    for start in (first, second):
        accepted = check_slot(ctx, start, [], now_before(day))
        assert isinstance(accepted, Assignment)
        assert (accepted.service.start, accepted.local_start) == (start, start.isoformat())
        assert accepted.local_day == day


@pytest.mark.parametrize(("zone", "day", "first_pass", "second_pass"), REPEATED_HOURS)
def test_booking_one_pass_leaves_the_other_free(zone, day, first_pass, second_pass):
    # Given the night shift and a 60-minute booking at the first pass of the repeated hour
    ctx = context(
        the_location=location(zone), staff=[specialist("anna", hours=weekly("00:00-05:00"))], step=60
    )
    first, second = datetime.fromisoformat(first_pass), datetime.fromisoformat(second_pass)
    taken = staff_ledgers("anna", booked("a1", first.astimezone(UTC), 60))

    # When the day is listed and both passes are checked
    offered = [slot.local_start for slot in find_slots(ctx, day, day, taken, now_before(day))]

    # Then the first pass is gone and the second (an hour later in real time) is still offered and free
    assert first_pass not in offered
    assert second_pass in offered
    assert isinstance(check_slot(ctx, first, taken, now_before(day)), Busy)
    assert isinstance(check_slot(ctx, second, taken, now_before(day)), Assignment)


# --- America/New_York: 2026-03-08 (gap 02:00-03:00) and 2026-11-01 (01:00-02:00 twice) -----------------


def test_new_york_spring_forward():
    day = date(2026, 3, 8)
    starts = grid_starts(NEW_YORK, day, 30)
    local = [start.astimezone(ZoneInfo(NEW_YORK)).strftime("%H:%M%z") for start in starts]

    # Then no 02:xx start, 46 half-hour starts, and the change is at 07:00 UTC
    assert not [text for text in local if text.startswith("02:")]
    assert len(starts) == 46
    assert "01:30-0500" in local and "03:00-0400" in local
    assert wall_range_to_utc(NEW_YORK, day, time(1), time(4))[0].end == utc("2026-03-08T08:00")
    assert (local_day_span(NEW_YORK, day).start, local_day_span(NEW_YORK, day).end) == (
        utc("2026-03-08T05:00"),
        utc("2026-03-09T04:00"),
    )
    assert ledger_days_needed([NEW_YORK], day, day) == {date(2026, 3, 8), date(2026, 3, 9)}


def test_new_york_fall_back():
    day = date(2026, 11, 1)
    ctx = night_shift_context(NEW_YORK)

    # When the day is listed for a 60-minute service (the 01:00-04:00 shift lasts 4 real hours)
    slots = find_slots(ctx, day, day, [], now_before(day))

    # Then 01:xx appears twice, in EDT then in EST, and the last start is 03:00 EST
    local = [slot.local_start[11:] for slot in slots]
    assert local[:8] == [
        "01:00:00-04:00",
        "01:15:00-04:00",
        "01:30:00-04:00",
        "01:45:00-04:00",
        "01:00:00-05:00",
        "01:15:00-05:00",
        "01:30:00-05:00",
        "01:45:00-05:00",
    ]
    assert local[-1] == "03:00:00-05:00"
    assert len(local) == len(set(local)) == 13
    # And 01:00 EST (06:00 UTC) is accepted as itself
    second_pass = check_slot(ctx, utc("2026-11-01T06:00"), [], now_before(day))
    assert isinstance(second_pass, Assignment)
    assert second_pass.local_start == "2026-11-01T01:00:00-05:00"
    assert ledger_days_needed([NEW_YORK], day, day) == {date(2026, 11, 1), date(2026, 11, 2)}


# --- far from UTC --------------------------------------------------------------------------------


def test_kiritimati_local_day_spans_two_utc_days_and_reads_both_ledgers():
    # Given a salon at UTC+14 open 09:00-17:00 (19:00 UTC the day before to 03:00 UTC)
    day = date(2026, 6, 15)
    ctx = context(
        the_location=location(KIRITIMATI), staff=[specialist("anna", hours=weekly("09:00-17:00"))], step=30
    )
    # And a booking 15:00-16:00 local, stored in the ledger of UTC day 2026-06-15 only
    taken = staff_ledgers("anna", booked("a1", utc("2026-06-15T01:00"), 60))
    assert [ledger.day for ledger in taken] == [day]

    # When the local day's ledgers are the ones ledger_days_needed names
    needed = ledger_days_needed([KIRITIMATI], day, day)
    slots = find_slots(ctx, day, day, [ledger for ledger in taken if ledger.day in needed], now_before(day))

    # Then both UTC days are needed, slots have the right instants, and 15:00 local is taken
    assert needed == {date(2026, 6, 14), date(2026, 6, 15)}
    assert slots[0].local_start == "2026-06-15T09:00:00+14:00"
    assert slots[0].start == utc("2026-06-14T19:00")
    taken_starts = {"2026-06-15T14:30:00+14:00", "2026-06-15T15:00:00+14:00", "2026-06-15T15:30:00+14:00"}
    assert not taken_starts & {slot.local_start for slot in slots}
    assert len(slots) == 15 - 3

    # And a slot across UTC midnight must be written to both UTC days' ledgers
    across = check_slot(ctx, datetime.fromisoformat("2026-06-15T13:30:00+14:00"), taken, now_before(day))
    assert isinstance(across, Assignment)
    assert across.service.start == utc("2026-06-14T23:30")
    assert across.ledger_days == [date(2026, 6, 14), date(2026, 6, 15)]


def test_chatham_spring_forward_at_a_quarter_to_three():
    # Given Chatham's change on 2026-09-27: 02:45 +12:45 jumps to 03:45 +13:45
    starts = grid_starts(CHATHAM, date(2026, 9, 27), 15)
    local = [start.astimezone(ZoneInfo(CHATHAM)).strftime("%H:%M%z") for start in starts]

    # Then 02:45-03:30 are never offered and consecutive starts are 15 real minutes apart
    assert len(starts) == 92
    assert not {"02:45+1245", "03:00+1345", "03:15+1345", "03:30+1345"} & set(local)
    after = local.index("02:30+1245")
    assert local[after + 1] == "03:45+1345"
    assert starts[after + 1] - starts[after] == timedelta(minutes=15)
    assert ledger_days_needed([CHATHAM], date(2026, 9, 27), date(2026, 9, 27)) == {
        date(2026, 9, 26),
        date(2026, 9, 27),
    }


# --- an independent oracle: walk every minute of the day through zoneinfo ------------------------------

CHANGE_DAYS = [
    (WARSAW, date(2026, 3, 29)),
    (WARSAW, date(2026, 10, 25)),
    (NEW_YORK, date(2026, 3, 8)),
    (NEW_YORK, date(2026, 11, 1)),
    (CHATHAM, date(2026, 4, 5)),
    (CHATHAM, date(2026, 9, 27)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),  # a 30-minute change
    ("America/Santiago", date(2026, 9, 6)),  # local midnight does not exist
    ("Europe/Dublin", date(2026, 10, 25)),  # tzdata's negative DST
    (KIRITIMATI, date(2026, 6, 15)),
]
ZONES = sorted({zone for zone, _ in CHANGE_DAYS} | {"UTC", "Asia/Kolkata"})


zone_days = st.one_of(
    st.sampled_from(CHANGE_DAYS),
    st.tuples(st.sampled_from(ZONES), st.dates(date(2026, 1, 1), date(2026, 12, 31))),
)


@settings(max_examples=25, deadline=None)
@given(zone_day=zone_days, step=st.sampled_from([5, 15, 20, 30, 45, 60]))
def test_grid_matches_a_minute_by_minute_walk(zone_day, step):
    zone, day = zone_day
    # Given every minute of the local day, the grid is every minute showing a grid wall time
    # (both passes of a repeated one; none in a gap, where no minute shows it)
    showing = [
        instant
        for instant, wall in minutes_of_local_day(zone, day)
        if (wall.hour * 60 + wall.minute) % step == 0
    ]

    # Then grid_starts gives exactly those, in order
    assert grid_starts(zone, day, step) == tuple(showing)


@settings(max_examples=25, deadline=None)
@given(
    zone_day=zone_days,
    start_minute=st.integers(0, 24 * 60 - 2),
    length=st.integers(1, 24 * 60),
)
def test_wall_range_is_every_instant_whose_wall_reading_is_in_it(zone_day, start_minute, length):
    zone, day = zone_day
    end_minute = min(start_minute + length, 24 * 60 - 1)
    start, end = (time(m // 60, m % 60) for m in (start_minute, end_minute))
    # Given the minutes whose wall reading lies in [start, end)
    expected = {instant for instant, wall in minutes_of_local_day(zone, day) if start <= wall.time() < end}

    # When the range is converted
    intervals = wall_range_to_utc(zone, day, start, end)

    # Then the intervals hold exactly those minutes, and are sorted and disjoint
    covered = {
        interval.start + MINUTE * k
        for interval in intervals
        for k in range(int((interval.end - interval.start) / MINUTE))
    }
    assert covered == expected
    assert all(a.end < b.start for a, b in pairwise(intervals))


@settings(max_examples=25, deadline=None)
@given(zone_day=zone_days)
def test_local_day_span_and_ledger_days_cover_exactly_the_local_day(zone_day):
    zone, day = zone_day
    minutes = [instant for instant, _ in minutes_of_local_day(zone, day)]
    span = local_day_span(zone, day)

    assert (span.start, span.end) == (minutes[0], minutes[-1] + MINUTE)
    assert ledger_days_needed([zone], day, day) == {minutes[0].date(), minutes[-1].date()}
