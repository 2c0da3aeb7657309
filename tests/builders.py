"""Builders of small salons for tests, written through the catalog's own functions."""

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


def every_day(start: str, end: str) -> WeeklyHours:
    span = [TimeRange.model_validate({"start": start, "end": end})]
    return WeeklyHours.model_validate(dict.fromkeys(WEEKDAYS, span))


def small_salon(
    salon_id: str,
    *,
    zone: str = "Europe/Warsaw",
    currency: str = "PLN",
    staff: int = 3,
    rooms: int = 1,
    hours: tuple[str, str] = ("09:00", "18:00"),
    policy: BookingPolicy | None = None,
) -> None:
    """A salon with one location open every day, `staff` stylists and `rooms` treatment rooms.

    Services: `cut` (variants `short` 30 min and `long` 60 min with a 15 min buffer after, skill hair),
    `facial` (45 min, needs a room, skill skin; only specialist s1 has skin).
    """
    editing.create_salon(
        SalonInput(
            id=salon_id,
            name=f"Salon {salon_id}",
            default_currency=currency,
            policy=policy or BookingPolicy(min_notice_minutes=0, max_advance_days=60, cancel_window_hours=24),
        )
    )
    editing.create_location(
        salon_id,
        LocationInput(
            id="main",
            name="Main",
            time_zone=zone,
            currency=currency,
            tax_region="PL",
            opening_hours=every_day(*hours),
        ),
    )
    for number in range(1, staff + 1):
        editing.create_staff_member(
            salon_id,
            StaffInput(
                id=f"s{number}",
                name=f"Stylist {number}",
                skills=["hair", "skin"] if number == 1 else ["hair"],
                weekly_hours={"main": every_day(*hours)},
            ),
        )
    for number in range(1, rooms + 1):
        editing.create_resource(
            salon_id, ResourceInput(id=f"room{number}", name=f"Room {number}", kind="room", location_id="main")
        )
    price = Money(amount=12000, currency=currency)
    editing.create_service(
        salon_id,
        ServiceInput(
            id="cut",
            name="Haircut",
            category="Hair",
            variants=[
                Variant(id="short", name="Short", duration_minutes=30, base_price=price, required_skill="hair"),
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
    )
    editing.create_service(
        salon_id,
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
    )
