"""Sample notifications for tests: a realistic appointment with every field set, overridable per test."""

from datetime import UTC, datetime, timedelta
from typing import Any

from parlour.money import Money
from parlour.notifications.models import (
    Channel,
    Consent,
    MessageData,
    Notification,
    NotificationKind,
    Recipient,
)

STARTS_AT = datetime(2025, 6, 3, 12, 30, tzinfo=UTC)  # 14:30 in Warsaw (CEST)


def recipient(**overrides: Any) -> Recipient:
    values: dict[str, Any] = {
        "name": "Anna",
        "phone": "+48600100200",
        "email": "anna@example.com",
        "locale": "pl-PL",
        "preferred_channel": Channel.sms,
        "consent": Consent(sms=True, email=True, marketing=True),
    }
    return Recipient(**{**values, **overrides})


def message_data(**overrides: Any) -> MessageData:
    values: dict[str, Any] = {
        "salon_name": "Studio Bella",
        "service_name": "Gel manicure",
        "staff_name": "Ola",
        "location_name": "Centrum",
        "location_address": "ul. Długa 1, Warszawa",
        "client_name": "Anna Kowalska",
        "starts_at": STARTS_AT,
        "time_zone": "Europe/Warsaw",
        "price": Money(amount=15000, currency="PLN"),
        "link": "https://book.example.com/m/a1?t=9f8e7d6c",
        "offer_expires_at": STARTS_AT - timedelta(hours=3),
    }
    return MessageData(**{**values, **overrides})


def notification(
    kind: NotificationKind = NotificationKind.confirmation,
    *,
    recipient_overrides: dict[str, Any] | None = None,
    data_overrides: dict[str, Any] | None = None,
    **overrides: Any,
) -> Notification:
    values: dict[str, Any] = {
        "id": Notification.make_id("a1", kind, "2025-06-01T08:00:00+00:00"),
        "salon_id": "demo",
        "appointment_id": "a1",
        "kind": kind,
        "recipient": recipient(**(recipient_overrides or {})),
        "data": message_data(**(data_overrides or {})),
        "created_at": STARTS_AT - timedelta(hours=6),
    }
    return Notification(**{**values, **overrides})
