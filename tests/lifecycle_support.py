"""Helpers for the lifecycle tests: the machine and queue as template.yaml wires them, jobs, SQS events.

`lifecycle_aws(execute=...)` is an in-process moto with the booking table, the notifier's queue and the
lifecycle state machine created from template.yaml (its DefinitionSubstitutions resolved to the local
names), and the environment the functions get (queue URL, state machine ARN).
"""

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import boto3
from moto import mock_aws
from moto.sqs.models import sqs_backends

from infra import template
from infra.local.pollers import json_ready
from parlour.availability.engine import Channel
from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, Appointment, ClientDetails, Consent
from parlour.lifecycle.automation import AutomationInput, SalonAutomation
from parlour.lifecycle.jobs import parse_job
from parlour.store import automation as automation_store
from parlour.store import idempotency, lifecycle_runs
from parlour.store import table as store_table
from tests.events import ACCOUNT_ID, REGION

TABLE_NAME = "parlour-test"
QUEUE_NAME = "parlour-test-notifications"
STATE_MACHINE_NAME = "parlour-test-lifecycle"
STATE_MACHINE_ARN = f"arn:aws:states:{REGION}:{ACCOUNT_ID}:stateMachine:{STATE_MACHINE_NAME}"
LIFECYCLE_LOGICAL_ID = "LifecycleStateMachine"
DESK = Actor(kind=ActorKind.staff, id="desk-1", role="owner")


def lifecycle_definition(substitutions: dict[str, str]) -> str:
    """The ASL file template.yaml names, with its DefinitionSubstitutions replaced by `substitutions`."""
    properties = template.load()["Resources"][LIFECYCLE_LOGICAL_ID]["Properties"]
    wired = set(properties["DefinitionSubstitutions"])
    assert wired == set(substitutions), f"template.yaml substitutes {sorted(wired)}"
    text = (template.ROOT / properties["DefinitionUri"]).read_text()
    for name, value in substitutions.items():
        text = text.replace("${" + name + "}", value)
    return text


@dataclass(frozen=True)
class LifecycleAws:
    queue_url: str
    state_machine_arn: str

    @property
    def sqs(self) -> Any:
        return boto3.client("sqs", region_name=REGION)

    @property
    def stepfunctions(self) -> Any:
        return boto3.client("stepfunctions", region_name=REGION)

    def take_messages(self) -> list[dict[str, Any]]:
        """Every message visible on the notifier's queue now (received, then deleted), oldest first."""
        taken: list[dict[str, Any]] = []
        while True:
            answer = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=10,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            messages = answer.get("Messages", [])
            if not messages:
                return taken
            for message in messages:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
            taken += messages

    def delayed_jobs(self) -> list[tuple[Any, float]]:
        """Jobs put back on the queue with a delay: (job, seconds of delay left). Read from moto's queue,
        since SQS shows a delayed message to no receiver."""
        queue = sqs_backends[ACCOUNT_ID][REGION].get_queue(QUEUE_NAME)
        now_ms = datetime.now(UTC).timestamp() * 1000
        return [
            (parse_job(message.body), (message.delayed_until - now_ms) / 1000)
            for message in queue._messages
            if message.delayed
        ]

    def executions(self) -> list[dict[str, Any]]:
        return self.stepfunctions.list_executions(stateMachineArn=self.state_machine_arn)["executions"]


@contextmanager
def lifecycle_aws(*, execute: bool) -> Iterator[LifecycleAws]:
    """In-process AWS for the lifecycle; `execute` runs state machine executions (moto's engine)."""
    config = {"stepfunctions": {"execute_state_machine": execute}}
    with mock_aws(config=config):  # type: ignore[arg-type]
        os.environ["TABLE_NAME"] = TABLE_NAME
        store_table.reset_cache()
        idempotency.reset_cache()
        lifecycle_runs.reset_cache()
        template.create_tables(boto3.client("dynamodb"), template.load(), {"Table": TABLE_NAME})
        sqs = boto3.client("sqs", region_name=REGION)
        queue_url = sqs.create_queue(QueueName=QUEUE_NAME)["QueueUrl"]
        definition = lifecycle_definition({"TableName": TABLE_NAME, "NotificationQueueUrl": queue_url})
        arn = boto3.client("stepfunctions", region_name=REGION).create_state_machine(
            name=STATE_MACHINE_NAME,
            definition=definition,
            roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/lifecycle",
        )["stateMachineArn"]
        os.environ["NOTIFICATION_QUEUE_URL"] = queue_url
        os.environ["LIFECYCLE_STATE_MACHINE_ARN"] = arn
        store_table.reset_cache()  # settings read again, with the queue and machine
        try:
            yield LifecycleAws(queue_url, arn)
        finally:
            _stop_running(arn)
    for name in ("NOTIFICATION_QUEUE_URL", "LIFECYCLE_STATE_MACHINE_ARN"):
        os.environ.pop(name, None)
    store_table.reset_cache()
    lifecycle_runs.reset_cache()


def _stop_running(state_machine_arn: str) -> None:
    """Stop what still runs: a waiting execution would sleep on in moto's thread after the test."""
    stepfunctions = boto3.client("stepfunctions", region_name=REGION)
    deadline = time.monotonic() + 5
    while True:
        running = stepfunctions.list_executions(stateMachineArn=state_machine_arn, statusFilter="RUNNING")
        try:
            for execution in running["executions"]:
                stepfunctions.stop_execution(executionArn=execution["executionArn"])
            return
        except AttributeError:
            # moto cannot stop an execution whose worker has not begun yet: a moment later it can.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def book_at_desk(
    salon_id: str, start: datetime, consent: Consent, *, phone: str | None, email: str | None = None
) -> Appointment:
    """Zofia's cut with s1, booked at the desk with an override (any time of day, even one already past),
    so a lifecycle test chooses its instants freely."""
    request = service.BookingRequest(
        service_id="cut",
        variant_id="short",
        start=start,
        staff_id="s1",
        client=ClientDetails(name="Zofia Nowak", phone=phone, email=email, locale="pl", consent=consent),
    )
    return service.book(
        salon_id, request, actor=DESK, now=datetime.now(UTC), channel=Channel.salon, override=True
    ).appointment


def jobs_of(messages: list[dict[str, Any]]) -> list[Any]:
    return [parse_job(message["Body"]) for message in messages]


def set_automation(salon_id: str, **changes: Any) -> SalonAutomation:
    """Save the salon's automation settings: the current ones with `changes`."""
    current = automation_store.get_automation(salon_id)
    fields = {**current.model_dump(exclude={"version"}), **changes}
    return automation_store.save_automation(
        salon_id, AutomationInput.model_validate(fields), expected_version=current.version
    )


def sqs_event(*bodies: str, queue_name: str = QUEUE_NAME, receive_count: int = 1) -> dict[str, Any]:
    """An SQS event as Lambda delivers it to the notifier."""
    now_ms = str(int(datetime.now(UTC).timestamp() * 1000))
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid5(uuid.NAMESPACE_OID, body)),
                "receiptHandle": f"handle-{uuid.uuid4().hex}",
                "body": body,
                "attributes": {
                    "ApproximateReceiveCount": str(receive_count),
                    "SentTimestamp": now_ms,
                    "SenderId": "AROAEXAMPLE:states",
                    "ApproximateFirstReceiveTimestamp": now_ms,
                },
                "messageAttributes": {},
                "md5OfBody": "0" * 32,
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{queue_name}",
                "awsRegion": REGION,
            }
            for body in bodies
        ]
    }


def whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0) + (timedelta(seconds=1) if moment.microsecond else timedelta(0))


class StreamReader:
    """The booking table's stream from now on, as Lambda hands records to the streams consumer."""

    def __init__(self, table_name: str = TABLE_NAME):
        self.streams = boto3.client("dynamodbstreams", region_name=REGION)
        self.arn = boto3.client("dynamodb", region_name=REGION).describe_table(TableName=table_name)["Table"][
            "LatestStreamArn"
        ]
        shards = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]
        self.iterators = {
            shard["ShardId"]: self.streams.get_shard_iterator(
                StreamArn=self.arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]
            for shard in shards
        }

    def read(self) -> list[dict[str, Any]]:
        """The records written since the last read, in Lambda's shape."""
        records: list[dict[str, Any]] = []
        for shard_id, iterator in self.iterators.items():
            answer = self.streams.get_records(ShardIterator=iterator)
            self.iterators[shard_id] = answer["NextShardIterator"]
            records += [self._lambda_record(record) for record in answer["Records"]]
        return records

    def _lambda_record(self, record: dict[str, Any]) -> dict[str, Any]:
        event = json_ready(record)
        event.update(eventVersion="1.1", awsRegion=REGION, eventSourceARN=self.arn)
        return event


def of_type(records: list[dict[str, Any]], item_type: str) -> list[dict[str, Any]]:
    return [
        record
        for record in records
        if (record["dynamodb"].get("NewImage") or record["dynamodb"].get("OldImage") or {})
        .get("type", {})
        .get("S")
        == item_type
    ]


_T = TypeVar("_T")


def wait_for(check: Callable[[], _T], *, timeout: float = 20.0, every: float = 0.2) -> _T:
    """Poll until check() answers something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing came within {timeout} s")
        time.sleep(every)
