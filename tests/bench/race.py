"""50 clients race for one slot over HTTP on the local stack: the outcome and the answer times.

The stack runs as tests/e2e/conftest.py starts it (`python -m infra.local` on free loopback ports with its
own temporary data dir, no demo seed) and is stopped afterwards. The salon is created by its owner over
the admin API and the clients book over the public API, as in tests/e2e/test_booking_races.py.
"""

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.bench.report import Table, Timings, repeat, timed
from tests.builders import small_salon_draft
from tests.e2e.conftest import RunningStack
from tests.e2e.test_booking_races import book, create_over_http, slots

SALON = "benchrace"
CLIENTS = 50
BASELINE_BOOKINGS = 5


@dataclass(frozen=True)
class Answer:
    status: int
    alternatives: int
    sent: float  # perf_counter seconds
    answered: float

    @property
    def milliseconds(self) -> float:
        return (self.answered - self.sent) * 1000


def run() -> list[Table]:
    # A proxy configured in the environment must not intercept calls to the local stack.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    with tempfile.TemporaryDirectory(prefix="parlour-bench-") as data_dir:
        stack = RunningStack(Path(data_dir), "--no-seed")
        start_ms, _ = timed(stack.start)
        try:
            return _measure(stack, start_ms)
        finally:
            stack.stop()


def _race(stack: RunningStack, start: str) -> list[Answer]:
    """CLIENTS clients send at the same moment, each on its own connection."""
    barrier = threading.Barrier(CLIENTS, timeout=60)

    def one(number: int) -> Answer:
        barrier.wait()
        sent = time.perf_counter()
        answer = book(stack, SALON, start, "s1", number)
        answered = time.perf_counter()
        alternatives = answer.json()["error"].get("alternatives", []) if answer.status_code == 409 else []
        return Answer(answer.status_code, len(alternatives), sent, answered)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(one, range(CLIENTS)))


def _stored_appointments(stack: RunningStack, start: str) -> int:
    table = stack.client("dynamodb")
    pages = table.get_paginator("scan").paginate(
        TableName=stack.resource("Table"),
        FilterExpression="#type = :appointment AND salon_id = :salon AND staff_id = :staff"
        " AND #start = :start",
        ExpressionAttributeNames={"#type": "type", "#start": "start"},
        ExpressionAttributeValues={
            ":appointment": {"S": "appointment"},
            ":salon": {"S": SALON},
            ":staff": {"S": "s1"},
            ":start": {"S": start},
        },
    )
    return sum(page["Count"] for page in pages)


def _measure(stack: RunningStack, start_ms: float) -> list[Table]:
    create_over_http(stack, small_salon_draft(SALON))
    free = slots(stack, SALON, staff_id="s2")
    # Baseline: one client at a time books s2 (no contention), over the same HTTP path.
    baseline = repeat(
        BASELINE_BOOKINGS,
        lambda n: book(stack, SALON, free[2 * n]["start"], "s2", 1000 + n).raise_for_status(),
    )
    start = slots(stack, SALON, staff_id="s1")[8]["start"]
    answers = _race(stack, start)
    times = Timings(tuple(answer.milliseconds for answer in answers))
    winners = [answer for answer in answers if answer.status == 201]
    losers = [answer for answer in answers if answer.status == 409]
    with_alternatives = sum(1 for answer in losers if answer.alternatives == 3)
    others = len(answers) - len(winners) - len(losers)
    still_offered = start in [slot["start"] for slot in slots(stack, SALON, staff_id="s1")]
    stored = _stored_appointments(stack, start)
    total_ms = (max(a.answered for a in answers) - min(a.sent for a in answers)) * 1000

    outcome = Table(
        f"Race: {CLIENTS} clients book one slot at once over HTTP, local stack (moto server, serialized)",
        ["outcome", "count"],
        rows=[
            ["201 booked", len(winners)],
            ["409 taken, with 3 alternatives", with_alternatives],
            ["409 taken, other", len(losers) - with_alternatives],
            ["any other status", others],
            ["appointments stored for s1 at that start", stored],
            ["slot still offered afterwards", "yes" if still_offered else "no"],
        ],
        notes=[f"local stack started in {start_ms / 1000:.1f} s (not part of any time below)"],
    )
    timing = Table(
        "Race: answer times (ms, from each client's send to its answer)",
        ["measure", "ms"],
        rows=[
            ["total, first send to last answer", total_ms],
            ["p50 answer", times.p50],
            ["p95 answer", times.p95],
            ["slowest answer", max(times.milliseconds)],
            ["the 201's answer", winners[0].milliseconds if winners else "-"],
            [f"uncontended booking over HTTP, p50 of {BASELINE_BOOKINGS}", baseline.p50],
            ["race p50 : uncontended p50", f"{times.p50 / baseline.p50:.1f} : 1"],
        ],
        notes=[
            "all 50 share 2 cores with the stack, whose moto handles one request at a time: the race"
            " measures queueing as much as booking"
        ],
    )
    return [outcome, timing]
