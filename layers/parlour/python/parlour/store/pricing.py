"""Data access for pricing: ingredient items (offers, tax rules) and materialized price lists.

Ingredients live in the salon's pricing partition (keys.pricing_pk), one item each, with a `version`.
Every ingredient write also moves the salon's revision (the `catalog_revision` on its PROFILE item,
the same counter catalog writes move) on from the revision the caller checked its rules against, in
one transaction. So a rule checked against a loaded catalog and pricing (the variant exists, no other
special price overlaps) still holds when the write lands, and every price list can say which state
of the salon it was built from (`source_revision`).

Price lists live in the salon's price-list partition (keys.price_lists_pk), one item per (location,
segment). The document a client reads is stored compressed (zlib JSON) in `document`: a list of 200
variants is ~150 KB of JSON and ~15 KB compressed, far from the 400 KB item limit, and the public read
hands it out without parsing it. Lists with a next change carry gsi1 keys (sparse), so the schedule
reads only the lists that are due.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from botocore.exceptions import ClientError
from pydantic import ValidationError

from parlour.observability import logger
from parlour.pricing.affected import ListKey
from parlour.pricing.records import (
    AnyOfferRecord,
    TaxRuleRecord,
    offer_record_from_stored,
    tax_record_from_stored,
)
from parlour.store import keys
from parlour.store.conditions import salon_revision_step, version_condition
from parlour.store.idempotency import persistence_layer
from parlour.store.table import client, table

OFFER_TYPE = "price_offer"
TAX_TYPE = "price_tax"
PRICE_LIST_TYPE = "price_list"
Ingredient = AnyOfferRecord | TaxRuleRecord

_META = frozenset({"pk", "sk", "type", "salon_id"})


class PricingChanged(Exception):
    """The salon (catalog or pricing) or the ingredient changed since it was read: read again."""


# ---- ingredients ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ingredients:
    offers: dict[str, AnyOfferRecord]
    taxes: dict[str, TaxRuleRecord]


def _ingredient_key(salon_id: str, ingredient: Ingredient) -> dict[str, str]:
    sk = keys.tax_sk(ingredient.id) if isinstance(ingredient, TaxRuleRecord) else keys.offer_sk(ingredient.id)
    return {"pk": keys.pricing_pk(salon_id), "sk": sk}


def ingredient_item(salon_id: str, ingredient: Ingredient) -> dict[str, Any]:
    """The stored item of an offer or a tax rule (decimals and instants as JSON strings)."""
    kind = TAX_TYPE if isinstance(ingredient, TaxRuleRecord) else OFFER_TYPE
    return {
        **ingredient.model_dump(mode="json"),
        **_ingredient_key(salon_id, ingredient),
        "type": kind,
        "salon_id": salon_id,
    }


def ingredient_from_item(item: dict[str, Any]) -> tuple[str, Ingredient] | None:
    """(salon id, offer or tax rule) of an ingredient item or stream image; None for other items."""
    kind = item.get("type")
    if kind not in (OFFER_TYPE, TAX_TYPE):
        return None
    fields = {name: value for name, value in item.items() if name not in _META}
    parsed = offer_record_from_stored(fields) if kind == OFFER_TYPE else tax_record_from_stored(fields)
    return str(item["salon_id"]), parsed


def load_ingredients(salon_id: str, *, consistent: bool = False) -> Ingredients:
    """Every offer and tax rule of a salon, in one Query of its pricing partition (paged past 1 MB)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": keys.pricing_pk(salon_id)},
        "ConsistentRead": consistent,
    }
    offers: dict[str, AnyOfferRecord] = {}
    taxes: dict[str, TaxRuleRecord] = {}
    while True:
        page = table().query(**query)
        for item in page["Items"]:
            try:
                found = ingredient_from_item(item)
            except ValidationError:
                # An item written around the API must not stop the salon's pricing: it prices nothing,
                # and its stream record fails (and lands in the failed-records queue) for someone to see.
                logger.exception("unreadable pricing item skipped", extra={"key": [item["pk"], item["sk"]]})
                continue
            if found is None:
                continue
            _, ingredient = found
            if isinstance(ingredient, TaxRuleRecord):
                taxes[ingredient.id] = ingredient
            else:
                offers[ingredient.id] = ingredient
        if "LastEvaluatedKey" not in page:
            return Ingredients(offers=offers, taxes=taxes)
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _transact(salon_id: str, write: dict[str, Any], revision: int) -> None:
    try:
        client().transact_write_items(TransactItems=[write, salon_revision_step(salon_id, revision)])
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        raise PricingChanged(f"salon {salon_id!r} changed") from error


def save_ingredient(salon_id: str, ingredient: Ingredient, *, expected_version: int, revision: int) -> None:
    """Put an ingredient at its version if it is still at expected_version (0: it must not exist)."""
    put = {
        "TableName": table().name,
        "Item": ingredient_item(salon_id, ingredient),
        **version_condition(expected_version),
    }
    _transact(salon_id, {"Put": put}, revision)


def delete_ingredient(salon_id: str, ingredient: Ingredient, *, revision: int) -> None:
    """Delete an ingredient if it is still at the version it was read at."""
    delete = {
        "TableName": table().name,
        "Key": _ingredient_key(salon_id, ingredient),
        **version_condition(ingredient.version),
    }
    _transact(salon_id, {"Delete": delete}, revision)


# ---- price lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListHead:
    """What a rebuild needs to know of a stored list: everything but its document."""

    key: ListKey
    version: int
    content_hash: str
    source_revision: int
    computed_at: datetime
    next_change_at: datetime | None


_HEAD_ATTRIBUTES = (
    "salon_id",
    "location_id",
    "segment",
    "version",
    "content_hash",
    "source_revision",
    "computed_at",
    "next_change_at",
)


def _list_key(key: ListKey) -> dict[str, str]:
    return {"pk": keys.price_lists_pk(key.salon_id), "sk": keys.price_list_sk(key.location_id, key.segment)}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _stamp(at: datetime) -> str:
    """A fixed-width UTC instant, so that stamps sort as text in the order of time."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _head(item: dict[str, Any]) -> ListHead:
    return ListHead(
        key=ListKey(str(item["salon_id"]), str(item["location_id"]), str(item["segment"])),
        version=int(item["version"]),
        content_hash=str(item["content_hash"]),
        source_revision=int(item["source_revision"]),
        computed_at=_instant(str(item["computed_at"])),
        next_change_at=_instant(str(item["next_change_at"])) if item.get("next_change_at") else None,
    )


def _projection() -> dict[str, Any]:
    names = {f"#a{index}": name for index, name in enumerate(_HEAD_ATTRIBUTES)}
    return {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}


def price_list_head(key: ListKey) -> ListHead | None:
    """The stored list's head, read consistently (a rebuild decides on it)."""
    found = table().get_item(Key=_list_key(key), ConsistentRead=True, **_projection()).get("Item")
    return _head(found) if found else None


def price_list_heads(salon_id: str) -> list[ListHead]:
    """The heads of every stored list of a salon (one Query, paged past 1 MB)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": keys.price_lists_pk(salon_id)},
        **_projection(),
    }
    heads: list[ListHead] = []
    while True:
        page = table().query(**query)
        heads += [_head(item) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return heads
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def price_list_document(key: ListKey) -> tuple[str, ListHead] | None:
    """The stored document (JSON text) and head of one list: one GetItem, eventually consistent."""
    found = table().get_item(Key=_list_key(key)).get("Item")
    if found is None:
        return None
    document = found["document"]
    raw = document.value if hasattr(document, "value") else document  # boto3 wraps binary values
    return zlib.decompress(raw).decode(), _head(found)


def put_price_list(head: ListHead, document: str, *, expected_version: int) -> bool:
    """Store a list at head.version if the stored one is still at expected_version (0: absent).

    False when another writer got there first: read the head again and decide again.
    """
    item: dict[str, Any] = {
        **_list_key(head.key),
        "type": PRICE_LIST_TYPE,
        "salon_id": head.key.salon_id,
        "location_id": head.key.location_id,
        "segment": head.key.segment,
        "version": head.version,
        "content_hash": head.content_hash,
        "source_revision": head.source_revision,
        "computed_at": _stamp(head.computed_at),
        "document": zlib.compress(document.encode(), level=6),
    }
    if head.next_change_at is not None:
        item["next_change_at"] = _stamp(head.next_change_at)
        item["gsi1pk"] = keys.PRICE_LISTS_DUE_GSI1PK
        item["gsi1sk"] = f"{_stamp(head.next_change_at)}#{head.key.id}"
    try:
        table().put_item(Item=item, **version_condition(expected_version))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        return False
    return True


def delete_price_list(key: ListKey, *, expected_version: int) -> bool:
    """Delete a list if it is still at expected_version; False when another writer changed it."""
    try:
        table().delete_item(Key=_list_key(key), **version_condition(expected_version))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        return False
    return True


def due_price_lists(now: datetime) -> list[ListKey]:
    """Lists whose next change is at or before `now` (one Query of gsi1, paged)."""
    query: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :due AND gsi1sk <= :now",
        # "~" sorts after every character of a list id, so a change at exactly `now` is included.
        "ExpressionAttributeValues": {":due": keys.PRICE_LISTS_DUE_GSI1PK, ":now": f"{_stamp(now)}#~"},
        "ProjectionExpression": "salon_id, location_id, #segment",
        "ExpressionAttributeNames": {"#segment": "segment"},
    }
    due: list[ListKey] = []
    while True:
        page = table().query(**query)
        due += [ListKey(item["salon_id"], item["location_id"], item["segment"]) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return due
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# ---- stream records: each one's work done once ----------------------------------------------------

# Streams keep records for 24 hours and retry them within that time; the marker outlives them.
_STREAM_RECORD_TTL_SECONDS = 26 * 3600


@lru_cache(maxsize=1)
def _record_persistence() -> DynamoDBPersistenceLayer:
    return persistence_layer("IDEMPOTENCY#STREAM")


@lru_cache(maxsize=1)
def _record_config() -> IdempotencyConfig:
    return IdempotencyConfig(
        event_key_jmespath="[concern, event_id]", expires_after_seconds=_STREAM_RECORD_TTL_SECONDS
    )


@lru_cache(maxsize=1)
def _record_once() -> Callable[..., Any]:
    @idempotent_function(
        data_keyword_argument="record", persistence_store=_record_persistence(), config=_record_config()
    )
    def run(*, record: dict[str, str], work: Callable[[], Any]) -> Any:
        return work()

    return run


def once_per_stream_record(concern: str, event_id: str, work: Callable[[], Any]) -> Any:
    """Run `work` (returning JSON-ready data) once per stream record and concern; a redelivered
    record gets the stored result without running it. A failed run stores nothing, so it is retried.
    """
    return _record_once()(record={"concern": concern, "event_id": event_id}, work=work)


def register_lambda_context(context: Any) -> None:
    """An in-progress marker expires with the invocation, so a crashed batch can be retried."""
    _record_config().register_lambda_context(context)


def reset_cache() -> None:
    _record_persistence.cache_clear()
    _record_config.cache_clear()
    _record_once.cache_clear()
