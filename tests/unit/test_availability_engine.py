"""The availability engine by example: working time, slots, check_slot's answers, nearest alternatives."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from parlour.availability.engine import (
    Assignment,
    Busy,
    Channel,
    alternatives_window,
    check_slot,
    find_slots,
    ledger_days_for_slot,
    nearest_alternatives,
    working_time,
)
from parlour.errors import InvalidInput
from tests.unit.test_availability_support import (
    WARSAW,
    at,
    booked,
    context,
    location,
    resource,
    resource_ledgers,
    service,
    specialist,
    staff_ledgers,
    variant,
    weekly,
)

MONDAY = date(2026, 5, 4)  # Warsaw is at +02:00
LONG_BEFORE = datetime(2026, 5, 1, tzinfo=UTC)


def local(text: str) -> datetime:
    return at(WARSAW, f"2026-05-04T{text}")


def starts(slots) -> list[str]:
    return [slot.local_start[11:16] for slot in slots]


def spans(intervals) -> list[tuple[str, str]]:
    return [
        (i.start.astimezone(UTC).strftime("%H:%M"), i.end.astimezone(UTC).strftime("%H:%M"))
        for i in intervals
    ]


def monday_slots(ctx, ledgers=(), now=LONG_BEFORE, **options):
    return find_slots(ctx, MONDAY, MONDAY, list(ledgers), now, **options)


def refused(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        call()
    return raised.value


# --- working time ----------------------------------------------------------------------------------


def test_working_time_is_hours_within_opening_minus_breaks():
    # Given hours 09:00-17:00, a break 12:00-12:30, and a location open 10:00-18:00
    place = location(opening=weekly("10:00-18:00"))
    anna = specialist("anna", hours=weekly("09:00-17:00"), breaks=weekly("12:00-12:30"))

    # Then she works 10:00-12:00 and 12:30-17:00 local (UTC+2)
    assert spans(working_time(anna, place, MONDAY)) == [("08:00", "10:00"), ("10:30", "15:00")]


def test_an_exception_replaces_hours_and_breaks_but_not_opening_hours():
    place = location(opening=weekly("10:00-18:00"))
    anna = specialist(
        "anna",
        hours=weekly("09:00-17:00"),
        breaks=weekly("12:00-12:30"),
        exceptions=[(MONDAY, ["08:00-20:00"]), (MONDAY + timedelta(days=1), [])],
    )

    # Then on Monday she works the whole opening, without the usual break
    assert spans(working_time(anna, place, MONDAY)) == [("08:00", "16:00")]
    # And an exception with no ranges is a day off
    assert working_time(anna, place, MONDAY + timedelta(days=1)) == []
    # And other days keep the weekly pattern
    assert len(working_time(anna, place, MONDAY + timedelta(days=2))) == 2


def test_no_working_time_on_time_off_closed_dates_or_at_other_locations():
    anna = specialist("anna", time_off=[(MONDAY, MONDAY + timedelta(days=1))])
    assert working_time(anna, location(), MONDAY) == []
    assert working_time(anna, location(), MONDAY + timedelta(days=1)) == []
    assert working_time(anna, location(), MONDAY + timedelta(days=2)) != []

    bella = specialist("bella")
    assert working_time(bella, location(closed_dates=[MONDAY]), MONDAY) == []
    elsewhere = location().model_copy(update={"id": "annex"})
    assert working_time(bella, elsewhere, MONDAY) == []


# --- slots ---------------------------------------------------------------------------------------------


def test_buffers_must_fit_inside_working_time_but_the_slot_is_the_service():
    # Given 09:00-12:00 and a 30-minute service with 10 minutes before and 20 after
    ctx = context(
        staff=[specialist("anna", hours=weekly("09:00-12:00"))], the_variant=variant(30, before=10, after=20)
    )

    # When Monday is listed
    slots = monday_slots(ctx)

    # Then the first start leaves room for the preparation, the last for the clean-up
    assert starts(slots) == ["09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00"]
    assert slots[0].end - slots[0].start == timedelta(minutes=30)
    assert slots[0].local_day == MONDAY


def test_a_booking_blocks_every_slot_it_overlaps():
    # Given Anna 09:00-17:00 and a booking 10:00-11:00
    ctx = context(step=30)
    taken = staff_ledgers("anna", booked("a1", local("10:00"), 60))

    # Then 60-minute starts at 09:30, 10:00 and 10:30 are gone; touching ends are fine
    assert starts(monday_slots(ctx, taken)) == [
        "09:00",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
    ]


def test_an_active_hold_blocks_and_an_expired_one_does_not():
    ctx = context(step=60)
    now = datetime(2026, 5, 3, 12, tzinfo=UTC)
    active = staff_ledgers(
        "anna", booked("h1", local("10:00"), 60, hold_expires_at=now + timedelta(seconds=1))
    )
    expired = staff_ledgers("anna", booked("h2", local("10:00"), 60, hold_expires_at=now))

    assert "10:00" not in starts(monday_slots(ctx, active, now))
    assert "10:00" in starts(monday_slots(ctx, expired, now))


def test_ignored_appointments_do_not_block_a_reschedule():
    ctx = context(step=60)
    taken = staff_ledgers("anna", booked("moving", local("10:00"), 60))

    assert "10:00" not in starts(monday_slots(ctx, taken))
    assert "10:00" in starts(monday_slots(ctx, taken, ignore={"moving"}))


def test_minimum_notice_and_maximum_advance_bound_the_starts():
    # Given now is Monday 09:05 local, 60 minutes' notice and bookings one day ahead
    ctx = context(notice=60, advance=1)
    now = local("09:05")

    slots = find_slots(ctx, MONDAY, MONDAY + timedelta(days=2), [], now)

    # Then Monday starts at 10:15 and Tuesday stops at 09:00, Wednesday has nothing
    assert slots[0].local_start == "2026-05-04T10:15:00+02:00"
    tuesday = [slot for slot in slots if slot.local_day == MONDAY + timedelta(days=1)]
    assert starts(tuesday) == ["09:00"]
    assert not [slot for slot in slots if slot.local_day == MONDAY + timedelta(days=2)]


def test_the_notice_and_advance_limits_themselves_are_bookable():
    # Given now is exactly on the grid, 30 minutes' notice and one day ahead
    ctx = context(notice=30, advance=1)
    now = local("09:00")

    slots = find_slots(ctx, MONDAY, MONDAY + timedelta(days=1), [], now)

    # Then the first start is now + 30 minutes and the last is now + 1 day, both accepted by check_slot
    assert (slots[0].start, slots[-1].start) == (local("09:30"), local("09:00") + timedelta(days=1))
    for slot in (slots[0], slots[-1]):
        assert isinstance(check_slot(ctx, slot.start, [], now), Assignment)


def test_only_skilled_specialists_are_offered():
    ctx = context(staff=[specialist("anna", skills=["nails"]), specialist("bella")], step=60)

    assert {staff_id for slot in monday_slots(ctx) for staff_id in slot.staff_ids} == {"bella"}
    error = refused(lambda: monday_slots(ctx, staff_id="anna"))
    assert (error.field, "'hair'" in error.message) == ("staff_id", True)


def test_any_specialist_goes_to_the_least_booked_that_day_then_the_lowest_id():
    # Given Anna booked 2 h on Monday, Bella 1 h on Monday but 5 h on Sunday, Cara 1 h
    ctx = context(staff=[specialist("cara"), specialist("bella"), specialist("anna")], step=60)
    taken = [
        *staff_ledgers("anna", booked("a1", local("09:00"), 120)),
        *staff_ledgers(
            "bella", booked("b1", local("10:00"), 60), booked("b0", local("09:00") - timedelta(days=1), 300)
        ),
        *staff_ledgers("cara", booked("c1", local("11:00"), 60)),
    ]

    slots = {slot.local_start[11:16]: slot for slot in monday_slots(ctx, taken)}

    # Then at 14:00 all three are free; Bella and Cara tie on Monday and Bella's id is lower
    assert slots["14:00"].staff_ids == ("anna", "bella", "cara")
    assert slots["14:00"].assigned_staff_id == "bella"
    # And at 09:00 (Anna busy) the same rule picks Bella over Cara
    assert slots["09:00"].staff_ids == ("bella", "cara")
    assert slots["09:00"].assigned_staff_id == "bella"
    # And check_slot assigns the same specialist
    assignment = check_slot(ctx, local("14:00"), taken, LONG_BEFORE)
    assert isinstance(assignment, Assignment) and assignment.staff_id == "bella"


def test_resources_lowest_free_id_and_busy_when_all_taken():
    # Given two chairs here (and one at another location) and a service needing a chair
    chairs = [resource("chair-b"), resource("chair-a"), resource("chair-z", location_id="annex")]
    ctx = context(resources=chairs, the_variant=variant(60, kinds=["chair"]), step=60)
    chair_a_taken = resource_ledgers("chair-a", booked("x1", local("10:00"), 60))
    both_taken = [*chair_a_taken, *resource_ledgers("chair-b", booked("x2", local("10:00"), 60))]

    # Then the lowest free id is assigned
    first = check_slot(ctx, local("09:00"), [], LONG_BEFORE)
    assert isinstance(first, Assignment) and first.resource_ids == ("chair-a",)
    second = check_slot(ctx, local("10:00"), chair_a_taken, LONG_BEFORE)
    assert isinstance(second, Assignment) and second.resource_ids == ("chair-b",)
    # And with both chairs taken there is no slot, and check_slot answers Busy naming both bookings
    assert "10:00" not in starts(monday_slots(ctx, both_taken))
    busy = check_slot(ctx, local("10:00"), both_taken, LONG_BEFORE)
    assert isinstance(busy, Busy)
    assert {(hit.owner_id, hit.appointment_id) for hit in busy.conflicts} == {
        ("chair-a", "x1"),
        ("chair-b", "x2"),
    }


def test_a_kind_listed_twice_needs_two_resources():
    ctx = context(
        resources=[resource("sink-1", "sink"), resource("sink-2", "sink")],
        the_variant=variant(60, kinds=["sink", "sink"]),
        step=60,
    )
    one_sink_taken = resource_ledgers("sink-1", booked("x1", local("10:00"), 60))

    assignment = check_slot(ctx, local("09:00"), [], LONG_BEFORE)
    assert isinstance(assignment, Assignment) and assignment.resource_ids == ("sink-1", "sink-2")
    assert "10:00" not in starts(monday_slots(ctx, one_sink_taken))
    # And a location with one sink cannot offer it at all
    one_sink = context(
        resources=[resource("sink-1", "sink")], the_variant=variant(60, kinds=["sink", "sink"])
    )
    assert refused(lambda: monday_slots(one_sink)).field == "variant_id"


def test_online_flags_apply_to_clients_not_to_the_salon():
    hidden = context(the_variant=variant(online=False))
    assert refused(lambda: monday_slots(hidden)).field == "variant_id"
    salon = context(the_variant=variant(online=False), channel=Channel.salon)
    assert monday_slots(salon)

    staff = [specialist("anna", bookable_online=False), specialist("bella")]
    online = context(staff=staff, step=60)
    assert {slot.assigned_staff_id for slot in monday_slots(online)} == {"bella"}
    assert refused(lambda: monday_slots(online, staff_id="anna")).field == "staff_id"
    at_desk = context(staff=staff, step=60, channel=Channel.salon)
    assert monday_slots(at_desk)[0].staff_ids == ("anna", "bella")


@pytest.mark.parametrize(
    ("ctx", "options", "field"),
    [
        (context(), {"last_day": MONDAY + timedelta(days=31)}, "last_day"),
        (context(), {"last_day": MONDAY - timedelta(days=1)}, "last_day"),
        (context(), {"staff_id": "nobody"}, "staff_id"),
        (context(the_service=service(location_ids=["annex"])), {}, "location_id"),
        (context(the_variant=variant(kinds=["chair"])), {}, "variant_id"),
        (context(staff=[specialist("anna", skills=["nails"])]), {}, "variant_id"),
    ],
)
def test_find_slots_refuses_impossible_queries_naming_the_field(ctx, options, field):
    options = dict(options)
    last_day = options.pop("last_day", MONDAY)
    assert refused(lambda: find_slots(ctx, MONDAY, last_day, [], LONG_BEFORE, **options)).field == field


def test_a_thirty_one_day_range_is_allowed():
    assert find_slots(context(), MONDAY, MONDAY + timedelta(days=30), [], LONG_BEFORE)


def test_unknown_variant():
    wrong = dataclasses.replace(context(), variant_id="perm")
    assert refused(lambda: monday_slots(wrong)).field == "variant_id"
    assert refused(lambda: check_slot(wrong, local("10:00"), [], LONG_BEFORE)).field == "variant_id"


# --- check_slot -------------------------------------------------------------------------------------


def test_check_slot_returns_the_assignment_with_service_and_blocked_intervals():
    ctx = context(the_variant=variant(45, before=15, after=15))

    assignment = check_slot(ctx, local("10:00"), [], LONG_BEFORE)

    assert isinstance(assignment, Assignment)
    assert assignment.staff_id == "anna"
    assert (assignment.service.start, assignment.service.end) == (local("10:00"), local("10:45"))
    assert (assignment.blocked.start, assignment.blocked.end) == (local("09:45"), local("11:00"))
    assert assignment.local_start == "2026-05-04T10:00:00+02:00"
    assert assignment.ledger_days == [MONDAY]


@pytest.mark.parametrize(
    ("start", "now", "words"),
    [
        (local("10:05"), LONG_BEFORE, "every 15 minutes"),
        (local("10:00").replace(second=30), LONG_BEFORE, "every 15 minutes"),
        (local("08:00"), LONG_BEFORE, "is not open"),
        (local("16:30"), LONG_BEFORE, "Anna does not work"),
        (local("10:00"), local("10:15"), "in the past"),
        (local("10:00"), local("09:30"), "notice"),
        (local("10:00"), local("10:00") - timedelta(days=91), "too far ahead"),
        (datetime(2026, 5, 4, 10), LONG_BEFORE, "UTC offset"),
    ],
)
def test_check_slot_refuses_a_bad_start(start, now, words):
    ctx = context(the_location=location(opening=weekly("09:00-18:00")), notice=60)
    error = refused(lambda: check_slot(ctx, start, [], now))
    assert error.field == "start"
    assert words in error.message


def test_check_slot_any_specialist_outside_everyones_hours():
    ctx = context(staff=[specialist("anna"), specialist("bella", hours=weekly("12:00-18:00"))])
    error = refused(lambda: check_slot(ctx, local("18:00"), [], LONG_BEFORE))
    assert (error.field, error.message.startswith("no specialist")) == ("start", True)
    # While 17:00 is outside Anna's hours but inside Bella's
    assignment = check_slot(ctx, local("17:00"), [], LONG_BEFORE)
    assert isinstance(assignment, Assignment) and assignment.staff_id == "bella"


def test_check_slot_specialist_without_the_skill():
    ctx = context(staff=[specialist("anna", skills=["nails"]), specialist("bella")])
    error = refused(lambda: check_slot(ctx, local("10:00"), [], LONG_BEFORE, staff_id="anna"))
    assert error.field == "staff_id"


def test_check_slot_busy_lists_the_conflicting_entries_and_a_reschedule_ignores_its_own():
    # Given Anna holds 10:00-11:00 for appointment "mine" and Bella works elsewhere that day
    ctx = context(staff=[specialist("anna")])
    taken = staff_ledgers("anna", booked("mine", local("10:00"), 60), booked("other", local("11:00"), 60))

    # When 10:30 is requested
    busy = check_slot(ctx, local("10:30"), taken, LONG_BEFORE)

    # Then Busy names both overlapping appointments
    assert isinstance(busy, Busy)
    assert [hit.appointment_id for hit in busy.conflicts] == ["mine", "other"]
    # And moving "mine" to 09:30 is free once its own entry is ignored, but not to 10:30
    assert isinstance(check_slot(ctx, local("09:30"), taken, LONG_BEFORE, ignore={"mine"}), Assignment)
    still = check_slot(ctx, local("10:30"), taken, LONG_BEFORE, ignore={"mine"})
    assert isinstance(still, Busy) and [hit.appointment_id for hit in still.conflicts] == ["other"]


def test_manager_override_skips_hours_notice_and_advance_but_never_overlaps():
    ctx = context(the_location=location(opening=weekly("09:00-18:00")), notice=120, advance=1)
    now = local("19:00")
    taken = staff_ledgers("anna", booked("late", local("20:00"), 60))

    # Then outside hours and in the past are accepted with override
    assert isinstance(check_slot(ctx, local("21:00"), taken, now, override=True), Assignment)
    assert isinstance(check_slot(ctx, local("07:00"), taken, now, override=True), Assignment)
    assert isinstance(
        check_slot(ctx, local("07:00") + timedelta(days=5), taken, now, override=True), Assignment
    )
    # But an overlap is still Busy, and the grid and the skill still apply
    assert isinstance(check_slot(ctx, local("20:30"), taken, now, override=True), Busy)
    assert refused(lambda: check_slot(ctx, local("21:05"), taken, now, override=True)).field == "start"
    nails = context(staff=[specialist("anna", skills=["nails"])])
    assert refused(
        lambda: check_slot(nails, local("10:00"), [], now, override=True, staff_id="anna")
    ).field == ("staff_id")


def test_an_override_past_midnight_still_sees_the_next_days_ledger():
    # Given a salon on UTC and a booking at 00:00-01:00 on Tuesday (in Tuesday's ledger only)
    ctx = context(the_location=location("UTC"), the_variant=variant(60))
    taken = staff_ledgers("anna", booked("early", datetime(2026, 5, 5, 0, 0, tzinfo=UTC), 60))

    # When a manager books Monday 23:30-00:30 with the override
    answer = check_slot(ctx, datetime(2026, 5, 4, 23, 30, tzinfo=UTC), taken, LONG_BEFORE, override=True)

    # Then the overlap with Tuesday's booking is found
    assert isinstance(answer, Busy) and [hit.appointment_id for hit in answer.conflicts] == ["early"]
    # And the days to read for that start include Tuesday
    assert ledger_days_for_slot(ctx, datetime(2026, 5, 4, 23, 30, tzinfo=UTC)) == {MONDAY, date(2026, 5, 5)}
    assert ledger_days_for_slot(ctx, datetime(2026, 5, 4, 10, tzinfo=UTC)) == {MONDAY}


def test_check_slot_reads_only_the_ledgers_of_the_local_day():
    # Given a booking on another day passed along with the rest
    ctx = context(step=60)
    taken = staff_ledgers("anna", booked("tuesday", local("10:00") + timedelta(days=1), 60))

    # Then Monday 10:00 is free and Tuesday 10:00 is busy
    assert isinstance(check_slot(ctx, local("10:00"), taken, LONG_BEFORE), Assignment)
    assert isinstance(check_slot(ctx, local("10:00") + timedelta(days=1), taken, LONG_BEFORE), Busy)


# --- nearest alternatives ---------------------------------------------------------------------------


def test_nearest_alternatives_are_the_closest_free_starts_earlier_first_on_ties():
    # Given hourly slots 09:00-16:00 and 11:00-14:00 booked
    ctx = context(step=60)
    taken = staff_ledgers("anna", booked("a1", local("11:00"), 180))

    nearest = nearest_alternatives(ctx, local("12:00"), taken, LONG_BEFORE)

    # Then 10:00 and 14:00 (2 h away, earlier first), then 09:00 (3 h, before 15:00)
    assert starts(nearest) == ["10:00", "14:00", "09:00"]


def test_nearest_alternatives_search_the_following_days_and_never_return_the_request():
    # Given Anna's Monday fully booked, Bella free, and a request for Anna at 10:00
    ctx = context(staff=[specialist("anna"), specialist("bella")], step=60)
    taken = staff_ledgers("anna", booked("full", local("09:00"), 8 * 60))

    nearest = nearest_alternatives(ctx, local("10:00"), taken, LONG_BEFORE, staff_id="anna", count=2)

    # Then Anna's alternatives are on Tuesday, nearest in time first
    assert [slot.local_start for slot in nearest] == [
        "2026-05-05T09:00:00+02:00",
        "2026-05-05T10:00:00+02:00",
    ]
    assert all(slot.staff_ids == ("anna",) for slot in nearest)
    # And for anyone, 10:00 itself is never an alternative
    anyone = nearest_alternatives(ctx, local("10:00"), taken, LONG_BEFORE, count=2)
    assert starts(anyone) == ["09:00", "11:00"]
    assert alternatives_window(ctx.location, local("10:00")) == (MONDAY, MONDAY + timedelta(days=7))


def test_nearest_alternatives_stop_at_the_window():
    ctx = context(staff=[specialist("anna", time_off=[(MONDAY, MONDAY + timedelta(days=7))])])
    assert nearest_alternatives(ctx, local("10:00"), [], LONG_BEFORE) == []
    later = context(staff=[specialist("anna", time_off=[(MONDAY, MONDAY + timedelta(days=6))])])
    assert nearest_alternatives(later, local("10:00"), [], LONG_BEFORE)[0].local_day == MONDAY + timedelta(
        days=7
    )
