"""The admin API's catalog routes through the real handler, on moto, with HTTP API events."""

import pytest

from parlour.catalog.models import LocationInput, ResourceInput, ServiceInput, StaffInput
from tests.builders import warsaw_location
from tests.events import ApiClient, staff_claims

SALON = "studio"
BASE = f"/admin/salons/{SALON}"

WARSAW = warsaw_location(address="ul. Puławska 12")
HAIRCUT = {
    "id": "haircut",
    "name": "Haircut",
    "category": "Hair",
    "location_ids": ["warsaw"],
    "variants": [
        {
            "id": "short",
            "name": "Short hair",
            "duration_minutes": 45,
            "base_price": {"amount": 15000, "currency": "PLN"},
            "required_skill": "hair-cut",
        }
    ],
}
ANNA = {
    "id": "anna",
    "name": "Anna",
    "skills": ["hair-cut"],
    "weekly_hours": {"warsaw": {"tue": [{"start": "10:00", "end": "18:00"}]}},
    "time_off": [{"first_day": "2026-08-01", "last_day": "2026-08-14", "reason": "holiday"}],
}
ROOM = {"id": "room-1", "name": "Treatment room", "kind": "treatment-room", "location_id": "warsaw"}

# (collection, a valid body, a change for the replacement)
KINDS = [
    ("locations", WARSAW, {"name": "Warsaw Mokotów"}),
    ("services", HAIRCUT, {"description": "Wash, cut and dry."}),
    ("staff", ANNA, {"skills": ["hair-cut", "hair-colour"]}),
    ("resources", ROOM, {"name": "Room one"}),
]
INPUT_MODEL = {
    "locations": LocationInput,
    "services": ServiceInput,
    "staff": StaffInput,
    "resources": ResourceInput,
}


@pytest.fixture
def owner(aws) -> ApiClient:
    """An owner signed in to a salon that has a profile and the Warsaw location."""
    api = ApiClient("admin_api", claims=staff_claims(SALON, "owner"))
    assert (
        api.put(BASE, body={"id": SALON, "name": "Studio", "default_currency": "PLN", "version": 0}).status
        == 200
    )
    assert api.post(f"{BASE}/locations", body=WARSAW).status == 201
    return api


@pytest.mark.parametrize(("collection", "body", "change"), KINDS)
def test_an_entry_goes_through_create_read_replace_delete(owner, collection, body, change):
    body = {**body, "id": f"{body['id']}-2"}
    # Given a new entry is created
    created = owner.post(f"{BASE}/{collection}", body=body)
    assert created.status == 201, created.body
    assert created.json()["version"] == 1
    url = f"{BASE}/{collection}/{body['id']}"
    # When it is read, it is what was sent (with defaults filled in) plus the salon and version
    sent = INPUT_MODEL[collection].model_validate(body).model_dump(mode="json")
    assert owner.get(url).json() == {**sent, "salon_id": SALON, "version": 1}
    # When it is replaced at the version read, the version moves on
    replaced = owner.put(url, body={**body, **change, "version": 1})
    assert replaced.status == 200, replaced.body
    assert replaced.json()["version"] == 2
    assert all(replaced.json()[name] == value for name, value in change.items())
    # And it is listed
    assert body["id"] in [entry["id"] for entry in owner.get(f"{BASE}/{collection}").json()]
    # When it is deleted it is gone
    assert owner.delete(url).status == 204
    assert owner.get(url).status == 404


def test_the_salon_profile_is_replaced_at_the_version_read(owner):
    profile = owner.get(BASE).json()
    assert profile["version"] == 1
    policy = {**profile["policy"], "cancel_window_hours": 48}
    answer = owner.put(BASE, body={**profile, "policy": policy})
    assert answer.status == 200
    assert owner.get(BASE).json()["policy"]["cancel_window_hours"] == 48
    # A second writer still holding version 1 loses
    stale = owner.put(BASE, body=profile)
    assert stale.status == 409
    assert stale.json()["error"]["current_version"] == 2


def _haircut_with(**variant_change) -> dict:
    return {**HAIRCUT, "variants": [{**HAIRCUT["variants"][0], **variant_change}]}


BACKWARDS_HOURS = {"mon": [{"start": "17:00", "end": "09:00"}]}
BACKWARDS_TIME_OFF = [{"first_day": "2026-08-14", "last_day": "2026-08-01"}]


@pytest.mark.parametrize(
    ("collection", "body", "field"),
    [
        ("locations", {**WARSAW, "id": "x", "time_zone": "Europe/Atlantis"}, "time_zone"),
        ("locations", {**WARSAW, "id": "x", "opening_hours": BACKWARDS_HOURS}, "opening_hours.mon.0.end"),
        ("locations", {**WARSAW, "id": "Bad Id"}, "id"),
        ("services", _haircut_with(base_price={"amount": -100, "currency": "PLN"}), "variants.0.base_price"),
        ("services", _haircut_with(duration_minutes=0), "variants.0.duration_minutes"),
        ("services", {**HAIRCUT, "location_ids": ["paris"]}, "location_ids.0"),
        (
            "services",
            _haircut_with(base_price={"amount": 100, "currency": "EUR"}),
            "variants.0.base_price.currency",
        ),
        ("staff", {**ANNA, "time_off": BACKWARDS_TIME_OFF}, "time_off.0.last_day"),
        ("staff", {**ANNA, "weekly_hours": {"paris": {}}}, "weekly_hours.paris"),
        ("resources", {**ROOM, "location_id": "paris"}, "location_id"),
        ("resources", {**ROOM, "surprise": True}, "surprise"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(owner, collection, body, field):
    before = owner.get(f"{BASE}/{collection}").json()
    answer = owner.post(f"{BASE}/{collection}", body=body)
    assert answer.status == 422, answer.body
    assert answer.json()["error"]["field"] == field
    assert owner.get(f"{BASE}/{collection}").json() == before


def test_a_body_that_is_not_json_is_422(owner):
    answer = owner.post(f"{BASE}/resources", body="{not json")
    assert answer.status == 422


@pytest.mark.parametrize(("collection", "body", "change"), KINDS)
def test_creating_a_taken_id_is_409_and_keeps_the_first(owner, collection, body, change):
    if collection != "locations":
        assert owner.post(f"{BASE}/{collection}", body=body).status == 201
    second = owner.post(f"{BASE}/{collection}", body={**body, **change})
    assert second.status == 409
    assert second.json()["error"]["code"] == "already_exists"
    assert "choose another id" in second.json()["error"]["next_step"]
    stored = owner.get(f"{BASE}/{collection}/{body['id']}").json()
    assert stored["version"] == 1
    assert all(stored.get(name) != value for name, value in change.items())


def test_a_stale_replacement_is_409_reload_and_retry(owner):
    # Given two admins read the location at version 1 and the first one saves
    assert owner.put(f"{BASE}/locations/warsaw", body={**WARSAW, "name": "First", "version": 1}).status == 200
    # When the second saves with the version it read
    answer = owner.put(f"{BASE}/locations/warsaw", body={**WARSAW, "name": "Second", "version": 1})
    # Then it is told to reload, and the first change stands
    assert answer.status == 409
    assert answer.json()["error"]["code"] == "stale_version"
    assert "reload" in answer.json()["error"]["next_step"]
    assert owner.get(f"{BASE}/locations/warsaw").json()["name"] == "First"


def test_a_delete_at_a_stale_version_is_409(owner):
    answer = owner.delete(f"{BASE}/locations/warsaw", query={"version": "7"})
    assert answer.status == 409
    assert answer.json()["error"]["current_version"] == 1
    assert owner.get(f"{BASE}/locations/warsaw").status == 200


def test_replacing_with_another_id_is_422(owner):
    answer = owner.put(f"{BASE}/locations/warsaw", body={**WARSAW, "id": "krakow", "version": 1})
    assert answer.status == 422
    assert answer.json()["error"]["field"] == "id"


def test_a_location_in_use_cannot_be_deleted(owner):
    # Given a service and a resource at Warsaw
    assert owner.post(f"{BASE}/services", body=HAIRCUT).status == 201
    assert owner.post(f"{BASE}/resources", body=ROOM).status == 201
    # When Warsaw is deleted
    answer = owner.delete(f"{BASE}/locations/warsaw")
    # Then it is refused with what still uses it, and nothing changed
    assert answer.status == 409
    assert answer.json()["error"]["referenced_by"] == ["service 'haircut'", "resource 'room-1'"]
    assert owner.get(f"{BASE}/locations/warsaw").status == 200
    # And once they are gone, it can be deleted
    assert owner.delete(f"{BASE}/services/haircut").status == 204
    assert owner.delete(f"{BASE}/resources/room-1").status == 204
    assert owner.delete(f"{BASE}/locations/warsaw").status == 204


def test_changing_a_location_currency_under_its_services_is_422(owner):
    assert owner.post(f"{BASE}/services", body=HAIRCUT).status == 201
    answer = owner.put(f"{BASE}/locations/warsaw", body={**WARSAW, "currency": "EUR", "version": 1})
    assert answer.status == 422
    assert answer.json()["error"]["field"] == "currency"
    assert owner.get(f"{BASE}/locations/warsaw").json()["currency"] == "PLN"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{BASE}/locations/paris"),
        ("GET", f"{BASE}/services/nothing"),
        ("GET", f"{BASE}/staff/nobody"),
        ("GET", f"{BASE}/resources/nothing"),
        ("DELETE", f"{BASE}/services/nothing"),
    ],
)
def test_unknown_ids_are_404(owner, method, path):
    answer = owner.request(method, path)
    assert answer.status == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_replacing_an_unknown_entry_is_404(owner):
    answer = owner.put(f"{BASE}/resources/ghost", body={**ROOM, "id": "ghost", "version": 3})
    assert answer.status == 404


def test_a_salon_that_does_not_exist_yet_is_404_until_its_profile_is_created(aws):
    newcomer = ApiClient("admin_api", claims=staff_claims("newcomer", "owner"))
    assert newcomer.get("/admin/salons/newcomer").status == 404
    assert newcomer.post("/admin/salons/newcomer/locations", body=WARSAW).status == 404
    created = newcomer.put("/admin/salons/newcomer", body={"id": "newcomer", "name": "New", "version": 0})
    assert created.status == 200
    assert newcomer.post("/admin/salons/newcomer/locations", body=WARSAW).status == 201
