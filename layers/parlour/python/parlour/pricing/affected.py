"""Which materialized price lists one change can alter. Pure: no I/O, no clock.

A salon has one price list per (location, segment) for the "general" segment and for every segment an
offer reaching that location names; any other segment sees the general list. A change of one item is
turned into a Scope (`scope_of_change`), and the Scope, read against the salon as it is now, into the
lists to build or delete (`lists_in_scope`):

- a service: the locations offering it, before or after (every location if it names none), every
  segment; a change the lists cannot show (description, buffers, skills) affects nothing;
- a location: its own lists (every segment); deleted, its lists go;
- an offer: the locations and segments it names, before or after (empty: every one);
- a tax rule: the locations it names, or those in its region (before or after), every segment.

Both images count, so an offer moved from location a to b rebuilds b and rebuilds (or drops) a.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from parlour.catalog.models import Location, Service
from parlour.pricing.models import GENERAL, AnyOffer, TaxRule

Change = Service | Location | AnyOffer | TaxRule

# What a price list shows of a service or a location is everything but these fields (kept as an
# exclusion list so that a field added later counts as visible until someone says otherwise).
_SERVICE_UNSEEN: dict[str, Any] = {
    "description": True,
    "version": True,
    "variants": {
        "__all__": {
            "buffer_before_minutes",
            "buffer_after_minutes",
            "required_skill",
            "required_resource_kinds",
        }
    },
}
_LOCATION_UNSEEN = {"name", "address", "time_zone", "opening_hours", "closed_dates", "version"}


@dataclass(frozen=True, order=True)
class ListKey:
    """One materialized price list."""

    salon_id: str
    location_id: str
    segment: str

    @property
    def id(self) -> str:
        return f"{self.salon_id}/{self.location_id}/{self.segment}"


class Action(StrEnum):
    build = "build"  # (re)compute and store if its content changed
    delete = "delete"  # the location is gone or no offer names the segment there any more


@dataclass(frozen=True)
class Scope:
    """The lists of one salon a change may alter: the union of what its old and new images reach."""

    salon_id: str
    every_location: bool = False
    location_ids: frozenset[str] = field(default_factory=frozenset)
    # Tax regions ("PL", "US-CA"): locations in the region, or in a country that is the region.
    tax_regions: frozenset[str] = field(default_factory=frozenset)
    every_segment: bool = False
    segments: frozenset[str] = field(default_factory=frozenset)

    def reaches(self, location: Location) -> bool:
        return (
            self.every_location
            or location.id in self.location_ids
            or location.tax_region in self.tax_regions
            or location.tax_region.split("-")[0] in self.tax_regions
        )


def scope_of_change(salon_id: str, old: Change | None, new: Change | None) -> Scope | None:
    """The lists a change from `old` to `new` (None: absent) may alter; None when it alters none."""
    images = [image for image in (old, new) if image is not None]
    if not images or _same_to_price_lists(old, new):
        return None
    kinds = {type(image) for image in images}
    if len(kinds) != 1 and not all(_is_offer(image) for image in images):
        raise TypeError(f"one change cannot turn a {type(old).__name__} into a {type(new).__name__}")
    first = images[0]
    if isinstance(first, Service):
        offered = [image.location_ids for image in images if isinstance(image, Service)]
        return Scope(
            salon_id,
            every_location=any(not ids for ids in offered),
            location_ids=frozenset(location for ids in offered for location in ids),
            every_segment=True,
        )
    if isinstance(first, Location):
        return Scope(salon_id, location_ids=frozenset({first.id}), every_segment=True)
    if isinstance(first, TaxRule):
        rules = [image for image in images if isinstance(image, TaxRule)]
        return Scope(
            salon_id,
            location_ids=frozenset(location for rule in rules for location in rule.location_ids),
            tax_regions=frozenset(rule.region for rule in rules if not rule.location_ids),
            every_segment=True,
        )
    offers: list[AnyOffer] = list(images)  # type: ignore[arg-type]
    return Scope(
        salon_id,
        every_location=any(not offer.location_ids for offer in offers),
        location_ids=frozenset(location for offer in offers for location in offer.location_ids),
        every_segment=any(not offer.segments for offer in offers),
        segments=frozenset(segment for offer in offers for segment in offer.segments),
    )


def materialized_segments(offers: Iterable[AnyOffer], location_id: str) -> frozenset[str]:
    """The segments that get their own list at a location: general and those its offers name."""
    named = {
        segment
        for offer in offers
        if not offer.location_ids or location_id in offer.location_ids
        for segment in offer.segments
    }
    return frozenset({GENERAL, *named})


def lists_in_scope(
    scope: Scope, locations: Mapping[str, Location], offers: Sequence[AnyOffer]
) -> list[tuple[ListKey, Action]]:
    """What to do with each list in scope, given the salon's current locations and offers."""
    location_ids = set(scope.location_ids)
    location_ids |= {location.id for location in locations.values() if scope.reaches(location)}
    actions: list[tuple[ListKey, Action]] = []
    for location_id in sorted(location_ids):
        current = materialized_segments(offers, location_id)
        if location_id not in locations:
            gone = current | scope.segments
            actions += [(ListKey(scope.salon_id, location_id, s), Action.delete) for s in sorted(gone)]
            continue
        candidates = (current | scope.segments) if scope.every_segment else scope.segments
        actions += [
            (ListKey(scope.salon_id, location_id, s), Action.build if s in current else Action.delete)
            for s in sorted(candidates)
        ]
    return actions


def all_lists(salon_id: str, locations: Mapping[str, Location], offers: Sequence[AnyOffer]) -> list[ListKey]:
    """Every list a salon has now."""
    return [
        ListKey(salon_id, location_id, segment)
        for location_id in sorted(locations)
        for segment in sorted(materialized_segments(offers, location_id))
    ]


def _is_offer(image: object) -> bool:
    return not isinstance(image, Service | Location | TaxRule)


def _same_to_price_lists(old: Change | None, new: Change | None) -> bool:
    if old is None or new is None or type(old) is not type(new):
        return False
    if isinstance(old, Service):
        return old.model_dump(exclude=_SERVICE_UNSEEN) == new.model_dump(exclude=_SERVICE_UNSEEN)
    if isinstance(old, Location):
        return old.model_dump(exclude=_LOCATION_UNSEEN) == new.model_dump(exclude=_LOCATION_UNSEEN)
    # Offers and taxes: every field prices; the stored version is bookkeeping.
    return old.model_dump(exclude={"version"}) == new.model_dump(exclude={"version"})
