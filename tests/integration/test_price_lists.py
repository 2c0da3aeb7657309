"""Price lists on moto: the streams consumer with real DynamoDB stream records (read from moto's stream of
the table the admin functions wrote to), the schedule, the public read, and bookings at the list's price.

The salon: Warsaw (PL-MZ) and Krakow (PL-MA); `cut` everywhere, `brows` in Warsaw only; 23% VAT for
Poland; a 10% VIP offer in Warsaw. So it has three lists: warsaw/general, warsaw/vip, krakow/general.
"""

import base64
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import boto3
import pytest

from parlour.catalog import editing
from parlour.catalog.models import LocationInput, SalonInput, ServiceInput, ServiceReplacement, Variant
from parlour.money import Money
from parlour.pricing import ingredients, lists
from parlour.pricing.affected import ListKey
from parlour.pricing.models import TaxRule
from parlour.store import pricing as store
from parlour.store import table as store_table
from tests.builders import every_day
from tests.events import ApiClient, lambda_context, load_handler, staff_claims
from tests.integration.conftest import TABLE_NAME

SALON = "glow"
REGION = "eu-central-1"
public = ApiClient("public_api")


# ---- the stream as Lambda delivers it --------------------------------------------------------------


def _lambda_json(value: Any) -> Any:
    """boto3's parsed record as the JSON Lambda sends: bytes base64, instants as epoch seconds."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, dict):
        return {key: _lambda_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lambda_json(item) for item in value]
    return value


class Stream:
    """The table's stream from where it stands now; take() returns the new records in Lambda's shape."""

    def __init__(self) -> None:
        self.streams = boto3.client("dynamodbstreams", region_name=REGION)
        table = boto3.client("dynamodb", region_name=REGION).describe_table(TableName=TABLE_NAME)["Table"]
        self.arn = table["LatestStreamArn"]
        shards = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]
        self.iterators = {
            shard["ShardId"]: self.streams.get_shard_iterator(
                StreamArn=self.arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]
            for shard in shards
        }

    def take(self) -> list[dict[str, Any]]:
        records = []
        for shard_id, iterator in self.iterators.items():
            answer = self.streams.get_records(ShardIterator=iterator)
            self.iterators[shard_id] = answer["NextShardIterator"]
            records += [
                {
                    **_lambda_json(record),
                    "eventSourceARN": self.arn,
                    "awsRegion": REGION,
                    "eventVersion": "1.1",
                }
                for record in answer["Records"]
            ]
        return records


def consume(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One invocation of the streams consumer with these records."""
    return load_handler("streams_consumer").lambda_handler({"Records": records}, lambda_context("consumer"))


class Requests:
    """Counts the DynamoDB requests the data-access layer makes (a botocore hook on its client)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        store_table.client().meta.events.register("before-call.dynamodb.*", self._seen)

    def _seen(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    def reset(self) -> None:
        self.calls.clear()


# ---- the salon -------------------------------------------------------------------------------------


def _location(location_id: str, region: str) -> LocationInput:
    return LocationInput(
        id=location_id,
        name=location_id.title(),
        time_zone="Europe/Warsaw",
        currency="PLN",
        tax_region=region,
        opening_hours=every_day("09:00", "18:00"),
    )


def _service(service_id: str, price: int, location_ids: list[str]) -> ServiceInput:
    return ServiceInput(
        id=service_id,
        name=service_id.title(),
        category="Hair" if service_id == "cut" else "Brows",
        location_ids=location_ids,
        variants=[
            Variant(
                id="short", name="Short", duration_minutes=30, base_price=Money(amount=price, currency="PLN")
            )
        ],
    )


VIP_IN_WARSAW = {
    "kind": "promotion",
    "id": "vip-warsaw",
    "name": "VIP 10%",
    "discount": {"type": "percent", "percent": "10"},
    "segments": ["vip"],
    "location_ids": ["warsaw"],
}


@pytest.fixture(autouse=True)
def _fresh_idempotency(aws):
    store.reset_cache()  # its client and table name belong to this test's moto
    yield
    store.reset_cache()


@pytest.fixture
def salon(aws) -> str:
    editing.create_salon(SalonInput(id=SALON, name="Glow", default_currency="PLN"))
    editing.create_location(SALON, _location("warsaw", "PL-MZ"))
    editing.create_location(SALON, _location("krakow", "PL-MA"))
    editing.create_service(SALON, _service("cut", 10_000, []))
    editing.create_service(SALON, _service("brows", 5_000, ["warsaw"]))
    ingredients.create_tax(
        SALON, TaxRule(id="vat", name="VAT", region="PL", rate_percent=Decimal(23), inclusive=True)
    )
    ingredients.create_offer(SALON, VIP_IN_WARSAW)
    return SALON


@pytest.fixture
def stream(salon) -> Stream:
    """The stream, with the salon's set-up records already consumed (so its three lists exist)."""
    tap = Stream()
    assert consume(tap.take()) == {"batchItemFailures": []}
    return tap


def versions(salon_id: str = SALON) -> dict[str, tuple[int, str]]:
    return {summary.id: (summary.version, summary.content_hash) for summary in lists.list_summaries(salon_id)}


def prices(location_id: str, segment: str = "general") -> dict[str, int]:
    answer = public.get(f"/public/salons/{SALON}/locations/{location_id}/prices", query={"segment": segment})
    assert answer.status == 200, answer.body
    return {entry["service_id"]: entry["price"]["total"]["amount"] for entry in answer.json()["entries"]}


def brows_at(price: int) -> ServiceReplacement:
    current = editing.get_service(SALON, "brows")
    replacement = _service("brows", price, ["warsaw"]).model_dump()
    return ServiceReplacement.model_validate({**replacement, "version": current.version})


# ---- the consumer ----------------------------------------------------------------------------------


def test_the_set_up_records_build_one_list_per_location_and_segment(stream):
    # Given the salon's set-up went through the consumer (fixture) / Then it has its three lists
    assert {list_id: version for list_id, (version, _) in versions().items()} == {
        f"{SALON}/krakow/general": 1,
        f"{SALON}/warsaw/general": 1,
        f"{SALON}/warsaw/vip": 1,
    }
    # And they price what the catalog and the offers say: brows only in Warsaw, 10% off for VIPs there
    assert prices("warsaw") == {"brows": 5_000, "cut": 10_000}
    vip = json.loads(lists.published_price_list(SALON, "warsaw", "vip"))  # not public: read as the admin
    assert {entry["service_id"]: entry["price"]["total"]["amount"] for entry in vip["entries"]} == {
        "brows": 4_500,
        "cut": 9_000,
    }
    assert prices("krakow") == {"cut": 10_000}


def test_a_base_price_change_rebuilds_the_lists_of_the_locations_offering_it_and_no_others(stream):
    before = versions()
    # When brows (Warsaw only) get dearer
    editing.replace_service(SALON, "brows", brows_at(6_000))
    assert consume(stream.take()) == {"batchItemFailures": []}
    # Then both Warsaw lists move on a version and Krakow's is untouched
    after = versions()
    assert after[f"{SALON}/warsaw/general"][0] == before[f"{SALON}/warsaw/general"][0] + 1
    assert after[f"{SALON}/warsaw/vip"][0] == before[f"{SALON}/warsaw/vip"][0] + 1
    assert after[f"{SALON}/krakow/general"] == before[f"{SALON}/krakow/general"]
    assert prices("warsaw")["brows"] == 6_000


def test_a_regional_tax_rebuilds_only_the_region_s_lists(stream):
    before = versions()
    # When Krakow's region gets its own (exclusive) 8% rate
    ingredients.create_tax(
        SALON, TaxRule(id="krakow-8", name="Krakow", region="PL-MA", rate_percent=Decimal(8), inclusive=False)
    )
    assert consume(stream.take()) == {"batchItemFailures": []}
    # Then only Krakow's list is rebuilt, with the tax on top
    after = versions()
    assert after[f"{SALON}/krakow/general"][0] == before[f"{SALON}/krakow/general"][0] + 1
    assert {key: value for key, value in after.items() if "krakow" not in key} == {
        key: value for key, value in before.items() if "krakow" not in key
    }
    assert prices("krakow") == {"cut": 10_800}


def test_records_that_do_not_price_are_skipped_without_a_single_read(stream):
    # Given records of other items: a booking (appointment, ledgers, history, client), a staff member,
    # the salon profile, an idempotency record and the price lists themselves
    table = store_table.table()
    table.put_item(Item={"pk": f"SALON#{SALON}#APPT#a1", "sk": "APPT", "type": "appointment", "x": 1})
    table.put_item(Item={"pk": "IDEMPOTENCY", "sk": "k", "status": "COMPLETED"})
    editing.replace_salon(
        SALON,
        editing.SalonReplacement(
            id=SALON, name="Glow Studio", default_currency="PLN", version=editing.get_salon(SALON).version
        ),
    )
    table.delete_item(Key={"pk": f"SALON#{SALON}#PRICELIST", "sk": "LOC#krakow#SEG#general"})
    lists.Rebuilder(datetime.now(UTC)).rebuild([ListKey(SALON, "krakow", "general")])
    records = stream.take()
    images = [record["dynamodb"].get("NewImage") or record["dynamodb"]["OldImage"] for record in records]
    # (the stream also holds the consumer's own writes: its idempotency markers and the price lists)
    assert {image.get("type", {}).get("S") for image in images} == {
        None,
        "appointment",
        "salon",
        "price_list",
    }
    # When they are consumed
    requests = Requests()
    # Then none fails and the data-access layer made no request at all
    assert consume(records) == {"batchItemFailures": []}
    assert requests.calls == []


def test_a_poison_record_fails_alone(stream):
    before = versions()
    # Given a batch: a broken offer item (written around the API), then a real price change
    store_table.table().put_item(
        Item={
            "pk": f"SALON#{SALON}#PRICING",
            "sk": "OFFER#broken",
            "type": store.OFFER_TYPE,
            "salon_id": SALON,
            "kind": "promotion",
            "id": "broken",
            "discount": {"type": "percent", "percent": "a lot"},
        }
    )
    editing.replace_service(SALON, "brows", brows_at(7_000))
    records = stream.take()
    poison = next(r for r in records if r["dynamodb"]["Keys"]["sk"]["S"] == "OFFER#broken")
    # When the consumer gets them
    answer = consume(records)
    # Then only the poison record is reported, and the price change went through
    assert answer == {"batchItemFailures": [{"itemIdentifier": poison["dynamodb"]["SequenceNumber"]}]}
    assert prices("warsaw")["brows"] == 7_000
    assert versions()[f"{SALON}/krakow/general"] == before[f"{SALON}/krakow/general"]
    # And a retry from the poison record (as Lambda does) fails it again, and redoes nothing else
    requests = Requests()
    retry = records[records.index(poison) :]
    assert consume(retry) == answer
    assert requests.calls == []


def test_a_duplicate_record_does_no_work_twice(stream):
    editing.replace_service(SALON, "brows", brows_at(5_500))
    records = stream.take()
    assert consume(records) == {"batchItemFailures": []}
    after_first = versions()
    # When the same records are delivered again (a retried batch)
    requests = Requests()
    assert consume(records) == {"batchItemFailures": []}
    # Then nothing is read or written: every list stays as the first delivery left it
    assert requests.calls == []
    assert versions() == after_first


def test_a_rebuild_whose_content_is_unchanged_writes_nothing(stream):
    before = versions()
    # Given a promotion for everyone that ended yesterday: it reaches every list but changes no price
    yesterday = datetime.now(UTC) - timedelta(days=1)
    ingredients.create_offer(
        SALON,
        {
            "kind": "promotion",
            "id": "over",
            "name": "Over",
            "discount": {"type": "percent", "percent": "50"},
            "window": {"ends_at": yesterday.isoformat()},
        },
    )
    requests = Requests()
    # When its record is consumed
    assert consume(stream.take()) == {"batchItemFailures": []}
    # Then every list was looked at (its head read) but none was written
    assert requests.calls.count("GetItem") == 3
    assert "PutItem" not in requests.calls
    assert versions() == before


def test_one_batch_reads_the_salon_once_and_rebuilds_each_list_once(stream):
    # Given three changes to Warsaw in one batch
    editing.replace_service(SALON, "brows", brows_at(6_100))
    editing.replace_service(SALON, "brows", brows_at(6_200))
    ingredients.create_offer(
        SALON, {**VIP_IN_WARSAW, "id": "vip-more", "discount": {"type": "percent", "percent": 20}}
    )
    records = stream.take()
    requests = Requests()
    assert consume(records) == {"batchItemFailures": []}
    # Then the catalog and the pricing were read once, and each Warsaw list written once
    assert requests.calls.count("Query") == 2
    assert requests.calls.count("PutItem") == 2
    assert prices("warsaw")["brows"] == 6_200


def test_a_list_built_from_an_older_state_never_overwrites_a_newer_one(stream):
    # Given a rebuild that read the salon before a price change...
    slow = lists.Rebuilder(datetime.now(UTC))
    slow.pricing_of(SALON)
    editing.replace_service(SALON, "brows", brows_at(8_000))
    # ...and the change's own rebuild, which got there first
    assert consume(stream.take()) == {"batchItemFailures": []}
    written = versions()[f"{SALON}/warsaw/general"]
    # When the slow one finally writes / Then it leaves the newer list alone
    [outcome] = slow.rebuild([ListKey(SALON, "warsaw", "general")])
    assert outcome.outcome is lists.Outcome.superseded
    assert versions()[f"{SALON}/warsaw/general"] == written
    assert prices("warsaw")["brows"] == 8_000


def test_a_deleted_segment_offer_takes_its_lists_along(stream):
    # When the only VIP offer is deleted
    ingredients.delete_offer(SALON, "vip-warsaw")
    assert consume(stream.take()) == {"batchItemFailures": []}
    # Then the VIP list is gone, and a VIP asking (as the admin) gets the general list
    assert f"{SALON}/warsaw/vip" not in versions()
    assert '"segment":"general"' in lists.published_price_list(SALON, "warsaw", "vip")


# ---- time-bound promotions: the schedule -----------------------------------------------------------


def test_the_schedule_rebuilds_a_list_when_its_promotion_ends(stream):
    # Given a Krakow list built an hour ago, while a 50% promotion ending half an hour ago was on
    now = datetime.now(UTC)
    ingredients.create_offer(
        SALON,
        {
            "kind": "promotion",
            "id": "flash",
            "name": "Flash",
            "discount": {"type": "percent", "percent": "50"},
            "location_ids": ["krakow"],
            "window": {"ends_at": (now - timedelta(minutes=30)).isoformat()},
        },
    )
    stream.take()
    lists.Rebuilder(now - timedelta(hours=1)).rebuild([ListKey(SALON, "krakow", "general")])
    assert prices("krakow") == {"cut": 5_000}
    # When the schedule fires (EventBridge's scheduled event)
    event = {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": ["arn:aws:events:eu-central-1:123456789012:rule/price-lists-every-minute"],
        "detail": {},
    }
    answer = load_handler("price_list_scheduler").lambda_handler(event, lambda_context("scheduler"))
    # Then that list, and only that one, was due and is rebuilt at the full price
    assert [(item["id"], item["outcome"]) for item in answer["rebuilt"]] == [
        (f"{SALON}/krakow/general", "written")
    ]
    assert prices("krakow") == {"cut": 10_000}
    # And it is not due any more
    assert load_handler("price_list_scheduler").lambda_handler(event, lambda_context("s"))["rebuilt"] == []


def test_a_list_with_a_coming_change_says_when(stream):
    starts = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    ingredients.create_offer(
        SALON,
        {
            "kind": "promotion",
            "id": "weekend",
            "name": "Weekend",
            "discount": {"type": "percent", "percent": "15"},
            "window": {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(days=2)).isoformat()},
        },
    )
    assert consume(stream.take()) == {"batchItemFailures": []}
    summaries = {summary.id: summary for summary in lists.list_summaries(SALON)}
    assert summaries[f"{SALON}/krakow/general"].next_change_at == starts
    # Not due yet; due once it starts
    assert store.due_price_lists(datetime.now(UTC)) == []
    assert len(store.due_price_lists(starts)) == 3


# ---- the public read ---------------------------------------------------------------------------------


def test_the_public_read_is_one_get_item(stream):
    requests = Requests()
    answer = public.get(f"/public/salons/{SALON}/locations/warsaw/prices")
    assert answer.status == 200
    assert requests.calls == ["GetItem"]
    document = answer.json()
    assert document["id"] == f"{SALON}/warsaw/general" and document["version"] == 1
    [brows] = [entry for entry in document["entries"] if entry["service_id"] == "brows"]
    # The breakdown: 23% VAT inside 50.00 PLN is 9.35 PLN, and no rule lowered the price
    assert brows["price"]["tax"] == {"amount": 935, "currency": "PLN"}
    assert brows["price"]["rule_id"] == "base"


def test_the_public_may_read_general_and_campaign_lists_only(stream):
    # A campaign without a list of its own reads the general list
    answer = public.get(
        f"/public/salons/{SALON}/locations/warsaw/prices", query={"segment": "campaign:spring"}
    )
    assert answer.status == 200 and answer.json()["segment"] == "general"
    # What a client is (VIP) needs a signed-in client
    refused = public.get(f"/public/salons/{SALON}/locations/warsaw/prices", query={"segment": "vip"})
    assert refused.status == 422 and refused.json()["error"]["field"] == "segment"
    # Unknown salon or location: 404
    assert public.get(f"/public/salons/{SALON}/locations/gdansk/prices").status == 404
    assert public.get("/public/salons/nobody/locations/warsaw/prices").status == 404


# ---- bookings at the list's price ----------------------------------------------------------------------


def _book(price_seen: dict | None, hour: int) -> dict:
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=hour, minute=0, second=0, microsecond=0)
    body = {
        "service_id": "brows",
        "variant_id": "short",
        "location_id": "warsaw",
        "start": start.isoformat(),
        "client": {"name": "Ola", "phone": "+48500000001"},
    }
    if price_seen is not None:
        body["price_seen"] = price_seen
    answer = public.post(f"/public/salons/{SALON}/appointments", body=body)
    assert answer.status == 201, answer.body
    return answer.json()


@pytest.fixture
def bookable(stream):
    editing.create_staff_member(
        SALON, editing.StaffInput(id="ana", name="Ana", weekly_hours={"warsaw": every_day("09:00", "18:00")})
    )
    stream.take()
    return stream


def test_a_booking_stores_the_list_s_price_and_version(bookable):
    seen = {"total": {"amount": 5_000, "currency": "PLN"}, "price_list_version": 1}
    confirmation = _book(seen, 10)
    assert confirmation["price_changed"] is False and confirmation["price_change"] is None
    assert confirmation["appointment"]["price"] == {"amount": 5_000, "currency": "PLN"}
    stored = store_table.table().get_item(
        Key={"pk": f"SALON#{SALON}#APPT#{confirmation['appointment']['id']}", "sk": "APPT"}
    )["Item"]
    assert stored["price_list"]["id"] == f"{SALON}/warsaw/general"
    assert stored["price_list"]["version"] == 1


def test_the_list_version_is_one_integer_in_the_prices_and_in_the_booking_read_back(bookable):
    # Given the public prices answer, and a booking made from that list
    listed = public.get(f"/public/salons/{SALON}/locations/warsaw/prices").json()
    booked = _book({"price_list_version": listed["version"]}, 14)
    # When the desk reads the booking back from the table
    desk = ApiClient("admin_api", claims=staff_claims(SALON, "reception"))
    answer = desk.get(f"/admin/salons/{SALON}/appointments/{booked['appointment']['id']}")
    assert answer.status == 200, answer.body
    # Then its price_list.version is the same integer the prices answer gave (not "1", a string)
    reference = answer.json()["appointment"]["price_list"]
    assert type(listed["version"]) is int
    assert type(reference["version"]) is int and reference["version"] == listed["version"]


def test_a_booking_after_a_price_change_is_at_the_new_price_and_says_so(bookable):
    # Given the client saw 50.00 PLN, then the price went up and the list was rebuilt
    editing.replace_service(SALON, "brows", brows_at(6_000))
    consume(bookable.take())
    # When they book with what they saw
    confirmation = _book({"total": {"amount": 5_000, "currency": "PLN"}}, 11)
    # Then the booking is at the current price and the answer says so, old and new
    assert confirmation["appointment"]["price"] == {"amount": 6_000, "currency": "PLN"}
    assert confirmation["price_changed"] is True
    assert confirmation["price_change"] == {
        "old": {"amount": 5_000, "currency": "PLN"},
        "new": {"amount": 6_000, "currency": "PLN"},
    }
    # A client who sent only the list version they saw learns the price moved too
    by_version = _book({"price_list_version": 1}, 12)
    assert by_version["price_changed"] is True and by_version["price_change"]["old"] is None


def test_without_a_fresh_list_the_booking_prices_on_the_spot(bookable):
    # Given a special price the consumer has not seen yet (the list is stale)
    ingredients.create_offer(
        SALON,
        {
            "kind": "special_price",
            "id": "brows-deal",
            "name": "Brows deal",
            "variant": {"service_id": "brows", "variant_id": "short"},
            "price": {"amount": 3_900, "currency": "PLN"},
        },
    )
    store_table.table().delete_item(Key={"pk": f"SALON#{SALON}#PRICELIST", "sk": "LOC#warsaw#SEG#general"})
    # When a client books / Then the price is computed from the ingredients and marked as such
    confirmation = _book(None, 13)
    assert confirmation["appointment"]["price"] == {"amount": 3_900, "currency": "PLN"}
    stored = store_table.table().get_item(
        Key={"pk": f"SALON#{SALON}#APPT#{confirmation['appointment']['id']}", "sk": "APPT"}
    )["Item"]
    assert "computed_at" in stored["price_list"] and "version" not in stored["price_list"]
