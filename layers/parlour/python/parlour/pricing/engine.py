"""Pricing engine: pure functions from ingredients to prices. No I/O and no clock: callers pass `at`.

API
- quote(service, variant, *, location, segment, offers, taxes, at, quantity=1, unit=Unit.session) -> Quote
    The best price for the client of `quantity` sessions (or people) of one variant at one location.
- build_price_list(salon_id, location, segment, services, offers, taxes, at) -> PriceList
    Every variant the location offers: its single-visit quote, plus one quote per package or group deal
    in force (at the deal's own quantity). next_change_at is the earliest instant after `at` at which a
    rule that reaches the list starts or ends: rebuild then. content_hash lets a rebuild skip an unchanged
    write.

Choosing the price (stacking rules)
1. Options: the base price, and each non-stackable promotion, special price, package deal (sessions only)
   and group deal (people only) that is in force at `at` and reaches the variant, location and segment.
2. At most one option applies. Every stackable promotion in force then applies on top of it: percentages
   first, each on the price the one before left, then flat amounts; each group in (priority desc, id) order.
3. The client gets the lowest total. Ties go to the base price, then the higher priority, then the
   smaller rule id, so the result never depends on the order of the inputs.

Amounts: a percentage discount is taken off the listed price of all units together; a flat discount and
a special price count per unit; a package of n-for-m charges m units per full n. Each percentage and each
tax rounds once to a whole minor unit, half up (parlour.pricing.currency). A price never drops below zero:
a flat discount larger than what is left stops at zero and the quote says `clamped`.

Errors (parlour.errors.InvalidInput): a variant priced in another currency than its location, a currency
outside ISO 4217 or without a minor unit, an unknown segment, two offers with one id.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, localcontext

from pydantic import TypeAdapter, ValidationError

from parlour.catalog.models import Location, Service, Variant
from parlour.errors import InvalidInput
from parlour.money import Money
from parlour.pricing.currency import PRECISION, minor_digits, round_minor
from parlour.pricing.models import (
    AmountOff,
    AnyOffer,
    AppliedRule,
    Discount,
    GroupDeal,
    PackageDeal,
    PercentOff,
    PriceList,
    PriceListEntry,
    Promotion,
    Quote,
    SegmentKey,
    SpecialPrice,
    TaxRule,
    Unit,
)

BASE = "base"
_SEGMENT = TypeAdapter(SegmentKey)
_JSON_FORM = TypeAdapter(dict)


@dataclass(frozen=True)
class _Step:
    """One rule applied to the running listed amount."""

    rule: AnyOffer
    discount: int


@dataclass(frozen=True)
class _Candidate:
    primary: AnyOffer | None
    listed: int
    steps: tuple[_Step, ...]
    clamped: bool

    def tie_key(self) -> tuple[int, int, str]:
        if self.primary is None:
            return (0, 0, "")
        return (1, -self.primary.priority, self.primary.id)


def quote(
    service: Service,
    variant: Variant,
    *,
    location: Location,
    segment: str,
    offers: Sequence[AnyOffer],
    taxes: Sequence[TaxRule],
    at: datetime,
    quantity: int = 1,
    unit: Unit = Unit.session,
) -> Quote:
    """The best price for the client of `quantity` units of `variant`; see the module docstring."""
    segment = _valid_segment(segment)
    _aware(at)
    currency = _priced_currency(service, variant, location)
    _unique_ids(offers)
    if quantity < 1:
        raise InvalidInput("quantity", "quantity must be at least 1")
    reaching = [
        offer for offer in offers if offer.reaches(location.id, segment) and _covers(offer, service, variant)
    ]
    in_force = [offer for offer in reaching if offer.window.active(at)]
    base_listed = variant.base_price.amount * quantity

    primaries: list[AnyOffer | None] = [None]
    primaries += [offer for offer in in_force if not (isinstance(offer, Promotion) and offer.stackable)]
    stackables = sorted(
        (offer for offer in in_force if isinstance(offer, Promotion) and offer.stackable),
        key=lambda promo: (isinstance(promo.discount, AmountOff), -promo.priority, promo.id),
    )
    candidates = [
        _candidate(primary, stackables, variant.base_price.amount, quantity, currency)
        for primary in primaries
        if _primary_applies(primary, quantity, unit, currency)
    ]

    tax_rule = _tax_rule(taxes, location, service.category, at)
    rate = tax_rule.rate_percent if tax_rule else Decimal(0)
    inclusive = tax_rule.inclusive if tax_rule else True
    best = min(
        candidates, key=lambda option: (_net_and_tax(option.listed, rate, inclusive)[2], option.tie_key())
    )
    net, tax, total = _net_and_tax(best.listed, rate, inclusive)

    winner = best.primary or next((step.rule for step in best.steps if step.discount > 0), None)
    boundaries = [bound for offer in reaching for bound in offer.window.boundaries_after(at)]
    boundaries += [
        bound
        for rule in _taxes_reaching(taxes, location, service.category)
        for bound in rule.window.boundaries_after(at)
    ]

    def money(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    return Quote(
        service_id=service.id,
        variant_id=variant.id,
        quantity=quantity,
        unit=unit,
        base=money(base_listed),
        discount=money(base_listed - best.listed),
        net=money(net),
        tax=money(tax),
        total=money(total),
        tax_inclusive=inclusive,
        tax_rate_percent=_plain(rate),
        tax_rule_id=tax_rule.id if tax_rule else None,
        rule_id=winner.id if winner else BASE,
        rule_name=winner.name if winner else BASE,
        applied=tuple(
            AppliedRule(
                id=step.rule.id, name=step.rule.name, kind=step.rule.kind, discount=money(step.discount)
            )
            for step in best.steps
        ),
        clamped=best.clamped,
        next_change_at=min(boundaries).astimezone(UTC) if boundaries else None,
    )


def build_price_list(
    salon_id: str,
    location: Location,
    segment: str,
    services: Iterable[Service],
    offers: Sequence[AnyOffer],
    taxes: Sequence[TaxRule],
    at: datetime,
) -> PriceList:
    """The price list of one (salon, location, segment) as of `at`; see the module docstring."""
    segment = _valid_segment(segment)
    _aware(at)
    minor_digits(location.currency)
    _unique_ids(offers)
    offered = sorted(
        (
            service
            for service in services
            if service.salon_id == salon_id
            and (not service.location_ids or location.id in service.location_ids)
        ),
        key=lambda service: service.id,
    )
    entries = [
        _entry(service, variant, location, segment, offers, taxes, at)
        for service in offered
        for variant in service.variants
    ]
    changes = [
        change
        for entry in entries
        for change in (entry.price.next_change_at, *(bundle.next_change_at for bundle in entry.bundles))
        if change is not None
    ]
    content = {
        "salon_id": salon_id,
        "location_id": location.id,
        "segment": segment,
        "currency": location.currency,
        "next_change_at": min(changes) if changes else None,
        "entries": entries,
    }
    return PriceList(computed_at=at.astimezone(UTC), content_hash=_content_hash(content), **content)


def _entry(
    service: Service,
    variant: Variant,
    location: Location,
    segment: str,
    offers: Sequence[AnyOffer],
    taxes: Sequence[TaxRule],
    at: datetime,
) -> PriceListEntry:
    bundle_sizes = sorted(
        {
            (Unit.session, offer.sessions)
            if isinstance(offer, PackageDeal)
            else (Unit.person, offer.min_people)
            for offer in offers
            if isinstance(offer, PackageDeal | GroupDeal)
            and offer.window.active(at)
            and offer.reaches(location.id, segment)
            and _covers(offer, service, variant)
        }
    )
    quotes = [
        quote(
            service,
            variant,
            location=location,
            segment=segment,
            offers=offers,
            taxes=taxes,
            at=at,
            quantity=quantity,
            unit=unit,
        )
        for unit, quantity in [(Unit.session, 1), *bundle_sizes]
    ]
    return PriceListEntry(
        service_id=service.id,
        service_name=service.name,
        category=service.category,
        variant_id=variant.id,
        variant_name=variant.name,
        duration_minutes=variant.duration_minutes,
        online_bookable=service.online_bookable and variant.online_bookable,
        price=quotes[0],
        bundles=tuple(quotes[1:]),
    )


def _content_hash(content: dict) -> str:
    # Canonical JSON (sorted keys, no whitespace) of the pydantic JSON form: Decimals and datetimes
    # serialize as strings, so the hash is stable across processes and Python versions.
    as_json = _JSON_FORM.dump_python(content, mode="json")
    canonical = json.dumps(as_json, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _candidate(
    primary: AnyOffer | None, stackables: Sequence[Promotion], unit_price: int, quantity: int, currency: str
) -> _Candidate:
    base_listed = unit_price * quantity
    listed, clamped, steps = base_listed, False, []
    if primary is not None:
        listed, clamped = _after_primary(primary, unit_price, quantity, currency)
        steps.append(_Step(primary, base_listed - listed))
    for promotion in stackables:
        after = _after_discount(promotion.discount, listed, quantity, currency)
        if after is None:
            continue
        steps.append(_Step(promotion, listed - after[0]))
        listed, clamped = after[0], clamped or after[1]
    return _Candidate(primary, listed, tuple(steps), clamped)


def _primary_applies(primary: AnyOffer | None, quantity: int, unit: Unit, currency: str) -> bool:
    match primary:
        case None:
            return True
        case PackageDeal():
            return unit is Unit.session and quantity >= primary.sessions
        case GroupDeal():
            return (
                unit is Unit.person and quantity >= primary.min_people and _fits(primary.discount, currency)
            )
        case SpecialPrice():
            return primary.price.currency == currency
        case Promotion():
            return _fits(primary.discount, currency)
    return False


def _after_primary(primary: AnyOffer, unit_price: int, quantity: int, currency: str) -> tuple[int, bool]:
    """The listed amount after the one non-stackable option, and whether it was clamped at zero."""
    match primary:
        case SpecialPrice():
            return primary.price.amount * quantity, False
        case PackageDeal():
            full, rest = divmod(quantity, primary.sessions)
            return (full * primary.paid_sessions + rest) * unit_price, False
        case Promotion() | GroupDeal():
            after = _after_discount(primary.discount, unit_price * quantity, quantity, currency)
            assert after is not None  # _primary_applies checked the currency
            return after
    raise TypeError(f"unknown offer {primary!r}")


def _after_discount(discount: Discount, listed: int, quantity: int, currency: str) -> tuple[int, bool] | None:
    """The listed amount after one discount and whether it hit zero; None if it cannot apply here."""
    if isinstance(discount, PercentOff):
        with localcontext(prec=PRECISION):
            return listed - round_minor(Decimal(listed) * discount.percent / 100), False
    if not _fits(discount, currency):
        return None
    cut = discount.amount.amount * quantity
    return (0, True) if cut > listed else (listed - cut, False)


def _fits(discount: Discount, currency: str) -> bool:
    return not isinstance(discount, AmountOff) or discount.amount.currency == currency


def _net_and_tax(listed: int, rate: Decimal, inclusive: bool) -> tuple[int, int, int]:
    """(net, tax, total) of a listed amount: tax inside it (inclusive) or on top of it (exclusive)."""
    with localcontext(prec=PRECISION):
        if inclusive:
            tax = round_minor(Decimal(listed) * rate / (100 + rate))
            return listed - tax, tax, listed
        tax = round_minor(Decimal(listed) * rate / 100)
        return listed, tax, listed + tax


def _taxes_reaching(taxes: Sequence[TaxRule], location: Location, category: str) -> list[TaxRule]:
    country = location.tax_region.split("-")[0]
    return [
        rule
        for rule in taxes
        if rule.region in (location.tax_region, country)
        and (not rule.location_ids or location.id in rule.location_ids)
        and (
            not rule.categories or any(listed.casefold() == category.casefold() for listed in rule.categories)
        )
    ]


def _tax_rule(taxes: Sequence[TaxRule], location: Location, category: str, at: datetime) -> TaxRule | None:
    """The most specific tax rule in force: location, then exact region, then category; priority; id."""
    in_force = [rule for rule in _taxes_reaching(taxes, location, category) if rule.window.active(at)]
    return min(
        in_force,
        key=lambda rule: (
            not rule.location_ids,
            rule.region != location.tax_region,
            not rule.categories,
            -rule.priority,
            rule.id,
        ),
        default=None,
    )


def _covers(offer: AnyOffer, service: Service, variant: Variant) -> bool:
    if isinstance(offer, SpecialPrice):
        return offer.variant.service_id == service.id and offer.variant.variant_id == variant.id
    return offer.target.covers(service.id, variant.id, service.category)


def _priced_currency(service: Service, variant: Variant, location: Location) -> str:
    currency = variant.base_price.currency
    if currency != location.currency:
        raise InvalidInput(
            "base_price.currency",
            f"variant {service.id}/{variant.id} is priced in {currency} but location {location.id} "
            f"charges {location.currency}",
            details={"service_id": service.id, "variant_id": variant.id},
        )
    minor_digits(currency)
    return currency


def _valid_segment(segment: str) -> str:
    try:
        return _SEGMENT.validate_python(segment)
    except ValidationError:
        raise InvalidInput("segment", f"{segment!r} is not a segment key") from None


def _aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("at", "at must be a timezone-aware instant")


def _unique_ids(offers: Sequence[AnyOffer]) -> None:
    seen: set[str] = set()
    for offer in offers:
        if offer.id in seen:
            raise InvalidInput("offers", f"two offers share the id {offer.id!r}", details={"id": offer.id})
        seen.add(offer.id)


def _plain(rate: Decimal) -> Decimal:
    """The rate without trailing zeros (23.00 -> 23) so equal rates hash alike."""
    return Decimal(f"{rate.normalize():f}")
