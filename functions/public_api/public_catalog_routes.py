"""Public catalog routes: what a salon offers, for the marketing site and the booking PWA. No sign-in."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from parlour.api.http import ErrorAnswer
from parlour.catalog import public
from parlour.catalog.public import (
    PublicLocation,
    PublicSalon,
    PublicService,
    PublicServices,
    PublicStaffMember,
)

router = APIGatewayHttpRouter()


def _answers(not_found: str) -> dict[int, Any]:
    """OpenAPI responses: 200 (schema from the return type), 404 and 422 in the error shape."""
    error = {"application/json": {"model": ErrorAnswer}}
    return {
        200: {"description": "Found"},
        404: {"description": not_found, "content": error},
        422: {"description": "Invalid parameter", "content": error},
    }


_TAGS = ["catalog"]
_UNKNOWN_SALON = _answers("No such salon")
_UNKNOWN_SALON_OR_LOCATION = _answers("No such salon, or no such location in it")
LocationFilter = Annotated[str | None, Query(description="Only what is offered at this location")]


@router.get(
    "/public/salons/<salon_id>", tags=_TAGS, responses=_UNKNOWN_SALON, summary="A salon and its locations"
)
def get_salon(salon_id: str) -> PublicSalon:
    return public.public_salon(salon_id)


@router.get("/public/salons/<salon_id>/locations", tags=_TAGS, responses=_UNKNOWN_SALON, summary="Locations")
def list_locations(salon_id: str) -> list[PublicLocation]:
    return public.public_locations(salon_id)


@router.get(
    "/public/salons/<salon_id>/services",
    tags=_TAGS,
    responses=_UNKNOWN_SALON_OR_LOCATION,
    summary="Services bookable online, by category",
)
def list_services(salon_id: str, location_id: LocationFilter = None) -> PublicServices:
    return public.public_services(salon_id, location_id)


@router.get(
    "/public/salons/<salon_id>/services/<service_id>",
    tags=_TAGS,
    responses=_answers("No such salon, or no such service bookable online"),
    summary="One service bookable online",
)
def get_service(salon_id: str, service_id: str) -> PublicService:
    return public.public_service(salon_id, service_id)


@router.get(
    "/public/salons/<salon_id>/staff",
    tags=_TAGS,
    responses=_UNKNOWN_SALON_OR_LOCATION,
    summary="Specialists bookable online (public fields only)",
)
def list_staff(salon_id: str, location_id: LocationFilter = None) -> list[PublicStaffMember]:
    return public.public_staff(salon_id, location_id)
