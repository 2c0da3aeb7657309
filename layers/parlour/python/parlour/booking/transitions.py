"""The explicit transition table of appointment states: anything not listed is refused."""

from parlour.booking.models import ActorKind, Status
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


def check_transition(current: Status, target: Status, actor: ActorKind) -> None:
    """Raise Conflict unless `actor` may move an appointment from `current` to `target`."""
    if target not in TRANSITIONS[current]:
        raise Conflict(
            f"an appointment that is {current.value} cannot become {target.value}",
            next_step="reload the appointment to see its current state",
            details={"status": current.value},
        )
    if actor not in ALLOWED_ACTORS[target]:
        raise Conflict(
            f"a {actor.value} cannot mark an appointment {target.value}",
            next_step="ask the salon to make this change",
            details={"status": current.value},
        )
