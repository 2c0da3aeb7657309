"""Booking rules against moto: ledgers, transactions, transitions and history."""

from datetime import UTC, datetime, timedelta

import pytest

from parlour.availability.ledger import OwnerKind
from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, ClientDetails, Status
from parlour.errors import Conflict, InvalidInput
from parlour.store import bookings as store
from tests.builders import every_day, small_salon

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)  # 08:00 in Warsaw (CEST)
TEN = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)  # 10:00 in Warsaw the next day
CLIENT = Actor(kind=ActorKind.client, id="web")
DESK = Actor(kind=ActorKind.staff, id="reception-1", role="reception")
SYSTEM = Actor(kind=ActorKind.system, id="lifecycle")


def request(start=TEN, *, staff_id="s1", variant="long", service_id="cut", phone="+48500000001"):
    return service.BookingRequest(
        service_id=service_id,
        variant_id=variant,
        start=start,
        staff_id=staff_id,
        client=ClientDetails(name="Ala", phone=phone, locale="pl"),
    )


def staff_entries(salon_id, staff_id, day):
    ledger = store.read_ledgers(salon_id, [(OwnerKind.staff, staff_id, day)])
    return [entry.appointment_id for ledger in ledger.values() for entry in ledger.entries]


@pytest.fixture
def salon(aws):
    small_salon("s")
    return "s"


def test_a_booking_takes_its_time_in_the_ledger_and_writes_history(salon):
    # When a client books 10:00 with s1
    booked = service.book(salon, request(), actor=CLIENT, now=NOW)
    # Then the appointment is confirmed, its time (with the 15 min buffer) is in s1's ledger
    appointment = booked.appointment
    assert appointment.status is Status.confirmed
    assert appointment.blocked_end - appointment.start == timedelta(minutes=75)
    assert staff_entries(salon, "s1", TEN.date()) == [appointment.id]
    # And the history says who booked it, and a manage token was issued
    _, history = service.appointment_with_history(salon, appointment.id)
    assert [(h.from_status, h.to_status, h.actor.kind) for h in history] == [
        (None, Status.confirmed, "client")
    ]
    assert booked.manage_token


def test_a_taken_slot_answers_with_three_nearest_alternatives(salon):
    # Given s1 is booked at 10:00
    service.book(salon, request(), actor=CLIENT, now=NOW)
    # When another client asks for s1 at 10:00
    with pytest.raises(service.SlotTaken) as taken:
        service.book(salon, request(phone="+48500000002"), actor=CLIENT, now=NOW)
    # Then three free alternatives are offered, none overlapping the booked 10:00–11:15
    alternatives = taken.value.details["alternatives"]
    assert len(alternatives) == 3
    for slot in alternatives:
        start = datetime.fromisoformat(slot["start"])
        assert start + timedelta(minutes=75) <= TEN or start >= TEN + timedelta(minutes=75)


def test_any_specialist_goes_to_the_least_booked(salon):
    # Given s1 already has a booking that day
    service.book(salon, request(TEN + timedelta(hours=3)), actor=CLIENT, now=NOW)
    # When a client books "any" at 10:00
    booked = service.book(salon, request(staff_id=None, phone="+48500000009"), actor=CLIENT, now=NOW)
    # Then s2 gets it: fewest booked minutes that day, then the lowest id
    assert booked.appointment.staff_id == "s2"


def test_a_service_needing_a_room_takes_the_room_too(salon):
    # Given the only room is taken by a facial at 10:00
    first = service.book(salon, request(variant="classic", service_id="facial"), actor=CLIENT, now=NOW)
    assert first.appointment.resource_ids == ["room1"]
    # When a facial is asked at 10:00 again
    # Then it is taken (s1 is the only skin specialist and the room is busy)
    with pytest.raises(service.SlotTaken):
        service.book(
            salon,
            request(variant="classic", service_id="facial", phone="+48500000003"),
            actor=CLIENT,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("start", "staff_id", "field"),
    [
        (TEN + timedelta(minutes=7), "s1", "start"),  # not on the 15-minute grid
        (NOW - timedelta(hours=1), "s1", "start"),  # in the past
        (NOW + timedelta(days=90), "s1", "start"),  # beyond max advance (60 days)
        (datetime(2026, 6, 2, 18, 0, tzinfo=UTC), "s1", "start"),  # 20:00 local, after hours
        (TEN, "nobody", "staff_id"),
    ],
)
def test_impossible_requests_name_the_field_and_store_nothing(salon, start, staff_id, field):
    with pytest.raises(InvalidInput) as invalid:
        service.book(salon, request(start, staff_id=staff_id), actor=CLIENT, now=NOW)
    assert invalid.value.field == field
    assert store.find_client_id(salon, phone="+48500000001", email=None) is None


def test_a_specialist_without_the_skill_is_refused(salon):
    with pytest.raises(InvalidInput) as invalid:
        service.book(
            salon, request(variant="classic", service_id="facial", staff_id="s2"), actor=CLIENT, now=NOW
        )
    assert invalid.value.field == "staff_id"


def test_cancel_frees_the_time_and_a_late_client_cancel_is_flagged(salon):
    # Given a booking at 10:00 tomorrow
    booked = service.book(salon, request(), actor=CLIENT, now=NOW)
    # When the client cancels two hours before (inside the 24 h window)
    two_hours_before = TEN - timedelta(hours=2)
    cancelled = service.change_status(
        salon, booked.appointment.id, Status.cancelled, actor=CLIENT, now=two_hours_before
    )
    # Then it is cancelled late, the ledger is empty and the slot can be booked again
    assert cancelled.status is Status.cancelled and cancelled.cancellation.late is True
    assert staff_entries(salon, "s1", TEN.date()) == []
    service.book(salon, request(phone="+48500000004"), actor=CLIENT, now=NOW)


def test_reschedule_takes_the_new_time_and_frees_the_old_together(salon):
    booked = service.book(salon, request(), actor=CLIENT, now=NOW)
    later = TEN + timedelta(hours=2)
    moved = service.reschedule(salon, booked.appointment.id, start=later, actor=CLIENT, now=NOW)
    assert moved.start == later and moved.version == 2
    # The old time is free again: another client books it
    service.book(salon, request(phone="+48500000005"), actor=CLIENT, now=NOW)
    _, history = service.appointment_with_history(salon, booked.appointment.id)
    assert history[-1].changes["start"][1] == str(later)


def test_a_reschedule_into_a_taken_slot_changes_nothing(salon):
    mine = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    theirs = service.book(
        salon, request(TEN + timedelta(hours=2), phone="+48500000006"), actor=CLIENT, now=NOW
    )
    with pytest.raises(service.SlotTaken):
        service.reschedule(salon, mine.id, start=theirs.appointment.start, actor=CLIENT, now=NOW)
    # Then mine keeps its time and its ledger entry
    assert store.get_appointment(salon, mine.id).start == TEN
    assert set(staff_entries(salon, "s1", TEN.date())) == {mine.id, theirs.appointment.id}


def test_an_expired_hold_does_not_block_and_cannot_be_confirmed(salon):
    # Given a 15-minute hold
    held = service.book(salon, request(), actor=CLIENT, now=NOW, hold=True).appointment
    assert held.status is Status.held
    # When the hold has expired, another client can book the same time
    later = NOW + timedelta(minutes=16)
    service.book(salon, request(phone="+48500000007"), actor=CLIENT, now=later)
    # And the hold can no longer be confirmed, only expired
    with pytest.raises(Conflict):
        service.change_status(salon, held.id, Status.confirmed, actor=SYSTEM, now=later)
    expired = service.change_status(salon, held.id, Status.expired, actor=SYSTEM, now=later)
    assert expired.status is Status.expired
    assert held.id not in staff_entries(salon, "s1", TEN.date())


def test_a_client_cannot_check_in_or_mark_no_show(salon):
    booked = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    with pytest.raises(Conflict):
        service.change_status(salon, booked.id, Status.checked_in, actor=CLIENT, now=NOW)


def test_no_show_only_after_the_start_and_it_frees_the_rest(salon):
    booked = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    with pytest.raises(Conflict):
        service.change_status(salon, booked.id, Status.no_show, actor=DESK, now=NOW)
    no_show = service.change_status(
        salon, booked.id, Status.no_show, actor=DESK, now=TEN + timedelta(minutes=20)
    )
    assert no_show.status is Status.no_show
    assert staff_entries(salon, "s1", TEN.date()) == []


def test_move_to_another_specialist_keeps_the_time(salon):
    booked = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    moved = service.reschedule(
        salon,
        booked.id,
        start=booked.start,
        staff_id="s2",
        actor=DESK,
        now=NOW,
        channel=service.engine.Channel.salon,
    )
    assert (moved.staff_id, moved.start) == ("s2", booked.start)
    assert staff_entries(salon, "s1", TEN.date()) == []
    assert staff_entries(salon, "s2", TEN.date()) == [booked.id]


def test_the_client_record_is_reused_and_lists_history(salon):
    first = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    second = service.book(salon, request(TEN + timedelta(hours=3)), actor=CLIENT, now=NOW).appointment
    assert first.client_id == second.client_id
    _, appointments = service.clients.client_with_history(salon, first.client_id)
    assert [a.id for a in appointments] == [first.id, second.id]


def test_a_walk_in_starts_at_the_next_slot(salon):
    now = datetime(2026, 6, 2, 8, 7, tzinfo=UTC)  # 10:07 local
    walk_in = service.book(
        salon, request(), actor=DESK, now=now, walk_in=True, channel=service.engine.Channel.salon
    ).appointment
    assert walk_in.start == datetime(2026, 6, 2, 8, 15, tzinfo=UTC) and walk_in.walk_in


def inject_after_reads(monkeypatch, write):
    """After each of the booking's ledger reads, `write()` commits a real competing change (once per read,
    not inside the competing write's own reads): a race decided in the window between read and write."""
    real_read, writing = store.read_ledgers, []

    def read_then_race(salon_id, refs):
        ledgers = real_read(salon_id, refs)
        if not writing:
            writing.append(True)
            try:
                write()
            finally:
                writing.clear()
        return ledgers

    monkeypatch.setattr(store, "read_ledgers", read_then_race)


def test_a_lost_race_is_decided_again_with_what_the_winner_wrote(salon, monkeypatch):
    # Given another client commits s1 at 10:00 right after our booking read the ledgers
    winners = []

    def competitor():
        if not winners:
            winners.append(service.book(salon, request(phone="+48500000020"), actor=CLIENT, now=NOW))

    inject_after_reads(monkeypatch, competitor)
    # When we book s1 at 10:00 / Then our transaction fails, we read again, and the time is taken
    with pytest.raises(service.SlotTaken) as taken:
        service.book(salon, request(), actor=CLIENT, now=NOW)
    assert len(taken.value.details["alternatives"]) == 3
    assert staff_entries(salon, "s1", TEN.date()) == [winners[0].appointment.id]


def test_when_every_attempt_loses_the_answer_is_409_with_alternatives(salon, monkeypatch):
    # Given a writer that changes s1's ledger that day after each of our reads (short cuts from noon on,
    # clear of our 10:00-11:15)
    later = [TEN + timedelta(hours=2, minutes=30 * n) for n in range(8)]

    def competitor():
        if later:
            booking = request(later.pop(0), variant="short", phone="+48500000030")
            service.book(salon, booking, actor=CLIENT, now=NOW)

    inject_after_reads(monkeypatch, competitor)
    # When we try to book s1 at 10:00 / Then after the bounded attempts: 409 with alternatives
    with pytest.raises(service.SlotTaken) as taken:
        service.book(salon, request(), actor=CLIENT, now=NOW)
    assert taken.value.details["alternatives"]
    # And nothing of ours was stored: every booked time on s1 is the competitor's
    ours = store.find_client_id(salon, phone="+48500000001", email=None)
    entries = staff_entries(salon, "s1", TEN.date())
    assert len(entries) == 5 + 1  # one competing write per attempt, and one while alternatives are read
    assert all(store.get_appointment(salon, entry).client_id != ours for entry in entries)


def test_an_override_for_any_specialist_books_someone_who_works_at_that_location(aws):
    # Given a salon whose second location has a hair specialist who never works at the main one
    from parlour.catalog import editing
    from parlour.catalog.models import LocationInput, StaffInput

    small_salon("s", staff=1)
    editing.create_location(
        "s",
        LocationInput(
            id="aaa",
            name="A",
            time_zone="Europe/Warsaw",
            currency="PLN",
            tax_region="PL",
            opening_hours=every_day("09:00", "18:00"),
        ),
    )
    editing.create_staff_member(
        "s",
        StaffInput(id="a0", name="A0", skills=["hair"], weekly_hours={"aaa": every_day("09:00", "18:00")}),
    )
    request_main = service.BookingRequest(
        service_id="cut",
        variant_id="short",
        location_id="main",
        start=TEN,
        staff_id=None,
        client=ClientDetails(name="Ala", phone="+48500000040"),
    )
    # When a manager books "any" at the main location with an override
    booked = service.book(
        "s", request_main, actor=DESK, now=NOW, override=True, channel=service.engine.Channel.salon
    ).appointment
    # Then the main location's specialist gets it
    assert booked.staff_id == "s1"


def test_far_off_dates_are_refused_naming_the_field(salon):
    for start in (datetime(9999, 12, 31, 23, 45, tzinfo=UTC), datetime(1, 1, 1, 1, 0, tzinfo=UTC)):
        with pytest.raises(InvalidInput) as invalid:
            service.book(salon, request(start), actor=CLIENT, now=NOW)
        assert invalid.value.field == "start"


def test_an_unknown_service_is_422_naming_it(salon):
    with pytest.raises(InvalidInput) as invalid:
        service.book(salon, request(service_id="nope"), actor=CLIENT, now=NOW)
    assert invalid.value.field == "service_id"


def test_a_new_specialist_at_the_same_time_keeps_the_planned_reminders(salon):
    # Given a booking whose first reminder (24 h before) has already passed by the time of the move
    booked = service.book(salon, request(), actor=CLIENT, now=NOW).appointment
    three_hours_before = TEN - timedelta(hours=3)
    # When the desk gives it to s2 at the same time
    moved = service.reschedule(
        salon,
        booked.id,
        start=booked.start,
        staff_id="s2",
        actor=DESK,
        now=three_hours_before,
        channel=service.engine.Channel.salon,
    )
    # Then the planned reminders are those of the booking: the running lifecycle still sends them
    assert moved.remind_at == booked.remind_at and moved.no_show_check_at == booked.no_show_check_at


def test_even_a_manager_override_books_at_most_a_year_ahead(salon):
    with pytest.raises(InvalidInput) as invalid:
        service.book(
            salon,
            request(TEN + timedelta(days=400)),
            actor=DESK,
            now=NOW,
            override=True,
            channel=service.engine.Channel.salon,
        )
    assert invalid.value.field == "start"
