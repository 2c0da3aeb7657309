"""Catalog data access on moto: one-query loads, faithful round trips, revision-guarded writes."""

from datetime import date, time

import pytest

from parlour.catalog import editing
from parlour.catalog.models import (
    LocationInput,
    Salon,
    SalonInput,
    Service,
    ServiceInput,
    StaffException,
    StaffInput,
    TimeOff,
    TimeRange,
    Variant,
    WeeklyHours,
)
from parlour.errors import InvalidInput, NotFound
from parlour.money import Money
from parlour.store import catalog as store
from parlour.store.table import table

SALON = "studio"
WARSAW = LocationInput(
    id="warsaw",
    name="Warsaw",
    time_zone="Europe/Warsaw",
    currency="PLN",
    tax_region="PL",
    opening_hours=WeeklyHours(mon=[TimeRange(start=time(9), end=time(17))]),
    closed_dates=[date(2026, 12, 25)],
)


def _service(
    service_id: str, *, location_ids: list[str], variants: int = 1, description: str = ""
) -> ServiceInput:
    return ServiceInput(
        id=service_id,
        name=service_id,
        category="Hair",
        description=description,
        location_ids=location_ids,
        variants=[
            Variant(
                id=f"v{number}",
                name=f"Variant {number} " + "x" * 100,
                duration_minutes=30,
                base_price=Money(amount=100 * number, currency="PLN"),
            )
            for number in range(variants)
        ],
    )


@pytest.fixture
def salon(aws) -> None:
    editing.create_salon(SalonInput(id=SALON, name="Studio", default_currency="PLN"))
    editing.create_location(SALON, WARSAW)


def test_an_unknown_salon_is_not_found(aws):
    with pytest.raises(NotFound, match="no salon 'ghost'"):
        store.load_catalog("ghost")


def test_entries_come_back_exactly_as_stored(salon):
    # Given a staff member with hours, breaks, an exception on the DST change day and time off
    anna = editing.create_staff_member(
        SALON,
        StaffInput(
            id="anna",
            name="Anna",
            skills=["hair-cut"],
            weekly_hours={"warsaw": WeeklyHours(sun=[TimeRange(start=time(1, 30), end=time(4))])},
            breaks={"warsaw": WeeklyHours(sun=[TimeRange(start=time(2), end=time(2, 30))])},
            exceptions=[StaffException(date=date(2026, 3, 29), location_id="warsaw")],
            time_off=[TimeOff(first_day=date(2026, 8, 1), last_day=date(2026, 8, 14), reason="holiday")],
        ),
    )
    service = editing.create_service(SALON, _service("cut", location_ids=["warsaw"], variants=2))
    # When the catalog is loaded
    catalog = store.load_catalog(SALON)
    # Then every entry equals what was written, wall times included
    assert catalog.staff_member("anna") == anna
    assert catalog.service("cut") == service
    assert catalog.location("warsaw").closed_dates == [date(2026, 12, 25)]
    assert catalog.salon == Salon(id=SALON, name="Studio", default_currency="PLN", version=1)


def test_a_write_checked_against_an_old_revision_is_refused_and_stores_nothing(salon):
    # Given a writer that checked its service against the catalog with Warsaw in it
    checked = store.load_catalog(SALON, consistent=True)
    service = Service.model_validate(
        {**_service("cut", location_ids=["warsaw"]).model_dump(), "salon_id": SALON}
    )
    # When another admin deletes Warsaw before the write lands
    editing.delete_location(SALON, "warsaw")
    # Then the write fails instead of storing a service at a missing location
    with pytest.raises(store.CatalogChanged):
        store.save_entry(
            service.model_copy(update={"version": 1}), expected_version=0, catalog_revision=checked.revision
        )
    assert store.load_catalog(SALON).services == {}
    # And the domain's retry re-checks and names the missing location
    with pytest.raises(InvalidInput) as problem:
        editing.create_service(SALON, _service("cut", location_ids=["warsaw"]))
    assert problem.value.field == "location_ids.0"


def test_every_catalog_write_moves_the_revision_once(salon):
    before = store.load_catalog(SALON).revision
    editing.create_service(SALON, _service("cut", location_ids=["warsaw"]))
    editing.delete_service(SALON, "cut")
    assert store.load_catalog(SALON).revision == before + 2


def test_an_entry_at_another_version_is_not_overwritten(salon):
    catalog = store.load_catalog(SALON, consistent=True)
    stored = catalog.location("warsaw")
    with pytest.raises(store.CatalogChanged):
        store.save_entry(
            stored.model_copy(update={"name": "Overwritten", "version": 5}),
            expected_version=4,
            catalog_revision=catalog.revision,
        )
    assert store.load_catalog(SALON).location("warsaw").name == "Warsaw"


def test_a_catalog_over_one_megabyte_loads_completely(salon):
    # Given forty services of about 30 KB each (DynamoDB answers a query in pages of at most 1 MB), written
    # as plain items in one batch: checked writes against a growing catalog take minutes on moto
    with table().batch_writer() as batch:
        for number in range(40):
            draft = _service(
                f"service-{number}", location_ids=["warsaw"], variants=100, description="d" * 2000
            )
            batch.put_item(
                Item=store.entry_item(Service.model_validate({**draft.model_dump(), "salon_id": SALON}))
            )
    # When the catalog is loaded, every service is there
    assert len(store.load_catalog(SALON).services) == 40


def test_items_read_back_as_entries_and_other_items_are_not_catalog(salon):
    location = store.load_catalog(SALON).location("warsaw")
    assert store.entry_from_item(store.entry_item(location)) == location
    assert store.entry_from_item({"pk": f"SALON#{SALON}#LEDGER#STAFF#anna", "sk": "DAY#2026-03-29"}) is None
    assert store.entry_from_item({"pk": f"SALON#{SALON}", "sk": "PRICELIST#warsaw#general"}) is None
