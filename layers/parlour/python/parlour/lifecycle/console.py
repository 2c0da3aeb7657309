"""The salon's side of its messages, for the admin API: the outbox and the automation settings.

The outbox shows every message that did not simply go out: written instead of sent (no Twilio or SES
credentials), deferred by quiet hours and when it will go, held while automation was paused, skipped and
why, refused by the provider, alerts with no contact to go to, and sends whose outcome is unknown.
"""

from pydantic import BaseModel, Field

from parlour.access import Principal, Right
from parlour.adapters.delivery_ledger import DynamoDeliveryLedger
from parlour.adapters.outbox import DynamoOutbox, OutboxEntry
from parlour.errors import Conflict
from parlour.lifecycle.automation import AutomationReplacement, SalonAutomation
from parlour.lifecycle.jobs import jobs_of_entries
from parlour.notifications.models import DeliveryStatus
from parlour.store import automation as store
from parlour.store.lifecycle_runs import send_job

RELEASE_BATCH = 200


def outbox(
    principal: Principal,
    salon_id: str,
    *,
    limit: int,
    status: str | None = None,
    appointment_id: str | None = None,
) -> list[OutboxEntry]:
    principal.require(salon_id, Right.run_desk)
    return DynamoOutbox().list(salon_id, limit=limit, status=status, appointment_id=appointment_id)


def automation(principal: Principal, salon_id: str) -> SalonAutomation:
    principal.require(salon_id, Right.read_catalog)
    return store.get_automation(salon_id)


def save_automation(
    principal: Principal, salon_id: str, replacement: AutomationReplacement
) -> SalonAutomation:
    """Replace the settings (pause or resume, reminder offsets...) if they are still at the version read."""
    principal.require(salon_id, Right.edit_catalog)
    return store.save_automation(salon_id, replacement, expected_version=replacement.version)


class Released(BaseModel):
    released: int = Field(description="Held messages put back on their way (each is checked again first)")
    left: int = Field(description="Held messages this call did not reach: release again for them")


def release_held(principal: Principal, salon_id: str) -> Released:
    """After a pause: send what was held. Each message is checked again as it goes, so one whose occasion
    has passed (a reminder for a visit already over, a cancelled booking's confirmation) is not sent.

    Per message: forget its `held` delivery record, queue its job, then drop the held entry. Interrupted
    anywhere, releasing again is safe: a queued job is sent at most once per notification id.
    """
    principal.require(salon_id, Right.edit_catalog)
    if store.get_automation(salon_id).paused:
        raise Conflict(
            "automation is still paused", next_step="resume automation, then release what was held"
        )
    outbox, ledger = DynamoOutbox(), DynamoDeliveryLedger()
    held = outbox.list(salon_id, limit=RELEASE_BATCH + 1, status=DeliveryStatus.held.value)
    released = 0
    for entry, job in jobs_of_entries(salon_id, held[:RELEASE_BATCH]):
        ledger.forget_held(salon_id, entry.notification_id)
        send_job(job.model_dump_json())
        outbox.remove(salon_id, entry.created_at, entry.notification_id, status=DeliveryStatus.held.value)
        released += 1
    return Released(released=released, left=max(0, len(held) - RELEASE_BATCH))
