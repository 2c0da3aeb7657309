"""Builders shared by the availability tests (no tests here): a salon in a few lines, ledgers from entries."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from parlour.availability.engine import BookingContext, Channel
from parlour.availability.ledger import DayLedger, LedgerEntry, OwnerKind, utc_days
from parlour.catalog.models import (
    BookingPolicy,
    Location,
    Resource,
    Service,
    Staff,
    StaffException,
    TimeOff,
    TimeRange,
    Variant,
    WeeklyHours,
)
from parlour.money import Money

SALON = "demo"
LOCATION = "main"
WARSAW = "Europe/Warsaw"
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def span(text: str) -> TimeRange:
    """'09:00-17:00' -> TimeRange."""
    start, end = text.split("-")
    return TimeRange(start=time.fromisoformat(start), end=time.fromisoformat(end))


def weekly(*ranges: str, days: Iterable[str] = EVERY_DAY) -> WeeklyHours:
    return WeeklyHours(**{day: [span(text) for text in ranges] for day in days})


def location(
    zone: str = WARSAW, opening: WeeklyHours | None = None, closed_dates: Iterable[date] = ()
) -> Location:
    return Location(
        id=LOCATION,
        salon_id=SALON,
        name="Main Street",
        time_zone=zone,
        currency="EUR",
        tax_region="PL",
        opening_hours=opening if opening is not None else weekly("00:00-23:59"),
        closed_dates=list(closed_dates),
    )


def specialist(
    staff_id: str,
    *,
    hours: WeeklyHours | None = None,
    breaks: WeeklyHours | None = None,
    skills: Iterable[str] = ("hair",),
    exceptions: Iterable[tuple[date, list[str]]] = (),
    time_off: Iterable[tuple[date, date]] = (),
    bookable_online: bool = True,
) -> Staff:
    return Staff(
        id=staff_id,
        salon_id=SALON,
        name=staff_id.title(),
        skills=list(skills),
        weekly_hours={LOCATION: hours if hours is not None else weekly("09:00-17:00")},
        breaks={LOCATION: breaks} if breaks is not None else {},
        exceptions=[
            StaffException(date=day, location_id=LOCATION, ranges=[span(text) for text in ranges])
            for day, ranges in exceptions
        ],
        time_off=[TimeOff(first_day=first, last_day=last) for first, last in time_off],
        bookable_online=bookable_online,
    )


def resource(resource_id: str, kind: str = "chair", location_id: str = LOCATION) -> Resource:
    return Resource(id=resource_id, salon_id=SALON, name=resource_id, kind=kind, location_id=location_id)


def variant(
    duration: int = 60,
    *,
    before: int = 0,
    after: int = 0,
    skill: str | None = "hair",
    kinds: Iterable[str] = (),
    online: bool = True,
    variant_id: str = "cut",
) -> Variant:
    return Variant(
        id=variant_id,
        name="Haircut",
        duration_minutes=duration,
        buffer_before_minutes=before,
        buffer_after_minutes=after,
        base_price=Money(amount=5000, currency="EUR"),
        required_skill=skill,
        required_resource_kinds=list(kinds),
        online_bookable=online,
    )


def service(*variants: Variant, location_ids: Iterable[str] = (), online: bool = True) -> Service:
    return Service(
        id="haircut",
        salon_id=SALON,
        name="Haircut",
        category="Hair",
        location_ids=list(location_ids),
        online_bookable=online,
        variants=list(variants) or [variant()],
    )


def context(
    *,
    staff: Iterable[Staff] = (),
    resources: Iterable[Resource] = (),
    the_variant: Variant | None = None,
    the_service: Service | None = None,
    the_location: Location | None = None,
    step: int = 15,
    notice: int = 0,
    advance: int = 90,
    channel: Channel = Channel.online,
) -> BookingContext:
    chosen_service = the_service or service(the_variant or variant())
    return BookingContext(
        policy=BookingPolicy(slot_step_minutes=step, min_notice_minutes=notice, max_advance_days=advance),
        location=the_location or location(),
        service=chosen_service,
        variant_id=chosen_service.variants[0].id,
        staff=list(staff) or [specialist("anna")],
        resources=list(resources),
        channel=channel,
    )


def at(zone: str, text: str) -> datetime:
    """Local wall time 'YYYY-MM-DDTHH:MM' in `zone` (first occurrence when repeated)."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def booked(
    appointment_id: str, start: datetime, minutes: int, *, hold_expires_at: datetime | None = None
) -> LedgerEntry:
    return LedgerEntry(
        appointment_id=appointment_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        hold_expires_at=hold_expires_at,
    )


def ledgers(kind: OwnerKind, owner_id: str, *entries: LedgerEntry) -> list[DayLedger]:
    """Day ledgers as the store keeps them: each entry in every UTC day it touches."""
    by_day: dict[date, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        for day in utc_days(entry.interval):
            by_day[day].append(entry)
    return [
        DayLedger(owner_kind=kind, owner_id=owner_id, day=day, version=1, entries=tuple(found))
        for day, found in sorted(by_day.items())
    ]


def staff_ledgers(owner_id: str, *entries: LedgerEntry) -> list[DayLedger]:
    return ledgers(OwnerKind.staff, owner_id, *entries)


def resource_ledgers(owner_id: str, *entries: LedgerEntry) -> list[DayLedger]:
    return ledgers(OwnerKind.resource, owner_id, *entries)


def minutes_of_local_day(zone: str, day: date) -> list[tuple[datetime, datetime]]:
    """Every UTC minute whose wall reading is on `day`, with that reading (naive): a brute-force oracle."""
    instant = datetime.combine(day, time(), UTC) - timedelta(hours=15)
    last = datetime.combine(day + timedelta(days=1), time(), UTC) + timedelta(hours=13)
    found = []
    while instant < last:
        wall = instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        if wall.date() == day:
            found.append((instant, wall))
        instant += timedelta(minutes=1)
    return found
