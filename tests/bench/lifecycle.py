"""From a committed booking to its confirmation on the notifier's queue, on the local stack.

Bookings are made one at a time over the public API; for each, the times are read afterwards from where
the stack recorded them: the lifecycle execution's start and its SendConfirmation task (Step Functions'
execution history in moto), and the outbox entry the notifier wrote. All clocks are this machine's.

The commit itself is not observable from outside; it happens just before the booking's answer, so every
time is measured from the answer's arrival (a slight underestimate of commit -> queue).
"""

import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from tests.bench.report import Table, Timings
from tests.builders import small_salon_draft
from tests.e2e.conftest import RunningStack
from tests.e2e.test_booking_races import book, create_over_http, slots

SALON = "benchlife"
BOOKINGS = 20
POLL_INTERVAL = "0.1"  # what the e2e tests use; the stream and queue pollers wait this long when idle


def run() -> list[Table]:
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    with tempfile.TemporaryDirectory(prefix="parlour-bench-") as data_dir:
        stack = RunningStack(Path(data_dir), "--no-seed")
        stack.start()
        try:
            return _measure(stack)
        finally:
            stack.stop()


def _outbox(stack: RunningStack, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    answer = requests.get(
        f"{stack.url}/admin/salons/{SALON}/outbox", params={"limit": 200}, headers=headers, timeout=30
    )
    answer.raise_for_status()
    return {entry["appointment_id"]: entry for entry in answer.json() if entry["kind"] == "confirmation"}


def _quiet_hours_off(stack: RunningStack, headers: dict[str, str]) -> None:
    """Quiet hours would defer every SMS confirmation whenever the bench runs at the salon's night."""
    url = f"{stack.url}/admin/salons/{SALON}/automation"
    current = requests.get(url, headers=headers, timeout=30)
    current.raise_for_status()
    saved = requests.put(url, json={**current.json(), "quiet_hours": None}, headers=headers, timeout=30)
    saved.raise_for_status()


def _confirmation_sent(stepfunctions: Any, execution_arn: str) -> datetime:
    """When the execution's SendConfirmation task succeeded (the message was on the queue)."""
    state = ""
    for event in stepfunctions.get_execution_history(executionArn=execution_arn, maxResults=1000)["events"]:
        if "stateEnteredEventDetails" in event:
            state = event["stateEnteredEventDetails"]["name"]
        if event["type"] == "TaskSucceeded" and state == "SendConfirmation":
            return event["timestamp"]
    raise RuntimeError(f"{execution_arn} sent no confirmation")


def _measure(stack: RunningStack) -> list[Table]:
    create_over_http(stack, small_salon_draft(SALON, staff=3))
    headers = {"Authorization": f"Bearer {stack.admin_token(SALON, 'owner')}"}
    _quiet_hours_off(stack, headers)
    free = slots(stack, SALON)
    answered: dict[str, datetime] = {}
    for number in range(BOOKINGS):
        answer = book(stack, SALON, free[number]["start"], None, number, sms_consent=True)
        answer.raise_for_status()
        answered[answer.json()["appointment"]["id"]] = datetime.now(UTC)
        # One at a time: the next booking waits until this one's confirmation was written.
        deadline = time.monotonic() + 30
        while answer.json()["appointment"]["id"] not in _outbox(stack, headers):
            if time.monotonic() > deadline:
                raise RuntimeError("no confirmation within 30 s")
            time.sleep(0.05)

    stepfunctions = stack.client("stepfunctions")
    machine = stack.resource("LifecycleStateMachine")
    written = _outbox(stack, headers)
    started_ms, queued_ms, written_ms = [], [], []
    for appointment_id, at in answered.items():
        execution_arn = machine.replace(":stateMachine:", ":execution:") + f":{appointment_id}-v1"
        started = stepfunctions.describe_execution(executionArn=execution_arn)["startDate"]
        started_ms.append((started - at).total_seconds() * 1000)
        queued_ms.append((_confirmation_sent(stepfunctions, execution_arn) - at).total_seconds() * 1000)
        outbox_at = datetime.fromisoformat(written[appointment_id]["written_at"])
        written_ms.append((outbox_at - at).total_seconds() * 1000)

    rows = []
    for label, values in (
        ("execution started (stream poll, consumer, StartExecution)", started_ms),
        ("confirmation entered the queue (SendConfirmation done)", queued_ms),
        ("confirmation written by the notifier (queue poll, send)", written_ms),
    ):
        timings = Timings(tuple(values))
        rows.append([label, timings.p50, timings.p95, max(values)])
    return [
        Table(
            f"Lifecycle: booking committed -> confirmation, ms after the booking's answer"
            f" ({BOOKINGS} bookings one at a time, local stack)",
            ["stage", "p50", "p95", "max"],
            rows=rows,
            notes=[
                f"the local stack polls the table stream and the queue every {POLL_INTERVAL} s when idle"
                " (Lambda's own pollers on AWS); moto's engine runs the state machine",
                "a stage can read below 0: the stream may be polled before the booking's answer arrives",
            ],
        )
    ]
