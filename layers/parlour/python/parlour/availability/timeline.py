"""A set of UTC instants kept as sorted, disjoint, half-open intervals with O(log n) queries.

Own code rather than an interval library (e.g. `portion`): the engine asks "does this set cover
[a, b)?" and "does it touch [a, b)?" tens of thousands of times per query, which is a bisect on
two parallel lists here; generic interval libraries answer it by building and comparing objects.
"""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime

from parlour.availability.ledger import Interval


class Timeline:
    __slots__ = ("ends", "starts")

    def __init__(self, intervals: Iterable[Interval] = ()):
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []
        for interval in sorted(intervals):
            self._append(interval.start, interval.end)

    def _append(self, start: datetime, end: datetime) -> None:
        """Add an interval starting at or after every start already held, merging what touches."""
        if self.ends and start <= self.ends[-1]:
            self.ends[-1] = max(self.ends[-1], end)
        else:
            self.starts.append(start)
            self.ends.append(end)

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeline) and (self.starts, self.ends) == (other.starts, other.ends)

    def __repr__(self) -> str:
        return f"Timeline({self.intervals()!r})"

    def intervals(self) -> list[Interval]:
        return [Interval(start, end) for start, end in zip(self.starts, self.ends, strict=True)]

    def covers(self, start: datetime, end: datetime) -> bool:
        """[start, end) lies inside one interval of the set."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.ends[index] >= end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Some instant of [start, end) is in the set."""
        index = bisect_right(self.ends, start)  # the first interval ending after `start`
        return index < len(self.starts) and self.starts[index] < end

    def minus(self, other: "Timeline") -> "Timeline":
        """Instants in this set and not in `other` (one sweep over both)."""
        result = Timeline()
        cut = 0
        for start, end in zip(self.starts, self.ends, strict=True):
            while cut < len(other.ends) and other.ends[cut] <= start:
                cut += 1
            cursor, index = start, cut
            while index < len(other.starts) and other.starts[index] < end:
                if other.starts[index] > cursor:
                    result._append(cursor, other.starts[index])
                cursor = max(cursor, other.ends[index])
                index += 1
            if cursor < end:
                result._append(cursor, end)
        return result

    def intersect(self, other: "Timeline") -> "Timeline":
        """Instants in both sets (one sweep over both)."""
        result = Timeline()
        mine = theirs = 0
        while mine < len(self.starts) and theirs < len(other.starts):
            start = max(self.starts[mine], other.starts[theirs])
            end = min(self.ends[mine], other.ends[theirs])
            if start < end:
                result._append(start, end)
            if self.ends[mine] <= other.ends[theirs]:
                mine += 1
            else:
                theirs += 1
        return result

    def seconds_within(self, span: Interval) -> float:
        """How many seconds of the set fall inside `span`."""
        total = 0.0
        index = bisect_right(self.ends, span.start)
        while index < len(self.starts) and self.starts[index] < span.end:
            total += (min(self.ends[index], span.end) - max(self.starts[index], span.start)).total_seconds()
            index += 1
        return total
