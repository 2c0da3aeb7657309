"""Over HTTP on the local stack: an admin builds a catalog, and the public catalog shows it."""

import uuid

import pytest
import requests

from tests.builders import warsaw_location

pytestmark = pytest.mark.e2e

TIMEOUT = 30
WARSAW = warsaw_location(opening_hours={"tue": [{"start": "09:00", "end": "17:00"}]})
MANICURE = {
    "id": "manicure",
    "name": "Manicure",
    "category": "Nails",
    "description": "Shape, cuticles and polish.",
    "location_ids": ["warsaw"],
    "variants": [
        {
            "id": "classic",
            "name": "Classic",
            "duration_minutes": 45,
            "base_price": {"amount": 9000, "currency": "PLN"},
        }
    ],
}


def test_admin_creates_a_service_and_the_public_catalog_shows_it(local_stack):
    salon_id = f"e2e-{uuid.uuid4().hex[:8]}"
    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {local_stack.admin_token(salon_id, 'owner')}"
    base = f"{local_stack.url}/admin/salons/{salon_id}"
    public = f"{local_stack.url}/public/salons/{salon_id}"

    # Given a salon that nobody has set up yet: the public sees nothing
    assert requests.get(f"{public}/services", timeout=TIMEOUT).status_code == 404
    # When its owner creates the profile, a location and a service
    profile = {"id": salon_id, "name": "E2E Nails", "default_currency": "PLN", "version": 0}
    assert admin.put(base, json=profile, timeout=TIMEOUT).status_code == 200
    assert admin.post(f"{base}/locations", json=WARSAW, timeout=TIMEOUT).status_code == 201
    created = admin.post(f"{base}/services", json=MANICURE, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    # Then the public catalog shows the service, with no price and no internal fields
    services = requests.get(f"{public}/services", timeout=TIMEOUT)
    assert services.status_code == 200
    assert services.json()["categories"] == ["Nails"]
    [shown] = services.json()["services"]
    assert shown == {
        "id": "manicure",
        "name": "Manicure",
        "category": "Nails",
        "description": "Shape, cuticles and polish.",
        "location_ids": ["warsaw"],
        "variants": [{"id": "classic", "name": "Classic", "duration_minutes": 45}],
    }
    salon = requests.get(public, timeout=TIMEOUT).json()
    assert [location["id"] for location in salon["locations"]] == ["warsaw"]

    # When the owner takes the service offline, the public no longer sees it
    offline = {**MANICURE, "online_bookable": False, "version": created.json()["version"]}
    assert admin.put(f"{base}/services/manicure", json=offline, timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{public}/services/manicure", timeout=TIMEOUT).status_code == 404


def test_the_admin_api_needs_a_token_and_keeps_tenants_apart(local_stack):
    salon_id = f"e2e-{uuid.uuid4().hex[:8]}"
    base = f"{local_stack.url}/admin/salons/{salon_id}"
    # Without a token the gateway answers 401 before the handler runs
    assert requests.get(f"{base}/services", timeout=TIMEOUT).status_code == 401
    # With another salon's token the handler answers 403
    other = {"Authorization": f"Bearer {local_stack.admin_token('someone-else', 'owner')}"}
    answer = requests.get(f"{base}/services", headers=other, timeout=TIMEOUT)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"


def test_the_demo_salon_is_seeded_on_first_start(seeded_stack):
    public = f"{seeded_stack.url}/public/salons/demo"
    salon = requests.get(public, timeout=TIMEOUT).json()
    assert salon["name"] == "Parlour Demo Studio"
    assert {location["time_zone"] for location in salon["locations"]} == {"Europe/Warsaw", "America/New_York"}
    assert len(requests.get(f"{public}/services", timeout=TIMEOUT).json()["services"]) == 14
    assert len(requests.get(f"{public}/staff", timeout=TIMEOUT).json()) == 6
