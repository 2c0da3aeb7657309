"""Availability over 30 days in a busy salon: request time, DynamoDB requests and where the time goes.

Setup (not measured): a salon of 20 specialists (tests.builders.small_salon, open 09:00-18:00 every day,
Europe/Warsaw, 15-minute grid) and 60% of their working half-hours over the 30 days booked. Availability
reads only the day ledgers, so the setup writes those directly, in bulk (BatchWriteItem), one item per
specialist-day with the bookings as entries. Each item is built by the store's own `_ledger_item`, so it
has exactly the shape a booking writes. Booking 6,480 appointments one by one through the service
would take minutes on moto and measure nothing more here; section "bookings" times the booking path.
"""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from parlour.availability import engine
from parlour.availability.ledger import DayLedger, LedgerEntry, OwnerKind
from parlour.booking import service, slots
from parlour.store import bookings as store
from parlour.store.catalog import load_catalog
from parlour.store.table import table
from tests.bench.dynamodb_calls import DynamoCalls, Window, in_process_aws
from tests.bench.report import Table, Timings, percent, repeat, spread, timed
from tests.builders import small_salon

SALON = "bench-busy"
SPECIALISTS = 20
DAYS = 30
BOOKED_SHARE = 0.6
BOOKING_MINUTES = 30
SERVICE, VARIANT = "cut", "short"  # 30 minutes, skill hair (every specialist), no room
REQUESTS_ANY = 5
REQUESTS_ONE = 30
ENGINE_RUNS = 20


def book_busy_salon(now: datetime) -> tuple[date, date, int, int]:
    """Given the salon with 60% of its working half-hours booked: (first day, last day, booked, all)."""
    small_salon(SALON, staff=SPECIALISTS, rooms=1, hours=("09:00", "18:00"))
    catalog = load_catalog(SALON)
    location = catalog.location("main")
    first_day = (now.astimezone(UTC) + timedelta(days=1)).date()
    last_day = first_day + timedelta(days=DAYS - 1)
    block = timedelta(minutes=BOOKING_MINUTES)
    cells: list[tuple[str, datetime]] = []  # (specialist, start of a working half-hour)
    for person in catalog.staff.values():
        for offset in range(DAYS):
            for worked in engine.working_time(person, location, first_day + timedelta(days=offset)):
                start = worked.start
                while start + block <= worked.end:
                    cells.append((person.id, start))
                    start += block
    booked = random.Random(2026).sample(cells, round(BOOKED_SHARE * len(cells)))
    entries: dict[tuple[str, date], list[LedgerEntry]] = defaultdict(list)
    for number, (person_id, start) in enumerate(sorted(booked)):
        entry = LedgerEntry(appointment_id=f"ap_bench{number:06d}", start=start, end=start + block)
        entries[(person_id, start.date())].append(entry)
    with table().batch_writer() as writer:
        for (person_id, day), day_entries in entries.items():
            ledger = DayLedger(
                owner_kind=OwnerKind.staff, owner_id=person_id, day=day, version=1, entries=tuple(day_entries)
            )
            writer.put_item(Item=store._ledger_item(SALON, ledger, ledger.version))
    return first_day, last_day, len(booked), len(cells)


def run() -> list[Table]:
    with in_process_aws() as calls:
        return _measure(calls)


def _measure(calls: DynamoCalls) -> list[Table]:
    now = datetime.now(UTC)
    setup_ms, (first_day, last_day, booked, cells) = timed(lambda: book_busy_salon(now))
    catalog = load_catalog(SALON)
    location = service.location_for(catalog, SERVICE, None)
    ctx = service.context(catalog, SERVICE, VARIANT, location, engine.Channel.online)
    days = sorted(engine.ledger_days_needed([location.time_zone], first_day, last_day))

    def availability(staff_id: str | None) -> slots.Availability:
        return slots.free_slots(
            SALON,
            service_id=SERVICE,
            variant_id=VARIANT,
            first_day=first_day,
            last_day=last_day,
            now=now,
            staff_id=staff_id,
        )

    availability(None)  # warm-up: first client, caches
    requests = Table(
        f"Availability over {DAYS} days, in-process moto (DynamoDB emulated in this process, no network)",
        ["request", "N", "p50 ms", "p95 ms", "DynamoDB requests", "keys asked", "items read", "slots", "kB"],
        notes=[
            f"salon: {SPECIALISTS} specialists and 1 room, 09:00-18:00 every day, 15-minute grid; {SERVICE}/"
            f"{VARIANT} (30 min, no room needed); {booked} of {cells} working half-hours booked"
            f" ({percent(booked, cells)}); setup (ledgers written in bulk) took {setup_ms / 1000:.1f} s",
            "keys asked: ledger keys, one per capable specialist (and resource the variant needs) and UTC day"
            " (BatchGetItem, at most 100 keys each); items read: ledgers that exist + catalog",
            "slots: free starts in the answer; kB: size of the answer as JSON",
        ],
    )
    where = Table(
        "Availability: where the time of one request goes (p50 ms)",
        ["request", "whole", "moto", "engine alone", "rest", "engine share", "engine : data access"],
        notes=[
            "moto: from the serialized request to the unparsed answer (on AWS: network and DynamoDB instead)",
            "engine alone: find_slots on the same ledgers in memory; rest: boto3 (de)serialization, ledger"
            " and catalog models, the context (runs in Lambda too)",
            "data access = whole - engine: moto + the rest",
        ],
    )
    for label, staff_ids, count in (
        (f"any specialist ({SPECIALISTS})", [None], REQUESTS_ANY),
        ("one specialist", [f"s{number}" for number in range(1, SPECIALISTS + 1)], REQUESTS_ONE),
    ):
        windows: list[Window] = []
        found: list[int] = []

        def request(number: int, staff_ids=staff_ids, windows=windows, found=found) -> None:
            with calls.window() as window:
                found.append(len(availability(staff_ids[number % len(staff_ids)]).slots))
            windows.append(window)

        whole = repeat(count, request)
        ledgers = store.read_ledgers(SALON, service.owner_refs(ctx, staff_ids[0], days))
        alone = repeat(
            ENGINE_RUNS,
            lambda _, ledgers=ledgers, staff_id=staff_ids[0]: engine.find_slots(
                ctx, first_day, last_day, ledgers.values(), now, staff_id=staff_id
            ),
        )
        answer_kb = len(availability(staff_ids[0]).model_dump_json()) / 1024
        operations = windows[0].by_operation()
        requests.rows.append(
            [
                label,
                count,
                whole.p50,
                whole.p95,
                f"{spread([w.requests for w in windows])} ("
                + ", ".join(f"{number} {name}" for name, number in sorted(operations.items()))
                + ")",
                spread([w.keys_asked for w in windows]),
                spread([w.items_read for w in windows]),
                spread(found),
                round(answer_kb),
            ]
        )
        emulator = Timings(tuple(window.emulator_ms for window in windows))
        rest = Timings(
            tuple(
                total - window.emulator_ms - alone.p50
                for total, window in zip(whole.milliseconds, windows, strict=True)
            )
        )
        where.rows.append(
            [
                label,
                whole.p50,
                emulator.p50,
                alone.p50,
                rest.p50,
                percent(alone.p50, whole.p50),
                f"1 : {(whole.p50 - alone.p50) / alone.p50:.0f}",
            ]
        )
    return [requests, where]
