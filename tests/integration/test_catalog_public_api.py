"""The public catalog routes over the demo salon, through the real handler on moto, without sign-in."""

import os

import boto3
import pytest
from moto import mock_aws

from infra import template
from infra.demo.seed import seed_demo_salon
from parlour.store import table as store_table
from tests.events import ApiClient
from tests.integration.conftest import TABLE_NAME

PUBLIC = ApiClient("public_api")


@pytest.fixture(scope="module")
def demo():
    """The demo salon in moto, seeded once for the module (the `aws` fixture, module-wide): these tests only
    read, and seeding through the catalog's checked writes takes seconds."""
    os.environ["TABLE_NAME"] = TABLE_NAME
    with mock_aws():
        store_table.reset_cache()
        template.create_tables(boto3.client("dynamodb"), template.load(), {"Table": TABLE_NAME})
        seed_demo_salon()
        yield
    store_table.reset_cache()


def test_the_salon_shows_its_name_policy_and_locations_with_hours(demo):
    answer = PUBLIC.get("/public/salons/demo")
    assert answer.status == 200
    salon = answer.json()
    assert salon["name"] == "Parlour Demo Studio"
    assert salon["policy"]["cancel_window_hours"] == 24
    zones = {location["id"]: location["time_zone"] for location in salon["locations"]}
    assert zones == {"warsaw": "Europe/Warsaw", "new-york": "America/New_York"}
    warsaw = next(location for location in salon["locations"] if location["id"] == "warsaw")
    assert warsaw["opening_hours"]["mon"] == [{"start": "09:00:00", "end": "20:00:00"}]
    assert warsaw["opening_hours"]["sun"] == []


def test_services_are_those_bookable_online_with_their_category(demo):
    services = PUBLIC.get("/public/salons/demo/services").json()
    ids = [service["id"] for service in services["services"]]
    assert len(ids) == 14  # of fifteen: bridal hair is arranged by phone
    assert "bridal-hair" not in ids
    assert services["categories"] == ["Brows & lashes", "Hair", "Massage", "Nails", "Skin"]
    colouring = next(service for service in services["services"] if service["id"] == "hair-colouring")
    assert [variant["id"] for variant in colouring["variants"]] == ["roots", "full"]  # balayage is offline
    assert "base_price" not in str(services)


def test_services_can_be_listed_for_one_location(demo):
    answer = PUBLIC.get("/public/salons/demo/services", query={"location_id": "new-york"})
    assert answer.status == 200
    assert all(service["location_ids"] == ["new-york"] for service in answer.json()["services"])
    assert len(answer.json()["services"]) == 5
    assert PUBLIC.get("/public/salons/demo/services", query={"location_id": "paris"}).status == 404


def test_one_service_by_id(demo):
    answer = PUBLIC.get("/public/salons/demo/services/laser-hair-removal")
    assert answer.status == 200
    assert answer.json()["variants"][0] == {"id": "small-area", "name": "Small area", "duration_minutes": 20}
    assert PUBLIC.get("/public/salons/demo/services/bridal-hair").status == 404
    assert PUBLIC.get("/public/salons/demo/services/no-such-thing").status == 404


def test_staff_show_only_public_fields(demo):
    staff = PUBLIC.get("/public/salons/demo/staff").json()
    assert len(staff) == 6
    assert all(set(member) == {"id", "name", "skills", "location_ids"} for member in staff)
    zofia = next(member for member in staff if member["id"] == "zofia")
    assert zofia["location_ids"] == ["new-york", "warsaw"]
    in_new_york = PUBLIC.get("/public/salons/demo/staff", query={"location_id": "new-york"}).json()
    assert {member["id"] for member in in_new_york} == {"zofia", "maya", "diego", "lena"}


def test_locations_are_listed(demo):
    locations = PUBLIC.get("/public/salons/demo/locations").json()
    assert [(location["id"], location["currency"]) for location in locations] == [
        ("new-york", "USD"),
        ("warsaw", "PLN"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/public/salons/nowhere",
        "/public/salons/nowhere/services",
        "/public/salons/nowhere/services/cut",
        "/public/salons/nowhere/staff",
        "/public/salons/nowhere/locations",
    ],
)
def test_an_unknown_salon_is_404(demo, path):
    answer = PUBLIC.get(path)
    assert answer.status == 404
    assert answer.json()["error"] == {"code": "not_found", "message": "no salon 'nowhere'"}
