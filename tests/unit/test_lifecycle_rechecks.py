"""Which change of a salon's automation settings re-plans its deferred messages: quiet hours changed."""

import pytest

from parlour.lifecycle.rechecks import quiet_hours_changed

NIGHT = {"start": "21:00:00", "end": "08:00:00"}  # the platform's default quiet hours


def settings(quiet_hours, **other) -> dict:
    """A settings item's stream image (plain values)."""
    return {"type": "salon_automation", "salon_id": "bella", "quiet_hours": quiet_hours, **other}


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        (settings(NIGHT), settings(None), True),  # switched off
        (settings(None), settings(NIGHT), True),  # switched on
        (settings(NIGHT), settings({"start": "22:00:00", "end": "07:00:00"}), True),  # moved
        (settings(NIGHT, paused=False), settings(NIGHT, paused=True), False),  # another setting
        (None, settings(None), True),  # first save: the defaults had quiet hours
        (None, settings(NIGHT), False),  # first save keeps the defaults' quiet hours
    ],
)
def test_only_a_change_of_quiet_hours_calls_for_a_recheck(old, new, changed):
    assert quiet_hours_changed(old, new) is changed


def test_other_items_and_removals_call_for_none():
    assert quiet_hours_changed(settings(NIGHT), None) is False
    assert quiet_hours_changed(None, {"type": "appointment", "quiet_hours": None}) is False
