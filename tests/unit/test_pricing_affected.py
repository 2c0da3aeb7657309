"""Which price lists a change affects: by example, and as a property against rebuilding everything.

The property is the consumer's contract: every list whose content would change (or that must appear or
go) after a change is in lists_in_scope with the right action, so rebuilding only those is enough.
"""

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.catalog.models import Location
from parlour.pricing.affected import (
    Action,
    ListKey,
    Scope,
    all_lists,
    lists_in_scope,
    materialized_segments,
    scope_of_change,
)
from parlour.pricing.engine import build_price_list
from parlour.pricing.models import (
    AmountOff,
    PackageDeal,
    PercentOff,
    Promotion,
    SpecialPrice,
    TaxRule,
    VariantRef,
    Window,
)
from tests.unit.test_pricing import AT, SALON, make_location, make_service, money, vat

WARSAW = make_location(location_id="warsaw", tax_region="PL-MZ")
KRAKOW = make_location(location_id="krakow", tax_region="PL-MA")
BERLIN = make_location(location_id="berlin", tax_region="DE")
LOCATIONS = {location.id: location for location in (WARSAW, KRAKOW, BERLIN)}


def promotion(offer_id: str = "spring", **fields) -> Promotion:
    return Promotion(id=offer_id, name=offer_id.title(), discount=PercentOff(percent=Decimal(10)), **fields)


def actions(scope: Scope | None, offers=()) -> dict[str, Action]:
    assert scope is not None
    return {key.id: action for key, action in lists_in_scope(scope, LOCATIONS, list(offers))}


# ---- by example ----------------------------------------------------------------------------------


def test_a_base_price_change_rebuilds_every_segment_of_the_locations_offering_the_service():
    # Given a service offered in Warsaw only, and a VIP offer that gives Warsaw a second list
    old = make_service(price=10_000, location_ids=("warsaw",))
    new = make_service(price=12_000, location_ids=("warsaw",))
    vip = promotion(segments=["vip"])
    # When its price changes
    affected = actions(scope_of_change(SALON, old, new), [vip])
    # Then both Warsaw lists are rebuilt and no other location's
    assert affected == {f"{SALON}/warsaw/general": Action.build, f"{SALON}/warsaw/vip": Action.build}


def test_a_service_offered_everywhere_reaches_every_location():
    old, new = make_service(price=10_000), make_service(price=9_000)
    assert set(actions(scope_of_change(SALON, old, new))) == {
        f"{SALON}/{location}/general" for location in LOCATIONS
    }


def test_a_change_price_lists_do_not_show_affects_nothing():
    # Given a service whose description and buffers change, but not what a price list shows
    old = make_service()
    new = old.model_copy(
        update={
            "description": "Now with a head massage",
            "version": 7,
            "variants": [v.model_copy(update={"buffer_after_minutes": 15}) for v in old.variants],
        }
    )
    # Then no list is rebuilt; nor for a location renamed or re-zoned
    assert scope_of_change(SALON, old, new) is None
    renamed = WARSAW.model_copy(update={"name": "Warsaw Old Town", "time_zone": "Europe/Berlin"})
    assert scope_of_change(SALON, WARSAW, renamed) is None
    # But a variant renamed is shown, so it counts
    renamed_variant = old.model_copy(update={"variants": [old.variants[0].model_copy(update={"name": "X"})]})
    assert scope_of_change(SALON, old, renamed_variant) is not None


def test_a_regional_tax_rebuilds_only_the_locations_in_its_region():
    # Given a Mazovian tax rule whose rate changes
    old, new = vat("8", region="PL-MZ"), vat("5", region="PL-MZ")
    # Then Warsaw (PL-MZ) is rebuilt; Krakow (PL-MA) and Berlin are untouched
    assert actions(scope_of_change(SALON, old, new)) == {f"{SALON}/warsaw/general": Action.build}


def test_a_country_tax_reaches_every_region_of_the_country():
    assert set(actions(scope_of_change(SALON, None, vat("23", region="PL")))) == {
        f"{SALON}/warsaw/general",
        f"{SALON}/krakow/general",
    }


def test_a_tax_for_named_locations_rebuilds_those_before_and_after():
    old = vat("23", region="DE", location_ids=["berlin"])
    new = vat("23", region="DE", location_ids=["krakow"])
    assert set(actions(scope_of_change(SALON, old, new))) == {
        f"{SALON}/berlin/general",
        f"{SALON}/krakow/general",
    }


def test_a_segment_offer_moved_between_locations_builds_the_new_list_and_drops_the_old():
    # Given a VIP offer moved from Warsaw to Krakow (and no other VIP offer)
    old = promotion(segments=["vip"], location_ids=["warsaw"])
    new = promotion(segments=["vip"], location_ids=["krakow"])
    # Then Krakow gets a VIP list and Warsaw's goes; the general lists are untouched
    assert actions(scope_of_change(SALON, old, new), [new]) == {
        f"{SALON}/krakow/vip": Action.build,
        f"{SALON}/warsaw/vip": Action.delete,
    }


def test_an_offer_for_every_segment_rebuilds_every_list_and_drops_a_segment_it_no_longer_names():
    # Given a VIP-only offer opened to everyone
    old, new = promotion(segments=["vip"]), promotion()
    # Then every general list is rebuilt and the VIP lists, which nobody names now, go
    affected = actions(scope_of_change(SALON, old, new), [new])
    assert affected[f"{SALON}/berlin/general"] is Action.build
    assert {key for key, action in affected.items() if action is Action.delete} == {
        f"{SALON}/{location}/vip" for location in LOCATIONS
    }


def test_a_deleted_location_loses_its_lists():
    remaining = {k: v for k, v in LOCATIONS.items() if k != "berlin"}
    scope = scope_of_change(SALON, BERLIN, None)
    assert scope is not None
    vip = promotion(segments=["vip"])
    assert {key.id: action for key, action in lists_in_scope(scope, remaining, [vip])} == {
        f"{SALON}/berlin/general": Action.delete,
        f"{SALON}/berlin/vip": Action.delete,
    }


def test_an_unchanged_offer_and_a_version_only_change_affect_nothing():
    assert scope_of_change(SALON, promotion(), promotion()) is None
    assert scope_of_change(SALON, None, None) is None


def test_segments_with_their_own_list_are_general_and_those_named_by_offers_reaching_the_location():
    offers = [promotion("a", segments=["vip"], location_ids=["warsaw"]), promotion("b", segments=["new"])]
    assert materialized_segments(offers, "warsaw") == {"general", "vip", "new"}
    assert materialized_segments(offers, "berlin") == {"general", "new"}


# ---- the property: rebuilding the lists in scope is as good as rebuilding everything ----------------

SEGMENT_NAMES = ["vip", "new", "campaign:spring"]
REGIONS = ["PL", "PL-MZ", "DE"]
LOCATION_IDS = ["l0", "l1", "l2"]


@st.composite
def locations(draw) -> dict[str, Location]:
    ids = draw(st.lists(st.sampled_from(LOCATION_IDS), min_size=1, max_size=3, unique=True))
    return {i: make_location(location_id=i, tax_region=draw(st.sampled_from(REGIONS))) for i in ids}


subsets = st.lists(st.sampled_from(LOCATION_IDS), max_size=2, unique=True)
windows = st.sampled_from(
    [
        Window(),
        Window(ends_at=AT - timedelta(hours=1)),
        Window(starts_at=AT + timedelta(hours=1)),
        Window(starts_at=AT - timedelta(hours=1), ends_at=AT + timedelta(hours=1)),
    ]
)


@st.composite
def offers(draw, offer_id: str):
    common = {
        "id": offer_id,
        "name": offer_id,
        "segments": draw(st.lists(st.sampled_from(SEGMENT_NAMES), max_size=2, unique=True)),
        "location_ids": draw(subsets),
        "window": draw(windows),
    }
    kind = draw(st.sampled_from(["percent", "flat", "special", "package"]))
    if kind == "percent":
        return Promotion(discount=PercentOff(percent=Decimal(draw(st.integers(1, 50)))), **common)
    if kind == "flat":
        return Promotion(discount=AmountOff(amount=money(draw(st.integers(1, 3_000)))), **common)
    if kind == "special":
        ref = VariantRef(service_id=draw(st.sampled_from(["s0", "s1"])), variant_id="v")
        return SpecialPrice(variant=ref, price=money(draw(st.integers(0, 9_000))), **common)
    return PackageDeal(sessions=5, paid_sessions=4, **common)


@st.composite
def taxes(draw, tax_id: str) -> TaxRule:
    return vat(
        str(draw(st.sampled_from([0, 8, 23]))),
        inclusive=draw(st.booleans()),
        region=draw(st.sampled_from(REGIONS)),
        rule_id=tax_id,
        location_ids=draw(subsets),
    )


@st.composite
def services(draw, service_id: str):
    return make_service(
        price=draw(st.integers(0, 9_000)), service_id=service_id, location_ids=tuple(draw(subsets))
    )


@st.composite
def salons_and_a_change(draw):
    """(locations, services, offers, taxes) before, the same after, and the changed item's images."""
    where = draw(locations())
    menu = {i: draw(services(i)) for i in ("s0", "s1")}
    deals = {f"o{n}": draw(offers(f"o{n}")) for n in range(draw(st.integers(0, 3)))}
    rules = {f"t{n}": draw(taxes(f"t{n}")) for n in range(draw(st.integers(0, 2)))}
    kind = draw(st.sampled_from(["service", "offer", "tax", "location"]))
    collection, make = {
        "service": (menu, services),
        "offer": (deals, offers),
        "tax": (rules, taxes),
        "location": (where, None),
    }[kind]
    if kind == "location":
        item_id = draw(st.sampled_from(sorted(where)))
        old = where[item_id]
        new = draw(
            st.sampled_from([None, old.model_copy(update={"tax_region": draw(st.sampled_from(REGIONS))})])
        )
    else:
        item_id = draw(st.sampled_from(sorted({*collection, f"{kind[0]}9"})))
        old = collection.get(item_id)
        new = draw(st.none() | make(item_id))
    after = {k: dict(v) for k, v in {"where": where, "menu": menu, "deals": deals, "rules": rules}.items()}
    target = after[{"service": "menu", "offer": "deals", "tax": "rules", "location": "where"}[kind]]
    target.pop(item_id, None)
    if new is not None:
        target[item_id] = new
    before = {"where": where, "menu": menu, "deals": deals, "rules": rules}
    return before, after, old, new


def _hashes(state: dict, keys: set[ListKey]) -> dict[ListKey, str | None]:
    """Each list's content hash in a state, None where the list does not exist."""
    menu, deals, rules = state["menu"].values(), list(state["deals"].values()), list(state["rules"].values())
    hashes: dict[ListKey, str | None] = {}
    for key in keys:
        location = state["where"].get(key.location_id)
        exists = location is not None and key.segment in materialized_segments(deals, key.location_id)
        built = build_price_list(SALON, location, key.segment, menu, deals, rules, AT) if exists else None
        hashes[key] = built.content_hash if built else None
    return hashes


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(salons_and_a_change())
def test_the_lists_in_scope_are_every_list_the_change_alters(case):
    before, after, old, new = case
    # Given every list before and after the change, rebuilt in full
    keys = set(all_lists(SALON, before["where"], list(before["deals"].values())))
    keys |= set(all_lists(SALON, after["where"], list(after["deals"].values())))
    was, now = _hashes(before, keys), _hashes(after, keys)
    needed = {key: Action.build for key in keys if now[key] is not None and now[key] != was[key]}
    needed |= {key: Action.delete for key in keys if now[key] is None and was[key] is not None}
    # When only the lists in the change's scope are considered
    scope = scope_of_change(SALON, old, new)
    deals_after = list(after["deals"].values())
    planned = {} if scope is None else dict(lists_in_scope(scope, after["where"], deals_after))
    # Then each list that changed is planned, with the right action
    assert {key: planned.get(key) for key in needed} == needed
    # And nothing planned for building is a list that should not exist
    assert all(now.get(key) is not None for key, action in planned.items() if action is Action.build)
