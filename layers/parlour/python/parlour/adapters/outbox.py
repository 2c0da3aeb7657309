"""The local outbox: messages kept in the table instead of sent, and sends whose outcome is unknown.

Without Twilio or SES credentials (the local stack, a fresh deployment) every message is written here
and the admin console lists it. Sends that a crash left undecided land here too, marked `unknown`.

Item: pk `SALON#<salon>#OUTBOX`, sk `<created_at>#<notification id>` (newest last; the notification's own
creation time, so a retry writes the same key and never a second entry).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from parlour.notifications.models import Channel, NotificationKind, OutgoingMessage
from parlour.store.table import client, table

KEEP_FOR = timedelta(days=30)
STATUS_WRITTEN = "outbox"  # kept here instead of being sent: nothing left the platform


def outbox_pk(salon_id: str) -> str:
    return f"SALON#{salon_id}#OUTBOX"


def outbox_sk(created_at: datetime, notification_id: str) -> str:
    return f"{created_at.astimezone(UTC).isoformat()}#{notification_id}"


def outbox_message_id(message: OutgoingMessage) -> str:
    """The id an outbox entry answers in place of a provider's message id."""
    return f"outbox:{outbox_sk(message.created_at, message.notification_id)}"


class OutboxEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    notification_id: str
    salon_id: str
    appointment_id: str
    kind: NotificationKind
    channel: Channel
    to: str
    subject: str | None = None
    body: str
    status: str
    reason: str = ""
    created_at: datetime  # the notification's
    written_at: datetime


class DynamoOutbox:
    def add(self, message: OutgoingMessage, *, status: str, reason: str = "") -> bool:
        """Write the entry once; False when it was already there (a retry)."""
        now = datetime.now(UTC)
        item: dict[str, Any] = {
            "pk": outbox_pk(message.salon_id),
            "sk": outbox_sk(message.created_at, message.notification_id),
            "type": "outbox_message",
            "notification_id": message.notification_id,
            "salon_id": message.salon_id,
            "appointment_id": message.appointment_id,
            "kind": message.kind.value,
            "channel": message.channel.value,
            "to": message.to,
            "body": message.body,
            "status": status,
            "reason": reason,
            "created_at": message.created_at.astimezone(UTC).isoformat(),
            "written_at": now.isoformat(),
            "ttl": int((now + KEEP_FOR).timestamp()),
        }
        if message.subject is not None:
            item["subject"] = message.subject
        try:
            table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        except client().exceptions.ConditionalCheckFailedException:
            return False
        return True

    def get(self, salon_id: str, created_at: datetime, notification_id: str) -> OutboxEntry | None:
        item = (
            table()
            .get_item(
                Key={"pk": outbox_pk(salon_id), "sk": outbox_sk(created_at, notification_id)},
                ConsistentRead=True,
            )
            .get("Item")
        )
        return OutboxEntry.model_validate(item) if item else None

    def remove(self, salon_id: str, created_at: datetime, notification_id: str, *, status: str) -> bool:
        """Delete the entry if it is still in `status`; False when it is not (gone, or changed)."""
        try:
            table().delete_item(
                Key={"pk": outbox_pk(salon_id), "sk": outbox_sk(created_at, notification_id)},
                ConditionExpression="#status = :status",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":status": status},
            )
        except client().exceptions.ConditionalCheckFailedException:
            return False
        return True

    def list(self, salon_id: str, *, limit: int = 50, status: str | None = None) -> list[OutboxEntry]:
        """The salon's newest entries first; with `status`, only entries in that status (e.g. held)."""
        query: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": outbox_pk(salon_id)},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if status is not None:
            query["FilterExpression"] = "#status = :status"
            query["ExpressionAttributeNames"] = {"#status": "status"}
            query["ExpressionAttributeValues"][":status"] = status
        entries: list[OutboxEntry] = []
        while len(entries) < limit:  # a filtered page may come back short: read on until enough or done
            answer = table().query(**query)
            entries += [OutboxEntry.model_validate(item) for item in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer:
                break
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        return entries[:limit]


class OutboxSender:
    """Stands in for Twilio or SES when they have no credentials: the message is written, not sent."""

    provider = "outbox"
    can_reconcile = True

    def __init__(self, outbox: DynamoOutbox | None = None):
        self.outbox = outbox or DynamoOutbox()

    def send(self, message: OutgoingMessage) -> str:
        self.outbox.add(message, status=STATUS_WRITTEN)
        return outbox_message_id(message)

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        entry = self.outbox.get(message.salon_id, message.created_at, message.notification_id)
        return outbox_message_id(message) if entry is not None and entry.status == STATUS_WRITTEN else None
