"""Data access for a salon's automation settings: one item, pk `SALON#<salon>#AUTOMATION`, sk `SETTINGS`.

Its own partition (not the salon's catalog partition), so the catalog query never reads it and a settings
change never counts as a catalog change.
"""

from typing import Any

from parlour.errors import Conflict
from parlour.lifecycle.automation import AutomationInput, SalonAutomation, defaults
from parlour.store.table import client, table

SK = "SETTINGS"
AUTOMATION_TYPE = "salon_automation"  # the item's `type`, which the stream consumer routes by


def automation_key(salon_id: str) -> dict[str, str]:
    return {"pk": f"SALON#{salon_id}#AUTOMATION", "sk": SK}


def get_automation(salon_id: str) -> SalonAutomation:
    """The salon's settings, or the platform defaults (version 0) when it never saved any."""
    item = table().get_item(Key=automation_key(salon_id)).get("Item")
    if item is None:
        return defaults()
    fields = {name: value for name, value in item.items() if name not in ("pk", "sk", "type", "salon_id")}
    return SalonAutomation.model_validate(fields)


def save_automation(salon_id: str, settings: AutomationInput, *, expected_version: int) -> SalonAutomation:
    """Store the settings at expected_version + 1, if the stored ones are still at expected_version."""
    saved = SalonAutomation(**settings.model_dump(exclude={"version"}), version=expected_version + 1)
    item: dict[str, Any] = {
        **saved.model_dump(mode="json"),  # nulls kept: "no quiet hours" is a choice, not a default
        **automation_key(salon_id),
        "type": AUTOMATION_TYPE,
        "salon_id": salon_id,
    }
    condition: dict[str, Any]
    if expected_version == 0:
        condition = {"ConditionExpression": "attribute_not_exists(pk)"}
    else:
        condition = {
            "ConditionExpression": "#version = :expected",
            "ExpressionAttributeNames": {"#version": "version"},
            "ExpressionAttributeValues": {":expected": expected_version},
        }
    try:
        table().put_item(Item=item, **condition)
    except client().exceptions.ConditionalCheckFailedException:
        current = get_automation(salon_id)
        raise Conflict(
            "the automation settings were changed by someone else",
            next_step="reload them and apply your change again",
            details={"current_version": current.version},
        ) from None
    return saved
