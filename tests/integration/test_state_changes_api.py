"""The whole transition table through every route that changes an appointment's state, on moto.

For each state, every route (the desk's confirm, check-in, complete, no-show, cancel, reschedule and
move; the manage link's cancel and reschedule) is called on an appointment in that state: the allowed
ones succeed and land where the table says (the next route gets a fresh appointment), the refused ones
answer 409 with the current state and exactly the actions that would have succeeded, and change nothing.

Time: appointments are placed relative to today in the salon's zone (upcoming: the day after tomorrow;
started: yesterday, booked the day before) between 09:00 and 18:00, the test salon's hours, so the walk
passes at any hour. States are reached through the booking service with an explicit `now`.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, ClientDetails, Status
from parlour.booking.transitions import ACTION_TARGETS, ALLOWED_ACTORS, MOVABLE, MOVERS, TRANSITIONS, Action
from tests.builders import small_salon
from tests.events import ApiClient, staff_claims

ZONE = ZoneInfo("Europe/Warsaw")
SALON = "walk"
DESK = Actor(kind=ActorKind.staff, id="reception-1", role="reception")
SYSTEM = Actor(kind=ActorKind.system, id="lifecycle")
public = ApiClient("public_api")
owner = ApiClient("admin_api", claims=staff_claims(SALON, "owner"))
ROUTES = [(ActorKind.staff, action) for action in Action] + [
    (ActorKind.client, Action.cancel),
    (ActorKind.client, Action.reschedule),
]


def _today() -> date:
    return datetime.now(ZONE).date()


def _local(day: date, minutes: int) -> datetime:
    """`minutes` after 09:00 local on `day`, in UTC."""
    return datetime.combine(day, time(9), ZONE).astimezone(UTC) + timedelta(minutes=minutes)


def _day(started: bool) -> date:
    return _today() - timedelta(days=1) if started else _today() + timedelta(days=2)


def _appointment_in(state: Status, *, started: bool, slot: int) -> tuple[str, str]:
    """Given an appointment in `state` with s1 at the 30-minute `slot` of its day (id, manage token)."""
    now = datetime.now(UTC)
    start = _local(_day(started), 30 * slot)
    booked_at = start - timedelta(days=1) if started else now
    if state is Status.expired:
        booked_at = now - timedelta(hours=2)  # the hold ran out long ago
    request = service.BookingRequest(
        service_id="cut",
        variant_id="short",
        start=start,
        staff_id="s1",
        client=ClientDetails(name="Ala", phone="+48500000001", locale="pl"),
    )
    hold = state in (Status.held, Status.expired)
    booked = service.book(SALON, request, actor=DESK, now=booked_at, hold=hold)
    appointment_id = booked.appointment.id
    if state is Status.expired:
        service.change_status(SALON, appointment_id, Status.expired, actor=SYSTEM, now=now)
    elif state is Status.no_show:
        service.change_status(SALON, appointment_id, state, actor=DESK, now=max(now, start))
    elif state is not Status.confirmed and state is not Status.held:
        service.change_status(SALON, appointment_id, state, actor=DESK, now=now, reason="by the walk")
    assert _status(appointment_id) is state
    return appointment_id, booked.manage_token


def _status(appointment_id: str) -> Status:
    return service.appointment_with_history(SALON, appointment_id)[0].status


def _possible(state: Status, action: Action, actor: ActorKind, *, started: bool) -> bool:
    """The transition table with its timing rules, read as the expectation of the routes."""
    if action in ACTION_TARGETS:
        target = ACTION_TARGETS[action]
        allowed = target in TRANSITIONS[state] and actor in ALLOWED_ACTORS[target]
        if target is Status.no_show:
            allowed = allowed and started
        if target is Status.cancelled and actor is ActorKind.client:
            allowed = allowed and not started
        return allowed
    return state in MOVABLE and actor in MOVERS[action] and not (started and actor is ActorKind.client)


def _call(actor: ActorKind, action: Action, appointment_id: str, token: str, *, slot: int):
    later = {"start": _local(_today() + timedelta(days=2), 30 * (9 + slot)).isoformat()}
    body = {
        Action.cancel: {"reason": "the salon closes"} if actor is ActorKind.staff else {},
        # The owner overrides booking rules, so only the state decides (a started one lies in the past)
        Action.reschedule: {**later, "override": True} if actor is ActorKind.staff else later,
        Action.move: {"staff_id": "s2", "override": True},
    }.get(action, {})
    if actor is ActorKind.client:
        path = f"/public/salons/{SALON}/appointments/{appointment_id}/{action.value}"
        return public.post(path, body=body, headers={"authorization": f"Bearer {token}"})
    return owner.post(f"/admin/salons/{SALON}/appointments/{appointment_id}/{action.value}", body=body)


@pytest.mark.parametrize(
    ("state", "started"),
    [pytest.param(state, False, id=state.value) for state in Status]
    + [pytest.param(Status.confirmed, True, id="confirmed-and-started")],
)
def test_every_route_that_changes_state_follows_the_transition_table(aws, state, started):
    small_salon(SALON)
    appointment = None  # a refused change leaves it as it was, so the next route may use it too
    for slot, (actor, action) in enumerate(ROUTES):
        pair = f"{state} / {actor} asks {action}"
        # Given an appointment in `state`
        appointment = appointment or _appointment_in(state, started=started, slot=slot)
        appointment_id, token = appointment
        # When the actor asks for `action` through its route
        answer = _call(actor, action, appointment_id, token, slot=slot)
        # Then an allowed change succeeds and lands where the table says
        if _possible(state, action, actor, started=started):
            assert answer.status == 200, (pair, answer.body)
            changed = answer.json()
            assert changed["status"] == ACTION_TARGETS.get(action, state).value, pair
            assert action is not Action.move or changed["staff_id"] == "s2", pair
            appointment = None
            continue
        # And a refused one is 409 naming the current state, what is possible instead and a next step
        assert answer.status == 409, (pair, answer.body)
        error = answer.json()["error"]
        possible = [other.value for other in Action if _possible(state, other, actor, started=started)]
        assert error["current_status"] == state.value, pair
        assert sorted(error["allowed_actions"]) == sorted(possible), (pair, error)
        assert error["next_step"] and error["message"], pair
        assert _status(appointment_id) is state, pair
