"""Rules that tie catalog entries together, checked against the catalog an entry will join.

Pure functions: they raise InvalidInput naming the offending field of the entry being written, or
describe what still uses a location that is about to be deleted.
"""

from parlour.catalog.models import (
    MAX_LOCATIONS_PER_SALON,
    MAX_VARIANTS_PER_SALON,
    Catalog,
    Location,
    Resource,
    Service,
    Staff,
)
from parlour.errors import InvalidInput


def _require_location(catalog: Catalog, location_id: str, field: str) -> None:
    if location_id not in catalog.locations:
        raise InvalidInput(field, f"no location {location_id!r} in this salon; create it first")


def check_service(catalog: Catalog, service: Service) -> None:
    """Its locations exist, every variant is priced in the currency of each location offering it, and the
    salon stays within MAX_VARIANTS_PER_SALON variants."""
    others = sum(len(other.variants) for other in catalog.services.values() if other.id != service.id)
    if others + len(service.variants) > MAX_VARIANTS_PER_SALON:
        raise InvalidInput(
            "variants",
            f"a salon has at most {MAX_VARIANTS_PER_SALON} variants in all and the other services have "
            f"{others}; remove variants or services first",
        )
    for index, location_id in enumerate(service.location_ids):
        _require_location(catalog, location_id, f"location_ids.{index}")
    for location_id in catalog.service_location_ids(service):
        currency = catalog.locations[location_id].currency
        for index, variant in enumerate(service.variants):
            if variant.base_price.currency != currency:
                raise InvalidInput(
                    f"variants.{index}.base_price.currency",
                    f"location {location_id!r} charges in {currency}, not {variant.base_price.currency}",
                )


def check_location(catalog: Catalog, location: Location) -> None:
    """Services offered at the location (by its id, or at every location) are priced in its currency;
    a new location stays within MAX_LOCATIONS_PER_SALON."""
    if location.id not in catalog.locations and len(catalog.locations) >= MAX_LOCATIONS_PER_SALON:
        raise InvalidInput(
            "id", f"a salon has at most {MAX_LOCATIONS_PER_SALON} locations; delete one before adding one"
        )
    for service in catalog.services.values():
        if service.location_ids and location.id not in service.location_ids:
            continue
        mispriced = sorted({v.base_price.currency for v in service.variants} - {location.currency})
        if mispriced:
            where = "every location" if not service.location_ids else "this location"
            raise InvalidInput(
                "currency",
                f"service {service.id!r} is offered at {where} and priced in {', '.join(mispriced)}, "
                f"not {location.currency}; give it explicit location_ids or change its prices first",
            )


def check_staff(catalog: Catalog, staff: Staff) -> None:
    """Every location named in hours, breaks and exceptions exists."""
    for location_id in staff.weekly_hours:
        _require_location(catalog, location_id, f"weekly_hours.{location_id}")
    for location_id in staff.breaks:
        _require_location(catalog, location_id, f"breaks.{location_id}")
    for index, exception in enumerate(staff.exceptions):
        _require_location(catalog, exception.location_id, f"exceptions.{index}.location_id")


def check_resource(catalog: Catalog, resource: Resource) -> None:
    _require_location(catalog, resource.location_id, "location_id")


def location_references(catalog: Catalog, location_id: str) -> list[str]:
    """What names the location explicitly, e.g. ["service 'facial'", "staff 'anna'"]."""
    references = [f"service {s.id!r}" for s in catalog.services.values() if location_id in s.location_ids]
    references += [
        f"staff {member.id!r}"
        for member in catalog.staff.values()
        if location_id in member.weekly_hours
        or location_id in member.breaks
        or any(exception.location_id == location_id for exception in member.exceptions)
    ]
    references += [f"resource {r.id!r}" for r in catalog.resources.values() if r.location_id == location_id]
    return references
