"""What moto keeps forever in a long-running server, released so the local stack's memory stays flat.

Measured (moto 5.2.5): the stack grew by 30-50 MB per booking, faster as the table grew. The causes:
- moto's BaseModel appends every model instance it ever creates to `instances_tracked` (for its
  dashboard). A DynamoDB transaction deep-copies the whole table, stream records included, in case it
  must roll back; every copy is a tracked instance, so each transaction kept a full copy of the table.
- Every GetShardIterator and GetRecords stores a shard iterator in the streams backend for good; the
  stream pollers take a fresh one each round (0.1-0.5 s), and each holds its shard (and table) alive.
- A table's stream keeps every record ever written, and a transaction deep-copies them all: each
  booking took longer than the one before. Records every stream poller has read are dropped, as DynamoDB
  trims a stream after 24 hours (the shard's starting sequence number moves on).
- A finished Step Functions execution keeps its interpreter state: the parsed program, the
  environment and the event history.
The runner is a single process that never uses moto's dashboard, old iterators or the history of an
execution that succeeded, so a sweep drops them; nothing a client can still ask for is dropped.
"""

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from moto.core.common_models import BaseModel

from infra.local.pollers import Poller
from infra.local.resources import ACCOUNT_ID, REGION

log = logging.getLogger("infra.local.housekeeping")

# Statuses whose history is kept after the execution ends: a failure is what one wants to read later.
_HISTORY_KEPT = {"FAILED", "TIMED_OUT", "ABORTED"}


class _NotTracked(list):
    """A list that keeps nothing: moto's instance tracker appends to it on every model created."""

    def append(self, _instance: Any) -> None:
        return None


def stop_tracking_model_instances() -> int:
    """Make every moto model class (those imported so far) forget its instances; how many classes."""
    classes, pending = 0, list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not isinstance(model.__dict__.get("instances_tracked"), _NotTracked):
            model.instances_tracked = _NotTracked()
            classes += 1
    return classes


class _FinishedWorker:
    """Stands in for a finished execution's worker: its history is all that is asked of it any more."""

    def __init__(self, events: list[dict[str, Any]]):
        self.env = _History(events) if events else None


class _History:
    def __init__(self, events: list[dict[str, Any]]):
        self.event_manager = self
        self._events = events

    def get_event_history(self) -> list[dict[str, Any]]:
        return self._events


def compact_finished_executions() -> int:
    """Drop the interpreter state of ended executions (their description and name stay, so a second
    start of the same name is still refused); how many were compacted."""
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    backend = stepfunctions_parser_backends[ACCOUNT_ID][REGION]
    compacted = 0
    for machine in backend.state_machines:
        for execution in list(machine.executions):
            worker = getattr(execution, "exec_worker", None)
            if worker is None or isinstance(worker, _FinishedWorker) or execution.exec_status is None:
                continue
            status = execution.status
            if status == "RUNNING":
                continue
            events = execution.to_history_output()["events"] if status in _HISTORY_KEPT else []
            execution.exec_worker = _FinishedWorker(events)
            compacted += 1
    return compacted


def finished_threads_forgotten() -> int:
    """moto's Step Functions keeps every execution thread it started in a module list."""
    from moto.stepfunctions.parser.utils import TMP_THREADS

    alive = [thread for thread in TMP_THREADS if thread.is_alive()]
    dropped = len(TMP_THREADS) - len(alive)
    TMP_THREADS[:] = alive
    return dropped


class ShardIteratorSweep:
    """Forgets the streams backend's iterators that were already there at the previous sweep: the
    pollers take a fresh iterator every round, so one older than a sweep interval is never used."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self) -> int:
        from moto.dynamodbstreams.models import dynamodbstreams_backends

        iterators: dict[str, Any] = dynamodbstreams_backends[ACCOUNT_ID][REGION].shard_iterators
        old = [arn for arn in self._seen if arn in iterators]
        for arn in old:
            del iterators[arn]
        self._seen = set(iterators)
        return len(old)


def trim_read_stream_records(next_unread: dict[str, int]) -> int:
    """Drop each table's stream records below the first one a poller has not read yet (all of them for a
    table nobody polls); how many were dropped. `next_unread` maps table name -> sequence number."""
    from moto.dynamodb.models import dynamodb_backends

    dropped = 0
    for name, table in dynamodb_backends[ACCOUNT_ID][REGION].tables.items():
        shard = table.stream_shard
        if shard is None:
            continue
        end = shard.starting_sequence_number + len(shard.items)
        read = min(next_unread.get(name, end), end) - shard.starting_sequence_number
        if read > 0:
            del shard.items[:read]
            shard.starting_sequence_number += read
            dropped += read
    return dropped


class MotoHousekeeping(Poller):
    """Runs the sweeps every interval, holding moto's request lock so no request sees a half-done one."""

    def __init__(
        self,
        exclusive: Callable[[], AbstractContextManager[Any]],
        next_unread: Callable[[], dict[str, int]],
        interval: float = 5.0,
    ):
        super().__init__("moto-housekeeping", interval)
        self._exclusive = exclusive
        self._next_unread = next_unread
        self._iterators = ShardIteratorSweep()
        self._lock = threading.Lock()

    def poll_once(self) -> float | None:
        self.sweep()
        return None

    def sweep(self) -> dict[str, int]:
        with self._lock, self._exclusive():
            swept = {
                "model classes untracked": stop_tracking_model_instances(),
                "shard iterators": self._iterators(),
                "stream records": trim_read_stream_records(self._next_unread()),
                "executions compacted": compact_finished_executions(),
                "threads forgotten": finished_threads_forgotten(),
            }
        if any(swept.values()):
            log.debug("housekeeping: %s", swept)
        return swept
