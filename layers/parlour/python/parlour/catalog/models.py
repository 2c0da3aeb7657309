"""Catalog models: the shape every other domain reads (availability, booking, pricing).

Schedules are local wall time; the location's IANA zone turns them into instants.
"""

from datetime import date, time
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from parlour.money import CurrencyCode, Money

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")]


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as missing:
        raise ValueError(f"unknown IANA time zone {name!r}") from missing
    return name


TimeZoneName = Annotated[str, AfterValidator(_known_zone)]


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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TimeRange(_Model):
    """A span of local wall time within one day, start inclusive, end exclusive."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> "TimeRange":
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class WeeklyHours(_Model):
    """Open or working ranges per weekday; a missing weekday means closed or off."""

    mon: list[TimeRange] = Field(default_factory=list)
    tue: list[TimeRange] = Field(default_factory=list)
    wed: list[TimeRange] = Field(default_factory=list)
    thu: list[TimeRange] = Field(default_factory=list)
    fri: list[TimeRange] = Field(default_factory=list)
    sat: list[TimeRange] = Field(default_factory=list)
    sun: list[TimeRange] = Field(default_factory=list)

    def on(self, weekday: Weekday) -> list[TimeRange]:
        return getattr(self, weekday.value)


class BookingPolicy(_Model):
    slot_step_minutes: int = Field(15, ge=5, le=120)
    min_notice_minutes: int = Field(60, ge=0, le=7 * 24 * 60)
    max_advance_days: int = Field(90, ge=1, le=365)
    cancel_window_hours: int = Field(24, ge=0, le=14 * 24)
    hold_minutes: int = Field(15, ge=1, le=24 * 60)


class Salon(_Model):
    id: Slug
    name: Name
    default_currency: CurrencyCode = "EUR"
    policy: BookingPolicy = Field(default_factory=BookingPolicy)


class Location(_Model):
    id: Slug
    salon_id: Slug
    name: Name
    time_zone: TimeZoneName
    currency: CurrencyCode
    tax_region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    address: str = ""
    opening_hours: WeeklyHours
    closed_dates: list[date] = Field(default_factory=list)


class Variant(_Model):
    id: Slug
    name: Name
    duration_minutes: int = Field(ge=5, le=12 * 60)
    buffer_before_minutes: int = Field(0, ge=0, le=240)
    buffer_after_minutes: int = Field(0, ge=0, le=240)
    base_price: Money
    required_skill: Tag | None = None
    required_resource_kinds: list[Tag] = Field(default_factory=list)
    online_bookable: bool = True

    @model_validator(mode="after")
    def _non_negative_price(self) -> "Variant":
        if self.base_price.amount < 0:
            raise ValueError("base_price.amount must not be negative")
        return self


class Service(_Model):
    id: Slug
    salon_id: Slug
    name: Name
    category: Name
    description: str = Field("", max_length=2000)
    # Locations offering the service; empty means every location of the salon.
    location_ids: list[Slug] = Field(default_factory=list)
    online_bookable: bool = True
    variants: list[Variant] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_variants(self) -> "Service":
        ids = [variant.id for variant in self.variants]
        if len(ids) != len(set(ids)):
            raise ValueError("variant ids must be unique within a service")
        return self

    def variant(self, variant_id: str) -> Variant | None:
        return next((variant for variant in self.variants if variant.id == variant_id), None)


class StaffException(_Model):
    """One date worked differently at a location: other ranges, or none (a day off)."""

    date: date
    location_id: Slug
    ranges: list[TimeRange] = Field(default_factory=list)


class TimeOff(_Model):
    """Whole local days off, first and last inclusive (holiday, sick leave)."""

    first_day: date
    last_day: date
    reason: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> "TimeOff":
        if self.last_day < self.first_day:
            raise ValueError("last_day must not be before first_day")
        return self


class Staff(_Model):
    id: Slug
    salon_id: Slug
    name: Name
    skills: list[Tag] = Field(default_factory=list)
    # Weekly working hours per location id.
    weekly_hours: dict[Slug, WeeklyHours] = Field(default_factory=dict)
    # Recurring breaks per location id, in the same local wall time as the hours.
    breaks: dict[Slug, WeeklyHours] = Field(default_factory=dict)
    exceptions: list[StaffException] = Field(default_factory=list)
    time_off: list[TimeOff] = Field(default_factory=list)
    bookable_online: bool = True


class Resource(_Model):
    id: Slug
    salon_id: Slug
    name: Name
    kind: Tag
    location_id: Slug
