"""Counting DynamoDB requests with botocore event hooks, and an in-process moto to count them on.

The hooks sit on boto3's default session, so every client made after `in_process_aws()` starts (the
table resource, Powertools' idempotency client) reports its calls: what was asked (`provide-client-params`,
plain Python values), what came back (`after-call`, the parsed answer) and how long the emulator took
(from `request-created` to `before-parse`: the request was serialized and the answer is not yet parsed;
on AWS this stretch is the network and DynamoDB).
"""

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto import mock_aws

import tests.conftest  # noqa: F401  (the tests' fake credentials and region: nothing reaches AWS)
from infra import template
from parlour.store import idempotency
from parlour.store import table as store_table

TABLE_NAME = "parlour-bench"
_WRITES = {"PutItem", "UpdateItem", "DeleteItem"}


def _plain(value: Any) -> Any:
    """A value as the resource passes it, or from the low-level client's typed form ({"S": ...})."""
    return value.get("S") if isinstance(value, dict) else value


def item_kind(attributes: dict[str, Any]) -> str:
    """What an item or key is (appointment, ledger, history, client, catalog, idempotency, ...)."""
    if stored_type := _plain(attributes.get("type")):
        return str(stored_type)
    pk, sk = str(_plain(attributes.get("pk")) or ""), str(_plain(attributes.get("sk")) or "")
    if pk.startswith("IDEMPOTENCY"):
        return "idempotency"
    parts = pk.split("#")  # SALON#<id>[#<MARKER>#...], see parlour.store.keys
    if len(parts) < 3:
        return "catalog"
    if parts[2] == "APPT":
        return "history" if sk.startswith("HISTORY") else "appointment"
    return {"LEDGER": "ledger", "CLIENTPHONE": "client lookup", "CLIENTEMAIL": "client lookup"}.get(
        parts[2], parts[2].lower()
    )


def _kinds(attributes: list[dict[str, Any]]) -> str:
    counted = Counter(item_kind(each) for each in attributes)
    return ", ".join(kind if number == 1 else f"{number} {kind}" for kind, number in counted.items())


@dataclass
class Call:
    operation: str
    what: str = ""
    keys_asked: int = 0
    items_read: int = 0
    items_written: int = 0
    conditional_writes: int = 0
    emulator_ms: float = 0.0

    @classmethod
    def of_request(cls, operation: str, params: dict[str, Any]) -> "Call":
        call = cls(operation)
        if operation == "TransactWriteItems":
            actions = [next(iter(item.values())) for item in params.get("TransactItems", [])]
            call.what = _kinds([action.get("Item") or action.get("Key", {}) for action in actions])
            call.items_written = sum(1 for item in params["TransactItems"] if "ConditionCheck" not in item)
            call.conditional_writes = sum(1 for action in actions if "ConditionExpression" in action)
        elif operation == "BatchWriteItem":
            writes = [write for table in params.get("RequestItems", {}).values() for write in table]
            call.items_written = len(writes)
            call.what = _kinds([next(iter(write.values())).get("Item", {}) for write in writes])
        elif operation in _WRITES:
            call.items_written = 1
            call.conditional_writes = int("ConditionExpression" in params)
            call.what = item_kind(params.get("Item") or params.get("Key", {}))
        elif operation == "GetItem":
            call.keys_asked = 1
            call.what = item_kind(params.get("Key", {}))
        elif operation == "BatchGetItem":
            asked = [key for table in params.get("RequestItems", {}).values() for key in table["Keys"]]
            call.keys_asked = len(asked)
            call.what = _kinds(asked)
        elif operation == "Query":
            values = params.get("ExpressionAttributeValues", {})
            call.what = params.get("IndexName") or item_kind({"pk": next(iter(values.values()), "")})
        return call

    def read_from(self, parsed: dict[str, Any]) -> None:
        if self.operation == "GetItem":
            self.items_read = int("Item" in parsed)
        elif self.operation == "BatchGetItem":
            self.items_read = sum(len(items) for items in parsed.get("Responses", {}).values())
        elif self.operation in ("Query", "Scan"):
            self.items_read = int(parsed.get("Count", 0))


@dataclass
class Window:
    """The DynamoDB calls made while a `DynamoCalls.window()` was open."""

    calls: list[Call] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.calls)

    @property
    def keys_asked(self) -> int:
        return sum(call.keys_asked for call in self.calls)

    @property
    def items_read(self) -> int:
        return sum(call.items_read for call in self.calls)

    @property
    def items_written(self) -> int:
        return sum(call.items_written for call in self.calls)

    @property
    def emulator_ms(self) -> float:
        return sum(call.emulator_ms for call in self.calls)

    @property
    def conditional_writes(self) -> int:
        return sum(call.conditional_writes for call in self.calls)

    def by_operation(self) -> Counter[str]:
        return Counter(call.operation for call in self.calls)


class DynamoCalls:
    """Records every DynamoDB call of this process; `window()` collects those of one stretch of code."""

    def __init__(self) -> None:
        self._open: list[Window] = []
        self._last: Call | None = None
        self._sent_at = 0.0

    def register(self, session: boto3.Session) -> None:
        session.events.register("provide-client-params.dynamodb", self._asked)
        session.events.register("request-created.dynamodb", self._sent)
        session.events.register("before-parse.dynamodb", self._received)
        session.events.register("after-call.dynamodb", self._answered)

    def _asked(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self._last = Call.of_request(model.name, params)
        for window in self._open:
            window.calls.append(self._last)

    def _sent(self, **_: Any) -> None:
        self._sent_at = time.perf_counter()

    def _received(self, **_: Any) -> None:
        if self._last is not None:
            self._last.emulator_ms += (time.perf_counter() - self._sent_at) * 1000

    def _answered(self, parsed: dict[str, Any], **_: Any) -> None:
        # Calls in this process are sequential (the benches make no calls from threads), so the
        # answer belongs to the last request.
        if self._last is not None:
            self._last.read_from(parsed)

    @contextmanager
    def window(self) -> Iterator[Window]:
        window = Window()
        self._open.append(window)
        try:
            yield window
        finally:
            self._open.remove(window)


@contextmanager
def in_process_aws() -> Iterator[DynamoCalls]:
    """A fresh in-process moto with the booking stack's tables from template.yaml, calls counted."""
    os.environ["TABLE_NAME"] = TABLE_NAME
    calls = DynamoCalls()
    with mock_aws():
        # moto swaps boto3's default session for the mock's lifetime: hook the one clients will use.
        boto3.setup_default_session()
        calls.register(boto3.DEFAULT_SESSION)
        _forget_clients()
        template.create_tables(boto3.client("dynamodb"), template.load(), {"Table": TABLE_NAME})
        try:
            yield calls
        finally:
            _forget_clients()


def _forget_clients() -> None:
    store_table.reset_cache()
    idempotency.reset_cache()  # its client must be made inside this moto, with the hooks
