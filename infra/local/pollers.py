"""Event sources: what Lambda's pollers and EventBridge do for the functions of the templates.

moto never fires event source mappings, so threads read the sources and invoke the in-process handlers
with the records Lambda would send: DynamoDB streams (batches per shard, ReportBatchItemFailures retries
from the first failed record, MaximumRetryAttempts), SQS (partial batch failures stay on the queue for
redelivery after the visibility timeout), schedules (rate expressions) and EventBridge rules (delivered
through a hidden queue, since moto's EventBridge cannot call Lambda or Step Functions targets).
"""

import base64
import contextlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from infra.local.lambdas import Functions, HandlerError, LocalFunction
from infra.local.resources import ACCOUNT_ID, REGION, World

log = logging.getLogger("infra.local.pollers")

Clients = Callable[[str], Any]
_MAX_BACKOFF_SECONDS = 10.0


# ----- event filtering (Lambda's FilterCriteria, EventBridge's pattern syntax) ---------------------
def matches_pattern(pattern: dict[str, Any], event: Any) -> bool:
    """Whether an event matches an EventBridge-style pattern (values, prefix, exists, anything-but...)."""
    if not isinstance(event, dict):
        return False
    for key, expected in pattern.items():
        if isinstance(expected, dict):
            if not matches_pattern(expected, event.get(key)):
                return False
        elif not any(_matches_rule(rule, key in event, event.get(key)) for rule in expected):
            return False
    return True


def _matches_rule(rule: Any, present: bool, value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    if not isinstance(rule, dict):
        return present and rule in values
    if "exists" in rule:
        return present == bool(rule["exists"])
    if not present:
        return False
    if "prefix" in rule:
        return any(isinstance(item, str) and item.startswith(rule["prefix"]) for item in values)
    if "suffix" in rule:
        return any(isinstance(item, str) and item.endswith(rule["suffix"]) for item in values)
    if "equals-ignore-case" in rule:
        return any(
            isinstance(item, str) and item.lower() == rule["equals-ignore-case"].lower() for item in values
        )
    if "anything-but" in rule:
        excluded = rule["anything-but"]
        excluded = excluded if isinstance(excluded, list) else [excluded]
        return all(item not in excluded for item in values)
    if "numeric" in rule:
        return any(_numeric(rule["numeric"], item) for item in values)
    raise ValueError(f"filter rule {rule} is not emulated locally")


def _numeric(conditions: list[Any], value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    checks = {
        "=": number.__eq__,
        "<": number.__lt__,
        "<=": number.__le__,
        ">": number.__gt__,
        ">=": number.__ge__,
    }
    return all(
        checks[operator](float(bound))
        for operator, bound in zip(conditions[::2], conditions[1::2], strict=True)
    )


def _filters(properties: dict[str, Any]) -> list[dict[str, Any]]:
    criteria = properties.get("FilterCriteria") or {}
    return [json.loads(item["Pattern"]) for item in criteria.get("Filters", [])]


def _passes(filters: list[dict[str, Any]], event: dict[str, Any]) -> bool:
    return not filters or any(matches_pattern(pattern, event) for pattern in filters)


# ----- shared machinery ----------------------------------------------------------------------------
def json_ready(value: Any) -> Any:
    """boto3's parsed values as Lambda's JSON: bytes as base64, timestamps as epoch seconds."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    return value


class Poller:
    """A daemon thread that calls poll_once() every interval until stopped."""

    def __init__(self, name: str, interval: float):
        self.name = name
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()

    def join(self, timeout: float = 10) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                delay = self.poll_once()
            except Exception:
                log.exception("%s: poll failed", self.name)
                delay = max(self.interval, 1.0)
            self._stopping.wait(self.interval if delay is None else delay)

    def poll_once(self) -> float | None:
        """Do one round; return how long to wait before the next (None: the poll interval; 0: at once)."""
        raise NotImplementedError


def _failed_identifiers(result: Any) -> list[Any] | None:
    """The itemIdentifiers of a partial batch response; None if the response reports none."""
    if not isinstance(result, dict) or not result.get("batchItemFailures"):
        return None
    return [
        failure.get("itemIdentifier") if isinstance(failure, dict) else None
        for failure in result["batchItemFailures"]
    ]


# ----- DynamoDB streams ----------------------------------------------------------------------------
class TtlDeletions:
    """Keys the TTL sweeper deleted, so their REMOVE records carry the TTL service identity."""

    def __init__(self) -> None:
        self._keys: set[str] = set()
        self._lock = threading.Lock()

    @staticmethod
    def _id(table: str, keys: dict[str, Any]) -> str:
        return table + json.dumps(json_ready(keys), sort_keys=True)

    def add(self, table: str, keys: dict[str, Any]) -> None:
        with self._lock:
            self._keys.add(self._id(table, keys))

    def take(self, table: str, keys: dict[str, Any]) -> bool:
        with self._lock:
            identifier = self._id(table, keys)
            found = identifier in self._keys
            self._keys.discard(identifier)
            return found


class StreamPoller(Poller):
    """One DynamoDB stream feeding one function, per the event's properties (moto has one shard)."""

    def __init__(
        self,
        function: LocalFunction,
        properties: dict[str, Any],
        clients: Clients,
        interval: float,
        ttl_deletions: TtlDeletions,
        resume_at: dict[str, int] | None = None,
    ):
        super().__init__(f"stream:{function.spec.name}", interval)
        self.function = function
        self.stream_arn = str(properties["Stream"])
        self.table_name = _stream_table(properties)
        self.batch_size = int(properties.get("BatchSize", 100))
        self.max_retries = int(properties.get("MaximumRetryAttempts", -1))
        self.report_failures = "ReportBatchItemFailures" in properties.get("FunctionResponseTypes", [])
        self.filters = _filters(properties)
        self.enabled = properties.get("Enabled", True) not in (False, "false")
        self.starting_position = str(properties.get("StartingPosition", "LATEST"))
        self.resume_at = resume_at  # after a restart: shard id -> where the journal's replay began
        self.ttl_deletions = ttl_deletions
        self.streams = clients("dynamodbstreams")
        self._next_sequence: dict[str, int] = {}  # shard id -> the first sequence number not yet read
        self._pending: list[dict[str, Any]] = []
        self._attempts = 0

    def next_unread(self) -> int | None:
        """The lowest sequence number this poller has not read yet (None before it started)."""
        return min(self._next_sequence.values(), default=None)

    def start(self) -> None:
        """Fix the starting positions now, so writes made after start() are never missed."""
        if not self.enabled:
            return
        if self.starting_position not in ("LATEST", "TRIM_HORIZON"):
            raise ValueError(
                f"{self.name}: StartingPosition {self.starting_position} is not emulated locally"
            )
        for shard in self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]:
            first = int(shard["SequenceNumberRange"]["StartingSequenceNumber"])
            self._next_sequence[shard["ShardId"]] = first
            resume = (self.resume_at or {}).get(shard["ShardId"])
            if resume is not None:
                self._next_sequence[shard["ShardId"]] = max(first, resume)
            elif self.resume_at is not None or self.starting_position == "LATEST":
                while self._read(shard["ShardId"], limit=1000):
                    pass  # moto does not tell the latest sequence number: read past what is there
        super().start()

    def _read(self, shard_id: str, limit: int) -> list[dict[str, Any]]:
        """The records from the next unread one. A fresh iterator every time: moto's iterators hold the
        shard object, which a failed transaction replaces (it restores a copy of the table), after which
        an old iterator would never see another record."""
        iterator = self.streams.get_shard_iterator(
            StreamArn=self.stream_arn,
            ShardId=shard_id,
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=str(self._next_sequence[shard_id]),
        )["ShardIterator"]
        records = self.streams.get_records(ShardIterator=iterator, Limit=limit)["Records"]
        if records:
            self._next_sequence[shard_id] = int(records[-1]["dynamodb"]["SequenceNumber"]) + 1
        return records

    def _record(self, record: dict[str, Any]) -> dict[str, Any]:
        """moto's record completed to Lambda's shape (region, version 1.1, source ARN, TTL identity)."""
        event = json_ready(record)
        event.update(eventVersion="1.1", awsRegion=REGION, eventSourceARN=self.stream_arn)
        if event["eventName"] == "REMOVE" and self.ttl_deletions.take(
            self.table_name, record["dynamodb"]["Keys"]
        ):
            event["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
        return event

    def _fetch(self) -> None:
        for shard_id in list(self._next_sequence):
            if len(self._pending) >= self.batch_size:
                return
            records = self._read(shard_id, limit=self.batch_size - len(self._pending))
            self._pending.extend(self._record(record) for record in records)

    def poll_once(self) -> float | None:
        self._fetch()
        if not self._pending:
            return None
        batch = self._pending[: self.batch_size]
        delivered = [record for record in batch if _passes(self.filters, record)]
        first_failed = self._deliver(delivered) if delivered else None
        if first_failed is None:
            del self._pending[: len(batch)]
            self._attempts = 0
            return 0
        position = batch.index(delivered[first_failed])
        del self._pending[:position]  # checkpoint: records before the first failure are done
        self._attempts += 1
        if 0 <= self.max_retries < self._attempts:
            rest = len(batch) - position
            log.warning("%s: discarding %d records after %d retries", self.name, rest, self.max_retries)
            del self._pending[:rest]
            self._attempts = 0
            return 0
        return min(self.interval * 2**self._attempts, _MAX_BACKOFF_SECONDS)

    def _deliver(self, records: list[dict[str, Any]]) -> int | None:
        """Invoke with the records; the index of the first failed record, or None if all succeeded."""
        try:
            result = self.function.invoke({"Records": records})
        except HandlerError:
            return 0
        failed = _failed_identifiers(result) if self.report_failures else None
        if failed is None:
            return None
        sequence_numbers = [record["dynamodb"]["SequenceNumber"] for record in records]
        if any(identifier not in sequence_numbers for identifier in failed):
            return 0  # an empty or unknown identifier fails the whole batch, as on AWS
        return min(sequence_numbers.index(identifier) for identifier in failed)


def next_unread_by_table(pollers: list[Poller]) -> dict[str, int]:
    """Per table, the lowest sequence number one of its stream pollers has not read yet."""
    positions: dict[str, int] = {}
    for poller in pollers:
        if isinstance(poller, StreamPoller) and (position := poller.next_unread()) is not None:
            positions[poller.table_name] = min(position, positions.get(poller.table_name, position))
    return positions


# ----- SQS -----------------------------------------------------------------------------------------
def queue_url(moto_url: str, queue_arn: str) -> str:
    name = queue_arn.rsplit(":", 1)[1]
    return f"{moto_url}/{ACCOUNT_ID}/{name}"


def sqs_record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    """One received message as Lambda's SQS record."""
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {
            name: {
                "stringValue": value.get("StringValue"),
                "binaryValue": json_ready(value.get("BinaryValue")),
                "stringListValues": value.get("StringListValues", []),
                "binaryListValues": json_ready(value.get("BinaryListValues", [])),
                "dataType": value["DataType"],
            }
            for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


class QueuePoller(Poller):
    """One SQS queue feeding one target; what the target did not finish stays on the queue."""

    def __init__(
        self,
        name: str,
        queue_arn: str,
        properties: dict[str, Any],
        clients: Clients,
        moto_url: str,
        interval: float,
        deliver: Callable[[list[dict[str, Any]]], Any],
    ):
        super().__init__(name, interval)
        self.queue_arn = queue_arn
        self.queue_url = queue_url(moto_url, queue_arn)
        self.batch_size = int(properties.get("BatchSize", 10))
        self.report_failures = "ReportBatchItemFailures" in properties.get("FunctionResponseTypes", [])
        self.filters = _filters(properties)
        self.enabled = properties.get("Enabled", True) not in (False, "false")
        self.deliver = deliver
        self.sqs = clients("sqs")

    def start(self) -> None:
        if self.enabled:
            super().start()

    def _receive(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        while len(messages) < self.batch_size:
            answer = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=min(10, self.batch_size - len(messages)),
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,  # a long poll would hold moto's lock
            )
            received = answer.get("Messages", [])
            if not received:
                break
            messages.extend(received)
        return messages

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start : start + 10]
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[
                    {"Id": str(index), "ReceiptHandle": m["ReceiptHandle"]} for index, m in enumerate(chunk)
                ],
            )

    def poll_once(self) -> float | None:
        messages = self._receive()
        if not messages:
            return None
        records = [sqs_record(message, self.queue_arn) for message in messages]
        wanted = [record for record in records if self._passes(record)]
        kept = self._deliver(wanted) if wanted else set()
        done = [message for message in messages if message["MessageId"] not in kept]
        self._delete(done)  # filtered-out messages are deleted too, as Lambda does
        return 0

    def _passes(self, record: dict[str, Any]) -> bool:
        if not self.filters:
            return True
        event = dict(record)
        with contextlib.suppress(ValueError):  # filters see a JSON body as an object
            event["body"] = json.loads(record["body"])
        return _passes(self.filters, event)

    def _deliver(self, records: list[dict[str, Any]]) -> set[str]:
        """Invoke with the records; the ids of messages that must stay on the queue."""
        everything = {record["messageId"] for record in records}
        try:
            result = self.deliver(records)
        except HandlerError:
            return everything
        failed = _failed_identifiers(result) if self.report_failures else None
        if failed is None:
            return set()
        if any(identifier not in everything for identifier in failed):
            return everything  # an empty or unknown identifier fails the whole batch, as on AWS
        return set(failed)


# ----- schedules -----------------------------------------------------------------------------------
_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def rate_seconds(expression: str) -> int:
    match = _RATE.match(expression.strip())
    if match is None:
        raise ValueError(f"schedule {expression!r}: only rate(...) expressions are emulated locally")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2).rstrip("s")]


def scheduled_event(rule_arn: str, now: datetime | None = None) -> dict[str, Any]:
    """What EventBridge sends a Lambda target on a schedule."""
    moment = now or datetime.now(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [rule_arn],
        "detail": {},
    }


class SchedulePoller(Poller):
    """Invokes a function every rate period (the first time one period after start, as on AWS)."""

    def __init__(self, function: LocalFunction, event_name: str, event_type: str, properties: dict[str, Any]):
        expression = str(properties.get("Schedule") or properties.get("ScheduleExpression"))
        super().__init__(f"schedule:{function.spec.name}:{event_name}", rate_seconds(expression))
        self.function = function
        self.rule_arn = f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{function.spec.name}-{event_name}"
        self.input = properties.get("Input")
        state = properties.get("State", "ENABLED") if event_type == "ScheduleV2" else None
        self.enabled = properties.get("Enabled", True) not in (False, "false") and state != "DISABLED"

    def start(self) -> None:
        if self.enabled:
            super().start()

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.poll_once()

    def poll_once(self) -> float | None:
        event = json.loads(self.input) if self.input else scheduled_event(self.rule_arn)
        # A failure is logged; EventBridge would retry asynchronously, and the next period comes anyway.
        with contextlib.suppress(HandlerError):
            self.function.invoke(event)
        return None


# ----- EventBridge rules ---------------------------------------------------------------------------
def _each_event(deliver_event: Callable[[Any], Any]) -> Callable[[list[dict[str, Any]]], None]:
    """A bridge queue's records back to the EventBridge events they carry, one target call each."""

    def deliver(records: list[dict[str, Any]]) -> None:
        for record in records:
            event = json.loads(record["body"])
            event.setdefault("account", ACCOUNT_ID)  # moto's events leave it out
            deliver_event(event)

    return deliver


def _rule_targets(
    world: World, functions: Functions
) -> list[tuple[str, str, dict[str, Any], list[tuple[str, Any]]]]:
    """(rule name, bus, pattern, [(target id, target)]) for every function rule event and Events::Rule."""
    rules = []
    for spec in world.functions():
        for event_name, event in spec.events.items():
            if event["Type"] in ("EventBridgeRule", "CloudWatchEvent"):
                properties = event["Properties"]
                target = {
                    "Arn": spec.arn,
                    **({"Input": properties["Input"]} if "Input" in properties else {}),
                }
                bus = str(properties.get("EventBusName", "default"))
                rules.append(
                    (f"{spec.name}-{event_name}", bus, properties.get("Pattern", {}), [(event_name, target)])
                )
    for stack in world.stacks:
        for logical_id, resource in stack.resources("AWS::Events::Rule").items():
            properties = stack.resolve(resource.get("Properties", {}))
            if "EventPattern" not in properties:
                log.info("%s: rule %s has no event pattern; not emulated", stack.path.name, logical_id)
                continue
            name = stack.attributes(logical_id)["Ref"]
            targets = [(str(target["Id"]), target) for target in properties.get("Targets", [])]
            bus = str(properties.get("EventBusName", "default")).split("/")[-1]
            rules.append((name, bus, properties["EventPattern"], targets))
    return rules


def create_rules(
    world: World, functions: Functions, clients: Clients, moto_url: str, interval: float
) -> list[Poller]:
    """Create the rules in moto; SQS targets are moto's own, others are delivered in-process via a queue."""
    events, sqs, stepfunctions = clients("events"), clients("sqs"), clients("stepfunctions")
    pollers: list[Poller] = []
    for rule_name, bus, pattern, targets in _rule_targets(world, functions):
        events.put_rule(Name=rule_name, EventBusName=bus, EventPattern=json.dumps(pattern), State="ENABLED")
        moto_targets = []
        for target_id, target in targets:
            arn = str(target["Arn"])
            extra = {key: target[key] for key in ("Input", "InputPath", "InputTransformer") if key in target}
            if arn.startswith("arn:aws:sqs:") or arn.startswith("arn:aws:events:"):
                moto_targets.append({"Id": target_id, "Arn": arn, **extra})
                continue
            bridge_name = f"local-rule-{rule_name}-{target_id}"[:80]
            sqs.create_queue(QueueName=bridge_name)
            bridge_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{bridge_name}"
            moto_targets.append({"Id": target_id, "Arn": bridge_arn, **extra})
            deliver = _target_delivery(arn, functions, stepfunctions)
            pollers.append(
                QueuePoller(
                    f"rule:{rule_name}:{target_id}",
                    bridge_arn,
                    {"BatchSize": 1},
                    clients,
                    moto_url,
                    interval,
                    _each_event(deliver),
                )
            )
        events.put_targets(Rule=rule_name, EventBusName=bus, Targets=moto_targets)
    return pollers


def _target_delivery(arn: str, functions: Functions, stepfunctions: Any) -> Callable[[Any], Any]:
    if arn.startswith("arn:aws:states:"):
        return lambda event: stepfunctions.start_execution(stateMachineArn=arn, input=json.dumps(event))
    function = functions.find(arn)
    if function is None:
        raise ValueError(f"rule target {arn} is neither a local function, a state machine, a queue nor a bus")
    return function.invoke


# ----- TTL -----------------------------------------------------------------------------------------
class TtlSweeper(Poller):
    """Deletes expired items, as DynamoDB's TTL does (moto does not), so streams see the REMOVE."""

    def __init__(self, tables: dict[str, str], clients: Clients, interval: float, deletions: TtlDeletions):
        super().__init__("ttl-sweeper", interval)
        self.tables = tables  # table name -> TTL attribute
        self.dynamodb = clients("dynamodb")
        self.deletions = deletions

    def poll_once(self) -> float | None:
        now = {":now": {"N": str(int(time.time()))}}
        for table, attribute in self.tables.items():
            key_names = [
                k["AttributeName"]
                for k in self.dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]
            ]
            paginator = self.dynamodb.get_paginator("scan")
            pages = paginator.paginate(
                TableName=table,
                FilterExpression="#ttl < :now",
                ExpressionAttributeNames={"#ttl": attribute},
                ExpressionAttributeValues=now,
            )
            for page in pages:
                for item in page["Items"]:
                    key = {name: item[name] for name in key_names}
                    self.deletions.add(table, key)
                    try:
                        self.dynamodb.delete_item(
                            TableName=table,
                            Key=key,
                            ConditionExpression="#ttl < :now",
                            ExpressionAttributeNames={"#ttl": attribute},
                            ExpressionAttributeValues=now,
                        )
                    except self.dynamodb.exceptions.ConditionalCheckFailedException:
                        self.deletions.take(table, key)  # renewed meanwhile: not expired after all
        return None


# Event source settings the pollers accept but do not act on (they change timing or routing, not shapes).
_NOT_EMULATED = {
    "DynamoDB": {
        "BisectBatchOnFunctionError",
        "DestinationConfig",
        "MaximumBatchingWindowInSeconds",
        "MaximumRecordAgeInSeconds",
        "ParallelizationFactor",
        "TumblingWindowInSeconds",
    },
    "SQS": {"MaximumBatchingWindowInSeconds", "ScalingConfig"},
}


def _stream_table(properties: dict[str, Any]) -> str:
    """The table whose stream an event source reads, from the stream's ARN."""
    return str(properties["Stream"]).split(":table/", 1)[1].split("/stream/")[0]


def event_source_pollers(
    world: World,
    functions: Functions,
    clients: Clients,
    moto_url: str,
    interval: float,
    resume_at: dict[str, dict[str, int]] | None,
    ttl_deletions: TtlDeletions,
) -> list[Poller]:
    """A poller for every DynamoDB, SQS and schedule event of every function."""
    pollers: list[Poller] = []
    for spec in world.functions():
        function = functions.by_name[spec.name]
        for event_name, event in spec.events.items():
            kind, properties = event["Type"], event["Properties"]
            ignored = sorted(set(properties) & _NOT_EMULATED.get(kind, set()))
            if ignored:
                log.info("%s.%s: %s not emulated locally", spec.logical_id, event_name, ", ".join(ignored))
            if kind == "DynamoDB":
                pollers.append(
                    StreamPoller(
                        function,
                        properties,
                        clients,
                        interval,
                        ttl_deletions,
                        None if resume_at is None else resume_at.get(_stream_table(properties), {}),
                    )
                )
            elif kind == "SQS":
                pollers.append(
                    QueuePoller(
                        f"sqs:{spec.name}:{event_name}",
                        str(properties["Queue"]),
                        properties,
                        clients,
                        moto_url,
                        interval,
                        lambda records, function=function: function.invoke({"Records": records}),
                    )
                )
            elif kind in ("Schedule", "ScheduleV2"):
                pollers.append(SchedulePoller(function, event_name, kind, properties))
            elif kind not in ("HttpApi", "EventBridgeRule", "CloudWatchEvent"):
                log.info("%s: %s events (%s) are not emulated locally", spec.logical_id, kind, event_name)
    return pollers
