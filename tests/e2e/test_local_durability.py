"""What the local stack acknowledged survives `kill -9` (issue 9: 2-3 of 5 bookings were lost).

One stack of its own (it is killed), started twice on one data dir, with the periodic snapshot pushed out
of reach: whatever comes back after the kill came from the journal of acknowledged requests.
"""

import json
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.builders import small_salon_draft
from tests.e2e.conftest import RunningStack
from tests.e2e.test_booking_races import book, create_over_http, slots

pytestmark = pytest.mark.e2e

SALON = "durable"
WAIT_SECONDS = 60


def offered(stack: RunningStack, day: date, staff_id: str) -> list[str]:
    return [slot["start"] for slot in slots(stack, SALON, day=day, staff_id=staff_id)]


def booked(stack: RunningStack, start: str, staff_id: str, number: int) -> dict:
    answer = book(stack, SALON, start, staff_id, number, sms_consent=True)
    assert answer.status_code == 201, answer.text
    return answer.json()


def execution_status(stack: RunningStack, appointment_id: str) -> str | None:
    machine = stack.resource("LifecycleStateMachine")
    arn = machine.replace(":stateMachine:", ":execution:") + f":{appointment_id}-v1"
    stepfunctions = stack.client("stepfunctions")
    try:
        return stepfunctions.describe_execution(executionArn=arn)["status"]
    except stepfunctions.exceptions.ExecutionDoesNotExist:
        return None


def test_acknowledged_bookings_queued_messages_and_planned_reminders_survive_kill_9(tmp_path: Path):
    stack = RunningStack(tmp_path / "killed", "--no-seed", "--snapshot-interval", "3600")
    stack.start()
    try:
        # Given a salon, three bookings whose lifecycle executions wait for their reminders, and a message
        # waiting in a queue nobody reads
        create_over_http(stack, small_salon_draft(SALON, staff=2))
        day = (datetime.now(UTC) + timedelta(days=5)).date()  # inside the salon's hours at any time
        starts = offered(stack, day, "s1")[::2][:6]  # 30 minutes apart: they do not overlap
        waiting = [booked(stack, start, "s1", number) for number, start in enumerate(starts[:3])]
        deadline = time.monotonic() + WAIT_SECONDS
        while any(execution_status(stack, b["appointment"]["id"]) != "RUNNING" for b in waiting):
            assert time.monotonic() < deadline, "the lifecycle executions did not start"
            time.sleep(0.2)
        dead_letters = stack.resource("NotificationDeadLetterQueue")
        marker = uuid.uuid4().hex
        stack.client("sqs").send_message(QueueUrl=dead_letters, MessageBody=json.dumps({"marker": marker}))

        # When three more are booked and the process is killed the moment the last answer arrives
        last = [booked(stack, start, "s1", 10 + number) for number, start in enumerate(starts[3:])]
        assert stack.process is not None
        stack.process.kill()
        stack.process.wait(30)
        stack.start()

        # Then every acknowledged booking is there, confirmed, and its time is no longer offered
        for booking in [*waiting, *last]:
            appointment = booking["appointment"]
            answer = requests.get(
                f"{stack.url}/public/salons/{SALON}/appointments/{appointment['id']}",
                headers={"Authorization": f"Bearer {booking['manage_token']}"},
                timeout=60,
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["status"] == "confirmed"
        assert not set(starts) & set(offered(stack, day, "s1"))
        # ...the planned reminders wait again, also for the last bookings, whose stream records no
        # consumer may have read before the kill; and the queued message is still queued
        deadline = time.monotonic() + WAIT_SECONDS
        while (statuses := [execution_status(stack, b["appointment"]["id"]) for b in [*waiting, *last]]) != [
            "RUNNING"
        ] * 6:
            assert time.monotonic() < deadline, f"lifecycle executions after the restart: {statuses}"
            time.sleep(0.2)
        received = stack.client("sqs").receive_message(
            QueueUrl=stack.resource("NotificationDeadLetterQueue"), MaxNumberOfMessages=10
        )
        assert marker in [json.loads(message["Body"]).get("marker") for message in received["Messages"]]
    finally:
        stack.stop()
