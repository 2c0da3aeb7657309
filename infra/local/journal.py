"""The journal: every mutating request moto acknowledged, written before its answer leaves the runner.

The snapshot (persistence.py) is the state at one moment; the journal holds what happened since, so a
`kill -9` loses nothing a client was told had happened. Each entry is one JSON line, written, flushed and
fsynced inside the request lock (so the journal's order is the order moto applied them) before the answer
is returned. A snapshot rotates the journal to a new generation under the same lock, and removes the
generations it covers once it is on disk.

What is journaled, per service (only answers with a 2xx status: a refused request changed nothing):
- DynamoDB: PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems and the PartiQL calls,
  as the request itself. Replayed in order on the state of the snapshot, each does exactly what it did:
  the values (ids, timestamps) were chosen by the client and are in the request.
- SQS: SendMessage(Batch) as the request and the message ids moto gave; DeleteMessage(Batch) as the ids
  of the deleted messages (a receipt handle is random and dies with the process); PurgeQueue. On start,
  the messages sent and not deleted are sent again (with new ids: nothing keys on an SQS message id).
  A received message that was not deleted comes back, as after a visibility timeout.
- Step Functions: StartExecution and StopExecution. On start, every execution that was started and not
  stopped is started again from its beginning with the same name and input: the lifecycle re-reads the
  appointment and waits for the planned reminders again. One that had ended before the kill runs again;
  what it queues again is sent at most once by the notifier (its ledger keys each notification).
- Not journaled: reads, ReceiveMessage, control-plane calls (the templates create the resources on every
  start), EventBridge PutEvents and S3 objects (not kept across restarts).

Stream records: replayed writes make stream records again. The snapshot's changes reached their
consumers before it was taken, so the stream pollers resume where the replay began (not at the latest
record): a change acknowledged just before a kill -9, whose record no consumer had read yet, still gets
its consumer run (its lifecycle execution, its price-list rebuild). Some replayed changes had been
delivered already and are delivered again: the consumers are idempotent (an execution is named after the
appointment's version, a price list is written only when its content changes, a re-queued message is
sent at most once by the notifier's ledger).
"""

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.local.resources import ACCOUNT_ID, REGION

log = logging.getLogger("infra.local.journal")

_DYNAMODB = "DynamoDB_20120810"
_SQS = "AmazonSQS"
_STATES = "AWSStepFunctions"
MUTATING = {
    _DYNAMODB: {
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "TransactWriteItems",
        "ExecuteStatement",
        "BatchExecuteStatement",
        "ExecuteTransaction",
    },
    _SQS: {"SendMessage", "SendMessageBatch", "DeleteMessage", "DeleteMessageBatch", "PurgeQueue"},
    _STATES: {"StartExecution", "StopExecution"},
}
_SERVICE_NAMES = {_DYNAMODB: "dynamodb", _SQS: "sqs", _STATES: "states"}
_FILE_PREFIX = "journal-"


def is_mutating(target: str) -> bool:
    prefix, _, operation = target.partition(".")
    return operation in MUTATING.get(prefix, ())


def request_headers(target: str) -> dict[str, str]:
    """Headers moto needs to route a JSON-protocol request (its service comes from the credential scope)."""
    service = _SERVICE_NAMES[target.partition(".")[0]]
    return {
        "X-Amz-Target": target,
        "Content-Type": "application/x-amz-json-1.0",
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential=local/20240101/{REGION}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-target, Signature=0"
        ),
    }


def queue_name(queue_url: str) -> str:
    return queue_url.rstrip("/").rsplit("/", 1)[-1]


def _sqs_queue(name: str) -> Any:
    from moto.sqs.models import sqs_backends

    return sqs_backends[ACCOUNT_ID][REGION].queues.get(name)


def deleted_message_ids(target: str, request: dict[str, Any]) -> list[str]:
    """Before a delete runs: the ids of the messages its receipt handles point at."""
    queue = _sqs_queue(queue_name(request.get("QueueUrl", "")))
    if queue is None:
        return []
    if target.endswith(".DeleteMessage"):
        handles = [request.get("ReceiptHandle")]
    else:
        handles = [entry.get("ReceiptHandle") for entry in request.get("Entries", [])]
    return [
        message.id
        for message in list(queue._messages)
        if any(handle and message.had_receipt_handle(handle) for handle in handles)
    ]


def entry_for(target: str, request: dict[str, Any], answer: dict[str, Any], before: Any) -> dict[str, Any]:
    """The journal line for an acknowledged request (`before`: what was read before it ran)."""
    operation = target.partition(".")[2]
    if target.startswith(_SQS):
        queue = queue_name(request.get("QueueUrl", ""))
        if operation == "SendMessage":
            return {"sqs_sent": queue, "messages": [[answer.get("MessageId"), request]]}
        if operation == "SendMessageBatch":
            ids = {item["Id"]: item["MessageId"] for item in answer.get("Successful", [])}
            sent = [
                [ids[entry["Id"]], _single_send(request["QueueUrl"], entry)]
                for entry in request.get("Entries", [])
                if entry.get("Id") in ids
            ]
            return {"sqs_sent": queue, "messages": sent}
        if operation == "PurgeQueue":
            return {"sqs_purged": queue}
        return {"sqs_deleted": queue, "ids": before or []}
    if operation == "StartExecution" and "executionArn" in answer:
        # Without a name moto makes one up: keep it, so the replay starts the same execution.
        request = {**request, "name": answer["executionArn"].rsplit(":", 1)[-1]}
    return {"target": target, "request": request}


def _single_send(queue_url: str, entry: dict[str, Any]) -> dict[str, Any]:
    """One entry of a SendMessageBatch as the SendMessage request that sends the same message."""
    return {"QueueUrl": queue_url, **{key: value for key, value in entry.items() if key != "Id"}}


class Journal:
    """Append-only generations of JSON lines in the data dir: journal-000001.jsonl, journal-000002..."""

    def __init__(self, directory: Path, generation: int, fsync: bool = True):
        self.directory = directory
        self.fsync = fsync
        self.generation = generation
        self.entries_written = 0  # in the current generation
        self._file = self._open(generation)

    def path(self, generation: int) -> Path:
        return self.directory / f"{_FILE_PREFIX}{generation:06d}.jsonl"

    def _open(self, generation: int) -> Any:
        return self.path(generation).open("ab", buffering=0)

    def append(self, entry: dict[str, Any]) -> None:
        self._file.write(json.dumps(entry, separators=(",", ":")).encode() + b"\n")
        if self.fsync:
            os.fsync(self._file.fileno())
        self.entries_written += 1

    def rotate(self) -> int:
        """Continue in a new generation; the new generation's number."""
        self._file.close()
        self.generation += 1
        self.entries_written = 0
        self._file = self._open(self.generation)
        return self.generation

    def remove_before(self, generation: int) -> None:
        for path in generations(self.directory):
            if _number(path) < generation:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        self._file.close()


def _number(path: Path) -> int:
    return int(path.stem.removeprefix(_FILE_PREFIX))


def generations(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{_FILE_PREFIX}*.jsonl"), key=_number)


def read_entries(directory: Path, from_generation: int) -> Iterator[dict[str, Any]]:
    """The entries of every generation from `from_generation` on, in order. A last line cut short by the
    kill (its request was never answered) is skipped."""
    for path in generations(directory):
        if _number(path) < from_generation:
            continue
        lines = path.read_bytes().split(b"\n")
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                if number < len(lines) - 2:  # not the torn last line: the journal is damaged
                    raise
                log.warning("%s: the last line was cut short by the stop; skipped", path.name)


def latest_generation(directory: Path) -> int:
    paths = generations(directory)
    return _number(paths[-1]) if paths else 0


@dataclass
class Recovered:
    """What the snapshot and the journal say must exist besides the tables."""

    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (queue, id) -> send
    executions: dict[str, dict[str, Any]] = field(default_factory=dict)  # execution ARN -> start request

    def message_sent(self, queue: str, message_id: str, request: dict[str, Any]) -> None:
        self.messages[(queue, message_id)] = request

    def messages_deleted(self, queue: str, ids: list[str]) -> None:
        for message_id in ids:
            self.messages.pop((queue, message_id), None)

    def queue_purged(self, queue: str) -> None:
        for key in [key for key in self.messages if key[0] == queue]:
            del self.messages[key]

    def execution_started(self, request: dict[str, Any]) -> None:
        self.executions[execution_arn(request)] = request

    def execution_stopped(self, request: dict[str, Any]) -> None:
        self.executions.pop(request.get("executionArn", ""), None)


def execution_arn(request: dict[str, Any]) -> str:
    machine = request["stateMachineArn"]
    return machine.replace(":stateMachine:", ":execution:") + f":{request.get('name', '')}"
