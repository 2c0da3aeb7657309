"""Local wall time to UTC instants, exact across DST transitions.

The rule every part of availability follows:

- A wall-time range [a, b) on local date D is the set of instants whose wall-clock reading in the
  zone falls on D within [a, b). Wall times inside a spring-forward gap therefore contribute no
  instants, and wall times repeated in a fall-back overlap contribute both passes: durations are
  real elapsed time (01:00-04:00 on a fall-back night is four real hours, on a spring-forward
  night two).
- A grid wall time (a slot start) names every instant that shows it: none in a spring-forward gap
  (skipped), two in a fall-back overlap (both passes, e.g. 02:00+02:00 and 02:00+01:00 in Warsaw).
  The passes are different instants, so both are offered and bookable; the offset tells them apart.

zoneinfo resolves one wall time at a time (fold=0/1) but does not expose transitions, so each
local day is split into pieces of constant UTC offset, found by bisecting the offset; every
conversion is then plain arithmetic inside a piece.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from parlour.availability.ledger import Interval

_ONE_DAY = timedelta(days=1)
# Offsets range from UTC-12 to UTC+14: every instant whose wall reading is on day D lies within
# [D 00:00 UTC - 14h, D+1 00:00 UTC + 12h]; the margin covers that with room to spare.
_MARGIN = timedelta(hours=27)
# No zone changes its offset twice within three hours, so sampling at this step finds every change.
_SAMPLE_SECONDS = 3 * 3600


@dataclass(frozen=True)
class OffsetPiece:
    """UTC instants [start, end) during which the zone's offset is constant."""

    start: datetime
    end: datetime
    offset: timedelta


def _offset_at(zone: ZoneInfo, epoch_seconds: int) -> timedelta:
    offset = datetime.fromtimestamp(epoch_seconds, zone).utcoffset()
    assert offset is not None  # a ZoneInfo always has an offset
    return offset


def _first_change(zone: ZoneInfo, low: int, high: int) -> int:
    """The first second in (low, high] whose offset differs from the offset at `low`."""
    before = _offset_at(zone, low)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at(zone, middle) == before:
            low = middle
        else:
            high = middle
    return high


def _utc(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)


@lru_cache(maxsize=8192)
def offset_pieces(zone_name: str, day: date) -> tuple[OffsetPiece, ...]:
    """Constant-offset pieces covering every instant whose wall reading can be on `day`."""
    zone = ZoneInfo(zone_name)
    low = int((datetime.combine(day, time(), UTC) - _MARGIN).timestamp())
    high = int((datetime.combine(day + _ONE_DAY, time(), UTC) + _MARGIN).timestamp())
    pieces: list[OffsetPiece] = []
    piece_start, offset = low, _offset_at(zone, low)
    probe = low
    while probe < high:
        following = min(probe + _SAMPLE_SECONDS, high)
        if _offset_at(zone, following) != offset:
            change = _first_change(zone, probe, following)
            pieces.append(OffsetPiece(_utc(piece_start), _utc(change), offset))
            piece_start, offset = change, _offset_at(zone, change)
        probe = following
    pieces.append(OffsetPiece(_utc(piece_start), _utc(high), offset))
    return tuple(pieces)


def wall_span_to_utc(zone_name: str, day: date, wall_start: datetime, wall_end: datetime) -> list[Interval]:
    """Instants whose wall reading lies in [wall_start, wall_end) (naive, on or around `day`)."""
    intervals: list[Interval] = []
    for piece in offset_pieces(zone_name, day):
        start = max(piece.start, (wall_start - piece.offset).replace(tzinfo=UTC))
        end = min(piece.end, (wall_end - piece.offset).replace(tzinfo=UTC))
        if start < end:
            if intervals and intervals[-1].end >= start:
                start = intervals.pop().start
            intervals.append(Interval(start, end))
    return intervals


def wall_range_to_utc(zone_name: str, day: date, start: time, end: time) -> list[Interval]:
    """The instants of the local wall-time range [start, end) on `day` (see the module rule)."""
    return wall_span_to_utc(
        zone_name,
        day,
        datetime.combine(day, start.replace(tzinfo=None)),
        datetime.combine(day, end.replace(tzinfo=None)),
    )


@lru_cache(maxsize=8192)
def local_day_span(zone_name: str, day: date) -> Interval:
    """From the first to the last instant whose wall reading is on `day` (23, 24 or 25 hours, or other)."""
    pieces = wall_span_to_utc(
        zone_name, day, datetime.combine(day, time()), datetime.combine(day + _ONE_DAY, time())
    )
    return Interval(pieces[0].start, pieces[-1].end)


@lru_cache(maxsize=8192)
def grid_starts(zone_name: str, day: date, step_minutes: int) -> tuple[datetime, ...]:
    """Slot starts of `day`: wall times every `step_minutes` from local midnight, as sorted UTC instants.

    A wall time in a DST gap is skipped; one that occurs twice (a fall-back overlap) gives both passes.
    """
    pieces = offset_pieces(zone_name, day)
    midnight = datetime.combine(day, time())
    step = timedelta(minutes=step_minutes)
    starts: list[datetime] = []
    wall = midnight
    while wall.date() == day:
        starts.extend(
            instant
            for piece in pieces
            if piece.start <= (instant := (wall - piece.offset).replace(tzinfo=UTC)) < piece.end
        )
        wall += step
    # Walking wall time visits a repeated hour's second pass after the first pass of later wall times.
    return tuple(sorted(starts))


@lru_cache(maxsize=8192)
def grid_set(zone_name: str, day: date, step_minutes: int) -> frozenset[datetime]:
    return frozenset(grid_starts(zone_name, day, step_minutes))


def local_date(zone_name: str, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(zone_name)).date()


def local_iso(zone_name: str, instant: datetime) -> str:
    """ISO 8601 local time with its offset, e.g. 2026-10-25T02:30:00+02:00."""
    return instant.astimezone(ZoneInfo(zone_name)).isoformat()
