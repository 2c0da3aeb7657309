"""Reading and changing a salon's catalog: the salon profile, locations, services, staff, resources.

A change loads the catalog (one consistent query), checks the request against it, and writes on the
condition that the catalog revision has not moved (see parlour.store.catalog). If another change won
the race, the check runs again on the new catalog, a bounded number of times.

Versions: every stored entry carries `version` (1 after creation). A replacement sends the version it
read; a different current version is a Conflict ("reload and retry"). Version 0 means "I believe it
does not exist yet", so a replacement at version 0 creates the entry.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from parlour.catalog import rules
from parlour.catalog.models import (
    Catalog,
    Location,
    LocationInput,
    LocationReplacement,
    Resource,
    ResourceInput,
    ResourceReplacement,
    Salon,
    SalonInput,
    SalonReplacement,
    Service,
    ServiceInput,
    ServiceReplacement,
    Staff,
    StaffInput,
    StaffReplacement,
)
from parlour.errors import Conflict, InvalidInput, NotFound
from parlour.store import catalog as store
from parlour.store.catalog import CatalogChanged, Entry, load_catalog

# Admin writes are rare; losing this many races in a row means something is hammering the salon.
_ATTEMPTS = 5

_Result = TypeVar("_Result")
_EntryT = TypeVar("_EntryT", Location, Service, Staff, Resource)


class AlreadyExists(Conflict):
    code = "already_exists"


class StaleVersion(Conflict):
    code = "stale_version"


@dataclass(frozen=True)
class _Kind:
    what: str
    model: type[Entry]
    entries: Callable[[Catalog], Mapping[str, Any]]
    check: Callable[[Catalog, Any], None]


_LOCATION = _Kind("location", Location, lambda c: c.locations, rules.check_location)
_SERVICE = _Kind("service", Service, lambda c: c.services, rules.check_service)
_STAFF = _Kind("staff member", Staff, lambda c: c.staff, rules.check_staff)
_RESOURCE = _Kind("resource", Resource, lambda c: c.resources, rules.check_resource)


def _retrying(salon_id: str, change: Callable[[Catalog], _Result]) -> _Result:
    for _ in range(_ATTEMPTS):
        catalog = load_catalog(salon_id, consistent=True)
        try:
            return change(catalog)
        except CatalogChanged:
            continue
    raise Conflict(
        "the catalog kept changing while this change was being checked",
        next_step="retry in a moment",
    )


def _stale(what: str, entry_id: str, current_version: int, sent_version: int) -> StaleVersion:
    return StaleVersion(
        f"{what} {entry_id!r} changed since you read it (now version {current_version}, not {sent_version})",
        next_step="reload it, apply your change again and send the version you read",
        details={"current_version": current_version},
    )


def _expect(kind: _Kind, current: Any, entry_id: str, sent_version: int) -> int:
    """The version the write must find: current's, if the caller read that one."""
    if current is None:
        if sent_version != 0:
            raise NotFound(f"no {kind.what} {entry_id!r} in this salon")
        return 0
    if current.version != sent_version:
        raise _stale(kind.what, entry_id, current.version, sent_version)
    return current.version


def _save(kind: _Kind, salon_id: str, draft: Any, sent_version: int | None) -> Any:
    """Create (sent_version None: must not exist) or replace (at sent_version) an entry."""

    def change(catalog: Catalog) -> Any:
        current = kind.entries(catalog).get(draft.id)
        if sent_version is None:
            if current is not None:
                raise AlreadyExists(
                    f"a {kind.what} with id {draft.id!r} already exists",
                    next_step=f"choose another id, or replace that {kind.what} at the version you read",
                    details={"current_version": current.version},
                )
            expected = 0
        else:
            expected = _expect(kind, current, draft.id, sent_version)
        fields = draft.model_dump(exclude={"version", "salon_id"})
        entry = kind.model.model_validate({**fields, "salon_id": salon_id, "version": expected + 1})
        kind.check(catalog, entry)
        store.save_entry(entry, expected_version=expected, catalog_revision=catalog.revision)
        return entry

    return _retrying(salon_id, change)


def _replace(kind: _Kind, salon_id: str, entry_id: str, replacement: Any) -> Any:
    if replacement.id != entry_id:
        raise InvalidInput("id", f"an entry's id cannot change; this one is {entry_id!r}")
    if replacement.salon_id not in (None, salon_id):
        raise InvalidInput("salon_id", f"an entry cannot move to another salon; this is {salon_id!r}")
    return _save(kind, salon_id, replacement, replacement.version)


def _delete(kind: _Kind, salon_id: str, entry_id: str, sent_version: int | None) -> None:
    def change(catalog: Catalog) -> None:
        current = kind.entries(catalog).get(entry_id)
        if current is None:
            raise NotFound(f"no {kind.what} {entry_id!r} in this salon")
        if sent_version is not None and sent_version != current.version:
            raise _stale(kind.what, entry_id, current.version, sent_version)
        if kind is _LOCATION:
            references = rules.location_references(catalog, entry_id)
            if references:
                raise Conflict(
                    f"location {entry_id!r} is still used by {', '.join(references)}",
                    next_step="move or remove these first, then delete the location",
                    details={"referenced_by": references},
                )
        store.delete_entry(current, catalog_revision=catalog.revision)

    _retrying(salon_id, change)


def _listed(entries: Mapping[str, _EntryT]) -> list[_EntryT]:
    return sorted(entries.values(), key=lambda entry: entry.id)


# ---- salon profile -------------------------------------------------------------------------------


def get_salon(salon_id: str) -> Salon:
    return load_catalog(salon_id).salon


def create_salon(draft: SalonInput) -> Salon:
    salon = Salon.model_validate({**draft.model_dump(), "version": 1})
    try:
        store.save_salon(salon, expected_version=0, catalog_revision=0)
    except CatalogChanged:
        raise AlreadyExists(
            f"a salon with id {draft.id!r} already exists",
            next_step="choose another id, or replace the existing salon's profile with the version you read",
        ) from None
    return salon


def replace_salon(salon_id: str, replacement: SalonReplacement) -> Salon:
    """Replace the profile at the version read; at version 0 this creates the salon."""
    if replacement.id != salon_id:
        raise InvalidInput("id", f"a salon's id cannot change; this one is {salon_id!r}")
    if replacement.version == 0:
        return create_salon(SalonInput.model_validate(replacement.model_dump(exclude={"version"})))

    def change(catalog: Catalog) -> Salon:
        if catalog.salon.version != replacement.version:
            raise _stale("salon", salon_id, catalog.salon.version, replacement.version)
        salon = Salon.model_validate({**replacement.model_dump(), "version": replacement.version + 1})
        store.save_salon(salon, expected_version=replacement.version, catalog_revision=catalog.revision)
        return salon

    return _retrying(salon_id, change)


# ---- locations -----------------------------------------------------------------------------------


def list_locations(salon_id: str) -> list[Location]:
    return _listed(load_catalog(salon_id).locations)


def get_location(salon_id: str, location_id: str) -> Location:
    return load_catalog(salon_id).location(location_id)


def create_location(salon_id: str, draft: LocationInput) -> Location:
    return _save(_LOCATION, salon_id, draft, None)


def replace_location(salon_id: str, location_id: str, replacement: LocationReplacement) -> Location:
    return _replace(_LOCATION, salon_id, location_id, replacement)


def delete_location(salon_id: str, location_id: str, version: int | None = None) -> None:
    """Refused (Conflict) while a service, staff member or resource still names the location."""
    _delete(_LOCATION, salon_id, location_id, version)


# ---- services ------------------------------------------------------------------------------------


def list_services(salon_id: str) -> list[Service]:
    return _listed(load_catalog(salon_id).services)


def get_service(salon_id: str, service_id: str) -> Service:
    return load_catalog(salon_id).service(service_id)


def create_service(salon_id: str, draft: ServiceInput) -> Service:
    return _save(_SERVICE, salon_id, draft, None)


def replace_service(salon_id: str, service_id: str, replacement: ServiceReplacement) -> Service:
    return _replace(_SERVICE, salon_id, service_id, replacement)


def delete_service(salon_id: str, service_id: str, version: int | None = None) -> None:
    _delete(_SERVICE, salon_id, service_id, version)


# ---- staff ---------------------------------------------------------------------------------------


def list_staff(salon_id: str) -> list[Staff]:
    return _listed(load_catalog(salon_id).staff)


def get_staff_member(salon_id: str, staff_id: str) -> Staff:
    return load_catalog(salon_id).staff_member(staff_id)


def create_staff_member(salon_id: str, draft: StaffInput) -> Staff:
    return _save(_STAFF, salon_id, draft, None)


def replace_staff_member(salon_id: str, staff_id: str, replacement: StaffReplacement) -> Staff:
    return _replace(_STAFF, salon_id, staff_id, replacement)


def delete_staff_member(salon_id: str, staff_id: str, version: int | None = None) -> None:
    _delete(_STAFF, salon_id, staff_id, version)


# ---- resources -----------------------------------------------------------------------------------


def list_resources(salon_id: str) -> list[Resource]:
    return _listed(load_catalog(salon_id).resources)


def get_resource(salon_id: str, resource_id: str) -> Resource:
    return load_catalog(salon_id).resource(resource_id)


def create_resource(salon_id: str, draft: ResourceInput) -> Resource:
    return _save(_RESOURCE, salon_id, draft, None)


def replace_resource(salon_id: str, resource_id: str, replacement: ResourceReplacement) -> Resource:
    return _replace(_RESOURCE, salon_id, resource_id, replacement)


def delete_resource(salon_id: str, resource_id: str, version: int | None = None) -> None:
    _delete(_RESOURCE, salon_id, resource_id, version)
