"""The local stack's memory while clients book and cancel: does anything accumulate per booking?

Every booking starts a lifecycle execution (it waits for the reminders) and every cancellation another
(it sends the cancellation and ends; the booking's execution ends when it next wakes). The section books
and cancels over the public API on a local stack of its own, with a few clients at once, and reads the
stack process's resident memory (VmRSS) after each round.
"""

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from tests.bench.report import Table
from tests.builders import small_salon_draft
from tests.e2e.conftest import RunningStack
from tests.e2e.test_booking_races import book, create_over_http, slots

SALON = "benchmem"
BOOKINGS = 500
ROUNDS = 5
CLIENTS = 4  # at once; the stack serializes moto anyway
STAFF = 10
GOAL_MB = 1024  # the whole stack after 500 bookings and cancellations (issue 9: it grew by ~30 MB each)


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def run() -> list[Table]:
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    with tempfile.TemporaryDirectory(prefix="parlour-bench-") as data_dir:
        stack = RunningStack(Path(data_dir), "--no-seed")
        stack.start()
        try:
            table = _measure(stack)
        finally:
            began = time.perf_counter()
            stack.stop()  # fails past 30 s ("ignored Ctrl-C"), as it did at 40 bookings before the sweep
        table.notes.append(f"Ctrl-C to exit afterwards: {time.perf_counter() - began:.1f} s (goal: a few)")
        return [table]


def _starts(stack: RunningStack) -> list[str]:
    """Free starts a week ahead (any specialist), inside the salon's hours whatever the time now."""
    day = (datetime.now(UTC) + timedelta(days=7)).date()
    return [slot["start"] for slot in slots(stack, SALON, day=day)]


def _book_and_cancel(stack: RunningStack, start: str, number: int) -> None:
    booked = book(stack, SALON, start, None, number, sms_consent=True)
    booked.raise_for_status()
    confirmation = booked.json()
    cancelled = requests.post(
        f"{stack.url}/public/salons/{SALON}/appointments/{confirmation['appointment']['id']}/cancel",
        json={"reason": "bench"},
        headers={"Authorization": f"Bearer {confirmation['manage_token']}"},
        timeout=120,
    )
    cancelled.raise_for_status()


def _measure(stack: RunningStack) -> Table:
    assert stack.process is not None
    pid = stack.process.pid
    create_over_http(stack, small_salon_draft(SALON, staff=STAFF))
    starts = _starts(stack)
    rows = [[0, f"{resident_mb(pid):.0f}", "-"]]
    per_round = BOOKINGS // ROUNDS
    began = time.perf_counter()
    done = 0
    with ThreadPoolExecutor(CLIENTS) as pool:
        for _ in range(ROUNDS):
            # A cancelled booking frees its time, so the same few starts serve every round.
            numbers = range(done, done + per_round)
            list(pool.map(lambda n: _book_and_cancel(stack, starts[n % len(starts)], n), numbers))
            done += per_round
            rows.append([done, f"{resident_mb(pid):.0f}", f"{time.perf_counter() - began:.0f}"])
    final = resident_mb(pid)
    return Table(
        f"Memory: the local stack's resident size while {BOOKINGS} bookings are made and cancelled"
        f" ({CLIENTS} clients at once)",
        ["bookings and cancellations", "RSS MB", "s elapsed"],
        rows=rows,
        notes=[
            f"goal: under {GOAL_MB} MB after {BOOKINGS} ({'met' if final < GOAL_MB else 'MISSED'}:"
            f" {final:.0f} MB); each booking and each cancellation starts a lifecycle execution",
            "what still grows: the table's items, and each booking's execution, which waits for the first"
            " reminder and ends when it wakes to find the appointment cancelled",
        ],
    )
