"""Keeps the local data across restarts: every table's items in one JSON snapshot in the data dir.

The snapshot is written atomically (temporary file, then rename) on stop and periodically, and loaded
into the fresh tables on start, before any poller reads a stream. Items keep DynamoDB's typed JSON, so
numbers, sets and binary values come back exactly.
"""

import base64
import hashlib
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infra.local.pollers import Clients, Poller

log = logging.getLogger("infra.local.persistence")

SNAPSHOT_FILE = "tables.json"
_FORMAT = 1


def _encode(value: dict[str, Any]) -> dict[str, Any]:
    """A typed attribute value from boto3 as JSON: binary values become base64 text."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": base64.b64encode(inner).decode()}
    if kind == "BS":
        return {"BS": [base64.b64encode(item).decode() for item in inner]}
    if kind == "M":
        return {"M": {name: _encode(item) for name, item in inner.items()}}
    if kind == "L":
        return {"L": [_encode(item) for item in inner]}
    return value


def _decode(value: dict[str, Any]) -> dict[str, Any]:
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": base64.b64decode(inner)}
    if kind == "BS":
        return {"BS": [base64.b64decode(item) for item in inner]}
    if kind == "M":
        return {"M": {name: _decode(item) for name, item in inner.items()}}
    if kind == "L":
        return {"L": [_decode(item) for item in inner]}
    return value


def read_tables(dynamodb: Any, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    contents: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        items: list[dict[str, Any]] = []
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items.extend({name: _encode(value) for name, value in item.items()} for item in page["Items"])
        contents[table] = items
    return contents


def write_snapshot(path: Path, contents: dict[str, list[dict[str, Any]]]) -> None:
    document = {"format": _FORMAT, "taken_at": datetime.now(UTC).isoformat(), "tables": contents}
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(document))
    temporary.replace(path)


def snapshot(dynamodb: Any, tables: list[str], path: Path) -> int:
    """Write every item of the tables to the snapshot file; the number of items written."""
    contents = read_tables(dynamodb, tables)
    write_snapshot(path, contents)
    return sum(len(items) for items in contents.values())


def restore(dynamodb: Any, tables: list[str], path: Path) -> int | None:
    """Load the snapshot into the (empty) tables; None when there is no snapshot."""
    if not path.exists():
        return None
    document = json.loads(path.read_text())
    if document.get("format") != _FORMAT:
        raise ValueError(f"{path} has snapshot format {document.get('format')}, expected {_FORMAT}")
    restored = 0
    for table, items in document["tables"].items():
        if table not in tables:
            log.warning("snapshot has table %s, which no template declares any more: skipped", table)
            continue
        for start in range(0, len(items), 25):
            requests = [
                {"PutRequest": {"Item": {name: _decode(value) for name, value in item.items()}}}
                for item in items[start : start + 25]
            ]
            pending: dict[str, Any] = {table: requests}
            while pending:
                pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        restored += len(items)
    return restored


class PeriodicSnapshot(Poller):
    """Writes the snapshot every interval when the data changed since the last one."""

    def __init__(self, clients: Clients, tables: list[str], path: Path, interval: float):
        super().__init__("snapshot", interval)
        self.dynamodb = clients("dynamodb")
        self.tables = tables
        self.path = path
        self._last_digest = ""

    def poll_once(self) -> float | None:
        contents = read_tables(self.dynamodb, self.tables)
        digest = hashlib.sha256(json.dumps(contents, sort_keys=True).encode()).hexdigest()
        if digest != self._last_digest:
            write_snapshot(self.path, contents)
            self._last_digest = digest
        return None
