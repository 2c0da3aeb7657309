"""Deferred messages planned again when a salon changes its quiet hours.

A message put off by quiet hours waits on the notifier's queue until they end. When the salon switches quiet
hours off or moves them, what waits may be due now: the committed settings change (seen on the table's
stream) puts each deferred message's job on the queue again at once, and the notifier decides anew (send,
or defer to the new end). The copy still waiting finds its outbox entry changed and is dropped; a message
is sent at most once either way, since sends are unique per notification id.
"""

from typing import Any

from parlour.adapters.outbox import DEFERRED, DynamoOutbox
from parlour.lifecycle.automation import defaults
from parlour.lifecycle.jobs import jobs_of_entries
from parlour.notifications.models import QuietHours
from parlour.observability import logger
from parlour.store.automation import AUTOMATION_TYPE
from parlour.store.lifecycle_runs import send_job

# Deferred messages of one salon re-planned per settings change: a night's worth for a large salon.
RECHECK_LIMIT = 2000


def _quiet_hours(image: dict[str, Any] | None) -> QuietHours | None:
    """The quiet hours an automation item's image holds; a salon that never saved has the defaults."""
    if image is None:
        return defaults().quiet_hours
    stored = image.get("quiet_hours")
    return QuietHours.model_validate(stored) if stored else None


def quiet_hours_changed(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    """Whether one stream record of the settings item switched quiet hours off, on or moved them."""
    if new is None or new.get("type") != AUTOMATION_TYPE:
        return False
    return _quiet_hours(old) != _quiet_hours(new)


def recheck_deferred(salon_id: str) -> int:
    """Queue every deferred message of the salon again, to be decided now; how many were queued."""
    queued = 0
    deferred = DynamoOutbox().list(salon_id, limit=RECHECK_LIMIT, status=DEFERRED)
    for _entry, job in jobs_of_entries(salon_id, deferred):
        send_job(job.model_copy(update={"was_deferred": True}).model_dump_json())
        queued += 1
    return queued


def recheck_for_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> int:
    """After a committed settings change: re-plan the salon's deferred messages if quiet hours changed."""
    if new is None or not quiet_hours_changed(old, new):
        return 0
    queued = recheck_deferred(new["salon_id"])
    logger.info("quiet hours changed: deferred messages queued again", extra={"queued": queued})
    return queued
