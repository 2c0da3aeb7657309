"""Pricing engine by example: taxes, rounding, options, stacking, time bounds, bundles, segments, lists.

The builders at the top are shared with test_pricing_properties.py.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from parlour.catalog.models import Location, Service, Variant, WeeklyHours
from parlour.errors import InvalidInput
from parlour.money import Money
from parlour.pricing.currency import minor_digits, to_major, to_minor
from parlour.pricing.engine import build_price_list, quote
from parlour.pricing.models import (
    AmountOff,
    GroupDeal,
    PackageDeal,
    PercentOff,
    Promotion,
    SpecialPrice,
    Target,
    TaxRule,
    Unit,
    VariantRef,
    Window,
)

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SALON = "studio"


def money(amount: int, currency: str = "EUR") -> Money:
    return Money(amount=amount, currency=currency)


def make_location(currency: str = "EUR", tax_region: str = "PL", location_id: str = "centrum") -> Location:
    return Location(
        id=location_id,
        salon_id=SALON,
        name="Centrum",
        time_zone="Europe/Warsaw",
        currency=currency,
        tax_region=tax_region,
        opening_hours=WeeklyHours(),
    )


def make_service(
    price: int = 10_000,
    currency: str = "EUR",
    service_id: str = "cut",
    category: str = "Hair",
    variant_ids: tuple[str, ...] = ("short",),
    location_ids: tuple[str, ...] = (),
    salon_id: str = SALON,
) -> Service:
    return Service(
        id=service_id,
        salon_id=salon_id,
        name=service_id.title(),
        category=category,
        location_ids=list(location_ids),
        variants=[
            Variant(
                id=variant_id, name=variant_id.title(), duration_minutes=45, base_price=money(price, currency)
            )
            for variant_id in variant_ids
        ],
    )


def vat(
    rate: str = "23", inclusive: bool = True, region: str = "PL", rule_id: str = "vat", **extra
) -> TaxRule:
    return TaxRule(
        id=rule_id,
        name=f"Tax {rate}%",
        region=region,
        rate_percent=Decimal(rate),
        inclusive=inclusive,
        **extra,
    )


def percent_off(rule_id: str, percent: str, **extra) -> Promotion:
    return Promotion(id=rule_id, name=rule_id, discount=PercentOff(percent=Decimal(percent)), **extra)


def amount_off(rule_id: str, amount: int, currency: str = "EUR", **extra) -> Promotion:
    return Promotion(id=rule_id, name=rule_id, discount=AmountOff(amount=money(amount, currency)), **extra)


def special(
    rule_id: str, amount: int, service_id: str = "cut", variant_id: str = "short", **extra
) -> SpecialPrice:
    return SpecialPrice(
        id=rule_id,
        name=rule_id,
        variant=VariantRef(service_id=service_id, variant_id=variant_id),
        price=money(amount, extra.pop("currency", "EUR")),
        **extra,
    )


def price_of(service: Service, offers=(), taxes=(), segment="general", at=AT, location=None, **extra):
    return quote(
        service,
        service.variants[0],
        location=location or make_location(service.variants[0].base_price.currency),
        segment=segment,
        offers=list(offers),
        taxes=list(taxes),
        at=at,
        **extra,
    )


# --- taxes and rounding -------------------------------------------------------------------------


def test_inclusive_tax_is_extracted_from_the_listed_price():
    # Given a 123.00 EUR service and 23 % VAT included in listed prices
    # When it is priced without offers
    result = price_of(make_service(12_300), taxes=[vat("23", inclusive=True)])
    # Then the client pays the listed price, of which 23.00 is tax, and no rule won
    assert (result.net, result.tax, result.total) == (money(10_000), money(2_300), money(12_300))
    assert result.tax_inclusive and result.tax_rule_id == "vat"
    assert (result.rule_id, result.rule_name, result.discount) == ("base", "base", money(0))


def test_exclusive_tax_is_added_and_rounds_half_up():
    # Given a 100.00 USD service and 8.875 % sales tax added on top
    service = make_service(10_000, "USD")
    location = make_location("USD", "US-NY")
    # When it is priced
    result = price_of(service, taxes=[vat("8.875", inclusive=False, region="US-NY")], location=location)
    # Then 8.875 rounds half up to 8.88 and the total is net plus tax
    assert (result.net, result.tax, result.total) == (
        money(10_000, "USD"),
        money(888, "USD"),
        money(10_888, "USD"),
    )
    assert result.tax_rate_percent == Decimal("8.875") and not result.tax_inclusive


def test_three_digit_currency_rounds_to_the_fils():
    # Given 1.250 KWD (1250 fils) and 5 % tax on top: 62.5 fils
    service = make_service(1_250, "KWD")
    result = price_of(
        service, taxes=[vat("5", inclusive=False, region="KW")], location=make_location("KWD", "KW")
    )
    # Then the tax rounds half up to 63 fils, 1.313 KWD in all
    assert result.tax == money(63, "KWD") and result.total == money(1_313, "KWD")
    assert to_major(result.total) == Decimal("1.313")


def test_zero_digit_currency_rounds_to_the_yen():
    # Given ¥1005 with 8 % consumption tax included: 74.44 yen of it is tax
    service = make_service(1_005, "JPY")
    result = price_of(service, taxes=[vat("8", region="JP")], location=make_location("JPY", "JP"))
    # Then the tax is a whole yen
    assert (result.net, result.tax, result.total) == (
        money(931, "JPY"),
        money(74, "JPY"),
        money(1_005, "JPY"),
    )


def test_currency_digits_come_from_iso_4217():
    # Given currencies with 0, 2 and 3 minor digits
    # Then conversions from and to major units use their digits and round half up
    assert [minor_digits(code) for code in ("JPY", "EUR", "KWD")] == [0, 2, 3]
    assert to_minor(Decimal("12.3455"), "KWD") == money(12_346, "KWD")
    assert to_minor(Decimal("1200.5"), "JPY") == money(1_201, "JPY")
    assert to_minor(Decimal("19.99"), "EUR") == money(1_999)
    assert str(to_major(money(1_250, "KWD"))) == "1.250" and str(to_major(money(1_200, "JPY"))) == "1200"


@pytest.mark.parametrize("code", ["ZZZ", "XAU"])
def test_currency_without_minor_unit_is_refused(code):
    # Given a code that is not a currency, or gold, which has no minor unit
    # Then it cannot price anything
    with pytest.raises(InvalidInput) as refused:
        minor_digits(code)
    assert refused.value.field == "currency"


def test_without_a_tax_rule_the_listed_price_is_the_total():
    result = price_of(make_service(5_000))
    assert (result.net, result.tax, result.total, result.tax_rule_id) == (
        money(5_000),
        money(0),
        money(5_000),
        None,
    )


def test_most_specific_tax_rule_wins():
    # Given a country rate, a state rate, a location rate and a reduced rate for one category
    location = make_location("USD", "US-CA", location_id="downtown")
    taxes = [
        vat("5", False, "US", "country"),
        vat("7.25", False, "US-CA", "state"),
        vat("9.5", False, "US-CA", "downtown", location_ids=["downtown"]),
        vat("2", False, "US-CA", "state-nails", categories=["nails"]),
    ]
    hair, nails = make_service(10_000, "USD"), make_service(10_000, "USD", "mani", "Nails")
    other = make_location("USD", "US-CA", location_id="uptown")
    oregon = make_location("USD", "US-OR", location_id="portland")
    # Then a location rule beats a state one, a category rule a general one, a state the country
    assert price_of(hair, taxes=taxes, location=location).tax_rule_id == "downtown"
    assert price_of(nails, taxes=taxes, location=other).tax_rule_id == "state-nails"
    assert price_of(hair, taxes=taxes, location=other).tax_rule_id == "state"
    assert price_of(hair, taxes=taxes, location=oregon).tax_rule_id == "country"


# --- choosing among options -------------------------------------------------------------------


def test_the_best_single_option_wins_and_options_do_not_stack():
    # Given 10 % off, 20.00 off and a special price of 85.00 on a 100.00 service
    offers = [percent_off("ten", "10"), amount_off("twenty", 2_000), special("spring", 8_500)]
    # When priced
    result = price_of(make_service(10_000), offers, [vat("23")])
    # Then the client gets the lowest: 20.00 off, alone
    assert result.total == money(8_000) and result.rule_id == "twenty"
    assert [(rule.id, rule.discount) for rule in result.applied] == [("twenty", money(2_000))]


def test_two_non_stackable_percentages_do_not_combine():
    result = price_of(make_service(10_000), [percent_off("a", "10"), percent_off("b", "10", priority=1)])
    assert result.total == money(9_000) and result.rule_id == "b"


def test_stackable_promotion_applies_on_top_of_the_winning_option():
    # Given a special price of 80.00 and a VIP extra 10 % flagged stackable
    offers = [special("spring", 8_000), percent_off("vip-extra", "10", segments=["vip"], stackable=True)]
    # When a VIP is priced, and someone in the general list
    vip = price_of(make_service(10_000), offers, segment="vip")
    general = price_of(make_service(10_000), offers, segment="general")
    # Then the VIP gets both, in order; the general list only the special price
    assert vip.total == money(7_200) and vip.rule_id == "spring"
    assert [(rule.id, rule.kind, rule.discount.amount) for rule in vip.applied] == [
        ("spring", "special_price", 2_000),
        ("vip-extra", "promotion", 800),
    ]
    assert general.total == money(8_000)


def test_stackable_percentages_apply_before_flat_amounts():
    # Given 10 % and 10.00 off, both stackable: percent first gives 80.00, flat first would give 81.00
    offers = [amount_off("flat", 1_000, stackable=True, priority=9), percent_off("pct", "10", stackable=True)]
    result = price_of(make_service(10_000), offers)
    assert result.total == money(8_000)
    assert [rule.id for rule in result.applied] == ["pct", "flat"] and result.rule_id == "pct"


def test_total_is_clamped_at_zero():
    # Given a flat discount larger than the price
    result = price_of(make_service(5_000), [amount_off("voucher", 15_000)], [vat("23")])
    # Then the client pays nothing, not a negative amount, and the quote says it was clamped
    assert (result.total, result.tax, result.discount, result.clamped) == (
        money(0),
        money(0),
        money(5_000),
        True,
    )


def test_ties_go_to_base_then_priority_then_id():
    service = make_service(10_000)
    # Given two options with the same total
    same = [amount_off("b-flat", 1_000), percent_off("a-pct", "10")]
    # Then the smaller id wins, whatever the input order
    assert price_of(service, same).rule_id == "a-pct"
    assert price_of(service, list(reversed(same))).rule_id == "a-pct"
    # And a higher priority beats the id
    assert (
        price_of(service, [amount_off("b-flat", 1_000, priority=5), percent_off("a-pct", "10")]).rule_id
        == "b-flat"
    )
    # And an option that changes nothing loses to the base price
    assert price_of(make_service(100), [percent_off("tiny", "0.0001")]).rule_id == "base"
    assert price_of(service, [special("same", 10_000)]).rule_id == "base"


def test_money_rules_in_another_currency_do_not_apply():
    # Given a PLN service and a flat discount and special price in EUR
    service = make_service(10_000, "PLN")
    offers = [amount_off("eur-off", 5_000, "EUR"), special("eur-price", 100, currency="EUR")]
    # Then neither touches the PLN price
    assert price_of(service, offers).total == money(10_000, "PLN")


def test_variant_priced_in_another_currency_than_its_location_is_refused():
    with pytest.raises(InvalidInput) as refused:
        price_of(make_service(10_000, "EUR"), location=make_location("PLN"))
    assert refused.value.field == "base_price.currency"


def test_bad_inputs_are_refused_naming_the_field():
    service = make_service()
    for field, call in [
        ("segment", lambda: price_of(service, segment="gold")),
        ("at", lambda: price_of(service, at=datetime(2026, 3, 10, 12))),
        ("quantity", lambda: price_of(service, quantity=0)),
        ("offers", lambda: price_of(service, [percent_off("x", "5"), amount_off("x", 100)])),
    ]:
        with pytest.raises(InvalidInput) as refused:
            call()
        assert refused.value.field == field


# --- targeting ----------------------------------------------------------------------------------


def test_targets_by_service_variant_category_and_location():
    service = make_service(10_000, variant_ids=("short", "long"))
    short, long_ = service.variants
    location = make_location()

    def total(variant, offer, at_location=location):
        return quote(
            service, variant, location=at_location, segment="general", offers=[offer], taxes=[], at=AT
        ).total.amount

    by_variant = percent_off(
        "v", "50", target=Target(variants=[VariantRef(service_id="cut", variant_id="long")])
    )
    by_category = percent_off("c", "50", target=Target(categories=["hair"]))
    by_other_service = percent_off("s", "50", target=Target(service_ids=["color"]))
    elsewhere = percent_off("l", "50", location_ids=["mokotow"])
    assert (total(short, by_variant), total(long_, by_variant)) == (10_000, 5_000)
    assert total(short, by_category) == 5_000  # categories match without regard to case
    assert total(short, by_other_service) == 10_000
    assert total(short, elsewhere) == 10_000
    assert total(short, elsewhere, make_location(location_id="mokotow")) == 5_000


def test_segment_offers_reach_only_their_segments():
    offers = [
        percent_off("welcome", "15", segments=["new"]),
        percent_off("spring-code", "25", segments=["campaign:spring26"]),
        percent_off("birthday", "20", segments=["birthday"]),
    ]
    service = make_service(10_000)
    totals = {
        segment: price_of(service, offers, segment=segment).total.amount
        for segment in ("general", "new", "returning", "birthday", "CAMPAIGN:Spring26", "campaign:other")
    }
    assert totals == {
        "general": 10_000,
        "new": 8_500,
        "returning": 10_000,
        "birthday": 8_000,
        "CAMPAIGN:Spring26": 7_500,
        "campaign:other": 10_000,
    }


# --- time bounds --------------------------------------------------------------------------------


def test_time_bounds_are_half_open_and_give_the_next_change():
    # Given a promotion in force for one hour, starting in an hour
    hour = timedelta(hours=1)
    offers = [percent_off("happy-hour", "30", window=Window(starts_at=AT + hour, ends_at=AT + 2 * hour))]
    service = make_service(10_000)
    # When priced before, at the start, just before the end and at the end
    before, start = price_of(service, offers, at=AT), price_of(service, offers, at=AT + hour)
    last = price_of(service, offers, at=AT + 2 * hour - timedelta(microseconds=1))
    after = price_of(service, offers, at=AT + 2 * hour)
    # Then it applies from its start (inclusive) to its end (exclusive); each quote says when it changes
    assert (before.total.amount, before.next_change_at) == (10_000, AT + hour)
    assert (start.total.amount, start.next_change_at) == (7_000, AT + 2 * hour)
    assert last.total.amount == 7_000
    assert (after.total.amount, after.next_change_at) == (10_000, None)


def test_tax_rate_changes_on_a_date():
    # Given VAT going from 23 % to 22 % at the turn of the year (in Warsaw time)
    change = datetime(2027, 1, 1, tzinfo=UTC) - timedelta(hours=1)
    taxes = [
        vat("23", rule_id="vat-23", window=Window(ends_at=change)),
        vat("22", rule_id="vat-22", window=Window(starts_at=change)),
    ]
    service = make_service(12_300)
    now, later = price_of(service, taxes=taxes), price_of(service, taxes=taxes, at=change)
    assert (now.tax.amount, now.next_change_at) == (2_300, change)
    assert (later.tax.amount, later.tax_rule_id, later.next_change_at) == (2_218, "vat-22", None)


# --- packages and groups ------------------------------------------------------------------------


def test_package_five_for_four():
    # Given 5 sessions for the price of 4 on a 50.00 session
    offers = [PackageDeal(id="five-for-four", name="5 for 4", sessions=5, paid_sessions=4)]
    service = make_service(5_000)
    # Then 5 sessions cost 200.00, 7 sessions 300.00 (one package and two single), 4 sessions 200.00
    five = price_of(service, offers, quantity=5)
    assert (five.base.amount, five.total.amount, five.rule_id) == (25_000, 20_000, "five-for-four")
    assert price_of(service, offers, quantity=7).total.amount == 30_000
    assert price_of(service, offers, quantity=4).rule_id == "base"
    # And a package is about sessions, not people
    assert price_of(service, offers, quantity=5, unit=Unit.person).total.amount == 25_000


def test_group_discount_per_person_from_a_minimum():
    # Given 10 % off each person from 4 people, and 5.00 off each from 3
    offers = [
        GroupDeal(id="four", name="Four", min_people=4, discount=PercentOff(percent=Decimal("10"))),
        GroupDeal(id="three", name="Three", min_people=3, discount=AmountOff(amount=money(500))),
    ]
    service = make_service(5_000)
    # Then 2 people pay full, 3 people 135.00, 4 people 180.00 (better than 4 x 45.00)
    assert price_of(service, offers, quantity=2, unit=Unit.person).total.amount == 10_000
    three = price_of(service, offers, quantity=3, unit=Unit.person)
    assert (three.total.amount, three.rule_id) == (13_500, "three")
    four = price_of(service, offers, quantity=4, unit=Unit.person)
    assert (four.total.amount, four.rule_id) == (18_000, "four")
    assert price_of(service, offers, quantity=4).total.amount == 20_000  # sessions are not people


def test_a_better_promotion_beats_the_package_at_its_own_quantity():
    offers = [
        PackageDeal(id="five-for-four", name="5 for 4", sessions=5, paid_sessions=4),
        percent_off("sale", "30"),
    ]
    five = price_of(make_service(5_000), offers, quantity=5)
    assert (five.total.amount, five.rule_id) == (17_500, "sale")


# --- price lists --------------------------------------------------------------------------------


def _catalog() -> list[Service]:
    return [
        make_service(12_000, service_id="color", category="Hair", variant_ids=("full", "roots")),
        make_service(8_000, service_id="mani", category="Nails", location_ids=("centrum",)),
        make_service(9_000, service_id="pedi", category="Nails", location_ids=("mokotow",)),
        make_service(5_000, service_id="brows", category="Brows", salon_id="other-salon"),
    ]


def _offers() -> list:
    nails = Target(categories=["Nails"])
    return [
        percent_off("nails-week", "20", target=nails, window=Window(ends_at=AT + timedelta(days=3))),
        PackageDeal(
            id="color-pack",
            name="Color 3 for 2",
            sessions=3,
            paid_sessions=2,
            target=Target(service_ids=["color"]),
        ),
        GroupDeal(
            id="hen-party",
            name="Hen party",
            min_people=6,
            discount=PercentOff(percent=Decimal("15")),
            window=Window(starts_at=AT + timedelta(days=1)),
        ),
        percent_off("vip", "5", segments=["vip"], stackable=True),
    ]


def test_price_list_of_a_location_and_segment():
    # Given a catalog across two locations and another salon, and offers with time bounds
    # When the list of the centrum location for the general segment is built
    built = build_price_list(SALON, make_location(), "general", _catalog(), _offers(), [vat("23")], AT)
    # Then it lists this salon's variants offered at centrum, sorted by service id, in catalog variant order
    assert [(entry.service_id, entry.variant_id) for entry in built.entries] == [
        ("color", "full"),
        ("color", "roots"),
        ("mani", "short"),
    ]
    color_full, _, mani = built.entries
    assert mani.price.total.amount == 6_400 and mani.price.rule_id == "nails-week"
    # And bundles for the package in force (the group deal starts tomorrow), not for the vip segment's offer
    assert [(bundle.unit, bundle.quantity, bundle.total.amount) for bundle in color_full.bundles] == [
        (Unit.session, 3, 24_000)
    ]
    assert mani.bundles == ()
    # And it must be rebuilt when the group deal starts, the earliest change
    assert built.next_change_at == AT + timedelta(days=1)
    assert (built.segment, built.currency, built.computed_at) == ("general", "EUR", AT)


def test_content_hash_is_stable_and_tracks_what_clients_see():
    location, taxes = make_location(), [vat("23")]
    first = build_price_list(SALON, location, "vip", _catalog(), _offers(), taxes, AT)
    # Given the same ingredients in another order, an hour later (no boundary in between)
    again = build_price_list(
        SALON,
        location,
        "vip",
        list(reversed(_catalog())),
        list(reversed(_offers())),
        taxes,
        AT + timedelta(hours=1),
    )
    # Then the content hash is the same, although computed_at differs
    assert again.content_hash == first.content_hash and again.computed_at != first.computed_at
    # And a changed base price, or an equal rate written differently, are told apart correctly
    dearer = _catalog()
    dearer[0] = make_service(12_100, service_id="color", category="Hair", variant_ids=("full", "roots"))
    assert (
        build_price_list(SALON, location, "vip", dearer, _offers(), taxes, AT).content_hash
        != first.content_hash
    )
    same_rate = [vat("23.00")]
    assert build_price_list(SALON, location, "vip", _catalog(), _offers(), same_rate, AT).content_hash == (
        first.content_hash
    )


def test_price_list_refuses_duplicate_offer_ids_and_unknown_segments():
    with pytest.raises(InvalidInput) as duplicated:
        build_price_list(
            SALON, make_location(), "general", _catalog(), [*_offers(), percent_off("vip", "1")], [], AT
        )
    assert duplicated.value.field == "offers"
    with pytest.raises(InvalidInput) as unknown:
        build_price_list(SALON, make_location(), "everyone", _catalog(), _offers(), [], AT)
    assert unknown.value.field == "segment"
