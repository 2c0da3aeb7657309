"""The explicit transition table of appointment states: anything not listed is refused.

A refused change is a StateConflict: it names the appointment's current state and the actions still
possible for the one who asked, so a client or the desk knows what to do instead.
"""

from datetime import datetime
from enum import StrEnum

from parlour.booking.models import ActorKind, Appointment, Status
from parlour.errors import Conflict

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.held: frozenset({Status.confirmed, Status.cancelled, Status.expired}),
    Status.confirmed: frozenset({Status.checked_in, Status.completed, Status.cancelled, Status.no_show}),
    Status.checked_in: frozenset({Status.completed, Status.cancelled}),
    Status.completed: frozenset(),
    Status.cancelled: frozenset(),
    Status.no_show: frozenset(),
    Status.expired: frozenset(),
}

# Who may ask for each target state. Clients only cancel; the system expires holds and marks no-shows.
ALLOWED_ACTORS: dict[Status, frozenset[ActorKind]] = {
    Status.confirmed: frozenset({ActorKind.staff, ActorKind.system}),
    Status.checked_in: frozenset({ActorKind.staff}),
    Status.completed: frozenset({ActorKind.staff}),
    Status.cancelled: frozenset({ActorKind.client, ActorKind.staff, ActorKind.system}),
    Status.no_show: frozenset({ActorKind.staff, ActorKind.system}),
    Status.expired: frozenset({ActorKind.system}),
}


class Action(StrEnum):
    """What staff or a client can ask of an appointment; the value is the last segment of its route."""

    confirm = "confirm"
    check_in = "check-in"
    complete = "complete"
    no_show = "no-show"
    cancel = "cancel"
    reschedule = "reschedule"
    move = "move"  # to another specialist at the same time


# The state each state-changing action asks for. Reschedule and move keep the state.
ACTION_TARGETS: dict[Action, Status] = {
    Action.confirm: Status.confirmed,
    Action.check_in: Status.checked_in,
    Action.complete: Status.completed,
    Action.no_show: Status.no_show,
    Action.cancel: Status.cancelled,
}
_ACTION_FOR_TARGET = {target: action for action, target in ACTION_TARGETS.items()}

# Only an upcoming held or confirmed appointment can change its time or specialist.
MOVABLE = frozenset({Status.held, Status.confirmed})
MOVERS: dict[Action, frozenset[ActorKind]] = {
    Action.reschedule: frozenset({ActorKind.client, ActorKind.staff}),
    Action.move: frozenset({ActorKind.staff}),
}

_Refusal = tuple[str, str | None]  # what is wrong, what to do instead (None: say what is possible)


def _transition_refusal(
    current: Appointment, target: Status, actor: ActorKind, now: datetime
) -> _Refusal | None:
    if target not in TRANSITIONS[current.status]:
        return f"an appointment that is {current.status.value} cannot become {target.value}", None
    if actor not in ALLOWED_ACTORS[target]:
        return (
            f"a {actor.value} cannot mark an appointment {target.value}",
            "ask the salon to make this change",
        )
    if target is Status.cancelled and actor is ActorKind.client and current.start <= now:
        return "this appointment has already started", "contact the salon"
    if target is Status.no_show and now < current.start:
        return "a client cannot miss an appointment that has not started", "wait for its start"
    if target is Status.expired and (current.hold_expires_at is None or current.hold_expires_at > now):
        return "this hold has not expired yet", "wait for the hold to expire"
    if target is Status.confirmed and not current.occupies(now):
        return "this hold has expired and its time may be gone", "book again"
    return None


def _move_refusal(current: Appointment, action: Action, actor: ActorKind, now: datetime) -> _Refusal | None:
    if actor not in MOVERS[action]:
        return f"a {actor.value} cannot {action.value} an appointment", "ask the salon to make this change"
    if current.status not in MOVABLE or not current.occupies(now):
        return f"an appointment that is {current.status.value} cannot be moved", None
    if actor is ActorKind.client and current.start <= now:
        return "this appointment has already started", "contact the salon"
    return None


def _refusal(current: Appointment, action: Action, actor: ActorKind, now: datetime) -> _Refusal | None:
    if action in ACTION_TARGETS:
        return _transition_refusal(current, ACTION_TARGETS[action], actor, now)
    return _move_refusal(current, action, actor, now)


def possible_actions(current: Appointment, actor: ActorKind, now: datetime) -> list[Action]:
    """What `actor` could ask of the appointment now, as far as its state and timing go."""
    return [action for action in Action if _refusal(current, action, actor, now) is None]


class StateConflict(Conflict):
    """A change refused for the appointment's state or timing; details carry the current state and the
    actions still possible (without the refused one), and next_step what to do instead."""

    def __init__(
        self,
        message: str,
        *,
        current: Appointment,
        actor: ActorKind,
        now: datetime,
        refused: Action | None,
        next_step: str | None = None,
    ):
        allowed = [action.value for action in possible_actions(current, actor, now) if action is not refused]
        if next_step is None:
            next_step = (
                f"reload the appointment; what can be done now: {', '.join(allowed)}"
                if allowed
                else "nothing more can change on this appointment; book a new one if needed"
            )
        super().__init__(
            message,
            next_step=next_step,
            details={"current_status": current.status.value, "allowed_actions": allowed},
        )


def check_transition(current: Appointment, target: Status, actor: ActorKind, now: datetime) -> None:
    """Raise StateConflict unless `actor` may move the appointment from its state to `target` now."""
    refusal = _transition_refusal(current, target, actor, now)
    if refusal is not None:
        message, next_step = refusal
        raise StateConflict(
            message,
            next_step=next_step,
            current=current,
            actor=actor,
            now=now,
            refused=_ACTION_FOR_TARGET.get(target),
        )


def check_movable(current: Appointment, actor: ActorKind, now: datetime) -> None:
    """Raise StateConflict unless `actor` may give the appointment another time or specialist now."""
    refusal = _move_refusal(current, Action.reschedule, actor, now)
    if refusal is not None:
        message, next_step = refusal
        raise StateConflict(
            message, next_step=next_step, current=current, actor=actor, now=now, refused=Action.reschedule
        )
