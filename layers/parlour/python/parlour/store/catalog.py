"""Data access for the catalog: one salon partition holds the profile and every catalog entry.

Every catalog write also moves the salon's `catalog_revision` (kept on the PROFILE item) on from the
revision the caller checked its rules against, in the same transaction. So a rule checked on a loaded
catalog (a service's locations exist, a location being deleted is unused) still holds when the write
lands: any catalog change in between makes the write fail with CatalogChanged, and the caller
re-reads and checks again. Admin writes are rare, so serializing them per salon costs nothing.
"""

from typing import Any

from botocore.exceptions import ClientError

from parlour.catalog.models import Catalog, Location, Resource, Salon, Service, Staff
from parlour.errors import NotFound
from parlour.store import keys
from parlour.store.conditions import SALON_REVISION, salon_revision_step, version_condition
from parlour.store.table import client, table

Entry = Location | Service | Staff | Resource

KIND_OF: dict[type[Entry], str] = {
    Location: "LOCATION",
    Service: "SERVICE",
    Staff: "STAFF",
    Resource: "RESOURCE",
}
_MODEL_OF: dict[str, type[Entry]] = {kind: model for model, kind in KIND_OF.items()}
# Attributes of the item that are not fields of the model.
_META = frozenset({"pk", "sk", "type", "catalog_revision"})


class CatalogChanged(Exception):
    """The catalog (or the entry) changed since it was read: re-read, re-check, try again."""


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in _META}


def entry_item(entry: Entry) -> dict[str, Any]:
    """The stored item of a catalog entry."""
    kind = KIND_OF[type(entry)]
    return {
        **entry.model_dump(mode="json"),
        "pk": keys.salon_pk(entry.salon_id),
        "sk": keys.catalog_sk(kind, entry.id),
        "type": kind.lower(),
    }


def entry_from_item(item: dict[str, Any]) -> Salon | Entry | None:
    """The salon profile or catalog entry in an item (or a plain stream image); None for other items."""
    if not item.get("pk", "").startswith("SALON#") or item["pk"].count("#") != 1:
        return None
    if item["sk"] == keys.SALON_PROFILE_SK:
        return Salon.model_validate(_fields(item))
    model = _MODEL_OF.get(item["sk"].split("#", 1)[0])
    return model.model_validate(_fields(item)) if model else None


def load_catalog(salon_id: str, *, consistent: bool = False) -> Catalog:
    """The salon's whole catalog in one Query of its partition (paged only past 1 MB)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": keys.salon_pk(salon_id)},
        "ConsistentRead": consistent,
    }
    salon: Salon | None = None
    revision = 0
    entries: dict[str, dict[str, Any]] = {kind: {} for kind in _MODEL_OF}
    while True:
        page = table().query(**query)
        for item in page["Items"]:
            entry = entry_from_item(item)  # other kinds of items may share the partition: they are skipped
            if isinstance(entry, Salon):
                salon, revision = entry, int(item.get(SALON_REVISION, 0))
            elif entry is not None:
                entries[KIND_OF[type(entry)]][entry.id] = entry
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    if salon is None:
        raise NotFound(f"no salon {salon_id!r}")
    return Catalog(
        salon=salon,
        locations=entries["LOCATION"],
        services=entries["SERVICE"],
        staff=entries["STAFF"],
        resources=entries["RESOURCE"],
        revision=revision,
    )


def save_salon(salon: Salon, *, expected_version: int, catalog_revision: int) -> None:
    """Put the profile at salon.version if it is still at expected_version (0: it must not exist)."""
    item = {
        **salon.model_dump(mode="json"),
        "pk": keys.salon_pk(salon.id),
        "sk": keys.SALON_PROFILE_SK,
        "type": "salon",
        SALON_REVISION: catalog_revision + 1,
    }
    condition = version_condition(expected_version)
    if expected_version:
        condition["ConditionExpression"] += " AND #revision = :read_revision"
        condition["ExpressionAttributeNames"]["#revision"] = SALON_REVISION
        condition["ExpressionAttributeValues"][":read_revision"] = catalog_revision
    try:
        table().put_item(Item=item, **condition)
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        raise CatalogChanged(f"salon {salon.id!r} changed") from error


def _transact(salon_id: str, write: dict[str, Any], catalog_revision: int) -> None:
    try:
        client().transact_write_items(TransactItems=[write, salon_revision_step(salon_id, catalog_revision)])
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        raise CatalogChanged(f"the catalog of salon {salon_id!r} changed") from error


def save_entry(entry: Entry, *, expected_version: int, catalog_revision: int) -> None:
    """Put an entry at entry.version if it is still at expected_version (0: it must not exist yet)."""
    put = {"TableName": table().name, "Item": entry_item(entry), **version_condition(expected_version)}
    _transact(entry.salon_id, {"Put": put}, catalog_revision)


def delete_entry(entry: Entry, *, catalog_revision: int) -> None:
    """Delete an entry if it is still at the version it was read at."""
    key = {"pk": keys.salon_pk(entry.salon_id), "sk": keys.catalog_sk(KIND_OF[type(entry)], entry.id)}
    delete = {"TableName": table().name, "Key": key, **version_condition(entry.version)}
    _transact(entry.salon_id, {"Delete": delete}, catalog_revision)
