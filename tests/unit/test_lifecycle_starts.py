"""Which committed appointment change starts a lifecycle execution, and under which name."""

import re

import pytest

from parlour.lifecycle.starts import execution_name, lifecycle_start

START = "2026-05-04T08:00:00Z"


def appointment(status: str, *, version: int = 1, start: str = START, **changes) -> dict:
    """An appointment item as the stream's image carries it (plain values)."""
    return {
        "pk": "SALON#bella#APPT#ap_1",
        "sk": "APPT",
        "type": "appointment",
        "id": "ap_1",
        "salon_id": "bella",
        "status": status,
        "version": version,
        "start": start,
        "staff_id": "s1",
        "walk_in": False,
        **changes,
    }


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        # Booked confirmed, or a hold confirmed: confirmation, reminders, no-show check
        (None, appointment("confirmed"), "confirmed"),
        (appointment("held"), appointment("confirmed", version=2), "confirmed"),
        # Moved while confirmed: the new time is confirmed and its reminders planned
        (
            appointment("confirmed"),
            appointment("confirmed", version=2, start="2026-05-04T09:00:00Z"),
            "rescheduled",
        ),
        # Cancelled after it was confirmed (or checked in): the cancellation
        (appointment("confirmed"), appointment("cancelled", version=2), "cancelled"),
        (appointment("checked_in", version=2), appointment("cancelled", version=3), "cancelled"),
        # Completed: the follow-up, walk-ins too
        (appointment("checked_in", version=2), appointment("completed", version=3), "completed"),
        (
            appointment("confirmed", walk_in=True),
            appointment("completed", version=2, walk_in=True),
            "completed",
        ),
    ],
)
def test_changes_that_start_an_execution(old, new, reason):
    start = lifecycle_start(old, new)
    assert start is not None
    assert (start.reason, start.salon_id, start.appointment_id) == (reason, "bella", "ap_1")
    assert start.name == f"ap_1-v{new['version']}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, appointment("held")),  # not confirmed yet: its confirmation starts one
        (None, appointment("confirmed", walk_in=True)),  # at the desk already: no confirmation, no reminders
        (appointment("confirmed"), appointment("confirmed", version=2, staff_id="s2")),  # same time
        (appointment("confirmed"), appointment("checked_in", version=2)),
        (appointment("held"), appointment("cancelled", version=2)),  # never confirmed: nothing to cancel
        (appointment("held"), appointment("expired", version=2)),
        (appointment("confirmed"), appointment("no_show", version=2)),  # the no-show check tells the salon
        (appointment("confirmed"), None),  # removed
        (None, {"type": "client", "id": "cl_1", "status": "confirmed", "version": 1}),
        (None, {"type": "history", "to_status": "confirmed"}),
    ],
)
def test_changes_that_start_nothing(old, new):
    assert lifecycle_start(old, new) is None


def test_the_same_record_twice_names_the_same_execution():
    # Given one stream record delivered twice
    record = (appointment("held"), appointment("confirmed", version=2))
    # Then both ask for the same execution name: the second start finds it taken
    assert lifecycle_start(*record) == lifecycle_start(*record)


def test_names_fit_step_functions_rules_and_stay_unique():
    allowed = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
    long_id = "ap_" + "x" * 120
    odd_id = "ap:1/2 3"
    for name in (execution_name("ap_1", 7), execution_name(long_id, 12), execution_name(odd_id, 1)):
        assert allowed.match(name), name
    assert execution_name("ap_1", 7) == "ap_1-v7"
    # Ids that only differ where they were cut or cleaned still get different names
    assert execution_name(long_id, 1) != execution_name(long_id[:-1] + "y", 1)
    assert execution_name("ap:1", 1) != execution_name("ap/1", 1)
