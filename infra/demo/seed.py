"""The demo salon `demo`, written through the catalog's own functions so every rule applies.

Idempotent: entries that already exist are left as they are (an admin may have edited them), and
missing ones are created, so a seed interrupted halfway completes on the next run.

    TABLE_NAME=... AWS_ENDPOINT_URL=http://127.0.0.1:PORT python -m infra.demo.seed
"""

from collections.abc import Callable, Iterable
from typing import Any

from parlour.catalog import editing
from parlour.catalog.models import (
    BookingPolicy,
    LocationInput,
    ResourceInput,
    SalonInput,
    ServiceInput,
    StaffInput,
    TimeRange,
    Variant,
    WeeklyHours,
)
from parlour.errors import NotFound
from parlour.money import Money
from parlour.store.catalog import load_catalog

SALON_ID = "demo"
WARSAW = "warsaw"
NEW_YORK = "new-york"

Day = tuple[str, str]  # ("09:00", "17:00")


def _hours(**days: Day | list[Day]) -> WeeklyHours:
    """_hours(mon=("09:00", "17:00"), sat=[("09:00", "12:00"), ("13:00", "15:00")])"""
    spans = {day: value if isinstance(value, list) else [value] for day, value in days.items()}
    return WeeklyHours.model_validate(
        {
            day: [TimeRange.model_validate({"start": s, "end": e}) for s, e in ranges]
            for day, ranges in spans.items()
        }
    )


def _every(days: str, span: Day) -> dict[str, Day]:
    return {day: span for day in days.split()}


SALON = SalonInput(
    id=SALON_ID,
    name="Parlour Demo Studio",
    default_currency="PLN",
    policy=BookingPolicy(
        slot_step_minutes=15, min_notice_minutes=120, cancel_window_hours=24, hold_minutes=15
    ),
)

LOCATIONS = [
    LocationInput(
        id=WARSAW,
        name="Parlour Warsaw Mokotów",
        time_zone="Europe/Warsaw",
        currency="PLN",
        tax_region="PL",
        address="ul. Puławska 12, 02-512 Warszawa, Poland",
        opening_hours=_hours(**_every("mon tue wed thu fri", ("09:00", "20:00")), sat=("09:00", "16:00")),
    ),
    LocationInput(
        id=NEW_YORK,
        name="Parlour New York SoHo",
        time_zone="America/New_York",
        currency="USD",
        tax_region="US-NY",
        address="120 Prince St, New York, NY 10012, USA",
        opening_hours=_hours(**_every("tue wed thu fri sat", ("10:00", "19:00")), sun=("11:00", "17:00")),
    ),
]

RESOURCES = [
    ResourceInput(id="treatment-room", name="Treatment room", kind="treatment-room", location_id=WARSAW),
    ResourceInput(id="pedicure-chair", name="Pedicure chair", kind="pedicure-chair", location_id=WARSAW),
    ResourceInput(id="laser-device", name="Diode laser", kind="laser", location_id=NEW_YORK),
]

_LUNCH = ("13:00", "13:30")
STAFF = [
    StaffInput(
        id="anna",
        name="Anna Kowalska",
        skills=["hair-cut", "hair-colour"],
        weekly_hours={WARSAW: _hours(**_every("mon tue wed thu fri", ("09:00", "17:00")))},
        breaks={WARSAW: _hours(**_every("mon tue wed thu fri", _LUNCH))},
    ),
    StaffInput(
        id="marek",
        name="Marek Nowak",
        skills=["hair-cut", "barbering"],
        weekly_hours={
            WARSAW: _hours(**_every("tue wed thu fri", ("12:00", "20:00")), sat=("09:00", "16:00"))
        },
    ),
    StaffInput(
        id="zofia",
        name="Zofia Wiśniewska",
        skills=["nails", "brows", "lashes"],
        weekly_hours={
            WARSAW: _hours(**_every("mon tue wed", ("10:00", "18:00"))),
            NEW_YORK: _hours(**_every("fri sat", ("10:00", "18:00"))),
        },
    ),
    StaffInput(
        id="maya",
        name="Maya Johnson",
        skills=["skin", "laser", "brows"],
        weekly_hours={NEW_YORK: _hours(**_every("tue wed thu fri sat", ("10:00", "19:00")))},
        breaks={NEW_YORK: _hours(**_every("tue wed thu fri sat", ("14:00", "14:45")))},
    ),
    StaffInput(
        id="diego",
        name="Diego Ramirez",
        skills=["massage", "skin"],
        weekly_hours={
            NEW_YORK: _hours(**_every("tue wed thu", ("11:00", "19:00")), sun=("11:00", "17:00")),
            WARSAW: _hours(sat=("09:00", "15:00")),
        },
    ),
    StaffInput(
        id="lena",
        name="Lena Fischer",
        skills=["nails", "pedicure", "massage"],
        weekly_hours={
            WARSAW: _hours(**_every("thu fri", ("09:00", "17:00")), sat=("09:00", "16:00")),
            NEW_YORK: _hours(sun=("11:00", "17:00")),
        },
    ),
]


def _variant(variant_id: str, name: str, minutes: int, price: Money, **more: Any) -> Variant:
    return Variant(id=variant_id, name=name, duration_minutes=minutes, base_price=price, **more)


def _pln(zloty: int) -> Money:
    return Money(amount=zloty * 100, currency="PLN")


def _usd(dollars: int) -> Money:
    return Money(amount=dollars * 100, currency="USD")


def _service(
    service_id: str, name: str, category: str, location_id: str, description: str, **more: Any
) -> ServiceInput:
    return ServiceInput(
        id=service_id,
        name=name,
        category=category,
        location_ids=[location_id],
        description=description,
        **more,
    )


_HAIR, _NAILS, _BROWS, _SKIN, _MASSAGE = "Hair", "Nails", "Brows & lashes", "Skin", "Massage"
SERVICES = [
    _service(
        "womens-haircut",
        "Women's haircut",
        _HAIR,
        WARSAW,
        "Wash, cut and blow-dry.",
        variants=[
            _variant("short", "Short hair", 45, _pln(150), required_skill="hair-cut"),
            _variant("long", "Long hair", 60, _pln(190), required_skill="hair-cut"),
        ],
    ),
    _service(
        "mens-haircut",
        "Men's haircut",
        _HAIR,
        WARSAW,
        "Clipper or scissor cut, finished with styling.",
        variants=[
            _variant("classic", "Classic cut", 30, _pln(90), required_skill="barbering"),
            _variant("cut-and-beard", "Cut and beard trim", 45, _pln(120), required_skill="barbering"),
        ],
    ),
    _service(
        "hair-colouring",
        "Hair colouring",
        _HAIR,
        WARSAW,
        "Colour from roots to full balayage.",
        variants=[
            _variant("roots", "Roots", 90, _pln(280), required_skill="hair-colour", buffer_after_minutes=10),
            _variant(
                "full", "Full colour", 150, _pln(420), required_skill="hair-colour", buffer_after_minutes=10
            ),
            # Balayage needs a consultation first, so it is booked by phone or at the desk.
            _variant(
                "balayage", "Balayage", 210, _pln(650), required_skill="hair-colour", online_bookable=False
            ),
        ],
    ),
    _service(
        "manicure",
        "Manicure",
        _NAILS,
        WARSAW,
        "Nail shaping, cuticle care and polish.",
        variants=[
            _variant("classic", "Classic", 45, _pln(90), required_skill="nails"),
            _variant("hybrid", "Hybrid polish", 60, _pln(120), required_skill="nails"),
        ],
    ),
    _service(
        "pedicure",
        "Pedicure",
        _NAILS,
        WARSAW,
        "Foot soak, exfoliation, nail care and polish.",
        variants=[
            _variant(
                "classic",
                "Classic",
                60,
                _pln(130),
                required_skill="pedicure",
                required_resource_kinds=["pedicure-chair"],
                buffer_after_minutes=10,
            ),
            _variant(
                "spa",
                "Spa pedicure",
                75,
                _pln(160),
                required_skill="pedicure",
                required_resource_kinds=["pedicure-chair"],
                buffer_after_minutes=10,
            ),
        ],
    ),
    _service(
        "brow-shaping",
        "Brow shaping",
        _BROWS,
        WARSAW,
        "Wax or thread shaping, with optional tint.",
        variants=[
            _variant("shape", "Shape", 30, _pln(70), required_skill="brows"),
            _variant("shape-and-tint", "Shape and tint", 45, _pln(90), required_skill="brows"),
        ],
    ),
    _service(
        "lash-lift",
        "Lash lift",
        _BROWS,
        WARSAW,
        "A lift that lasts six to eight weeks.",
        variants=[
            _variant("lift", "Lift", 60, _pln(180), required_skill="lashes"),
            _variant("lift-and-tint", "Lift and tint", 75, _pln(210), required_skill="lashes"),
        ],
    ),
    _service(
        "classic-facial",
        "Classic facial",
        _SKIN,
        WARSAW,
        "Cleansing, exfoliation, mask and massage.",
        variants=[
            _variant(
                "facial",
                "Facial",
                60,
                _pln(220),
                required_skill="skin",
                required_resource_kinds=["treatment-room"],
                buffer_after_minutes=15,
            ),
        ],
    ),
    _service(
        "relaxing-massage",
        "Relaxing massage",
        _MASSAGE,
        WARSAW,
        "Full-body massage with warm oils.",
        variants=[
            _variant(
                "60",
                "60 minutes",
                60,
                _pln(200),
                required_skill="massage",
                required_resource_kinds=["treatment-room"],
                buffer_after_minutes=15,
            ),
            _variant(
                "90",
                "90 minutes",
                90,
                _pln(280),
                required_skill="massage",
                required_resource_kinds=["treatment-room"],
                buffer_after_minutes=15,
            ),
        ],
    ),
    _service(
        "bridal-hair",
        "Bridal hair and make-up",
        _HAIR,
        WARSAW,
        "A trial and the big day; arranged by phone.",
        online_bookable=False,
        variants=[_variant("full-day", "Trial and wedding day", 240, _pln(1500), required_skill="hair-cut")],
    ),
    _service(
        "gel-manicure",
        "Gel manicure",
        _NAILS,
        NEW_YORK,
        "Long-wear gel polish, cured under LED.",
        variants=[
            _variant("gel", "Gel", 45, _usd(55), required_skill="nails"),
            _variant("gel-with-art", "Gel with nail art", 60, _usd(70), required_skill="nails"),
        ],
    ),
    _service(
        "brow-lamination",
        "Brow lamination",
        _BROWS,
        NEW_YORK,
        "Brushed-up, fuller brows for weeks.",
        variants=[_variant("lamination", "Lamination", 45, _usd(85), required_skill="brows")],
    ),
    _service(
        "hydrafacial",
        "HydraFacial",
        _SKIN,
        NEW_YORK,
        "Cleanse, extract and hydrate in one treatment.",
        variants=[
            _variant("express", "Express", 30, _usd(120), required_skill="skin", buffer_after_minutes=10),
            _variant("signature", "Signature", 60, _usd(199), required_skill="skin", buffer_after_minutes=10),
        ],
    ),
    _service(
        "laser-hair-removal",
        "Laser hair removal",
        _SKIN,
        NEW_YORK,
        "Diode laser; a patch test comes first.",
        variants=[
            _variant(
                "small-area",
                "Small area",
                20,
                _usd(90),
                required_skill="laser",
                required_resource_kinds=["laser"],
                buffer_after_minutes=10,
            ),
            _variant(
                "full-legs",
                "Full legs",
                60,
                _usd(290),
                required_skill="laser",
                required_resource_kinds=["laser"],
                buffer_after_minutes=10,
            ),
        ],
    ),
    _service(
        "deep-tissue-massage",
        "Deep tissue massage",
        _MASSAGE,
        NEW_YORK,
        "Firm pressure for tight muscles.",
        variants=[
            _variant("60", "60 minutes", 60, _usd(130), required_skill="massage", buffer_after_minutes=15),
            _variant("90", "90 minutes", 90, _usd(180), required_skill="massage", buffer_after_minutes=15),
        ],
    ),
]


def _create_missing(existing: Iterable[str], drafts: list[Any], create: Callable[[str, Any], Any]) -> None:
    known = set(existing)
    for draft in drafts:
        if draft.id not in known:
            create(SALON_ID, draft)


def seed_demo_salon() -> None:
    """Create whatever part of the demo salon is missing (locations before what refers to them)."""
    try:
        catalog = load_catalog(SALON_ID, consistent=True)
    except NotFound:
        editing.create_salon(SALON)
        catalog = load_catalog(SALON_ID, consistent=True)
    _create_missing(catalog.locations, LOCATIONS, editing.create_location)
    _create_missing(catalog.resources, RESOURCES, editing.create_resource)
    _create_missing(catalog.staff, STAFF, editing.create_staff_member)
    _create_missing(catalog.services, SERVICES, editing.create_service)


if __name__ == "__main__":
    seed_demo_salon()
    print(f"demo salon {SALON_ID!r} is seeded")
