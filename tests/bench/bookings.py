"""Uncontended bookings through the public booking path: time, DynamoDB requests and items written.

Each booking calls parlour.booking.self_service.book_online, what POST /public/salons/{id}/appointments
calls (with its Idempotency-Key when given), on in-process moto, one booking after another. Nothing else
writes, so every transaction commits on the first attempt.
"""

import uuid
import warnings
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from parlour.booking.models import ClientDetails
from parlour.booking.self_service import book_online
from parlour.booking.service import BookingRequest
from tests.bench.dynamodb_calls import Call, DynamoCalls, Window, in_process_aws
from tests.bench.report import Table, Timings, repeat, spread
from tests.builders import small_salon

SALON = "bench-book"
SPECIALISTS = 20
ZONE = ZoneInfo("Europe/Warsaw")
BOOKINGS_PER_CASE = 15


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def run() -> list[Table]:
    # The Lambda route registers its context for the idempotency record's timeout; here there is none.
    warnings.filterwarnings("ignore", message="Couldn't determine the remaining time left")
    with in_process_aws() as calls:
        return _measure(calls)


def _measure(calls: DynamoCalls) -> list[Table]:
    small_salon(SALON, staff=SPECIALISTS, rooms=2, hours=("09:00", "18:00"))
    now = datetime.now(UTC)
    first_day = (now + timedelta(days=1)).date()

    # Each case: (label, Idempotency-Key?, request of booking number n). Starts never repeat within a case.
    def new_client_chosen(number: int) -> BookingRequest:
        return BookingRequest(
            service_id="cut",
            variant_id="short",
            start=_local(first_day + timedelta(days=number // SPECIALISTS), 10),
            staff_id=f"s{number % SPECIALISTS + 1}",
            client=ClientDetails(
                name=f"New {number}", phone=f"+4851{number:07d}", email=f"n{number}@example.com"
            ),
        )

    def returning_client_any(number: int) -> BookingRequest:
        return BookingRequest(
            service_id="cut",
            variant_id="short",
            start=_local(first_day + timedelta(days=10 + number // SPECIALISTS), 12),
            client=ClientDetails(name="Regular", phone="+48520000001"),
        )

    def with_room(number: int) -> BookingRequest:
        # facial: 45 minutes, skill skin (only s1), needs a room.
        return BookingRequest(
            service_id="facial",
            variant_id="classic",
            start=_local(first_day + timedelta(days=20 + number // 8), 9 + number % 8),
            staff_id="s1",
            client=ClientDetails(name="Regular", phone="+48520000001"),
        )

    cases = [
        ("new client, chosen specialist, Idempotency-Key", True, new_client_chosen),
        ("returning client, any of 20 specialists", False, returning_client_any),
        ("returning client, service needing a room", False, with_room),
    ]
    # Warm-up (imports, first clients), then make "Regular" a returning client.
    book_online(SALON, returning_client_any(BOOKINGS_PER_CASE), idempotency_key="warm-up", now=now)

    summary = Table(
        "Bookings, uncontended, in-process moto: book_online as the public route calls it, one at a time",
        [
            "case",
            "N",
            "p50 ms",
            "p95 ms",
            "moto p50",
            "ours p50",
            "DynamoDB requests",
            "items written",
            "conditional",
            "items read",
        ],
        notes=[
            "moto: time inside the emulator; ours = whole - moto (our code, boto3, pydantic: what Lambda"
            " runs)",
            "moto deep-copies the whole table for every item of a TransactWriteItems, so its share grows with"
            " the table and the p95 is moto's, not DynamoDB's",
            "items written: every item put or updated (transactions, Powertools' idempotency record);"
            " conditional: written only if a condition held",
        ],
    )
    first_windows: list[tuple[str, Window]] = []
    for label, with_key, request_of in cases:
        windows: list[Window] = []

        def book(number: int, with_key=with_key, request_of=request_of, windows=windows) -> None:
            key = str(uuid.uuid4()) if with_key else None
            with calls.window() as window:
                book_online(SALON, request_of(number), idempotency_key=key, now=now)
            windows.append(window)

        timings = repeat(BOOKINGS_PER_CASE, book)
        first_windows.append((label, windows[0]))
        emulator = [window.emulator_ms for window in windows]
        summary.rows.append(
            [
                label,
                BOOKINGS_PER_CASE,
                timings.p50,
                timings.p95,
                Timings(tuple(emulator)).p50,
                Timings(tuple(t - e for t, e in zip(timings.milliseconds, emulator, strict=True))).p50,
                spread([w.requests for w in windows]),
                spread([w.items_written for w in windows]),
                spread([w.conditional_writes for w in windows]),
                spread([w.items_read for w in windows]),
            ]
        )
    return [summary, *(_one_booking(label, window) for label, window in first_windows)]


def _one_booking(label: str, window: Window) -> Table:
    table = Table(
        f"One booking, request by request: {label}",
        ["#", "operation", "what", "keys asked", "items read", "written", "conditional", "moto ms"],
        text_columns=3,
    )
    for number, call in enumerate(window.calls, start=1):
        table.rows.append(_call_row(number, call))
    table.rows.append(
        [
            "all",
            f"{window.requests} requests",
            "",
            window.keys_asked,
            window.items_read,
            window.items_written,
            window.conditional_writes,
            window.emulator_ms,
        ]
    )
    return table


def _call_row(number: int, call: Call) -> list[object]:
    return [
        number,
        call.operation,
        call.what,
        call.keys_asked or "",
        call.items_read or "",
        call.items_written or "",
        call.conditional_writes or "",
        call.emulator_ms,
    ]
