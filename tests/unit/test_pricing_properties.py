"""Properties of the pricing engine over generated offers, prices, rates and instants (hypothesis).

Oracles use fractions.Fraction, exact and independent of the engine's Decimal arithmetic.
"""

import random
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from parlour.pricing.models import (
    AmountOff,
    GroupDeal,
    PackageDeal,
    PercentOff,
    Promotion,
    SpecialPrice,
    Unit,
    VariantRef,
    Window,
)
from tests.unit.test_pricing import AT, make_location, make_service, money, price_of, vat

# No deadline: the machine is shared, and tests never assert wall-clock times.
settings.register_profile("pricing", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("pricing")

SEGMENTS = ["general", "new", "returning", "vip", "birthday", "campaign:spring"]
prices = st.integers(min_value=0, max_value=10_000_000)
percents = st.integers(min_value=1, max_value=1_000_000).map(lambda n: Decimal(n).scaleb(-4))  # 0.0001 .. 100
rates = st.integers(min_value=0, max_value=1_000_000).map(lambda n: Decimal(n).scaleb(-4))  # 0 .. 100
offsets = st.integers(min_value=-72, max_value=72).map(lambda hours: AT + timedelta(hours=hours))


def half_up(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


@st.composite
def windows(draw) -> Window:
    starts, ends = draw(st.none() | offsets), draw(st.none() | offsets)
    if starts is not None and ends is not None and ends <= starts:
        starts, ends = ends, starts + timedelta(hours=1)
    return Window(starts_at=starts, ends_at=ends)


discounts = st.one_of(
    st.builds(PercentOff, percent=percents),
    st.builds(AmountOff, amount=st.integers(1, 2_000_000).map(money)),
)


@st.composite
def offers(draw, index: int):
    common = {
        "id": f"offer-{index}",
        "name": f"Offer {index}",
        "priority": draw(st.integers(-2, 2)),
        "segments": draw(st.lists(st.sampled_from(SEGMENTS), max_size=2, unique=True)),
        "window": draw(windows()),
    }
    kind = draw(st.sampled_from(["promotion", "special", "package", "group"]))
    if kind == "promotion":
        return Promotion(discount=draw(discounts), stackable=draw(st.booleans()), **common)
    if kind == "special":
        return SpecialPrice(
            variant=VariantRef(service_id="cut", variant_id="short"), price=money(draw(prices)), **common
        )
    if kind == "package":
        sessions = draw(st.integers(2, 10))
        return PackageDeal(sessions=sessions, paid_sessions=draw(st.integers(1, sessions - 1)), **common)
    return GroupDeal(min_people=draw(st.integers(2, 10)), discount=draw(discounts), **common)


@st.composite
def offer_lists(draw, max_size: int = 6):
    return [draw(offers(index)) for index in range(draw(st.integers(0, max_size)))]


@st.composite
def situations(draw):
    """A variant price, offers, a tax rule and a request (segment, quantity, unit)."""
    return {
        "service": make_service(draw(prices)),
        "offers": draw(offer_lists()),
        "taxes": [vat(str(draw(rates)), inclusive=draw(st.booleans()))],
        "segment": draw(st.sampled_from(SEGMENTS)),
        "quantity": draw(st.integers(1, 12)),
        "unit": draw(st.sampled_from(list(Unit))),
    }


@settings(PROFILE, max_examples=150)
@given(situations())
def test_chosen_price_is_never_above_base_nor_any_single_option(situation):
    # Given any offers; When the engine chooses
    chosen = price_of(**situation)
    # Then the total is no more than the base price's, nor than any one option applied alone
    alone = [price_of(**{**situation, "offers": [offer]}) for offer in situation["offers"]]
    base_only = price_of(**{**situation, "offers": []})
    assert chosen.total.amount <= base_only.total.amount
    assert all(chosen.total.amount <= single.total.amount for single in alone)
    # And it is never negative, and the breakdown adds up in whole minor units
    assert chosen.total.amount >= 0 and 0 <= chosen.discount.amount <= chosen.base.amount
    assert chosen.total.amount == chosen.net.amount + chosen.tax.amount
    listed = chosen.base.amount - chosen.discount.amount
    assert listed == (chosen.total.amount if chosen.tax_inclusive else chosen.net.amount)
    assert all(
        type(amount.amount) is int for amount in (chosen.base, chosen.discount, chosen.net, chosen.tax)
    )
    # And the applied rules account for the whole discount
    assert sum(rule.discount.amount for rule in chosen.applied) == chosen.discount.amount


@settings(PROFILE, max_examples=150)
@given(situations(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_offers(situation, shuffler: random.Random):
    shuffled = list(situation["offers"])
    shuffler.shuffle(shuffled)
    assert price_of(**{**situation, "offers": shuffled}) == price_of(**situation)


@settings(PROFILE, max_examples=200)
@given(prices, rates, st.booleans())
def test_tax_is_rounded_exactly_half_up(listed, rate, inclusive):
    # Given a listed price and a tax rate; When priced without offers
    result = price_of(make_service(listed), taxes=[vat(str(rate), inclusive=inclusive)])
    # Then the tax is the exact rational tax rounded half up to a whole minor unit
    exact_rate = Fraction(rate) / 100
    expected = half_up(listed * exact_rate / (1 + exact_rate)) if inclusive else half_up(listed * exact_rate)
    assert result.tax.amount == expected


@settings(PROFILE, max_examples=200)
@given(prices, rates)
def test_inclusive_and_exclusive_taxes_agree(gross, rate):
    # Given a gross price with tax included, split into net and tax
    inclusive = price_of(make_service(gross), taxes=[vat(str(rate), inclusive=True)])
    # When that net is priced with the same rate added on top
    exclusive = price_of(make_service(inclusive.net.amount), taxes=[vat(str(rate), inclusive=False)])
    # Then the client pays the same gross, within the one minor unit that rounding twice can move it
    assert inclusive.net.amount + inclusive.tax.amount == gross
    assert abs(exclusive.total.amount - gross) <= 1


@settings(PROFILE, max_examples=150)
@given(situations(), st.integers(min_value=0, max_value=10**6))
def test_quote_holds_until_its_next_change(situation, fraction_of_the_way):
    # Given a quote at AT and the next instant at which it may change
    now = price_of(**situation)
    horizon = now.next_change_at or AT + timedelta(days=30)
    # When priced again anywhere before that instant
    later = AT + (horizon - AT) * fraction_of_the_way / 10**6
    assume(later < horizon)
    # Then nothing differs
    assert price_of(**situation, at=later) == now


@settings(PROFILE, max_examples=100)
@given(offers(0), offsets)
def test_offers_apply_only_inside_their_window(offer, at):
    # Given a 100 % promotion in force in the drawn offer's window
    promotion = Promotion(
        id="free", name="Free", discount=PercentOff(percent=Decimal(100)), window=offer.window
    )
    # When priced at any instant
    result = price_of(make_service(10_000), [promotion], at=at)
    # Then it is free exactly inside the half-open window
    assert (result.total.amount == 0) == offer.window.active(at)


@settings(PROFILE, max_examples=200)
@given(st.integers(1, 1_000_000), st.integers(2, 10), st.data())
def test_package_math(unit_price, sessions, data):
    # Given n sessions for the price of m
    paid = data.draw(st.integers(1, sessions - 1))
    quantity = data.draw(st.integers(1, 3 * sessions))
    package = PackageDeal(id="pack", name="Pack", sessions=sessions, paid_sessions=paid)
    # When a number of sessions is priced
    result = price_of(make_service(unit_price), [package], quantity=quantity)
    # Then every full package charges m sessions and the rest are charged singly
    full, rest = divmod(quantity, sessions)
    assert result.total.amount == (full * paid + rest) * unit_price
    assert result.rule_id == ("pack" if full else "base")


@settings(PROFILE, max_examples=200)
@given(st.integers(0, 1_000_000), st.integers(2, 10), st.integers(1, 12), percents)
def test_group_math(unit_price, min_people, people, percent):
    # Given a percentage off per person from a minimum group size
    group = GroupDeal(id="group", name="Group", min_people=min_people, discount=PercentOff(percent=percent))
    # When a group is priced
    result = price_of(make_service(unit_price), [group], quantity=people, unit=Unit.person)
    # Then from the minimum on, the group's total is discounted once, rounded half up
    full = unit_price * people
    expected = full - half_up(full * Fraction(percent) / 100) if people >= min_people else full
    assert result.total.amount == expected


@settings(PROFILE, max_examples=100)
@given(situations(), offers(99), st.sampled_from(SEGMENTS))
def test_an_offer_for_other_segments_changes_nothing(situation, extra, other_segment):
    # Given an extra offer limited to a segment other than the one priced
    assume(other_segment != situation["segment"])
    targeted = extra.model_copy(update={"segments": [other_segment]})
    # Then the price, and when it changes, are as without it
    assert price_of(**{**situation, "offers": [*situation["offers"], targeted]}) == price_of(**situation)


@settings(PROFILE, max_examples=100)
@given(prices, percents, st.sampled_from(SEGMENTS))
def test_an_offer_for_a_segment_reaches_it(listed, percent, segment):
    offer = Promotion(id="only", name="Only", discount=PercentOff(percent=percent), segments=[segment])
    result = price_of(make_service(listed), [offer], segment=segment)
    expected = listed - half_up(listed * Fraction(percent) / 100)
    assert result.total.amount == expected


@settings(PROFILE, max_examples=50)
@given(st.sampled_from([("JPY", "JP"), ("EUR", "DE"), ("KWD", "KW"), ("BHD", "BH")]), prices, rates, percents)
def test_every_currency_prices_in_whole_minor_units(currency_region, listed, rate, percent):
    currency, region = currency_region
    offer = Promotion(id="sale", name="Sale", discount=PercentOff(percent=percent))
    result = price_of(
        make_service(listed, currency),
        [offer],
        [vat(str(rate), inclusive=False, region=region)],
        location=make_location(currency, region),
    )
    assert result.total.currency == currency and type(result.total.amount) is int
    assert result.net.amount == listed - half_up(listed * Fraction(percent) / 100)


@settings(PROFILE, max_examples=100)
@given(situations(), discounts, st.booleans(), st.integers(0, 2))
def test_equal_options_break_ties_by_priority_then_id(situation, discount, reversed_order, priority_of_b):
    # Given the same discount under two ids, "twin-b" with a priority of 0, 1 or 2 over "twin-a"'s 1
    twins = [
        Promotion(id="twin-a", name="A", discount=discount, priority=1),
        Promotion(id="twin-b", name="B", discount=discount, priority=priority_of_b),
    ]
    # When priced with them in either order
    result = price_of(**{**situation, "offers": twins[::-1] if reversed_order else twins})
    # Then the higher priority wins, then the smaller id; the base price when neither lowers the price
    base_only = price_of(**{**situation, "offers": []})
    if result.total == base_only.total:
        assert result.rule_id == "base"
    else:
        assert result.rule_id == ("twin-b" if priority_of_b > 1 else "twin-a")
