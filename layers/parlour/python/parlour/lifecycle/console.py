"""The salon's side of its messages, for the admin API: the outbox and the automation settings.

The outbox shows what the platform wrote instead of sending (no Twilio or SES credentials), what it held
while automation was paused, alerts with no contact to go to, and sends whose outcome is unknown.
"""

from parlour.access import Principal, Right
from parlour.adapters.outbox import DynamoOutbox, OutboxEntry
from parlour.lifecycle.automation import AutomationReplacement, SalonAutomation
from parlour.store import automation as store


def outbox(
    principal: Principal, salon_id: str, *, limit: int, status: str | None = None
) -> list[OutboxEntry]:
    principal.require(salon_id, Right.run_desk)
    return DynamoOutbox().list(salon_id, limit=limit, status=status)


def automation(principal: Principal, salon_id: str) -> SalonAutomation:
    principal.require(salon_id, Right.read_catalog)
    return store.get_automation(salon_id)


def save_automation(
    principal: Principal, salon_id: str, replacement: AutomationReplacement
) -> SalonAutomation:
    """Replace the settings (pause or resume, reminder offsets...) if they are still at the version read."""
    principal.require(salon_id, Right.edit_catalog)
    return store.save_automation(salon_id, replacement, expected_version=replacement.version)
