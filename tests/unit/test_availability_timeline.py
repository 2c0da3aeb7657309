"""Timeline set operations against plain sets of minutes."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from parlour.availability.ledger import Interval
from parlour.availability.timeline import Timeline

ORIGIN = datetime(2026, 5, 4, tzinfo=UTC)
MINUTE = timedelta(minutes=1)

spans = st.lists(st.tuples(st.integers(0, 120), st.integers(1, 40)), max_size=8)


def timeline(pairs) -> Timeline:
    return Timeline(
        Interval(ORIGIN + MINUTE * start, ORIGIN + MINUTE * (start + length)) for start, length in pairs
    )


def minutes(pairs) -> set[int]:
    return {minute for start, length in pairs for minute in range(start, start + length)}


def minutes_of(line: Timeline) -> set[int]:
    return minutes(
        ((interval.start - ORIGIN) // MINUTE, (interval.end - interval.start) // MINUTE)
        for interval in line.intervals()
    )


@settings(max_examples=200, deadline=None)
@given(first=spans, second=spans, probe=st.tuples(st.integers(0, 170), st.integers(1, 30)))
def test_timeline_agrees_with_sets_of_minutes(first, second, probe):
    # Given two timelines built from overlapping, unsorted intervals
    a, b = timeline(first), timeline(second)

    # Then they hold the same minutes as the sets, merged into sorted, disjoint, non-touching intervals
    assert minutes_of(a) == minutes(first)
    assert all(x.end < y.start for x, y in pairwise(a.intervals()))
    # And minus and intersect are set difference and intersection
    assert minutes_of(a.minus(b)) == minutes(first) - minutes(second)
    assert minutes_of(a.intersect(b)) == minutes(first) & minutes(second)
    # And covers / overlaps / seconds_within answer as the sets do
    start, length = probe
    wanted = set(range(start, start + length))
    probe_start, probe_end = ORIGIN + MINUTE * start, ORIGIN + MINUTE * (start + length)
    # (a run of held minutes is one merged interval, so containment in the set means covered)
    assert a.covers(probe_start, probe_end) == (wanted <= minutes(first))
    assert a.overlaps(probe_start, probe_end) == bool(wanted & minutes(first))
    assert a.seconds_within(Interval(probe_start, probe_end)) == 60 * len(wanted & minutes(first))
