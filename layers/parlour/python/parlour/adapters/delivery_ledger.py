"""The delivery ledger in the single table: one item per notification, claimed before anything is sent.

Item: pk `SALON#<salon>#NOTIFICATION#<notification id>`, sk `DELIVERY`, with status, attempt, claimed_at,
channel, to, provider, provider_message_id, reason and a ttl. Every change is a conditional write, so two
workers can never both hold the same claim.
"""

from datetime import datetime, timedelta
from typing import Any

from parlour.notifications.delivery import LedgerRecord
from parlour.notifications.models import Channel, DeliveryStatus, Notification
from parlour.store.table import client, table

SK = "DELIVERY"
# Kept long enough to answer any retry or late duplicate; then DynamoDB's TTL removes it.
KEEP_FOR = timedelta(days=90)


def delivery_key(salon_id: str, notification_id: str) -> dict[str, str]:
    return {"pk": f"SALON#{salon_id}#NOTIFICATION#{notification_id}", "sk": SK}


def _record(item: dict[str, Any]) -> LedgerRecord:
    return LedgerRecord(
        notification_id=item["notification_id"],
        status=DeliveryStatus(item["status"]),
        attempt=int(item["attempt"]),
        claimed_at=datetime.fromisoformat(item["claimed_at"]),
        channel=Channel(item["channel"]) if item.get("channel") else None,
        provider=item.get("provider"),
        provider_message_id=item.get("provider_message_id"),
        reason=item.get("reason", ""),
    )


class DynamoDeliveryLedger:
    def _conditional_failed(self) -> type[Exception]:
        return client().exceptions.ConditionalCheckFailedException

    def get(self, salon_id: str, notification_id: str) -> LedgerRecord | None:
        item = table().get_item(Key=delivery_key(salon_id, notification_id), ConsistentRead=True).get("Item")
        return _record(item) if item else None

    def claim(
        self,
        notification: Notification,
        *,
        status: DeliveryStatus,
        channel: Channel | None,
        provider: str | None,
        now: datetime,
    ) -> LedgerRecord | None:
        item: dict[str, Any] = {
            **delivery_key(notification.salon_id, notification.id),
            "type": "notification_delivery",
            "notification_id": notification.id,
            "salon_id": notification.salon_id,
            "appointment_id": notification.appointment_id,
            "kind": notification.kind.value,
            "status": status.value,
            "attempt": 1,
            "claimed_at": now.isoformat(),
            "ttl": int((now + KEEP_FOR).timestamp()),
        }
        if channel is not None:
            item["channel"] = channel.value
            item["to"] = notification.recipient.address(channel)
        if provider is not None:
            item["provider"] = provider
        if status is not DeliveryStatus.sending:
            item["settled_at"] = now.isoformat()
        try:
            table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        except self._conditional_failed():
            existing = self.get(notification.salon_id, notification.id)
            if existing is None:  # removed (released) between our put and read: claim it again
                return self.claim(notification, status=status, channel=channel, provider=provider, now=now)
            return existing
        return None

    def take_over(self, notification: Notification, *, attempt: int, now: datetime) -> bool:
        try:
            table().update_item(
                Key=delivery_key(notification.salon_id, notification.id),
                UpdateExpression="SET attempt = :next, claimed_at = :now",
                ConditionExpression="#status = :sending AND attempt = :attempt",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":next": attempt + 1,
                    ":now": now.isoformat(),
                    ":sending": DeliveryStatus.sending.value,
                    ":attempt": attempt,
                },
            )
        except self._conditional_failed():
            return False
        return True

    def finish(
        self,
        notification: Notification,
        *,
        status: DeliveryStatus,
        now: datetime,
        provider_message_id: str | None = None,
        reason: str = "",
    ) -> bool:
        names = {"#status": "status"}
        values: dict[str, Any] = {
            ":status": status.value,
            ":now": now.isoformat(),
            ":sending": DeliveryStatus.sending.value,
            ":reason": reason,
        }
        update = "SET #status = :status, settled_at = :now, reason = :reason"
        if provider_message_id is not None:
            update += ", provider_message_id = :provider_message_id"
            values[":provider_message_id"] = provider_message_id
        try:
            table().update_item(
                Key=delivery_key(notification.salon_id, notification.id),
                UpdateExpression=update,
                ConditionExpression="#status = :sending",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except self._conditional_failed():
            return False
        return True

    def release(self, notification: Notification, *, attempt: int) -> None:
        try:
            table().delete_item(
                Key=delivery_key(notification.salon_id, notification.id),
                ConditionExpression="#status = :sending AND attempt = :attempt",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":sending": DeliveryStatus.sending.value, ":attempt": attempt},
            )
        except self._conditional_failed():
            pass  # another attempt took it over or settled it: theirs to finish

    def forget_held(self, salon_id: str, notification_id: str) -> bool:
        """Drop a `held` record (automation was paused), so the notification can be sent when released."""
        try:
            table().delete_item(
                Key=delivery_key(salon_id, notification_id),
                ConditionExpression="#status = :held",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":held": DeliveryStatus.held.value},
            )
        except self._conditional_failed():
            return False  # not held (any more): released already, or settled otherwise
        return True
