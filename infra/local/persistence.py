"""Keeps the local data across restarts and kills: a snapshot in the data dir plus the journal since it.

The snapshot holds every table's items (DynamoDB's typed JSON as on the wire, so numbers, sets and binary
values come back exactly), the messages waiting in the queues and the running Step Functions executions
(the lifecycle's planned reminders). It is taken while moto's request lock is held, so it is one moment
of the state, and the journal is rotated at that moment: the snapshot plus the journal generations from
the one it names are the whole state. It is written atomically (temporary file, fsync, rename) on stop,
every interval when something changed, and right after a start's recovery.

On start: the snapshot is loaded into the fresh tables, the journal replayed on top (journal.py says
what each entry does), the queues refilled and the executions started again, all before any poller or
the gateway runs.
"""

import json
import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infra.local.journal import (
    Journal,
    Recovered,
    latest_generation,
    read_entries,
)
from infra.local.moto_server import SerializedMotoApp
from infra.local.pollers import Poller
from infra.local.resources import ACCOUNT_ID, REGION

log = logging.getLogger("infra.local.persistence")

SNAPSHOT_FILE = "tables.json"
_FORMAT = 2
_READABLE_FORMATS = (1, 2)  # format 1 (tables only) is read as a snapshot with empty queues
_BATCH = 25  # BatchWriteItem's limit


class Persistence:
    """The data dir's snapshot and journal for one running moto."""

    def __init__(self, app: SerializedMotoApp, data_dir: Path, tables: list[str], fsync: bool = True):
        self.app = app
        self.data_dir = data_dir
        self.tables = tables
        self.fsync = fsync
        self.path = data_dir / SNAPSHOT_FILE
        self.journal: Journal | None = None
        self._snapshot_lock = threading.Lock()  # one snapshot at a time: files are written in order
        # table -> shard id -> the first stream sequence number the journal's replay wrote (recover()).
        self.replay_stream_starts: dict[str, dict[str, int]] = {}

    # ----- start ------------------------------------------------------------------------------------
    def recover(self, fresh: bool) -> int | None:
        """Load the snapshot, replay the journal, then snapshot the result and start journaling.
        The number of items in the tables afterwards, or None when there was nothing to recover."""
        document = None if fresh else self._read_snapshot()
        first_generation = int(document.get("journal_generation", 1)) if document else 1
        had_journal = not fresh and latest_generation(self.data_dir) >= first_generation
        with self._snapshot_lock, self.app.exclusive():
            recovered = Recovered()
            if document is not None:
                self._load(document, recovered)
            # The snapshot's changes reached their consumers before it was taken; the journal's may not
            # have (a kill -9 within a poll interval): stream pollers resume here, at least once.
            self.replay_stream_starts = _stream_ends(self.tables)
            replayed = 0
            if had_journal:
                for entry in read_entries(self.data_dir, first_generation):
                    self._replay(entry, recovered)
                    replayed += 1
            self._refill(recovered)
            contents = self._capture()
            generation = latest_generation(self.data_dir) + 1
            self.journal = Journal(self.data_dir, generation, fsync=self.fsync)
            self.app.journal = self.journal
        self._write(contents, generation)
        self.journal.remove_before(generation)
        if document is None and not had_journal:
            return None
        log.info(
            "recovered %d items, %d messages and %d executions (%d journal entries replayed)",
            _item_count(contents),
            len(contents["messages"]),
            len(contents["executions"]),
            replayed,
        )
        return _item_count(contents)

    def _read_snapshot(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        document = json.loads(self.path.read_text())
        if document.get("format") not in _READABLE_FORMATS:
            raise ValueError(f"{self.path} has snapshot format {document.get('format')}, expected {_FORMAT}")
        return document

    def _load(self, document: dict[str, Any], recovered: Recovered) -> None:
        for table, items in document["tables"].items():
            if table not in self.tables:
                log.warning("snapshot has table %s, which no template declares any more: skipped", table)
                continue
            for start in range(0, len(items), _BATCH):
                puts = [{"PutRequest": {"Item": item}} for item in items[start : start + _BATCH]]
                self._call("DynamoDB_20120810.BatchWriteItem", {"RequestItems": {table: puts}})
        for message in document.get("messages", []):
            recovered.message_sent(message["queue"], message["id"], message["request"])
        for request in document.get("executions", []):
            recovered.execution_started(request)

    def _replay(self, entry: dict[str, Any], recovered: Recovered) -> None:
        if "sqs_sent" in entry:
            for message_id, request in entry["messages"]:
                recovered.message_sent(entry["sqs_sent"], message_id, request)
        elif "sqs_deleted" in entry:
            recovered.messages_deleted(entry["sqs_deleted"], entry["ids"])
        elif "sqs_purged" in entry:
            recovered.queue_purged(entry["sqs_purged"])
        elif entry["target"] == "AWSStepFunctions.StartExecution":
            recovered.execution_started(entry["request"])
        elif entry["target"] == "AWSStepFunctions.StopExecution":
            recovered.execution_stopped(entry["request"])
        else:
            status, answer = self.app.call_locked(entry["target"], entry["request"])
            if status >= 300:
                # It succeeded before on the same state; say so loudly rather than stop the start.
                log.error("journal replay: %s answered %d: %s", entry["target"], status, answer)

    def _refill(self, recovered: Recovered) -> None:
        for request in recovered.messages.values():
            self._call("AmazonSQS.SendMessage", request)
        for request in recovered.executions.values():
            # Started from the beginning: the state machine reads what it needs again.
            self._call("AWSStepFunctions.StartExecution", request)

    def _call(self, target: str, request: dict[str, Any]) -> dict[str, Any]:
        status, answer = self.app.call_locked(target, request)
        if status >= 300:
            log.error("recovery: %s answered %d: %s", target, status, answer)
        return answer

    # ----- snapshots ---------------------------------------------------------------------------------
    def snapshot(self, force: bool = False) -> int | None:
        """Take and write a snapshot (unless nothing changed since the last one and not `force`);
        the number of items written, or None when skipped."""
        assert self.journal is not None, "recover() first"
        with self._snapshot_lock:
            with self.app.exclusive():
                if not force and self.journal.entries_written == 0:
                    return None
                contents = self._capture()
                generation = self.journal.rotate()
            self._write(contents, generation)
            self.journal.remove_before(generation)
        return _item_count(contents)

    def _capture(self) -> dict[str, Any]:
        """The tables, queued messages and running executions now (the caller holds the lock)."""
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in self.tables:
            items: list[dict[str, Any]] = []
            request: dict[str, Any] = {"TableName": table}
            while True:
                page = self._call("DynamoDB_20120810.Scan", request)
                items.extend(page.get("Items", []))
                if "LastEvaluatedKey" not in page:
                    break
                request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            tables[table] = items
        return {"tables": tables, "messages": _queued_messages(), "executions": _running_executions()}

    def _write(self, contents: dict[str, Any], generation: int) -> None:
        document = {
            "format": _FORMAT,
            "taken_at": datetime.now(UTC).isoformat(),
            "journal_generation": generation,
            **contents,
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with temporary.open("w") as file:
            json.dump(document, file)
            file.flush()
            if self.fsync:
                os.fsync(file.fileno())
        temporary.replace(self.path)


def _stream_ends(tables: list[str]) -> dict[str, dict[str, int]]:
    """Each table's stream shard and the sequence number its next record will get (lock held)."""
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[ACCOUNT_ID][REGION]
    ends: dict[str, dict[str, int]] = {}
    for name in tables:
        shard = getattr(backend.tables.get(name), "stream_shard", None)
        if shard is not None:
            ends[name] = {shard.id: shard.starting_sequence_number + len(shard.items)}
    return ends


def _item_count(contents: dict[str, Any]) -> int:
    return sum(len(items) for items in contents["tables"].values())


def _queued_messages() -> list[dict[str, Any]]:
    """Every message in every queue as the SendMessage request that puts it back (with what is left of
    its delay; a message in flight is simply visible again after a restart)."""
    from moto.sqs.models import sqs_backends

    now = time.time() * 1000
    messages = []
    for name, queue in sqs_backends[ACCOUNT_ID][REGION].queues.items():
        for message in list(queue._messages):
            request: dict[str, Any] = {
                "QueueUrl": f"http://localhost/{ACCOUNT_ID}/{name}",
                "MessageBody": message.body,
            }
            if message.message_attributes:
                request["MessageAttributes"] = message.message_attributes
            if message.group_id:
                request["MessageGroupId"] = message.group_id
            if message.deduplication_id:
                request["MessageDeduplicationId"] = message.deduplication_id
            elif message.delayed_until > now:
                request["DelaySeconds"] = min(900, int((message.delayed_until - now) / 1000) + 1)
            messages.append({"queue": name, "id": message.id, "request": request})
    return messages


def _running_executions() -> list[dict[str, Any]]:
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    running = []
    for machine in stepfunctions_parser_backends[ACCOUNT_ID][REGION].state_machines:
        for execution in list(machine.executions):
            if execution.exec_status is not None and execution.status == "RUNNING":
                request = {
                    "stateMachineArn": machine.arn,
                    "name": execution.name,
                    "input": json.dumps(execution.input_data),
                }
                running.append(request)
    return running


class PeriodicSnapshot(Poller):
    """Takes a snapshot every interval when something was journaled since the last one."""

    def __init__(self, persistence: Persistence, interval: float):
        super().__init__("snapshot", interval)
        self.persistence = persistence

    def poll_once(self) -> float | None:
        self.persistence.snapshot()
        return None
