"""Who may read and change a salon's catalog: sign-in, tenants and roles, through the admin handler."""

import pytest

from tests.builders import warsaw_location
from tests.events import ApiClient, staff_claims

SALON, OTHER = "studio", "rival"
ROOM = {"id": "room-1", "name": "Room", "kind": "treatment-room", "location_id": "warsaw"}
WARSAW = warsaw_location()
ANNA = {"id": "anna", "name": "Anna", "weekly_hours": {"warsaw": {}}}


def _as(role: str, salon: str = SALON, **claims) -> ApiClient:
    return ApiClient("admin_api", claims=staff_claims(salon, role, **claims))


@pytest.fixture
def salons(aws) -> None:
    """Two salons, each with a profile, the Warsaw location and a room."""
    for salon in (SALON, OTHER):
        owner = _as("owner", salon)
        assert (
            owner.put(f"/admin/salons/{salon}", body={"id": salon, "name": salon, "version": 0}).status == 200
        )
        assert owner.post(f"/admin/salons/{salon}/locations", body=WARSAW).status == 201
        assert owner.post(f"/admin/salons/{salon}/resources", body=ROOM).status == 201


@pytest.mark.parametrize(
    "claims",
    [
        None,  # no authorizer context at all
        {},  # an authorizer without claims
        {"sub": "someone"},  # a token that is not a salon staff account
        {"sub": "someone", "custom:salon_id": SALON, "custom:role": "janitor"},  # an unknown role
    ],
)
def test_without_staff_claims_the_answer_is_401(salons, claims):
    answer = ApiClient("admin_api", claims=claims).get(f"/admin/salons/{SALON}/resources")
    assert answer.status == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    assert "room-1" not in answer.body


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/admin/salons/{OTHER}", None),
        ("GET", f"/admin/salons/{OTHER}/resources", None),
        ("GET", f"/admin/salons/{OTHER}/resources/room-1", None),
        ("POST", f"/admin/salons/{OTHER}/resources", {**ROOM, "id": "planted"}),
        ("PUT", f"/admin/salons/{OTHER}/resources/room-1", {**ROOM, "name": "Mine now", "version": 1}),
        ("DELETE", f"/admin/salons/{OTHER}/resources/room-1", None),
        ("GET", "/admin/salons/nonexistent/resources", None),
    ],
)
def test_another_salon_is_403_and_shows_or_changes_nothing(salons, method, path, body):
    # Given the owner of one salon
    # When they reach for another salon's catalog
    answer = _as("owner").request(method, path, body=body)
    # Then they are refused without any of its data, and the other salon is unchanged
    assert answer.status == 403
    assert answer.json()["error"]["code"] == "forbidden"
    assert "Room" not in answer.body
    rooms = _as("owner", OTHER).get(f"/admin/salons/{OTHER}/resources").json()
    assert [(room["id"], room["name"], room["version"]) for room in rooms] == [("room-1", "Room", 1)]


@pytest.mark.parametrize("role", ["owner", "manager", "reception", "specialist"])
def test_every_role_reads_its_own_salon(salons, role):
    answer = _as(role, staff_id="anna").get(f"/admin/salons/{SALON}/resources")
    assert answer.status == 200
    assert [room["id"] for room in answer.json()] == ["room-1"]


@pytest.mark.parametrize(
    ("role", "allowed"), [("owner", True), ("manager", True), ("reception", False), ("specialist", False)]
)
def test_only_owners_and_managers_change_the_catalog(salons, role, allowed):
    api = _as(role)
    changes = [
        api.post(f"/admin/salons/{SALON}/resources", body={**ROOM, "id": f"room-by-{role}"}),
        api.post(f"/admin/salons/{SALON}/staff", body={**ANNA, "id": f"anna-by-{role}"}),
        api.put(f"/admin/salons/{SALON}/locations/warsaw", body={**WARSAW, "name": role, "version": 1}),
    ]
    assert [answer.status for answer in changes] == ([201, 201, 200] if allowed else [403, 403, 403])
    stored = {room["id"] for room in _as("owner").get(f"/admin/salons/{SALON}/resources").json()}
    assert (f"room-by-{role}" in stored) is allowed


def test_a_refused_role_is_told_which_right_it_lacks(salons):
    answer = _as("reception").delete(f"/admin/salons/{SALON}/resources/room-1")
    assert answer.status == 403
    assert "reception role may not edit catalog" in answer.json()["error"]["message"]
    assert _as("owner").get(f"/admin/salons/{SALON}/resources/room-1").status == 200
