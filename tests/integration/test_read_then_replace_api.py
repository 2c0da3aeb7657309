"""What the admin API answers to a GET can be PUT back unchanged, for every kind it edits; and values past
the input bounds are 422 naming the field, through the real handler, with nothing stored."""

import pytest

from tests.builders import warsaw_location
from tests.events import ApiClient, staff_claims

SALON = "studio"
BASE = f"/admin/salons/{SALON}"
PRICING = f"{BASE}/pricing"

WARSAW = warsaw_location(address="ul. Puławska 12")
PRICE = {"amount": 15000, "currency": "PLN"}
HAIRCUT = {
    "id": "haircut",
    "name": "Haircut",
    "category": "Hair",
    "variants": [{"id": "short", "name": "Short", "duration_minutes": 45, "base_price": PRICE}],
}
ANNA = {
    "id": "anna",
    "name": "Anna",
    "skills": ["hair-cut"],
    "weekly_hours": {"warsaw": {"tue": [{"start": "10:00", "end": "18:00"}]}},
}
ROOM = {"id": "room-1", "name": "Treatment room", "kind": "treatment-room", "location_id": "warsaw"}
ENTRIES = [("locations", "warsaw"), ("services", "haircut"), ("staff", "anna"), ("resources", "room-1")]

OFFERS = [
    {"kind": "promotion", "id": "spring", "name": "Spring", "discount": {"type": "percent", "percent": "20"}},
    {
        "kind": "special_price",
        "id": "deal",
        "name": "Deal",
        "variant": {"service_id": "haircut", "variant_id": "short"},
        "price": {"amount": 9000, "currency": "PLN"},
    },
    {"kind": "package", "id": "five", "name": "Five for four", "sessions": 5, "paid_sessions": 4},
    {
        "kind": "group",
        "id": "friends",
        "name": "Friends",
        "min_people": 3,
        "discount": {"type": "amount", "amount": {"amount": 1000, "currency": "PLN"}},
    },
]
VAT = {"id": "vat", "name": "VAT", "region": "PL", "rate_percent": "23", "inclusive": True}


@pytest.fixture
def owner(aws) -> ApiClient:
    """An owner of a salon with one entry of every catalog kind, every kind of offer and a tax rule."""
    api = ApiClient("admin_api", claims=staff_claims(SALON, "owner"))
    profile = {"id": SALON, "name": "Studio", "default_currency": "PLN", "version": 0}
    assert api.put(BASE, body=profile).status == 200
    for collection, body in [
        ("locations", WARSAW),
        ("services", HAIRCUT),
        ("staff", ANNA),
        ("resources", ROOM),
    ]:
        assert api.post(f"{BASE}/{collection}", body=body).status == 201
    for offer in OFFERS:
        assert api.post(f"{PRICING}/offers", body=offer).status == 201
    assert api.post(f"{PRICING}/taxes", body=VAT).status == 201
    return api


def _read_then_put_back(api: ApiClient, url: str) -> None:
    # Given what a GET answers
    read = api.get(url)
    assert read.status == 200, read.body
    # When it is PUT back unchanged
    put = api.put(url, body=read.json())
    # Then it is accepted as a replacement at the version read, and nothing else moved
    assert put.status == 200, put.body
    assert put.json() == {**read.json(), "version": read.json()["version"] + 1}


@pytest.mark.parametrize(("collection", "entry_id"), ENTRIES)
def test_a_catalog_entry_read_can_be_put_back_unchanged(owner, collection, entry_id):
    _read_then_put_back(owner, f"{BASE}/{collection}/{entry_id}")


@pytest.mark.parametrize("offer_id", [offer["id"] for offer in OFFERS])
def test_an_offer_read_can_be_put_back_unchanged(owner, offer_id):
    _read_then_put_back(owner, f"{PRICING}/offers/{offer_id}")


@pytest.mark.parametrize("url", [BASE, f"{PRICING}/taxes/vat", f"{BASE}/automation"])
def test_the_profile_a_tax_rule_and_the_automation_settings_read_can_be_put_back(owner, url):
    if url.endswith("automation"):  # never saved: the defaults read at version 0 are saved at version 1
        read = owner.get(url).json()
        assert owner.put(url, body=read).json() == {**read, "version": 1}
    _read_then_put_back(owner, url)


@pytest.mark.parametrize(("collection", "entry_id"), ENTRIES)
def test_an_entry_put_with_another_salon_s_id_is_422_naming_salon_id(owner, collection, entry_id):
    url = f"{BASE}/{collection}/{entry_id}"
    read = owner.get(url).json()
    answer = owner.put(url, body={**read, "salon_id": "elsewhere"})
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == "salon_id"
    assert owner.get(url).json() == read


# ---- bounds through the handler --------------------------------------------------------------------


def _with_variant(**change) -> dict:
    return {**HAIRCUT, "id": "other", "variants": [{**HAIRCUT["variants"][0], **change}]}


EXCEPTION = {"date": "2027-03-01", "location_id": "warsaw"}


@pytest.mark.parametrize(
    ("collection", "body", "field"),
    [
        (
            "services",
            _with_variant(base_price={"amount": 10**42, "currency": "PLN"}),
            "variants.0.base_price",
        ),
        (
            "services",
            _with_variant(base_price={"amount": 10**20, "currency": "PLN"}),
            "variants.0.base_price",
        ),
        ("locations", {**WARSAW, "id": "far", "address": "x" * 301}, "address"),
        ("locations", {**WARSAW, "id": "host", "time_zone": "localtime"}, "time_zone"),
        ("locations", {**WARSAW, "id": "blank", "name": "\u200b\u200b"}, "name"),
        ("staff", {**ANNA, "id": "nul", "name": "An\x00na"}, "name"),
        (
            "staff",
            {
                **ANNA,
                "id": "busy",
                "exceptions": [{**EXCEPTION, "date": f"2027-01-{d:02d}"} for d in range(1, 32)] * 13,
            },
            "exceptions",
        ),
        (
            "pricing/offers",
            {**OFFERS[0], "id": "many", "target": {"categories": ["Hair"] * 51}},
            "target.categories",
        ),
        (
            "pricing/offers",
            {**OFFERS[1], "id": "dear", "price": {"amount": 10**20, "currency": "PLN"}},
            "price",
        ),
    ],
)
def test_a_value_past_its_bound_is_422_naming_the_field_and_stores_nothing(owner, collection, body, field):
    before = owner.get(f"{BASE}/{collection}").json()
    answer = owner.post(f"{BASE}/{collection}", body=body)
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"].startswith(field), answer.json()
    assert owner.get(f"{BASE}/{collection}").json() == before


def test_a_client_name_of_zero_width_spaces_is_422_on_the_public_booking(owner):
    booking = {
        "service_id": "haircut",
        "variant_id": "short",
        "start": "2027-03-02T10:00:00+01:00",
        "client": {"name": "\u200b\u200b\u200b", "phone": "+48501234567"},
    }
    answer = ApiClient("public_api").post(f"/public/salons/{SALON}/appointments", body=booking)
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == "client.name"


@pytest.mark.parametrize(
    "path",
    [
        "/public/salons/" + "a" * 3_000,
        f"/public/salons/{SALON}/services/" + "b" * 3_000,
        "/public/salons/" + "a" * 3_000 + "/locations/warsaw/prices",
        f"/public/salons/{SALON}%23PRICING",
    ],
)
def test_an_id_no_entry_can_have_is_404_without_reaching_the_table_s_key_limit(owner, path):
    answer = ApiClient("public_api").get(path)
    assert answer.status == 404, answer.body
    assert len(answer.body) < 600
