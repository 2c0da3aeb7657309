"""Admin catalog routes: a salon's profile, locations, services, staff and resources (staff JWT).

Reading needs the read_catalog right; changing staff needs edit_staff; everything else edit_catalog.
"""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from staff_principal import current_principal

from parlour.access import Right
from parlour.api.openapi_answers import route_answers as _answers
from parlour.catalog import editing
from parlour.catalog.models import (
    Location,
    LocationInput,
    LocationReplacement,
    Resource,
    ResourceInput,
    ResourceReplacement,
    Salon,
    SalonReplacement,
    Service,
    ServiceInput,
    ServiceReplacement,
    Staff,
    StaffInput,
    StaffReplacement,
)

router = APIGatewayHttpRouter()

_SALON = "/admin/salons/<salon_id>"


_INVALID = "Invalid field, a reference to a missing location, or a currency mismatch"
_READ = _answers(200, "Found", {404: "No such salon or entry"})
_CREATE = _answers(201, "Created at version 1", {404: "No such salon", 409: "The id is taken", 422: _INVALID})
_REPLACE = _answers(
    200,
    "Replaced; the answer carries the new version",
    {404: "No such salon or entry", 409: "Stale version: reload and retry", 422: _INVALID},
)
_DELETE = _answers(
    204,
    "Deleted",
    {404: "No such salon or entry", 409: "Stale version, or still referenced"},
)
ExpectedVersion = Annotated[
    int | None, Query(ge=1, description="Delete only if the entry is still at this version")
]


def _allow(salon_id: str, right: Right) -> None:
    current_principal(router).require(salon_id, right)


def _deleted() -> Response:
    return Response(status_code=HTTPStatus.NO_CONTENT)


# ---- salon profile -------------------------------------------------------------------------------


@router.get(_SALON, tags=["salon"], responses=_READ, summary="The salon's profile and booking policy")
def get_salon(salon_id: str) -> Salon:
    _allow(salon_id, Right.read_catalog)
    return editing.get_salon(salon_id)


@router.put(_SALON, tags=["salon"], responses=_REPLACE, summary="Replace the profile (version 0 creates it)")
def replace_salon(salon_id: str, salon: SalonReplacement) -> Salon:
    _allow(salon_id, Right.edit_catalog)
    return editing.replace_salon(salon_id, salon)


# ---- locations -----------------------------------------------------------------------------------


@router.get(f"{_SALON}/locations", tags=["locations"], responses=_READ, summary="List locations")
def list_locations(salon_id: str) -> list[Location]:
    _allow(salon_id, Right.read_catalog)
    return editing.list_locations(salon_id)


@router.post(f"{_SALON}/locations", tags=["locations"], responses=_CREATE, status_code=201, summary="Create")
def create_location(salon_id: str, location: LocationInput) -> Location:
    _allow(salon_id, Right.edit_catalog)
    return editing.create_location(salon_id, location)


@router.get(f"{_SALON}/locations/<location_id>", tags=["locations"], responses=_READ, summary="One location")
def get_location(salon_id: str, location_id: str) -> Location:
    _allow(salon_id, Right.read_catalog)
    return editing.get_location(salon_id, location_id)


@router.put(f"{_SALON}/locations/<location_id>", tags=["locations"], responses=_REPLACE, summary="Replace")
def replace_location(salon_id: str, location_id: str, location: LocationReplacement) -> Location:
    _allow(salon_id, Right.edit_catalog)
    return editing.replace_location(salon_id, location_id, location)


@router.delete(
    f"{_SALON}/locations/<location_id>",
    tags=["locations"],
    responses=_DELETE,
    status_code=204,
    summary="Delete",
)
def delete_location(salon_id: str, location_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_catalog)
    editing.delete_location(salon_id, location_id, version)
    return _deleted()


# ---- services ------------------------------------------------------------------------------------


@router.get(f"{_SALON}/services", tags=["services"], responses=_READ, summary="List services")
def list_services(salon_id: str) -> list[Service]:
    _allow(salon_id, Right.read_catalog)
    return editing.list_services(salon_id)


@router.post(f"{_SALON}/services", tags=["services"], responses=_CREATE, status_code=201, summary="Create")
def create_service(salon_id: str, service: ServiceInput) -> Service:
    _allow(salon_id, Right.edit_catalog)
    return editing.create_service(salon_id, service)


@router.get(f"{_SALON}/services/<service_id>", tags=["services"], responses=_READ, summary="One service")
def get_service(salon_id: str, service_id: str) -> Service:
    _allow(salon_id, Right.read_catalog)
    return editing.get_service(salon_id, service_id)


@router.put(f"{_SALON}/services/<service_id>", tags=["services"], responses=_REPLACE, summary="Replace")
def replace_service(salon_id: str, service_id: str, service: ServiceReplacement) -> Service:
    _allow(salon_id, Right.edit_catalog)
    return editing.replace_service(salon_id, service_id, service)


@router.delete(
    f"{_SALON}/services/<service_id>", tags=["services"], responses=_DELETE, status_code=204, summary="Delete"
)
def delete_service(salon_id: str, service_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_catalog)
    editing.delete_service(salon_id, service_id, version)
    return _deleted()


# ---- staff ---------------------------------------------------------------------------------------


@router.get(f"{_SALON}/staff", tags=["staff"], responses=_READ, summary="List staff with hours")
def list_staff(salon_id: str) -> list[Staff]:
    _allow(salon_id, Right.read_catalog)
    return editing.list_staff(salon_id)


@router.post(f"{_SALON}/staff", tags=["staff"], responses=_CREATE, status_code=201, summary="Create")
def create_staff_member(salon_id: str, staff: StaffInput) -> Staff:
    _allow(salon_id, Right.edit_staff)
    return editing.create_staff_member(salon_id, staff)


@router.get(f"{_SALON}/staff/<staff_id>", tags=["staff"], responses=_READ, summary="One staff member")
def get_staff_member(salon_id: str, staff_id: str) -> Staff:
    _allow(salon_id, Right.read_catalog)
    return editing.get_staff_member(salon_id, staff_id)


@router.put(f"{_SALON}/staff/<staff_id>", tags=["staff"], responses=_REPLACE, summary="Replace")
def replace_staff_member(salon_id: str, staff_id: str, staff: StaffReplacement) -> Staff:
    _allow(salon_id, Right.edit_staff)
    return editing.replace_staff_member(salon_id, staff_id, staff)


@router.delete(
    f"{_SALON}/staff/<staff_id>", tags=["staff"], responses=_DELETE, status_code=204, summary="Delete"
)
def delete_staff_member(salon_id: str, staff_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_staff)
    editing.delete_staff_member(salon_id, staff_id, version)
    return _deleted()


# ---- resources -----------------------------------------------------------------------------------


@router.get(f"{_SALON}/resources", tags=["resources"], responses=_READ, summary="List resources")
def list_resources(salon_id: str) -> list[Resource]:
    _allow(salon_id, Right.read_catalog)
    return editing.list_resources(salon_id)


@router.post(f"{_SALON}/resources", tags=["resources"], responses=_CREATE, status_code=201, summary="Create")
def create_resource(salon_id: str, resource: ResourceInput) -> Resource:
    _allow(salon_id, Right.edit_catalog)
    return editing.create_resource(salon_id, resource)


@router.get(f"{_SALON}/resources/<resource_id>", tags=["resources"], responses=_READ, summary="One resource")
def get_resource(salon_id: str, resource_id: str) -> Resource:
    _allow(salon_id, Right.read_catalog)
    return editing.get_resource(salon_id, resource_id)


@router.put(f"{_SALON}/resources/<resource_id>", tags=["resources"], responses=_REPLACE, summary="Replace")
def replace_resource(salon_id: str, resource_id: str, resource: ResourceReplacement) -> Resource:
    _allow(salon_id, Right.edit_catalog)
    return editing.replace_resource(salon_id, resource_id, resource)


@router.delete(
    f"{_SALON}/resources/<resource_id>",
    tags=["resources"],
    responses=_DELETE,
    status_code=204,
    summary="Delete",
)
def delete_resource(salon_id: str, resource_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_catalog)
    editing.delete_resource(salon_id, resource_id, version)
    return _deleted()
