"""Pricing ingredients (offers, taxes) and results (quotes, price lists).

Offers are what a salon sets up to lower a price: promotions (percentage or flat, optionally stackable),
special prices (a fixed price for one variant), package deals (n sessions for the price of m) and group
deals (a discount per person from n people). Any offer can be limited to client segments, locations and a
time window. Tax rules say what a location charges on top of, or inside, a listed price.

Amounts are parlour.money.Money (integer minor units); rates and percentages are Decimal, never float.
Windows are half open, [starts_at, ends_at), in UTC-aware instants.
"""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from parlour.catalog.models import Name, Slug
from parlour.money import Money


# A stable key per client segment. "general" is everyone; a client in several segments may book at the
# lowest of their lists. Campaign codes are case-insensitive (stored lower case).
def _lower(value: object) -> object:
    # Before the pattern: StringConstraints would check the pattern against the text as given.
    return value.strip().lower() if isinstance(value, str) else value


SegmentKey = Annotated[
    str,
    BeforeValidator(_lower),
    StringConstraints(pattern=r"^(general|new|returning|vip|birthday|campaign:[a-z0-9][a-z0-9_-]{0,39})$"),
]
GENERAL = "general"

Percent = Annotated[Decimal, Field(gt=0, le=100, decimal_places=4)]
TaxRatePercent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
TaxRegion = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# Instants a rule may name. Near the years 1 and 9999 an offset or a day added leaves the calendar
# (OverflowError while a price list is built); the same years as bookings (availability.engine.SANE_YEARS).
CALENDAR_YEARS = range(2000, 2201)


def on_the_calendar(instant: datetime) -> datetime:
    if instant.year not in CALENDAR_YEARS:
        raise ValueError("give an instant between the years 2000 and 2200")
    return instant


Instant = Annotated[AwareDatetime, AfterValidator(on_the_calendar)]


class Window(_Model):
    """When a rule is in force: from starts_at (inclusive) until ends_at (exclusive); None is unbounded."""

    starts_at: Instant | None = None
    ends_at: Instant | None = None

    # Field validators (not model validators) so that a 422 names the offending field.
    @field_validator("ends_at")
    @classmethod
    def _ordered(cls, ends_at: datetime | None, info: ValidationInfo) -> datetime | None:
        starts_at = info.data.get("starts_at")
        if starts_at and ends_at and ends_at <= starts_at:
            raise ValueError("ends_at must be after starts_at")
        return ends_at

    def active(self, at: datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= at) and (
            self.ends_at is None or at < self.ends_at
        )

    def boundaries_after(self, at: datetime) -> list[datetime]:
        return [bound for bound in (self.starts_at, self.ends_at) if bound is not None and bound > at]


class VariantRef(_Model):
    service_id: Slug
    variant_id: Slug


class Target(_Model):
    """Which variants a rule covers: any listed service, variant or category; all empty means every one."""

    service_ids: list[Slug] = Field(default_factory=list)
    variants: list[VariantRef] = Field(default_factory=list)
    categories: list[Name] = Field(default_factory=list)

    def covers(self, service_id: str, variant_id: str, category: str) -> bool:
        if not (self.service_ids or self.variants or self.categories):
            return True
        return (
            service_id in self.service_ids
            or any(ref.service_id == service_id and ref.variant_id == variant_id for ref in self.variants)
            or any(listed.casefold() == category.casefold() for listed in self.categories)
        )


class _Rule(_Model):
    id: Slug
    name: Name
    # Breaks ties between options of equal total: higher priority wins, then the smaller id.
    priority: int = 0
    # Empty: every segment. Otherwise only the price lists of these segments.
    segments: list[SegmentKey] = Field(default_factory=list)
    # Empty: every location of the salon.
    location_ids: list[Slug] = Field(default_factory=list)
    window: Window = Field(default_factory=Window)

    def reaches(self, location_id: str, segment: str) -> bool:
        return (not self.segments or segment in self.segments) and (
            not self.location_ids or location_id in self.location_ids
        )


class PercentOff(_Model):
    type: Literal["percent"] = "percent"
    percent: Percent


class AmountOff(_Model):
    """A flat amount off each session or person; applies only to prices in its currency."""

    type: Literal["amount"] = "amount"
    amount: Money

    @field_validator("amount")
    @classmethod
    def _positive(cls, amount: Money) -> Money:
        if amount.amount <= 0:
            raise ValueError("amount.amount must be positive")
        return amount


Discount = Annotated[PercentOff | AmountOff, Field(discriminator="type")]


class Promotion(_Rule):
    """A percentage or flat discount; a segment offer is a promotion limited to segments.

    Not stackable by default: it competes with the other options and the client gets the best one.
    A stackable promotion applies on top of whichever option wins (percentages before flat amounts).
    """

    kind: Literal["promotion"] = "promotion"
    discount: Discount
    target: Target = Field(default_factory=Target)
    stackable: bool = False


class SpecialPrice(_Rule):
    """A fixed price for one variant while its window lasts; applies only if its currency matches."""

    kind: Literal["special_price"] = "special_price"
    variant: VariantRef
    price: Money

    @field_validator("price")
    @classmethod
    def _non_negative(cls, price: Money) -> Money:
        if price.amount < 0:
            raise ValueError("price.amount must not be negative")
        return price


class PackageDeal(_Rule):
    """`sessions` sessions of one variant for the price of `paid_sessions`, e.g. 5 for 4."""

    kind: Literal["package"] = "package"
    target: Target = Field(default_factory=Target)
    sessions: int = Field(ge=2, le=100)
    paid_sessions: int = Field(ge=1)

    @field_validator("paid_sessions")
    @classmethod
    def _fewer_paid(cls, paid_sessions: int, info: ValidationInfo) -> int:
        sessions = info.data.get("sessions")
        if sessions is not None and paid_sessions >= sessions:
            raise ValueError("paid_sessions must be fewer than sessions")
        return paid_sessions


class GroupDeal(_Rule):
    """A discount on each person's price when at least `min_people` book together."""

    kind: Literal["group"] = "group"
    target: Target = Field(default_factory=Target)
    min_people: int = Field(ge=2, le=100)
    discount: Discount


AnyOffer = Promotion | SpecialPrice | PackageDeal | GroupDeal
# Parse stored or submitted offers with TypeAdapter(list[Offer]): the "kind" field picks the model.
Offer = Annotated[AnyOffer, Field(discriminator="kind")]


class TaxRule(_Model):
    """A tax rate for a region ("PL", or "US-CA"), optionally one location or some categories.

    The most specific rule in force wins: a location over a region, an exact region over its country,
    listed categories over none; then priority, then the smaller id. One combined rate per rule
    (a state plus a city tax is one rule with their sum).
    """

    id: Slug
    name: Name
    region: TaxRegion
    location_ids: list[Slug] = Field(default_factory=list)
    categories: list[Name] = Field(default_factory=list)
    rate_percent: TaxRatePercent
    # True: listed prices include the tax (EU VAT). False: tax is added on top (US sales tax).
    inclusive: bool
    priority: int = 0
    window: Window = Field(default_factory=Window)


class Unit(StrEnum):
    session = "session"
    person = "person"


class AppliedRule(_Model):
    id: str
    name: str
    kind: str
    # How much this rule took off (in listed-price terms), after the rules before it.
    discount: Money


class Quote(_Model):
    """The best price of `quantity` units of one variant, with its breakdown.

    base is the listed price times the quantity; discount what the winning options took off it.
    Exclusive tax: net = base - discount, total = net + tax. Inclusive tax: total = base - discount,
    tax is the part of it that is tax, net = total - tax. So total = net + tax always.
    """

    service_id: str
    variant_id: str
    quantity: int
    unit: Unit
    base: Money
    discount: Money
    net: Money
    tax: Money
    total: Money
    tax_inclusive: bool
    tax_rate_percent: Decimal
    tax_rule_id: str | None
    # The id and name of the option that won, or "base" when no rule lowered the price.
    rule_id: str
    rule_name: str
    applied: tuple[AppliedRule, ...] = ()
    # True when a flat discount was larger than the price and the price stopped at zero.
    clamped: bool = False
    # The next instant a rule that could change this quote starts or ends; None if none will.
    next_change_at: AwareDatetime | None = None


class PriceListEntry(_Model):
    service_id: str
    service_name: str
    category: str
    variant_id: str
    variant_name: str
    duration_minutes: int
    online_bookable: bool
    price: Quote
    # One quote per package or group deal that covers the variant, at the deal's own quantity.
    bundles: tuple[Quote, ...] = ()


class PriceList(_Model):
    """Every price of one (salon, location, segment) as of `computed_at`, valid until next_change_at."""

    salon_id: str
    location_id: str
    segment: str
    currency: str
    computed_at: AwareDatetime
    next_change_at: AwareDatetime | None
    entries: tuple[PriceListEntry, ...]
    # sha256 of everything above except computed_at: equal hashes mean nothing a client sees changed.
    content_hash: str
