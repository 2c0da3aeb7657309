"""Who may do what in a salon. Staff identities come from the identity provider's claims."""

from dataclasses import dataclass
from enum import StrEnum

from parlour.errors import Forbidden


class Role(StrEnum):
    owner = "owner"
    manager = "manager"
    reception = "reception"
    specialist = "specialist"


class Right(StrEnum):
    read_catalog = "read_catalog"
    edit_catalog = "edit_catalog"
    edit_staff = "edit_staff"
    edit_pricing = "edit_pricing"
    run_desk = "run_desk"  # bookings, walk-ins, check-in, cancel by salon
    work_own_appointments = "work_own_appointments"  # a specialist's own check-in and completion
    override = "override"  # bypass booking rules; recorded in the history


RIGHTS: dict[Role, frozenset[Right]] = {
    Role.owner: frozenset(Right),
    Role.manager: frozenset(Right),
    Role.reception: frozenset({Right.read_catalog, Right.run_desk, Right.work_own_appointments}),
    Role.specialist: frozenset({Right.read_catalog, Right.work_own_appointments}),
}


@dataclass(frozen=True)
class Principal:
    """A signed-in member of a salon's staff."""

    subject: str
    salon_id: str
    role: Role
    staff_id: str | None = None
    email: str | None = None

    def can(self, right: Right) -> bool:
        return right in RIGHTS[self.role]

    def require(self, salon_id: str, right: Right) -> None:
        """Raise unless this person belongs to the salon and holds the right."""
        if salon_id != self.salon_id:
            raise Forbidden("this account belongs to another salon")
        if not self.can(right):
            raise Forbidden(f"the {self.role.value} role may not {right.value.replace('_', ' ')}")
