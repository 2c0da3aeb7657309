"""The salon's messages in the admin API: the outbox (what, to whom, when, status) and automation settings."""

from datetime import UTC, datetime, timedelta

import pytest

from parlour.adapters.outbox import DynamoOutbox
from parlour.notifications.models import Channel, NotificationKind, OutgoingMessage
from tests.builders import small_salon
from tests.events import ApiClient, staff_claims
from tests.fakes.notifications import notification

owner = ApiClient("admin_api", claims=staff_claims("s", "owner"))
reception = ApiClient("admin_api", claims=staff_claims("s", "reception"))
specialist = ApiClient("admin_api", claims=staff_claims("s", "specialist", staff_id="s1"))
other_salon = ApiClient("admin_api", claims=staff_claims("elsewhere", "owner"))
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def salon(aws):
    small_salon("s")


def message(number: int, kind: NotificationKind = NotificationKind.confirmation) -> OutgoingMessage:
    return OutgoingMessage(
        notification_id=f"ap_{number}.{kind.value}.x",
        salon_id="s",
        appointment_id=f"ap_{number}",
        kind=kind,
        channel=Channel.sms,
        to=f"+4860010020{number}",
        body=f"message {number}",
        created_at=T0 + timedelta(minutes=number),
    )


def test_the_outbox_lists_what_to_whom_when_and_status_newest_first(salon):
    # Given three messages kept in the outbox, one of them held while automation was paused
    outbox = DynamoOutbox()
    outbox.add(message(1), status="outbox")
    outbox.add(message(2, NotificationKind.reminder), status="held", reason="automation is paused")
    outbox.add(message(3), status="outbox")
    # When reception lists the outbox, all of it and only the held
    everything = reception.get("/admin/salons/s/outbox")
    held = reception.get("/admin/salons/s/outbox", query={"status": "held", "limit": "10"})
    # Then the newest comes first, each with kind, recipient, time and status
    assert everything.status == 200
    assert [entry["appointment_id"] for entry in everything.json()] == ["ap_3", "ap_2", "ap_1"]
    [entry] = held.json()
    assert entry["kind"] == "reminder" and entry["to"] == "+48600100202" and entry["status"] == "held"
    assert entry["reason"] == "automation is paused" and entry["created_at"].startswith("2026-06-01T09:02")


def test_the_outbox_shows_deferred_and_skipped_messages_with_when_and_why_per_appointment(salon):
    # Given a deferred SMS of one appointment and a skipped message of another
    outbox = DynamoOutbox()
    goes_at = T0 + timedelta(hours=10)
    outbox.add(message(1), status="deferred", reason="quiet hours", send_at=goes_at)
    skipped = notification(
        id="ap_2.confirmation.x",
        salon_id="s",
        appointment_id="ap_2",
        recipient_overrides={"phone": None, "email": None},
    )
    outbox.note(skipped, status="skipped_no_contact", reason="no phone number or email address", channel=None)
    # When reception lists the messages of each appointment
    first = reception.get("/admin/salons/s/outbox", query={"appointment_id": "ap_1"}).json()
    second = reception.get("/admin/salons/s/outbox", query={"appointment_id": "ap_2"}).json()
    # Then each shows its status, channel, recipient and when or why
    [deferred] = first
    assert (deferred["status"], deferred["channel"], deferred["to"]) == ("deferred", "sms", "+48600100201")
    assert deferred["send_at"].startswith("2026-06-01T19:00")
    [nothing] = second
    assert (nothing["status"], nothing["channel"], nothing["to"], nothing["body"]) == (
        "skipped_no_contact",
        None,
        "",
        "",
    )


def test_the_outbox_is_the_salons_own(salon):
    assert specialist.get("/admin/salons/s/outbox").status == 403
    assert other_salon.get("/admin/salons/s/outbox").status == 403
    assert owner.get("/admin/salons/s/outbox", query={"limit": "0"}).json()["error"]["field"] == "query.limit"


def test_automation_settings_start_as_the_defaults_and_save_with_versions(salon):
    # Given a salon that never saved its settings
    settings = owner.get("/admin/salons/s/automation").json()
    assert settings["version"] == 0 and settings["reminders_before"] == ["P1D", "PT2H"]
    # When the owner pauses automation and sets a reminder 3 hours before
    changed = {**settings, "paused": True, "reminders_before": ["PT3H"], "alert_email": "boss@s.example.com"}
    saved = owner.put("/admin/salons/s/automation", body=changed)
    # Then they are saved at version 1 and read back
    assert saved.status == 200 and saved.json()["version"] == 1
    again = reception.get("/admin/salons/s/automation").json()
    assert again["paused"] is True and again["reminders_before"] == ["PT3H"]
    # And a second save from the stale version is refused with what to do
    stale = owner.put("/admin/salons/s/automation", body={**changed, "paused": False})
    assert stale.status == 409 and stale.json()["error"]["current_version"] == 1
    assert "reload" in stale.json()["error"]["next_step"]


def test_only_owners_and_managers_change_automation_and_bad_settings_name_the_field(salon):
    settings = owner.get("/admin/salons/s/automation").json()
    assert reception.put("/admin/salons/s/automation", body=settings).status == 403
    twice = owner.put("/admin/salons/s/automation", body={**settings, "reminders_before": ["PT2H", "PT120M"]})
    assert twice.status == 422 and twice.json()["error"]["field"] == "reminders_before"
