"""Condition expressions every optimistic write shares: versions of items and the salon's revision."""

from typing import Any

from parlour.store import keys
from parlour.store.table import table

# The salon's revision lives on its PROFILE item; catalog and pricing writes move it on together.
SALON_REVISION = "catalog_revision"


def version_condition(expected_version: int) -> dict[str, Any]:
    """Write only over the version that was read; version 0 means the item must not exist yet."""
    if expected_version == 0:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "#version = :expected_version",
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {":expected_version": expected_version},
    }


def salon_revision_step(salon_id: str, revision: int) -> dict[str, Any]:
    """A transaction item moving the salon's revision on, only from the one the change was checked against."""
    return {
        "Update": {
            "TableName": table().name,
            "Key": {"pk": keys.salon_pk(salon_id), "sk": keys.SALON_PROFILE_SK},
            "UpdateExpression": "SET #revision = :next_revision",
            "ConditionExpression": "#revision = :read_revision",
            "ExpressionAttributeNames": {"#revision": SALON_REVISION},
            "ExpressionAttributeValues": {":read_revision": revision, ":next_revision": revision + 1},
        }
    }
