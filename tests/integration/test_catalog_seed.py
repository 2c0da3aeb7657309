"""The demo salon seed: what it holds, that its data is coherent, and that running it again is harmless."""

import pytest

from infra.demo.seed import SALON_ID, seed_demo_salon
from parlour.catalog import editing
from parlour.catalog.models import LocationReplacement
from parlour.store.catalog import load_catalog


@pytest.fixture
def demo(aws):
    seed_demo_salon()
    return load_catalog(SALON_ID)


def test_the_demo_salon_has_two_zones_six_specialists_fifteen_services_three_resources(demo):
    assert demo.salon.name == "Parlour Demo Studio"
    assert {(loc.time_zone, loc.currency, loc.tax_region) for loc in demo.locations.values()} == {
        ("Europe/Warsaw", "PLN", "PL"),
        ("America/New_York", "USD", "US-NY"),
    }
    assert len(demo.staff) == 6
    assert any(len(member.weekly_hours) == 2 for member in demo.staff.values())
    assert len({tuple(sorted(member.skills)) for member in demo.staff.values()}) == 6
    assert len(demo.services) == 15
    assert {service.category for service in demo.services.values()} >= {
        "Hair",
        "Nails",
        "Brows & lashes",
        "Skin",
    }
    assert sorted(resource.kind for resource in demo.resources.values()) == [
        "laser",
        "pedicure-chair",
        "treatment-room",
    ]


def test_every_variant_can_be_performed_where_it_is_offered(demo):
    # Someone with the skill works there, and the resources it needs stand there
    for service in demo.services.values():
        for location_id in demo.service_location_ids(service):
            skills_there = {skill for member in demo.staff_at(location_id) for skill in member.skills}
            kinds_there = {resource.kind for resource in demo.resources_at(location_id)}
            for variant in service.variants:
                assert variant.required_skill in skills_there, (service.id, variant.id, location_id)
                assert set(variant.required_resource_kinds) <= kinds_there, (service.id, variant.id)


def test_seeding_again_changes_nothing(demo):
    seed_demo_salon()
    assert load_catalog(SALON_ID) == demo


def test_seeding_again_completes_a_partial_seed_and_keeps_admin_edits(demo):
    # Given an interrupted seed (entries missing) and an admin who renamed a location
    editing.delete_service(SALON_ID, "pedicure")
    editing.delete_resource(SALON_ID, "pedicure-chair")
    warsaw = demo.location("warsaw")
    renamed = LocationReplacement.model_validate(
        {**warsaw.model_dump(exclude={"salon_id"}), "name": "Renamed"}
    )
    editing.replace_location(SALON_ID, "warsaw", renamed)
    # When the seed runs again
    seed_demo_salon()
    # Then the missing entries are back and the edit stands
    catalog = load_catalog(SALON_ID)
    assert catalog.services.keys() == demo.services.keys()
    assert catalog.resources.keys() == demo.resources.keys()
    assert catalog.location("warsaw").name == "Renamed"
