"""What clients may see of a salon's catalog: no internal fields, only what can be booked online.

Prices are deliberately absent: every price a client sees comes from the salon's materialized price
list (parlour.pricing), never from base prices on the read path.
"""

from datetime import date

from pydantic import BaseModel, Field

from parlour.catalog.models import BookingPolicy, Catalog, Location, Service, Variant, WeeklyHours
from parlour.errors import NotFound
from parlour.money import CurrencyCode
from parlour.store.catalog import load_catalog


class PublicLocation(BaseModel):
    id: str
    name: str
    address: str
    time_zone: str = Field(description="IANA zone; opening hours are local wall time there")
    currency: CurrencyCode
    opening_hours: WeeklyHours
    closed_dates: list[date]


class PublicSalon(BaseModel):
    id: str
    name: str
    policy: BookingPolicy
    locations: list[PublicLocation]


class PublicVariant(BaseModel):
    id: str
    name: str
    duration_minutes: int


class PublicService(BaseModel):
    id: str
    name: str
    category: str
    description: str
    location_ids: list[str] = Field(description="Locations where it can be booked")
    variants: list[PublicVariant]


class PublicServices(BaseModel):
    categories: list[str] = Field(description="Categories in display order")
    services: list[PublicService] = Field(description="Ordered by category, then name")


class PublicStaffMember(BaseModel):
    id: str
    name: str
    skills: list[str]
    location_ids: list[str]


def _location(location: Location) -> PublicLocation:
    return PublicLocation.model_validate(location.model_dump(include=set(PublicLocation.model_fields)))


def _variant(variant: Variant) -> PublicVariant:
    return PublicVariant(id=variant.id, name=variant.name, duration_minutes=variant.duration_minutes)


def _bookable_service(catalog: Catalog, service: Service) -> PublicService | None:
    variants = [_variant(variant) for variant in service.variants if variant.online_bookable]
    if not service.online_bookable or not variants:
        return None
    return PublicService(
        id=service.id,
        name=service.name,
        category=service.category,
        description=service.description,
        location_ids=catalog.service_location_ids(service),
        variants=variants,
    )


def salon_view(catalog: Catalog) -> PublicSalon:
    return PublicSalon(
        id=catalog.salon.id,
        name=catalog.salon.name,
        policy=catalog.salon.policy,
        locations=locations_view(catalog),
    )


def locations_view(catalog: Catalog) -> list[PublicLocation]:
    return [_location(catalog.locations[location_id]) for location_id in sorted(catalog.locations)]


def services_view(catalog: Catalog, location_id: str | None = None) -> PublicServices:
    """Online-bookable services with their online-bookable variants, optionally at one location."""
    if location_id is not None:
        catalog.location(location_id)  # an unknown location is NotFound, not an empty list
    services = [
        view
        for service in catalog.services.values()
        if (view := _bookable_service(catalog, service)) is not None
        and (location_id is None or location_id in view.location_ids)
    ]
    services.sort(key=lambda view: (view.category.casefold(), view.name.casefold(), view.id))
    return PublicServices(
        categories=list(dict.fromkeys(view.category for view in services)), services=services
    )


def service_view(catalog: Catalog, service_id: str) -> PublicService:
    view = _bookable_service(catalog, catalog.service(service_id))
    if view is None:  # not bookable online: to a client it does not exist
        raise NotFound(f"no service {service_id!r} in this salon")
    return view


def staff_view(catalog: Catalog, location_id: str | None = None) -> list[PublicStaffMember]:
    """Staff bookable online (public fields only), optionally working at one location."""
    if location_id is not None:
        catalog.location(location_id)
    return [
        PublicStaffMember(
            id=member.id, name=member.name, skills=member.skills, location_ids=member.location_ids
        )
        for member in sorted(catalog.staff.values(), key=lambda member: member.name.casefold())
        if member.bookable_online and (location_id is None or location_id in member.weekly_hours)
    ]


# ---- what the public API calls: one catalog query each --------------------------------------------


def public_salon(salon_id: str) -> PublicSalon:
    return salon_view(load_catalog(salon_id))


def public_locations(salon_id: str) -> list[PublicLocation]:
    return locations_view(load_catalog(salon_id))


def public_services(salon_id: str, location_id: str | None = None) -> PublicServices:
    return services_view(load_catalog(salon_id), location_id)


def public_service(salon_id: str, service_id: str) -> PublicService:
    return service_view(load_catalog(salon_id), service_id)


def public_staff(salon_id: str, location_id: str | None = None) -> list[PublicStaffMember]:
    return staff_view(load_catalog(salon_id), location_id)
