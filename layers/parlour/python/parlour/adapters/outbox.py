"""The salon's outbox: every message that did not simply go out, with its status and why.

- `outbox`: without Twilio or SES credentials (the local stack, a fresh deployment) messages are written
  here instead of sent;
- `deferred` (quiet hours, with `send_at`), `held` (automation paused), `skipped_no_contact`,
  `skipped_no_consent`, `skipped_too_late`, `failed` (the provider refused it), `unknown` (an interrupted
  send), `for_salon` (an alert with no contact to go to);
- a deferred entry is replaced when the message is planned again, and settled when it goes (`sent`, or
  `lapsed` when its occasion passed); every other status is final.

Item: pk `SALON#<salon>#OUTBOX`, sk `<created_at>#<notification id>` (newest last; the notification's own
creation time, so a retry writes the same key and never a second entry).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from parlour.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationKind,
    OutgoingMessage,
)
from parlour.store.table import client, table

KEEP_FOR = timedelta(days=30)
STATUS_WRITTEN = "outbox"  # kept here instead of being sent: nothing left the platform
STATUS_LAPSED = "lapsed"  # a deferred message whose occasion passed (cancelled, moved) before it could go
DEFERRED = DeliveryStatus.deferred.value


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
    channel: Channel | None = Field(None, description="None when no channel could be used (skipped)")
    to: str = ""
    subject: str | None = None
    body: str = ""
    status: str = Field(
        description="outbox, sent, deferred, held, skipped_no_contact, skipped_no_consent, skipped_too_late,"
        " failed, unknown, for_salon, lapsed"
    )
    reason: str = ""
    send_at: datetime | None = Field(None, description="deferred: when it will go (after quiet hours)")
    created_at: datetime  # the notification's
    written_at: datetime


class DynamoOutbox:
    def add(
        self, message: OutgoingMessage, *, status: str, reason: str = "", send_at: datetime | None = None
    ) -> bool:
        """Write the entry once, or over a deferred one; False when it was already settled (a retry)."""
        item: dict[str, Any] = {
            "notification_id": message.notification_id,
            "salon_id": message.salon_id,
            "appointment_id": message.appointment_id,
            "kind": message.kind.value,
            "channel": message.channel.value,
            "to": message.to,
            "body": message.body,
            "created_at": message.created_at,
        }
        if message.subject is not None:
            item["subject"] = message.subject
        if send_at is not None:
            item["send_at"] = send_at.astimezone(UTC).isoformat()
        return self._put(item, status=status, reason=reason)

    def note(self, notification: Notification, *, status: str, reason: str, channel: Channel | None) -> bool:
        """An entry for a message that was never rendered (skipped), written once or over a deferred one."""
        item: dict[str, Any] = {
            "notification_id": notification.id,
            "salon_id": notification.salon_id,
            "appointment_id": notification.appointment_id,
            "kind": notification.kind.value,
            "to": (notification.recipient.address(channel) if channel else None) or "",
            "body": "",
            "created_at": notification.created_at,
        }
        if channel is not None:
            item["channel"] = channel.value
        return self._put(item, status=status, reason=reason)

    def _put(self, fields: dict[str, Any], *, status: str, reason: str) -> bool:
        now = datetime.now(UTC)
        created_at: datetime = fields["created_at"]
        item = {
            **fields,
            "pk": outbox_pk(fields["salon_id"]),
            "sk": outbox_sk(created_at, fields["notification_id"]),
            "type": "outbox_message",
            "status": status,
            "reason": reason,
            "created_at": created_at.astimezone(UTC).isoformat(),
            "written_at": now.isoformat(),
            "ttl": int((now + KEEP_FOR).timestamp()),
        }
        try:
            table().put_item(
                Item=item,
                ConditionExpression="attribute_not_exists(pk) OR #status = :deferred",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":deferred": DEFERRED},
            )
        except client().exceptions.ConditionalCheckFailedException:
            return False
        return True

    def settle_deferred(self, notification: Notification, *, status: str, reason: str) -> bool:
        """Set the status of the notification's entry if it is still deferred; False when it is not."""
        return self.settle(
            notification.salon_id, notification.created_at, notification.id, status=status, reason=reason
        )

    def settle(
        self, salon_id: str, created_at: datetime, notification_id: str, *, status: str, reason: str
    ) -> bool:
        """Set the status of a deferred entry (sent, lapsed); False when there is none or it is settled."""
        try:
            table().update_item(
                Key={"pk": outbox_pk(salon_id), "sk": outbox_sk(created_at, notification_id)},
                UpdateExpression="SET #status = :status, reason = :reason, written_at = :now REMOVE send_at",
                ConditionExpression="#status = :deferred",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":status": status,
                    ":reason": reason,
                    ":now": datetime.now(UTC).isoformat(),
                    ":deferred": DEFERRED,
                },
            )
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

    def list(
        self,
        salon_id: str,
        *,
        limit: int = 50,
        status: str | None = None,
        appointment_id: str | None = None,
    ) -> list[OutboxEntry]:
        """The salon's newest entries first; only those in `status` (e.g. held) or of one appointment."""
        query: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": outbox_pk(salon_id)},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        filters: dict[str, str] = {}
        if status is not None:
            filters["status"] = status
        if appointment_id is not None:
            filters["appointment_id"] = appointment_id
        if filters:
            query["FilterExpression"] = " AND ".join(f"#{name} = :{name}" for name in filters)
            query["ExpressionAttributeNames"] = {f"#{name}": name for name in filters}
            query["ExpressionAttributeValues"].update({f":{name}": value for name, value in filters.items()})
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
