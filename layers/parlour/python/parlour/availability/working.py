"""Working time: when a specialist can take clients at a location on a local date, as UTC instants.

The rule:
- nothing on the location's closed dates or on the specialist's time-off days;
- otherwise the specialist's ranges for that date, intersected with the location's opening hours:
  - if the specialist has an exception for that date at that location, its ranges (none = a day off)
    replace both the weekly hours and the breaks of that date;
  - else the weekly hours at that location minus the breaks at that location.
  Opening hours always bound the result: a client is never booked while the door is locked (a
  manager who needs that uses the override of check_slot).
- Wall times become instants by the DST rule of parlour.availability.localtime (gaps skipped,
  overlaps lasting their real elapsed time).
"""

from collections.abc import Iterable
from datetime import date

from parlour.availability.ledger import Interval
from parlour.availability.localtime import wall_range_to_utc
from parlour.availability.timeline import Timeline
from parlour.catalog.models import Location, Staff, StaffException, TimeRange, Weekday


def works_at(staff: Staff, location_id: str) -> bool:
    """Whether a specialist ever works at a location: weekly hours there, or a dated exception there."""
    return location_id in staff.weekly_hours or any(e.location_id == location_id for e in staff.exceptions)


def _instants(location: Location, day: date, ranges: Iterable[TimeRange]) -> Timeline:
    return Timeline(
        interval
        for time_range in ranges
        for interval in wall_range_to_utc(location.time_zone, day, time_range.start, time_range.end)
    )


def opening_timeline(location: Location, day: date) -> Timeline:
    if day in location.closed_dates:
        return Timeline()
    return _instants(location, day, location.opening_hours.on(Weekday.of(day)))


def _exception(staff: Staff, location: Location, day: date) -> StaffException | None:
    return next(
        (found for found in staff.exceptions if found.date == day and found.location_id == location.id),
        None,
    )


def _on_time_off(staff: Staff, day: date) -> bool:
    return any(off.first_day <= day <= off.last_day for off in staff.time_off)


def working_timeline(staff: Staff, location: Location, day: date) -> Timeline:
    if _on_time_off(staff, day):
        return Timeline()
    opening = opening_timeline(location, day)
    if not opening:
        return opening
    exception = _exception(staff, location, day)
    if exception is not None:
        return _instants(location, day, exception.ranges).intersect(opening)
    weekday = Weekday.of(day)
    weekly = staff.weekly_hours.get(location.id)
    if weekly is None:
        return Timeline()
    hours = _instants(location, day, weekly.on(weekday))
    breaks = staff.breaks.get(location.id)
    if breaks is not None:
        hours = hours.minus(_instants(location, day, breaks.on(weekday)))
    return hours.intersect(opening)


def working_time(staff: Staff, location: Location, day: date) -> list[Interval]:
    """The specialist's working time at `location` on local date `day`, as sorted disjoint UTC intervals."""
    return working_timeline(staff, location, day).intervals()
