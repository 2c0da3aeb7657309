"""Materialized price lists: rebuilt when an ingredient changes, read with one GetItem.

- Rebuilder: what the streams consumer (per batch) and the schedule (per run) use. It reads each salon
  once (consistently, after every record of the batch was committed), rebuilds each affected list at
  most once, and writes a list only when its content hash changed, conditioned on the version it read.
  A list is never overwritten by one built from an older state of the salon (`source_revision`) or, at
  the same state, an earlier instant.
- published_price_list: the document a client reads, as stored (no parsing, no pricing).
- booking_price: the price a booking is made at, from the current list; computed on the spot only
  when there is no fresh list (write path, so this is allowed), and compared with what the client saw.
- preview: what clients would see if a pending change were saved, without saving it.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
)

from parlour.catalog.models import Catalog, Location, Service, Slug, Variant
from parlour.errors import InvalidInput, NotFound
from parlour.money import Money
from parlour.pricing import rules
from parlour.pricing.affected import Action, ListKey, lists_in_scope, materialized_segments, scope_of_change
from parlour.pricing.engine import build_price_list, quote
from parlour.pricing.models import CALENDAR_YEARS, GENERAL, AnyOffer, PriceList, SegmentKey, TaxRule
from parlour.pricing.records import AnyOfferRecord, TaxRuleRecord, parse_offer
from parlour.store import pricing as store
from parlour.store.catalog import entry_from_item, load_catalog

# Item types whose changes can alter price lists: what the streams consumer hands to the Rebuilder.
SOURCE_ITEM_TYPES = frozenset({"service", "location", store.OFFER_TYPE, store.TAX_TYPE})
_WRITE_ATTEMPTS = 5


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


# Segments anyone may ask for: everyone's list, or a marketing campaign's (its code is public). The
# others (new, returning, vip, birthday) say something about a client and need a signed-in client.
PublicSegment = Annotated[
    str,
    BeforeValidator(_lower),
    StringConstraints(pattern=r"^(general|campaign:[a-z0-9][a-z0-9_-]{0,39})$"),
]
_PUBLIC_SEGMENT = TypeAdapter(PublicSegment)


class PublishedPriceList(PriceList):
    """A stored price list as clients read it: its id (salon/location/segment) and version."""

    id: str
    version: int = Field(description="Moves on whenever the content changes")


# ---- rebuilding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SalonPricing:
    """Everything a salon's lists are built from, read at one salon revision."""

    catalog: Catalog
    offers: list[AnyOfferRecord]
    taxes: list[TaxRuleRecord]

    @property
    def revision(self) -> int:
        return self.catalog.revision


def load_salon_pricing(salon_id: str) -> SalonPricing | None:
    """The salon as it is now (consistent reads; the catalog first, so its revision is a lower bound
    of what was read); None when the salon is gone."""
    try:
        catalog = load_catalog(salon_id, consistent=True)
    except NotFound:
        return None
    ingredients = store.load_ingredients(salon_id, consistent=True)
    return SalonPricing(
        catalog=catalog,
        offers=sorted(ingredients.offers.values(), key=lambda offer: offer.id),
        taxes=sorted(ingredients.taxes.values(), key=lambda tax: tax.id),
    )


class Outcome(StrEnum):
    written = "written"
    unchanged = "unchanged"  # same content hash: nothing written
    deleted = "deleted"
    superseded = "superseded"  # the stored list was built from a newer state: left alone


@dataclass(frozen=True)
class Rebuilt:
    key: ListKey
    outcome: Outcome
    version: int | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.key.id, "outcome": self.outcome.value, "version": self.version}


def build(pricing: SalonPricing, key: ListKey, at: datetime) -> PriceList:
    location = pricing.catalog.location(key.location_id)
    services = pricing.catalog.services.values()
    return build_price_list(key.salon_id, location, key.segment, services, pricing.offers, pricing.taxes, at)


def _parse_item(item: dict[str, Any]) -> tuple[str, Any] | None:
    """(salon id, domain object) of an item that prices; None for every other item."""
    if not item or item.get("type") not in SOURCE_ITEM_TYPES:
        return None
    found = store.ingredient_from_item(item)
    if found is not None:
        return found
    entry = entry_from_item(item)
    return (entry.salon_id, entry) if isinstance(entry, Service | Location) else None


@dataclass
class Rebuilder:
    """One stream batch or one schedule run, at one instant `now`."""

    now: datetime
    _salons: dict[str, SalonPricing | None] = field(default_factory=dict)
    _done: dict[ListKey, Rebuilt] = field(default_factory=dict)

    def on_item_change(self, old_item: dict[str, Any], new_item: dict[str, Any]) -> list[Rebuilt]:
        """Rebuild the lists a change of one item (its old and new images, {} if absent) affects."""
        old, new = _parse_item(old_item), _parse_item(new_item)
        if old is None and new is None:
            return []
        salon_ids = {found[0] for found in (old, new) if found is not None}
        if len(salon_ids) != 1:
            raise ValueError(f"one item cannot move between salons: {sorted(salon_ids)}")
        [salon_id] = salon_ids
        scope = scope_of_change(salon_id, old and old[1], new and new[1])
        pricing = self.pricing_of(salon_id) if scope is not None else None
        if scope is None or pricing is None:
            return []
        actions = lists_in_scope(scope, pricing.catalog.locations, pricing.offers)
        return [self._refresh(pricing, key, action) for key, action in actions if key not in self._done]

    def rebuild(self, keys: Iterable[ListKey]) -> list[Rebuilt]:
        """Rebuild the given lists (the schedule's due ones); lists that should not exist go."""
        rebuilt = []
        for key in sorted(set(keys)):
            pricing = self.pricing_of(key.salon_id)
            if key in self._done or pricing is None:
                continue
            live = key.location_id in pricing.catalog.locations and key.segment in materialized_segments(
                pricing.offers, key.location_id
            )
            rebuilt.append(self._refresh(pricing, key, Action.build if live else Action.delete))
        return rebuilt

    def pricing_of(self, salon_id: str) -> SalonPricing | None:
        """The salon as read once in this run (None: it is gone)."""
        if salon_id not in self._salons:
            self._salons[salon_id] = load_salon_pricing(salon_id)
        return self._salons[salon_id]

    def _refresh(self, pricing: SalonPricing, key: ListKey, action: Action) -> Rebuilt:
        built = build(pricing, key, self.now) if action is Action.build else None
        for _ in range(_WRITE_ATTEMPTS):
            head = store.price_list_head(key)
            if head is not None and (head.source_revision, head.computed_at) > (pricing.revision, self.now):
                return self._did(key, Outcome.superseded, head.version)
            if built is None:
                if head is None:
                    return self._did(key, Outcome.unchanged, None)
                if store.delete_price_list(key, expected_version=head.version):
                    return self._did(key, Outcome.deleted, head.version)
                continue
            if head is not None and head.content_hash == built.content_hash:
                return self._did(key, Outcome.unchanged, head.version)
            version = head.version + 1 if head else 1
            published = PublishedPriceList.model_construct(id=key.id, version=version, **dict(built))
            new_head = store.ListHead(
                key=key,
                version=version,
                content_hash=built.content_hash,
                source_revision=pricing.revision,
                computed_at=built.computed_at,
                next_change_at=built.next_change_at,
            )
            if store.put_price_list(
                new_head, published.model_dump_json(), expected_version=head.version if head else 0
            ):
                return self._did(key, Outcome.written, version)
        raise RuntimeError(f"price list {key.id} kept changing while it was rebuilt")

    def _did(self, key: ListKey, outcome: Outcome, version: int | None) -> Rebuilt:
        self._done[key] = Rebuilt(key, outcome, version)
        return self._done[key]


def rebuild_due(now: datetime) -> list[Rebuilt]:
    """Rebuild every list whose next change (a promotion starting or ending) has come."""
    return Rebuilder(now).rebuild(store.due_price_lists(now))


# ---- reading -------------------------------------------------------------------------------------


def public_segment(segment: str) -> str:
    try:
        return _PUBLIC_SEGMENT.validate_python(segment)
    except ValueError:
        raise InvalidInput(
            "segment", "only the general list and campaign lists (campaign:<code>) are public"
        ) from None


def published_price_list(salon_id: str, location_id: str, segment: str = GENERAL) -> str:
    """The stored document (JSON) of a list; the general list if the segment has none of its own."""
    found = store.price_list_document(ListKey(salon_id, location_id, segment))
    if found is None and segment != GENERAL:
        found = store.price_list_document(ListKey(salon_id, location_id, GENERAL))
    if found is None:
        raise NotFound(f"no price list for location {location_id!r} of salon {salon_id!r}")
    return found[0]


class ListSummary(BaseModel):
    id: str
    location_id: str
    segment: str
    version: int
    content_hash: str
    source_revision: int
    computed_at: AwareDatetime
    next_change_at: AwareDatetime | None


def list_summaries(salon_id: str) -> list[ListSummary]:
    load_catalog(salon_id)  # 404 for an unknown salon
    return [
        ListSummary(
            id=head.key.id,
            location_id=head.key.location_id,
            segment=head.key.segment,
            version=head.version,
            content_hash=head.content_hash,
            source_revision=head.source_revision,
            computed_at=head.computed_at,
            next_change_at=head.next_change_at,
        )
        for head in sorted(store.price_list_heads(salon_id), key=lambda head: head.key)
    ]


# ---- booking at the current price ------------------------------------------------------------------


class PriceSeen(BaseModel):
    """What the client was shown before booking (all optional)."""

    model_config = ConfigDict(extra="forbid")

    total: Money | None = Field(None, description="The total the client saw for this variant")
    price_list_version: int | None = Field(None, ge=1, description="The version of the list it came from")
    segment: PublicSegment = Field(GENERAL, description="general, or campaign:<code>")


class PriceChange(BaseModel):
    """The price moved between display and booking: the booking is at `new`."""

    old: Money | None = Field(description="What the client saw; None when they sent only a list version")
    new: Money


@dataclass(frozen=True)
class BookingPrice:
    total: Money
    price_list: dict[str, Any]  # {"id", "version", "content_hash"}, or {"id", "computed_at"} if computed
    change: PriceChange | None


def _entry_total(document: str, service_id: str, variant_id: str) -> Money | None:
    for entry in json.loads(document)["entries"]:
        if entry["service_id"] == service_id and entry["variant_id"] == variant_id:
            return Money.model_validate(entry["price"]["total"])
    return None


def booking_price(
    catalog: Catalog,
    location: Location,
    service: Service,
    variant: Variant,
    seen: PriceSeen | None,
    now: datetime,
) -> BookingPrice:
    """The price of one session of a variant now: the current list's, or computed if none is fresh."""
    segment = seen.segment if seen else GENERAL
    key = ListKey(catalog.salon.id, location.id, segment)
    found = store.price_list_document(key)
    if found is None and segment != GENERAL:
        found = store.price_list_document(ListKey(catalog.salon.id, location.id, GENERAL))
    total: Money | None = None
    version: int | None = None
    reference: dict[str, Any] = {}
    if found is not None:
        document, head = found
        if head.next_change_at is None or now < head.next_change_at:
            total = _entry_total(document, service.id, variant.id)
            version = head.version
            reference = {"id": head.key.id, "version": head.version, "content_hash": head.content_hash}
    if total is None:  # no list yet, one past its next change, or one not showing the variant yet
        ingredients = store.load_ingredients(catalog.salon.id, consistent=True)
        total = quote(
            service,
            variant,
            location=location,
            segment=segment,
            offers=list(ingredients.offers.values()),
            taxes=list(ingredients.taxes.values()),
            at=now,
        ).total
        reference = {"id": key.id, "computed_at": now.astimezone(UTC).isoformat()}
    change = None
    if seen is not None and seen.total is not None and seen.total != total:
        change = PriceChange(old=seen.total, new=total)
    elif seen is not None and seen.total is None and seen.price_list_version not in (None, version):
        change = PriceChange(old=None, new=total)
    return BookingPrice(total=total, price_list=reference, change=change)


# ---- preview ---------------------------------------------------------------------------------------


class BasePriceChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_id: Slug
    variant_id: Slug
    base_price: Money


class PreviewRequest(BaseModel):
    """A pending change: offers and taxes to put or delete, base prices to change."""

    model_config = ConfigDict(extra="forbid")

    location_id: Slug
    segment: SegmentKey = GENERAL
    at: AwareDatetime | None = Field(None, description="When to look at the prices; now if absent")
    put_offers: list[dict[str, Any]] = Field(
        default_factory=list, description="Offers to add or replace, as the offers routes take them"
    )
    delete_offers: list[Slug] = Field(default_factory=list)
    put_taxes: list[TaxRule] = Field(default_factory=list)
    delete_taxes: list[Slug] = Field(default_factory=list)
    base_prices: list[BasePriceChange] = Field(default_factory=list)


class PreviewLine(BaseModel):
    service_id: str
    variant_id: str
    variant_name: str
    before: Money
    after: Money
    rule_before: str
    rule_after: str


class Preview(BaseModel):
    changed: list[PreviewLine] = Field(description="Variants whose price or winning rule would change")
    price_list: PriceList = Field(description="The whole list as clients would see it")


def _offers_after(request: PreviewRequest, pricing: SalonPricing) -> list[AnyOffer]:
    offers: dict[str, AnyOffer] = {offer.id: offer for offer in pricing.offers}
    for offer_id in request.delete_offers:
        offers.pop(offer_id, None)
    for index, body in enumerate(request.put_offers):
        fields = {name: value for name, value in body.items() if name != "version"}
        try:
            offer = parse_offer(fields)
            others = [other for other in offers.values() if other.id != offer.id]
            rules.check_offer(pricing.catalog, offer, others)
        except InvalidInput as invalid:
            raise InvalidInput(
                f"put_offers.{index}.{invalid.field}", invalid.message, details=invalid.details
            ) from None
        offers[offer.id] = offer
    return sorted(offers.values(), key=lambda offer: offer.id)


def _taxes_after(request: PreviewRequest, pricing: SalonPricing) -> list[TaxRule]:
    taxes: dict[str, TaxRule] = {tax.id: tax for tax in pricing.taxes}
    for tax_id in request.delete_taxes:
        taxes.pop(tax_id, None)
    for index, tax in enumerate(request.put_taxes):
        try:
            rules.check_tax(pricing.catalog, tax)
        except InvalidInput as invalid:
            raise InvalidInput(f"put_taxes.{index}.{invalid.field}", invalid.message) from None
        taxes[tax.id] = tax
    return sorted(taxes.values(), key=lambda tax: tax.id)


def _services_after(request: PreviewRequest, catalog: Catalog) -> list[Service]:
    services = dict(catalog.services)
    for index, change in enumerate(request.base_prices):
        service = services.get(change.service_id)
        if service is None:
            raise InvalidInput(f"base_prices.{index}.service_id", f"no service {change.service_id!r}")
        if service.variant(change.variant_id) is None:
            raise InvalidInput(f"base_prices.{index}.variant_id", f"no variant {change.variant_id!r}")
        variants = [
            variant.model_copy(update={"base_price": change.base_price})
            if variant.id == change.variant_id
            else variant
            for variant in service.variants
        ]
        services[service.id] = service.model_copy(update={"variants": variants})
    return list(services.values())


def preview(salon_id: str, request: PreviewRequest, now: datetime) -> Preview:
    """The list of one location and segment now and after the pending change; nothing is saved."""
    pricing = load_salon_pricing(salon_id)
    if pricing is None:
        raise NotFound(f"no salon {salon_id!r}")
    if request.location_id not in pricing.catalog.locations:
        raise InvalidInput("location_id", f"no location {request.location_id!r} in this salon")
    location = pricing.catalog.location(request.location_id)
    if request.at is not None and request.at.year not in CALENDAR_YEARS:
        raise InvalidInput("at", "give an instant between the years 2000 and 2200")
    at = request.at or now
    offers, taxes = _offers_after(request, pricing), _taxes_after(request, pricing)
    services = _services_after(request, pricing.catalog)
    before = build_price_list(
        salon_id,
        location,
        request.segment,
        pricing.catalog.services.values(),
        pricing.offers,
        pricing.taxes,
        at,
    )
    after = build_price_list(salon_id, location, request.segment, services, offers, taxes, at)
    return Preview(changed=_changed_lines(before, after), price_list=after)


def _changed_lines(before: PriceList, after: PriceList) -> list[PreviewLine]:
    earlier = {(entry.service_id, entry.variant_id): entry.price for entry in before.entries}
    lines = []
    for entry in after.entries:
        old = earlier.get((entry.service_id, entry.variant_id))
        if old is None or (old.total, old.rule_id) != (entry.price.total, entry.price.rule_id):
            lines.append(
                PreviewLine(
                    service_id=entry.service_id,
                    variant_id=entry.variant_id,
                    variant_name=entry.variant_name,
                    before=old.total if old else entry.price.base,
                    after=entry.price.total,
                    rule_before=old.rule_id if old else "",
                    rule_after=entry.price.rule_id,
                )
            )
    return lines
