"""Builders of small salons for tests, written through the catalog's own functions, and the instants tests
book at (inside the salons' opening hours at whatever hour the suite runs; see tests/conftest.py)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from parlour.catalog import editing
from parlour.catalog.models import (
    BookingPolicy,
    LocationInput,
    ResourceInput,
    SalonInput,
    ServiceInput,
    StaffInput,
    TimeRange,
    Variant,
    WeeklyHours,
)
from parlour.money import Money

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SALON_ZONE = "Europe/Warsaw"  # small_salon_draft's default


def warsaw_location(**changes: Any) -> dict[str, Any]:
    """The body an admin sends to add the Warsaw location (open Mondays 9-17), with `changes` on top."""
    return {
        "id": "warsaw",
        "name": "Warsaw",
        "time_zone": "Europe/Warsaw",
        "currency": "PLN",
        "tax_region": "PL",
        "opening_hours": {"mon": [{"start": "09:00", "end": "17:00"}]},
        **changes,
    }


def local_day(days_from_today: int, zone: str = SALON_ZONE) -> date:
    """The salon's calendar day `days_from_today` after today there (not the UTC date)."""
    return datetime.now(ZoneInfo(zone)).date() + timedelta(days=days_from_today)


def local_instant(day: date, clock: str, zone: str = SALON_ZONE) -> datetime:
    """The UTC instant of the wall-clock time `clock` ("10:00") on `day` in `zone`."""
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(zone)).astimezone(UTC)


def every_day(start: str, end: str) -> WeeklyHours:
    span = [TimeRange.model_validate({"start": start, "end": end})]
    return WeeklyHours.model_validate(dict.fromkeys(WEEKDAYS, span))


@dataclass(frozen=True)
class SalonDraft:
    """Everything a test salon consists of, as admin inputs (written in-process or over HTTP)."""

    salon: SalonInput
    locations: list[LocationInput]
    staff: list[StaffInput]
    resources: list[ResourceInput]
    services: list[ServiceInput]


def small_salon_draft(
    salon_id: str,
    *,
    zone: str = "Europe/Warsaw",
    currency: str = "PLN",
    staff: int = 3,
    rooms: int = 1,
    hours: tuple[str, str] = ("09:00", "18:00"),
    policy: BookingPolicy | None = None,
) -> SalonDraft:
    """A salon with one location open every day, `staff` stylists and `rooms` treatment rooms.

    Services: `cut` (variants `short` 30 min and `long` 60 min with a 15 min buffer after, skill hair),
    `facial` (45 min, needs a room, skill skin; only specialist s1 has skin).
    """
    price = Money(amount=12000, currency=currency)
    return SalonDraft(
        salon=SalonInput(
            id=salon_id,
            name=f"Salon {salon_id}",
            default_currency=currency,
            policy=policy or BookingPolicy(min_notice_minutes=0, max_advance_days=60, cancel_window_hours=24),
        ),
        locations=[
            LocationInput(
                id="main",
                name="Main",
                time_zone=zone,
                currency=currency,
                tax_region="PL",
                opening_hours=every_day(*hours),
            )
        ],
        staff=[
            StaffInput(
                id=f"s{number}",
                name=f"Stylist {number}",
                skills=["hair", "skin"] if number == 1 else ["hair"],
                weekly_hours={"main": every_day(*hours)},
            )
            for number in range(1, staff + 1)
        ],
        resources=[
            ResourceInput(id=f"room{number}", name=f"Room {number}", kind="room", location_id="main")
            for number in range(1, rooms + 1)
        ],
        services=[
            ServiceInput(
                id="cut",
                name="Haircut",
                category="Hair",
                variants=[
                    Variant(
                        id="short", name="Short", duration_minutes=30, base_price=price, required_skill="hair"
                    ),
                    Variant(
                        id="long",
                        name="Long",
                        duration_minutes=60,
                        buffer_after_minutes=15,
                        base_price=price,
                        required_skill="hair",
                    ),
                ],
            ),
            ServiceInput(
                id="facial",
                name="Facial",
                category="Skin",
                variants=[
                    Variant(
                        id="classic",
                        name="Classic",
                        duration_minutes=45,
                        base_price=price,
                        required_skill="skin",
                        required_resource_kinds=["room"],
                    )
                ],
            ),
        ],
    )


def small_salon(salon_id: str, **options: Any) -> SalonDraft:
    """Write small_salon_draft(salon_id, **options) through the catalog's own functions."""
    draft = small_salon_draft(salon_id, **options)
    editing.create_salon(draft.salon)
    for location in draft.locations:
        editing.create_location(salon_id, location)
    for member in draft.staff:
        editing.create_staff_member(salon_id, member)
    for resource in draft.resources:
        editing.create_resource(salon_id, resource)
    for offered in draft.services:
        editing.create_service(salon_id, offered)
    return draft
