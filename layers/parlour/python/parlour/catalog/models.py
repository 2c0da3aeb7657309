"""Catalog models: the shape every other domain reads (availability, booking, pricing).

Schedules are local wall time; the location's IANA zone turns them into instants.

Each entry comes in three shapes: `XInput` is what an admin sends to create it (the id is chosen by
the salon), `XReplacement` adds the `version` that was read (optimistic concurrency), and `X` is the
stored entry with its salon and current version. `Catalog` is a whole salon, loaded in one query.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, TypeVar
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from parlour.errors import NotFound
from parlour.money import CurrencyCode, Price
from parlour.text import Address, Description, Name, paragraph

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")
]


# IANA zone names (tzdata is a dependency, so the list is the same on every host). ZoneInfo(name) alone
# is not enough: it also opens "localtime", "posixrules" and other files of the host's zoneinfo directory,
# which are host settings, not zones, and differ between the machine that stores a location and the one
# that reads it; "Factory" is a placeholder zone whose abbreviation says "local time zone must be set".
_IANA_ZONES = frozenset(
    name
    for name in available_timezones()
    if name not in {"Factory", "localtime", "posixrules"} and not name.startswith(("posix/", "right/"))
)


def _known_zone(name: str) -> str:
    if name not in _IANA_ZONES:
        raise ValueError(f"unknown IANA time zone {name[:64]!r}; use a name like Europe/Warsaw")
    return name


TimeZoneName = Annotated[str, StringConstraints(max_length=64), AfterValidator(_known_zone)]

# List bounds, chosen so that the largest entry of each kind stays far below DynamoDB's 400 KB item
# limit (tests/unit/test_item_bounds.py builds the largest of each and measures it).
MAX_LOCATIONS = 100  # locations a list may name (a service's, an offer's)
MAX_RANGES_PER_DAY = 6  # opening or working ranges of one weekday or one exception
MAX_WORK_LOCATIONS = 20  # locations one person has weekly hours (or breaks) at
MAX_VERSION = 2**53 - 1  # versions count writes; the web clients hold integers up to here exactly
# A salon's price list of one location is one item holding every variant (parlour.pricing.lists): these
# caps keep the largest one under the item limit (tests/unit/test_item_bounds.py builds it).
MAX_LOCATIONS_PER_SALON = MAX_LOCATIONS
MAX_VARIANTS_PER_SALON = 300

WALL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _wall_time(value: object) -> object:
    """Only HH:MM[:SS] (pydantic alone also takes offsets and seconds since midnight)."""
    wall = isinstance(value, str) and re.fullmatch(WALL_TIME_PATTERN, value)
    if not wall and not (isinstance(value, time) and value.tzinfo is None):
        raise ValueError("give a local wall time as HH:MM or HH:MM:SS without an offset, e.g. 09:00")
    return value


# Local wall time of a location ("09:00", "21:30:00"): the zone is the location's, so no offset. The schema
# states a pattern, not `format: time`, which (RFC 3339) requires an offset that these times never have.
WallTime = Annotated[
    time,
    BeforeValidator(_wall_time),
    WithJsonSchema({"type": "string", "pattern": WALL_TIME_PATTERN, "examples": ["09:00", "17:30:00"]}),
]


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"

    @classmethod
    def of(cls, day: date) -> "Weekday":
        return list(cls)[day.weekday()]


# Lists are bounded so that every entry stays far below DynamoDB's 400 KB item limit.
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TimeRange(_Model):
    """A span of local wall time within one day, start inclusive, end exclusive."""

    start: WallTime
    end: WallTime

    # A field validator (not a model validator) so the error names `end`, not the whole range.
    @field_validator("end")
    @classmethod
    def _after_start(cls, end: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("end must be after start")
        return end

    def overlaps(self, other: "TimeRange") -> bool:
        return self.start < other.end and other.start < self.end


class WeeklyHours(_Model):
    """Open or working ranges per weekday; a missing weekday means closed or off."""

    mon: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    tue: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    wed: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    thu: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    fri: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    sat: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)
    sun: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)

    @field_validator("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    @classmethod
    def _disjoint(cls, ranges: list[TimeRange]) -> list[TimeRange]:
        ordered = sorted(ranges, key=lambda span: span.start)
        if any(earlier.overlaps(later) for earlier, later in pairwise(ordered)):
            raise ValueError("the ranges of one day must not overlap")
        return ordered

    def on(self, weekday: Weekday) -> list[TimeRange]:
        return getattr(self, weekday.value)


class BookingPolicy(_Model):
    slot_step_minutes: int = Field(15, ge=5, le=120)
    min_notice_minutes: int = Field(60, ge=0, le=7 * 24 * 60)
    max_advance_days: int = Field(90, ge=1, le=365)
    cancel_window_hours: int = Field(24, ge=0, le=14 * 24)
    hold_minutes: int = Field(15, ge=1, le=24 * 60)


Version = Annotated[
    int, Field(ge=0, le=MAX_VERSION, description="Optimistic concurrency: the version read; 0 means new")
]

# What a GET answers can be PUT back unchanged: the salon id it carries is accepted, and checked.
ReadSalonId = Annotated[
    Slug | None, Field(description="As read; ignored when it is this salon's, refused otherwise")
]


class SalonInput(_Model):
    id: Slug
    name: Name
    default_currency: CurrencyCode = "EUR"
    policy: BookingPolicy = Field(default_factory=BookingPolicy)


class SalonReplacement(SalonInput):
    version: Version


class Salon(SalonInput):
    version: Version = 0


class LocationInput(_Model):
    id: Slug
    name: Name
    time_zone: TimeZoneName
    currency: CurrencyCode
    tax_region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    address: Address = ""
    opening_hours: WeeklyHours
    closed_dates: list[date] = Field(default_factory=list, max_length=500)


class LocationReplacement(LocationInput):
    version: Version
    salon_id: ReadSalonId = None


class Location(LocationInput):
    salon_id: Slug
    version: Version = 0


class Variant(_Model):
    id: Slug
    name: Name
    duration_minutes: int = Field(ge=5, le=12 * 60)
    buffer_before_minutes: int = Field(0, ge=0, le=240)
    buffer_after_minutes: int = Field(0, ge=0, le=240)
    base_price: Price
    required_skill: Tag | None = None
    required_resource_kinds: list[Tag] = Field(default_factory=list, max_length=5)
    online_bookable: bool = True


class ServiceInput(_Model):
    id: Slug
    name: Name
    category: Name
    description: Description = ""
    # Locations offering the service; empty means every location of the salon.
    location_ids: list[Slug] = Field(default_factory=list, max_length=MAX_LOCATIONS)
    online_bookable: bool = True
    variants: list[Variant] = Field(min_length=1, max_length=100)

    @field_validator("location_ids")
    @classmethod
    def _unique_locations(cls, location_ids: list[str]) -> list[str]:
        if len(location_ids) != len(set(location_ids)):
            raise ValueError("location ids must not repeat")
        return location_ids

    @field_validator("variants")
    @classmethod
    def _unique_variants(cls, variants: list[Variant]) -> list[Variant]:
        ids = [variant.id for variant in variants]
        if len(ids) != len(set(ids)):
            raise ValueError("variant ids must be unique within a service")
        return variants

    def variant(self, variant_id: str) -> Variant | None:
        return next((variant for variant in self.variants if variant.id == variant_id), None)


class ServiceReplacement(ServiceInput):
    version: Version
    salon_id: ReadSalonId = None


class Service(ServiceInput):
    salon_id: Slug
    version: Version = 0


class StaffException(_Model):
    """One date worked differently at a location: other ranges, or none (a day off)."""

    date: date
    location_id: Slug
    ranges: list[TimeRange] = Field(default_factory=list, max_length=MAX_RANGES_PER_DAY)


# "holiday", "sick leave": short, as a person keeps up to a hundred of them (see StaffInput).
TimeOffReason = paragraph(200)


class TimeOff(_Model):
    """Whole local days off, first and last inclusive (holiday, sick leave)."""

    first_day: date
    last_day: date
    reason: TimeOffReason = ""

    @field_validator("last_day")
    @classmethod
    def _not_before_first(cls, last_day: date, info: ValidationInfo) -> date:
        first_day = info.data.get("first_day")
        if first_day is not None and last_day < first_day:
            raise ValueError("last_day must not be before first_day")
        return last_day


class StaffInput(_Model):
    id: Slug
    name: Name
    skills: list[Tag] = Field(default_factory=list, max_length=50)
    # Weekly working hours per location id.
    weekly_hours: dict[Slug, WeeklyHours] = Field(default_factory=dict, max_length=MAX_WORK_LOCATIONS)
    # Recurring breaks per location id, in the same local wall time as the hours.
    breaks: dict[Slug, WeeklyHours] = Field(default_factory=dict, max_length=MAX_WORK_LOCATIONS)
    exceptions: list[StaffException] = Field(default_factory=list, max_length=400)
    time_off: list[TimeOff] = Field(default_factory=list, max_length=100)
    bookable_online: bool = True

    @field_validator("exceptions")
    @classmethod
    def _one_exception_per_day_and_location(cls, exceptions: list[StaffException]) -> list[StaffException]:
        days = [(exception.date, exception.location_id) for exception in exceptions]
        if len(days) != len(set(days)):
            raise ValueError("one exception per date and location")
        return exceptions

    @property
    def location_ids(self) -> list[str]:
        """Locations where this person works (has weekly hours)."""
        return sorted(self.weekly_hours)


class StaffReplacement(StaffInput):
    version: Version
    salon_id: ReadSalonId = None


class Staff(StaffInput):
    salon_id: Slug
    version: Version = 0


class ResourceInput(_Model):
    id: Slug
    name: Name
    kind: Tag
    location_id: Slug


class ResourceReplacement(ResourceInput):
    version: Version
    salon_id: ReadSalonId = None


class Resource(ResourceInput):
    salon_id: Slug
    version: Version = 0


_Entry = TypeVar("_Entry")


@dataclass(frozen=True)
class Catalog:
    """A salon's whole catalog as loaded in one query; `revision` moves on every catalog write."""

    salon: Salon
    locations: Mapping[str, Location]
    services: Mapping[str, Service]
    staff: Mapping[str, Staff]
    resources: Mapping[str, Resource]
    revision: int = 0

    def location(self, location_id: str) -> Location:
        return _found(self.locations, location_id, "location")

    def service(self, service_id: str) -> Service:
        return _found(self.services, service_id, "service")

    def staff_member(self, staff_id: str) -> Staff:
        return _found(self.staff, staff_id, "staff member")

    def resource(self, resource_id: str) -> Resource:
        return _found(self.resources, resource_id, "resource")

    def service_location_ids(self, service: Service) -> list[str]:
        """Where a service is offered: its own list, or every location when the list is empty."""
        return list(service.location_ids) if service.location_ids else sorted(self.locations)

    def services_at(self, location_id: str) -> list[Service]:
        return [
            service for service in self.services.values() if location_id in self.service_location_ids(service)
        ]

    def staff_at(self, location_id: str) -> list[Staff]:
        return [member for member in self.staff.values() if location_id in member.weekly_hours]

    def resources_at(self, location_id: str, kind: str | None = None) -> list[Resource]:
        return [
            resource
            for resource in self.resources.values()
            if resource.location_id == location_id and (kind is None or resource.kind == kind)
        ]


def _found(entries: Mapping[str, _Entry], entry_id: str, what: str) -> _Entry:
    try:
        return entries[entry_id]
    except KeyError:
        # Cut: every real id is a slug of at most 63 characters; a path may carry kilobytes.
        raise NotFound(f"no {what} {entry_id[:64]!r} in this salon") from None
