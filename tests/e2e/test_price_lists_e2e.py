"""Price lists on the local stack: admin changes go through the table's stream to the consumer, which
rebuilds exactly the lists they affect; a poison record does not stop the others.

The salon: Warsaw (PL-MZ) and Krakow (PL-MA); `cut` everywhere, `brows` in Warsaw only; 23% VAT for
Poland and a VIP offer in Warsaw. Its lists: warsaw/general, warsaw/vip, krakow/general.
"""

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.e2e.conftest import running_stack

pytestmark = pytest.mark.e2e

TIMEOUT = 30
SETTLE_SECONDS = 30  # the stack polls every 0.1 s; a rebuild lands well within this


def location(location_id: str, region: str) -> dict:
    return {
        "id": location_id,
        "name": location_id.title(),
        "time_zone": "Europe/Warsaw",
        "currency": "PLN",
        "tax_region": region,
        "opening_hours": {"mon": [{"start": "09:00", "end": "17:00"}]},
    }


def service(service_id: str, price: int, location_ids: list[str], version: int | None = None) -> dict:
    body = {
        "id": service_id,
        "name": service_id.title(),
        "category": "Hair",
        "location_ids": location_ids,
        "variants": [
            {
                "id": "short",
                "name": "Short",
                "duration_minutes": 30,
                "base_price": {"amount": price, "currency": "PLN"},
            }
        ],
    }
    return body if version is None else {**body, "version": version}


class Salon:
    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.id = f"e2e-{uuid.uuid4().hex[:8]}"
        self.admin = requests.Session()
        self.admin.headers["Authorization"] = f"Bearer {stack.admin_token(self.id, 'owner')}"
        self.base = f"{stack.url}/admin/salons/{self.id}"

    def send(self, method: str, path: str, body: Any = None, expect: int = 200) -> dict:
        answer = self.admin.request(method, f"{self.base}{path}", json=body, timeout=TIMEOUT)
        assert answer.status_code == expect, answer.text
        return answer.json() if answer.content else {}

    def lists(self) -> dict[str, tuple[int, str]]:
        """Each stored list's (version, content hash), by list id without the salon."""
        summaries = self.send("GET", "/pricing/lists")
        return {s["id"].split("/", 1)[1]: (s["version"], s["content_hash"]) for s in summaries}

    def prices(self, location_id: str) -> dict[str, int]:
        answer = requests.get(
            f"{self.stack.url}/public/salons/{self.id}/locations/{location_id}/prices", timeout=TIMEOUT
        )
        assert answer.status_code == 200, answer.text
        return {e["service_id"]: e["price"]["total"]["amount"] for e in answer.json()["entries"]}


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {SETTLE_SECONDS} s: {what}")


def _priced_salon(stack) -> Salon:
    """A salon whose three lists the consumer has built."""
    salon = Salon(stack)
    salon.send("PUT", "", {"id": salon.id, "name": "Glow", "default_currency": "PLN", "version": 0})
    salon.send("POST", "/locations", location("warsaw", "PL-MZ"), 201)
    salon.send("POST", "/locations", location("krakow", "PL-MA"), 201)
    salon.send("POST", "/services", service("cut", 10_000, []), 201)
    salon.send("POST", "/services", service("brows", 5_000, ["warsaw"]), 201)
    vat = {"id": "vat", "name": "VAT", "region": "PL", "rate_percent": "23", "inclusive": True}
    salon.send("POST", "/pricing/taxes", vat, 201)
    vip = {
        "kind": "promotion",
        "id": "vip",
        "name": "VIP 10%",
        "discount": {"type": "percent", "percent": "10"},
        "segments": ["vip"],
        "location_ids": ["warsaw"],
    }
    salon.send("POST", "/pricing/offers", vip, 201)
    eventually(
        lambda: set(salon.lists()) == {"warsaw/general", "warsaw/vip", "krakow/general"}, "three lists built"
    )
    eventually(lambda: salon.prices("warsaw") == {"brows": 5_000, "cut": 10_000}, "the set-up priced")
    return salon


@pytest.fixture
def salon(local_stack) -> Salon:
    return _priced_salon(local_stack)


@pytest.fixture(scope="module")
def poisoned_stack(tmp_path_factory):
    """A stack of its own: a poison record holds up its stream's shard while it is retried (as on AWS),
    which would delay every other test's stream records on a shared stack."""
    yield from running_stack(tmp_path_factory.mktemp("poisoned-stack"), "--no-seed")


def test_a_tax_rate_change_rebuilds_its_region_s_lists_and_no_others(salon):
    before = salon.lists()
    # When Krakow's region gets its own 8% added on top
    regional = {"id": "krakow", "name": "Krakow", "region": "PL-MA", "rate_percent": "8", "inclusive": False}
    salon.send("POST", "/pricing/taxes", regional, 201)
    # Then the stream rebuilds Krakow's list, which the public reads with the tax on top
    eventually(lambda: salon.prices("krakow") == {"cut": 10_800}, "krakow at 108.00")
    after = salon.lists()
    assert after["krakow/general"][0] == before["krakow/general"][0] + 1
    # And the Warsaw lists are untouched (same versions and hashes)
    assert {k: v for k, v in after.items() if k.startswith("warsaw")} == {
        k: v for k, v in before.items() if k.startswith("warsaw")
    }
    # When the rate changes again, only Krakow moves on
    salon.send("PUT", "/pricing/taxes/krakow", {**regional, "rate_percent": "5", "version": 1})
    eventually(lambda: salon.prices("krakow") == {"cut": 10_500}, "krakow at 105.00")
    assert {k: v for k, v in salon.lists().items() if k.startswith("warsaw")} == {
        k: v for k, v in before.items() if k.startswith("warsaw")
    }


def test_a_base_price_change_rebuilds_the_lists_of_its_locations_and_no_others(salon):
    before = salon.lists()
    # When brows (Warsaw only) get dearer
    salon.send("PUT", "/services/brows", service("brows", 6_000, ["warsaw"], version=1))
    # Then both Warsaw lists are rebuilt; Krakow's is untouched
    eventually(lambda: salon.prices("warsaw")["brows"] == 6_000, "brows at 60.00")
    eventually(lambda: salon.lists()["warsaw/vip"][0] == before["warsaw/vip"][0] + 1, "the VIP list rebuilt")
    after = salon.lists()
    assert after["warsaw/general"][0] == before["warsaw/general"][0] + 1
    assert after["krakow/general"] == before["krakow/general"]


def test_a_poison_record_does_not_stop_the_others_and_a_redelivered_one_does_nothing_twice(poisoned_stack):
    salon = _priced_salon(poisoned_stack)
    before = salon.lists()
    log = salon.stack.log_path
    logged = len(log.read_text(errors="replace"))
    # Given one write of two items: a broken offer (written around the API), then a valid tax rule
    # for Krakow, so their stream records arrive together, the poison first
    table = salon.stack.resource("Table")
    pricing_pk = {"S": f"SALON#{salon.id}#PRICING"}
    broken = {
        "pk": pricing_pk,
        "sk": {"S": "OFFER#broken"},
        "type": {"S": "price_offer"},
        "salon_id": {"S": salon.id},
        "kind": {"S": "promotion"},
        "id": {"S": "broken"},
    }
    tax = {
        "pk": pricing_pk,
        "sk": {"S": "TAX#krakow"},
        "type": {"S": "price_tax"},
        "salon_id": {"S": salon.id},
        "id": {"S": "krakow"},
        "name": {"S": "Krakow"},
        "region": {"S": "PL-MA"},
        "rate_percent": {"S": "8"},
        "inclusive": {"BOOL": False},
        "version": {"N": "1"},
    }
    salon.stack.client("dynamodb").transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": broken}},
            {"Put": {"TableName": table, "Item": tax}},
        ]
    )
    # Then the valid change is priced although the record before it keeps failing
    eventually(lambda: salon.prices("krakow") == {"cut": 10_800}, "krakow at 108.00")
    # And once the poison record is retried and set aside, the valid record (redelivered with it on
    # each retry) has rebuilt Krakow's list exactly once
    eventually(
        lambda: "discarding" in log.read_text(errors="replace")[logged:], "the poison record set aside"
    )
    after = salon.lists()
    assert after["krakow/general"][0] == before["krakow/general"][0] + 1
    assert after["warsaw/general"] == before["warsaw/general"]


def test_the_public_price_list_shows_the_breakdown_and_refuses_private_segments(salon):
    url = f"{salon.stack.url}/public/salons/{salon.id}/locations/warsaw/prices"
    document = requests.get(url, timeout=TIMEOUT).json()
    [brows] = [entry for entry in document["entries"] if entry["service_id"] == "brows"]
    assert brows["price"]["tax"] == {"amount": 935, "currency": "PLN"} and brows["price"]["rule_id"] == "base"
    assert requests.get(url, params={"segment": "vip"}, timeout=TIMEOUT).status_code == 422
