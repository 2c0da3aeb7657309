"""The largest valid entry of each kind fits in one DynamoDB item (400 KB) with room to spare.

Each test builds the biggest value the input models accept (every list at its bound, every text at its
length in 4-byte UTF-8 characters), turns it into the item the store writes, and measures it with
DynamoDB's documented size rules. A bound loosened past the limit fails here, not in production.
"""

import random
import zlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from parlour.booking.models import Actor, ActorKind, Appointment, ClientDetails, Status
from parlour.catalog.models import (
    MAX_LOCATIONS,
    MAX_RANGES_PER_DAY,
    MAX_VARIANTS_PER_SALON,
    MAX_WORK_LOCATIONS,
    Catalog,
    Location,
    LocationInput,
    Resource,
    Salon,
    Service,
    ServiceInput,
    Staff,
    StaffInput,
)
from parlour.catalog.public import salon_view
from parlour.money import MAX_PRICE
from parlour.pricing.engine import build_price_list
from parlour.pricing.models import MAX_CATEGORIES, MAX_SEGMENTS, MAX_TARGETS
from parlour.pricing.records import TaxRuleRecord, parse_offer
from parlour.pricing.rules import MAX_BUNDLE_DEALS, MAX_STACKABLE_PROMOTIONS
from parlour.store.catalog import entry_item
from parlour.store.pricing import ingredient_item

ITEM_LIMIT = 400 * 1024
# Room left for attributes the store adds later (keys, indexes, revisions) and for growth.
ITEM_BUDGET = 300 * 1024
# One location's share of GET /public/salons/<id>: every client's first request carries all of them.
PUBLIC_LOCATION_BUDGET = 16 * 1024

WIDE = "\U0001d11e"  # 𝄞: four bytes in UTF-8, the most any character takes


def item_size(value: Any) -> int:
    """Bytes DynamoDB counts for a value: strings and binaries by length, numbers up to 21 bytes,
    3 bytes per list or map plus 1 per element, map keys by length (docs: "Item size calculations")."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int | float | Decimal):
        return 21
    if isinstance(value, list | tuple):
        return 3 + sum(1 + item_size(element) for element in value)
    if isinstance(value, dict):
        return 3 + sum(1 + item_size(key) + item_size(element) for key, element in value.items())
    raise TypeError(f"not a DynamoDB value: {type(value)}")


def attributes_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + item_size(value) for name, value in item.items())


def slug(index: int, length: int = 63) -> str:
    return f"{index:03d}".ljust(length, "x")


def tag(index: int) -> str:
    return f"{index:03d}".ljust(41, "t")


def wide(length: int) -> str:
    return WIDE * length


def full_week() -> dict[str, list[dict[str, str]]]:
    day = [{"start": f"{hour:02d}:00:00", "end": f"{hour:02d}:30:00"} for hour in range(MAX_RANGES_PER_DAY)]
    return {weekday: day for weekday in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def largest_location() -> Location:
    draft = LocationInput.model_validate(
        {
            "id": slug(0),
            "name": wide(120),
            "time_zone": "America/Argentina/ComodRivadavia",
            "currency": "PLN",
            "tax_region": "US-CA1",
            "address": wide(300),
            "opening_hours": full_week(),
            "closed_dates": [date(2027, 1, 1) + timedelta(days=day) for day in range(500)],
        }
    )
    return Location(**draft.model_dump(), salon_id=slug(1), version=2**53 - 1)


def largest_service() -> Service:
    variants = [
        {
            "id": slug(index),
            "name": wide(120),
            "duration_minutes": 720,
            "buffer_before_minutes": 240,
            "buffer_after_minutes": 240,
            "base_price": {"amount": MAX_PRICE, "currency": "PLN"},
            "required_skill": tag(index),
            "required_resource_kinds": [tag(kind) for kind in range(5)],
        }
        for index in range(100)
    ]
    draft = ServiceInput.model_validate(
        {
            "id": slug(0),
            "name": wide(120),
            "category": wide(120),
            "description": wide(2000),
            "location_ids": [slug(index) for index in range(MAX_LOCATIONS)],
            "variants": variants,
        }
    )
    return Service(**draft.model_dump(), salon_id=slug(1), version=2**53 - 1)


def largest_staff_member() -> Staff:
    locations = [slug(index) for index in range(MAX_WORK_LOCATIONS)]
    ranges = full_week()["mon"]
    draft = StaffInput.model_validate(
        {
            "id": slug(0),
            "name": wide(120),
            "skills": [tag(index) for index in range(50)],
            "weekly_hours": {location: full_week() for location in locations},
            "breaks": {location: full_week() for location in locations},
            "exceptions": [
                {"date": date(2027, 1, 1) + timedelta(days=day), "location_id": slug(0), "ranges": ranges}
                for day in range(400)
            ],
            "time_off": [
                {
                    "first_day": date(2027, 1, 1) + timedelta(days=day),
                    "last_day": date(2028, 1, 1),
                    "reason": wide(200),
                }
                for day in range(100)
            ],
        }
    )
    return Staff(**draft.model_dump(), salon_id=slug(1), version=2**53 - 1)


def largest_offer_item() -> dict[str, Any]:
    offer = parse_offer(
        {
            "kind": "promotion",
            "id": slug(0),
            "name": wide(120),
            "priority": -1000,
            "segments": [f"campaign:{slug(index, 40)}" for index in range(MAX_SEGMENTS)],
            "location_ids": [slug(index) for index in range(MAX_LOCATIONS)],
            "window": {"starts_at": "2027-01-01T00:00:00Z", "ends_at": "2028-01-01T00:00:00Z"},
            "discount": {"type": "amount", "amount": {"amount": MAX_PRICE, "currency": "PLN"}},
            "target": {
                "service_ids": [slug(index) for index in range(MAX_TARGETS)],
                "variants": [
                    {"service_id": slug(index), "variant_id": slug(index)} for index in range(MAX_TARGETS)
                ],
                "categories": [wide(120) for _ in range(MAX_CATEGORIES)],
            },
            "stackable": True,
        }
    )
    return ingredient_item(slug(1), offer.model_copy(update={"version": 2**53 - 1}))


def largest_tax_item() -> dict[str, Any]:
    tax = TaxRuleRecord.model_validate(
        {
            "id": slug(0),
            "name": wide(120),
            "region": "US-CA1",
            "location_ids": [slug(index) for index in range(MAX_LOCATIONS)],
            "categories": [wide(120) for _ in range(MAX_CATEGORIES)],
            "rate_percent": "99.9999",
            "inclusive": False,
            "priority": 1000,
            "version": 2**53 - 1,
        }
    )
    return ingredient_item(slug(1), tax)


def largest_appointment() -> dict[str, Any]:
    at = datetime(2027, 1, 1, 9, tzinfo=UTC)
    client = ClientDetails(
        name=wide(120), phone="+481234567890123", email=f"{'a' * 64}@{'b' * 60}.{'c' * 60}.{'d' * 60}.com"
    )
    appointment = Appointment(
        id=slug(0),
        salon_id=slug(1),
        location_id=slug(2),
        service_id=slug(3),
        variant_id=slug(4),
        staff_id=slug(5),
        resource_ids=[slug(index) for index in range(5)],
        start=at,
        end=at + timedelta(hours=12),
        blocked_start=at,
        blocked_end=at + timedelta(hours=16),
        time_zone="America/Argentina/ComodRivadavia",
        status=Status.confirmed,
        client_id=slug(6),
        client=client,
        note=wide(500),
        price={"amount": MAX_PRICE, "currency": "PLN"},
        price_list={"id": f"{slug(1)}/{slug(2)}/general", "version": 2**53 - 1, "content_hash": "f" * 64},
        created_at=at,
        updated_at=at,
        created_by=Actor(kind=ActorKind.staff, id=slug(7), role="manager"),
        remind_at=[at - timedelta(hours=hours) for hours in range(5)],
        no_show_check_at=at,
    )
    return appointment.model_dump(mode="json")


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        ("location", lambda: entry_item(largest_location())),
        ("service", lambda: entry_item(largest_service())),
        ("staff member", lambda: entry_item(largest_staff_member())),
        ("offer", largest_offer_item),
        ("tax rule", largest_tax_item),
        ("appointment", largest_appointment),
    ],
)
def test_the_largest_valid_entry_fits_one_item_with_room_to_spare(kind, build):
    # Given the largest entry of this kind the API accepts / When it is stored as one item
    size = attributes_size(build())
    # Then it stays within the budget, itself well under DynamoDB's limit
    assert size <= ITEM_BUDGET < ITEM_LIMIT, f"the largest {kind} is {size} bytes"


def noise(random_source: random.Random, length: int) -> str:
    """Names that compress as badly as names can: random 4-byte characters (CJK extension B)."""
    return "".join(chr(random_source.randrange(0x20000, 0x2A6DF)) for _ in range(length))


def test_the_largest_price_list_fits_one_item_with_room_to_spare():
    # Given a salon at every cap: the most variants, bundle deals and stackable promotions, every name at
    # its length in characters that do not compress, every price different
    names = random.Random(7)
    location = largest_location()
    services = [
        Service.model_validate(
            {
                "id": slug(service),
                "salon_id": location.salon_id,
                "name": noise(names, 120),
                "category": noise(names, 120),
                "variants": [
                    {
                        "id": slug(variant),
                        "name": noise(names, 120),
                        "duration_minutes": 30,
                        "base_price": {"amount": names.randrange(MAX_PRICE), "currency": "PLN"},
                    }
                    for variant in range(10)
                ],
            }
        )
        for service in range(MAX_VARIANTS_PER_SALON // 10)
    ]
    bundles = [
        {"kind": "package", "id": slug(index), "name": noise(names, 120), "sessions": 5, "paid_sessions": 4}
        for index in range(MAX_BUNDLE_DEALS)
    ]
    stacking = [
        {
            "kind": "promotion",
            "id": slug(100 + index),
            "name": noise(names, 120),
            "stackable": True,
            "discount": {"type": "percent", "percent": "1.5"},
        }
        for index in range(MAX_STACKABLE_PROMOTIONS)
    ]
    offers = [parse_offer(offer) for offer in bundles + stacking]
    # When its list is built and stored as the store does: compressed JSON
    built = build_price_list(
        location.salon_id, location, "general", services, offers, [], datetime(2027, 1, 1, tzinfo=UTC)
    )
    document = zlib.compress(built.model_dump_json().encode(), level=6)
    # Then it leaves room for the head's attributes within the budget
    assert sum(len(service.variants) for service in services) == MAX_VARIANTS_PER_SALON
    assert len(document) <= ITEM_BUDGET - 4096, len(document)


def test_the_largest_location_keeps_the_public_salon_answer_small():
    # Given a salon whose one location has every field at its bound
    location = largest_location()
    salon = Salon(id=location.salon_id, name=wide(120))
    catalog = Catalog(salon=salon, locations={location.id: location}, services={}, staff={}, resources={})
    # When the public salon answer is built / Then that location's part of it stays within its budget
    answer = salon_view(catalog).model_dump_json()
    assert len(answer.encode()) <= PUBLIC_LOCATION_BUDGET, len(answer.encode())


def test_the_size_rules_count_what_dynamodb_counts():
    # 5 bytes of name + 3 of string; a list of two numbers is 3 + 2 * (1 + 21); a map adds its keys
    assert attributes_size({"pk": "abc"}) == 5
    assert item_size([1, 2]) == 3 + 2 * 22
    assert item_size({"a": True}) == 3 + 1 + 1 + 1


def test_a_resource_is_tiny():
    resource = Resource(id=slug(0), name=wide(120), kind=tag(0), location_id=slug(1), salon_id=slug(2))
    assert attributes_size(entry_item(resource)) < 2048
