"""Rules an offer or a tax rule must keep to join a salon's pricing. Pure: they raise InvalidInput
naming the offending field of the rule being written (the same paths as the request body).

- Everything named exists: locations, services, variants.
- No negative totals: a flat discount is never larger than the base price of a variant it covers (the
  engine would stop at zero and give the service away, which is never what an admin meant), and a
  special price is in the variant's currency (its amount is never negative: models.SpecialPrice).
- No overlapping special prices: two special prices for one variant that reach a common location
  and segment may not be in force at the same instant, so no client ever sees two fixed prices.
"""

from collections.abc import Sequence

from parlour.catalog.models import Catalog, Service, Variant
from parlour.errors import InvalidInput
from parlour.pricing.models import (
    AmountOff,
    AnyOffer,
    GroupDeal,
    PackageDeal,
    Promotion,
    SpecialPrice,
    TaxRule,
    Window,
)

# Every package or group deal adds a quote to each variant it covers, and every stackable promotion a
# line to each quote, in the one item a location's price list is: these caps keep the largest list
# under DynamoDB's item limit (tests/unit/test_item_bounds.py builds it).
MAX_OFFERS_PER_SALON = 200
MAX_BUNDLE_DEALS = 10
MAX_STACKABLE_PROMOTIONS = 5


def check_offer(catalog: Catalog, offer: AnyOffer, others: Sequence[AnyOffer]) -> None:
    """Raise InvalidInput unless `offer` may be saved next to the salon's `others` (itself excluded)."""
    _within_caps(offer, others)
    _known_locations(catalog, offer.location_ids)
    if isinstance(offer, SpecialPrice):
        _check_special_price(catalog, offer, [o for o in others if isinstance(o, SpecialPrice)])
        return
    _known_targets(catalog, offer)
    if isinstance(offer, Promotion | GroupDeal) and isinstance(offer.discount, AmountOff):
        _flat_discount_fits(catalog, offer, offer.discount)


def _within_caps(offer: AnyOffer, others: Sequence[AnyOffer]) -> None:
    if len(others) + 1 > MAX_OFFERS_PER_SALON:
        raise InvalidInput("id", f"a salon has at most {MAX_OFFERS_PER_SALON} offers; delete one first")
    if isinstance(offer, PackageDeal | GroupDeal):
        bundles = sum(isinstance(other, PackageDeal | GroupDeal) for other in others)
        if bundles + 1 > MAX_BUNDLE_DEALS:
            raise InvalidInput(
                "kind", f"a salon has at most {MAX_BUNDLE_DEALS} package and group deals; delete one first"
            )
    if isinstance(offer, Promotion) and offer.stackable:
        stacking = sum(isinstance(other, Promotion) and other.stackable for other in others)
        if stacking + 1 > MAX_STACKABLE_PROMOTIONS:
            raise InvalidInput(
                "stackable",
                f"a salon has at most {MAX_STACKABLE_PROMOTIONS} stackable promotions; "
                "make this one not stackable or delete one",
            )


def check_tax(catalog: Catalog, tax: TaxRule) -> None:
    _known_locations(catalog, tax.location_ids)


def windows_overlap(first: Window, second: Window) -> bool:
    """Whether two half-open windows share an instant (None bounds are unbounded)."""
    first_ends_after_second_starts = (
        first.ends_at is None or second.starts_at is None or second.starts_at < first.ends_at
    )
    second_ends_after_first_starts = (
        second.ends_at is None or first.starts_at is None or first.starts_at < second.ends_at
    )
    return first_ends_after_second_starts and second_ends_after_first_starts


def _known_locations(catalog: Catalog, location_ids: list[str]) -> None:
    for index, location_id in enumerate(location_ids):
        if location_id not in catalog.locations:
            raise InvalidInput(f"location_ids.{index}", f"no location {location_id!r} in this salon")


def _variant_of(catalog: Catalog, service_id: str, variant_id: str, field: str) -> tuple[Service, Variant]:
    service = catalog.services.get(service_id)
    if service is None:
        raise InvalidInput(f"{field}.service_id", f"no service {service_id!r} in this salon")
    variant = service.variant(variant_id)
    if variant is None:
        raise InvalidInput(f"{field}.variant_id", f"service {service_id!r} has no variant {variant_id!r}")
    return service, variant


def _known_targets(catalog: Catalog, offer: Promotion | PackageDeal | GroupDeal) -> None:
    for index, service_id in enumerate(offer.target.service_ids):
        if service_id not in catalog.services:
            raise InvalidInput(f"target.service_ids.{index}", f"no service {service_id!r} in this salon")
    for index, ref in enumerate(offer.target.variants):
        _variant_of(catalog, ref.service_id, ref.variant_id, f"target.variants.{index}")


def _reaches_a_common_list(first: AnyOffer, second: AnyOffer) -> bool:
    locations = not first.location_ids or not second.location_ids
    locations = locations or bool(set(first.location_ids) & set(second.location_ids))
    segments = not first.segments or not second.segments or bool(set(first.segments) & set(second.segments))
    return locations and segments


def _check_special_price(catalog: Catalog, special: SpecialPrice, others: list[SpecialPrice]) -> None:
    service, variant = _variant_of(catalog, special.variant.service_id, special.variant.variant_id, "variant")
    currency = variant.base_price.currency
    if special.price.currency != currency:
        raise InvalidInput("price.currency", f"{service.name} is priced in {currency}")
    for other in sorted(others, key=lambda o: o.id):
        if (
            other.variant == special.variant
            and _reaches_a_common_list(special, other)
            and windows_overlap(special.window, other.window)
        ):
            raise InvalidInput(
                "window",
                f"special price {other.id!r} for the same variant is in force at the same time; "
                "end one before the other starts, or give them different locations or segments",
                details={"overlaps": other.id},
            )


def _flat_discount_fits(catalog: Catalog, offer: Promotion | GroupDeal, discount: AmountOff) -> None:
    for service in sorted(catalog.services.values(), key=lambda s: s.id):
        offered = catalog.service_location_ids(service)
        if offer.location_ids and not set(offer.location_ids) & set(offered):
            continue
        for variant in service.variants:
            if (
                offer.target.covers(service.id, variant.id, service.category)
                and variant.base_price.currency == discount.amount.currency
                and discount.amount.amount > variant.base_price.amount
            ):
                raise InvalidInput(
                    "discount.amount.amount",
                    f"{discount.amount.amount} off is more than the price of {service.name} "
                    f"({variant.name}, {variant.base_price.amount}): the total would be negative",
                    details={"service_id": service.id, "variant_id": variant.id},
                )
