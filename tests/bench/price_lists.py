"""Price lists: reading the stored list (one GetItem) against pricing the same list on the fly.

A salon with one location, 200 variants (40 services of 5) and 20 promotions of every kind, on in-process
moto. "Stored" is what GET /public/salons/{id}/locations/{id}/prices does (parlour.pricing.lists.
published_price_list: one GetItem, the stored JSON handed out as it is). "On the fly" is what that route
would do without materialized lists: read the catalog and the offers, run the engine, serialize the list.
The ratio is of the two medians, from this one run.
"""

import warnings
import zlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from parlour.catalog import editing
from parlour.catalog.models import LocationInput, SalonInput, ServiceInput, Variant
from parlour.money import Money
from parlour.pricing import ingredients, lists
from parlour.pricing.affected import ListKey
from parlour.pricing.engine import build_price_list
from parlour.pricing.models import TaxRule
from parlour.store import pricing as store_pricing
from parlour.store.catalog import load_catalog
from tests.bench.dynamodb_calls import DynamoCalls, Window, in_process_aws
from tests.bench.report import Table, repeat, spread
from tests.builders import every_day

SALON = "bench-prices"
LOCATION = "centrum"
SERVICES, VARIANTS_EACH, PROMOTIONS = 40, 5, 20
CATEGORIES = ["Hair", "Nails", "Skin", "Brows", "Massage"]
READS, ON_THE_FLY_RUNS = 100, 10


def run() -> list[Table]:
    warnings.filterwarnings("ignore", message="Couldn't determine the remaining time left")
    with in_process_aws() as calls:
        store_pricing.reset_cache()
        return _measure(calls)


def _salon(now: datetime) -> None:
    editing.create_salon(SalonInput(id=SALON, name="Bench prices", default_currency="PLN"))
    editing.create_location(
        SALON,
        LocationInput(
            id=LOCATION,
            name="Centrum",
            time_zone="Europe/Warsaw",
            currency="PLN",
            tax_region="PL",
            opening_hours=every_day("09:00", "20:00"),
        ),
    )
    for number in range(SERVICES):
        editing.create_service(
            SALON,
            ServiceInput(
                id=f"service-{number}",
                name=f"Service {number}",
                category=CATEGORIES[number % len(CATEGORIES)],
                variants=[
                    Variant(
                        id=f"v{variant}",
                        name=f"Variant {variant}",
                        duration_minutes=30 + 15 * variant,
                        base_price=Money(amount=8_000 + 1_000 * variant + 37 * number, currency="PLN"),
                    )
                    for variant in range(VARIANTS_EACH)
                ],
            ),
        )
    ingredients.create_tax(
        SALON, TaxRule(id="vat", name="VAT", region="PL", rate_percent=Decimal(23), inclusive=True)
    )
    for number, body in enumerate(_promotions(now)):
        ingredients.create_offer(SALON, {"id": f"offer-{number}", "name": f"Offer {number}", **body})


def _promotions(now: datetime) -> list[dict]:
    """20 offers of every kind: percentages per category, flat amounts, specials, packages, segments."""
    ends = (now + timedelta(days=30)).isoformat()
    offers: list[dict] = []
    for number in range(PROMOTIONS):
        kind = number % 5
        if kind == 0:
            offers.append(
                {
                    "kind": "promotion",
                    "discount": {"type": "percent", "percent": str(5 + number)},
                    "target": {"categories": [CATEGORIES[number % len(CATEGORIES)]]},
                    "window": {"ends_at": ends},
                }
            )
        elif kind == 1:
            offers.append(
                {
                    "kind": "promotion",
                    "discount": {
                        "type": "amount",
                        "amount": {"amount": 500 + 100 * number, "currency": "PLN"},
                    },
                    "stackable": number % 2 == 1,
                }
            )
        elif kind == 2:
            offers.append(
                {
                    "kind": "special_price",
                    "variant": {"service_id": f"service-{number}", "variant_id": "v0"},
                    "price": {"amount": 6_000, "currency": "PLN"},
                }
            )
        elif kind == 3:
            offers.append({"kind": "package", "sessions": 5, "paid_sessions": 4})
        else:
            offers.append(
                {"kind": "promotion", "discount": {"type": "percent", "percent": "15"}, "segments": ["vip"]}
            )
    return offers


def _on_the_fly(now: datetime) -> str:
    catalog = load_catalog(SALON)
    found = store_pricing.load_ingredients(SALON)
    built = build_price_list(
        SALON,
        catalog.location(LOCATION),
        "general",
        catalog.services.values(),
        list(found.offers.values()),
        list(found.taxes.values()),
        now,
    )
    return built.model_dump_json()


def _measure(calls: DynamoCalls) -> list[Table]:
    now = datetime.now(UTC)
    _salon(now)
    key = ListKey(SALON, LOCATION, "general")
    lists.Rebuilder(now).rebuild([key])
    stored = lists.published_price_list(SALON, LOCATION)  # warm-up, and the document's size
    assert stored == lists.published_price_list(SALON, LOCATION)
    _on_the_fly(now)

    read_windows: list[Window] = []
    fly_windows: list[Window] = []

    def read(_: int) -> None:
        with calls.window() as window:
            lists.published_price_list(SALON, LOCATION)
        read_windows.append(window)

    def fly(_: int) -> None:
        with calls.window() as window:
            _on_the_fly(now)
        fly_windows.append(window)

    reads = repeat(READS, read)
    computed = repeat(ON_THE_FLY_RUNS, fly)
    with calls.window() as rebuild_window:
        lists.Rebuilder(now + timedelta(seconds=1)).rebuild([key])
    head = store_pricing.price_list_head(key)
    assert head is not None

    def requests(windows: list[Window]) -> str:
        return spread([window.requests for window in windows])

    def operations(windows: list[Window]) -> str:
        return ", ".join(f"{n} {op}" for op, n in sorted(windows[0].by_operation().items()))

    def items(windows: list[Window]) -> str:
        return spread([window.items_read for window in windows])

    entries = SERVICES * VARIANTS_EACH
    table = Table(
        title=(
            f"Price list of one location: {entries} variants, {PROMOTIONS} promotions "
            "(in-process moto, one run)"
        ),
        headers=["path", "runs", "p50 ms", "p95 ms", "DynamoDB requests", "items read", "requests by kind"],
        rows=[
            [
                "stored list (one GetItem)",
                READS,
                reads.p50,
                reads.p95,
                requests(read_windows),
                items(read_windows),
                operations(read_windows),
            ],
            [
                "priced on the fly",
                ON_THE_FLY_RUNS,
                computed.p50,
                computed.p95,
                requests(fly_windows),
                items(fly_windows),
                operations(fly_windows),
            ],
        ],
        notes=[
            f"ratio on the fly / stored (p50): {computed.p50 / reads.p50:.0f}x (goal: at least 50x)",
            f"the stored document: {len(stored) / 1024:.0f} KB of JSON, "
            f"{len(zlib.compress(stored.encode(), 6)) / 1024:.0f} KB zlib-compressed in its item; "
            f"a rebuild that changes nothing made {rebuild_window.requests} requests "
            f"({', '.join(f'{n} {op}' for op, n in sorted(rebuild_window.by_operation().items()))}) "
            "and wrote nothing",
        ],
    )
    return [table]
