"""The appointment lifecycle end to end on the local stack: bookings over HTTP, the stream, the state machine
on moto's engine as template.yaml wires it, the notifier on its queue, and the outbox in the admin API.

Waits stay short by planning reminders a few seconds ahead: each test gives its salon a reminder offset
that puts the reminder just after the booking (the machine then really waits for it).
"""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.builders import small_salon_draft
from tests.e2e.test_booking_races import create_over_http

pytestmark = pytest.mark.e2e
ALERTS = "manager@salon.example.com"


class Salon:
    """A salon created over the admin API, with the helpers the tests speak in."""

    def __init__(self, stack, salon_id: str):
        self.stack, self.id = stack, salon_id
        create_over_http(stack, small_salon_draft(salon_id))
        self.owner = {"Authorization": f"Bearer {stack.admin_token(salon_id, 'owner')}"}
        # Quiet hours would hold SMS back whenever the suite runs at night; alerts go to the manager.
        self.automation(quiet_hours=None, alert_email=ALERTS)

    def _admin(self, method: str, path: str, body: Any = None) -> requests.Response:
        return requests.request(
            method,
            f"{self.stack.url}/admin/salons/{self.id}{path}",
            json=body,
            headers=self.owner,
            timeout=30,
        )

    def automation(self, **changes: Any) -> dict:
        current = self._admin("GET", "/automation").json()
        saved = self._admin("PUT", "/automation", {**current, **changes})
        assert saved.status_code == 200, saved.text
        return saved.json()

    def remind_soon(self, seconds_from_now: dict[datetime, int]) -> None:
        """Reminder offsets that remind of each start that many seconds from now."""
        now = datetime.now(UTC)
        offsets = [int((start - now).total_seconds()) - ahead for start, ahead in seconds_from_now.items()]
        self.automation(reminders_before=[f"PT{offset}S" for offset in offsets])

    def free_slots(self) -> list[datetime]:
        today = datetime.now(UTC).date()
        answer = requests.get(
            f"{self.stack.url}/public/salons/{self.id}/availability",
            params={
                "service_id": "cut",
                "variant_id": "short",
                "staff_id": "s1",
                "from": str(today),
                "to": str(today + timedelta(days=2)),
            },
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        return [datetime.fromisoformat(slot["start"]) for slot in answer.json()["slots"]]

    def book_online(self, start: datetime, phone: str = "+48600100200") -> requests.Response:
        return requests.post(
            f"{self.stack.url}/public/salons/{self.id}/appointments",
            json={
                "service_id": "cut",
                "variant_id": "short",
                "start": start.isoformat(),
                "staff_id": "s1",
                "client": {"name": "Zofia", "phone": phone, "locale": "pl", "consent": {"sms": True}},
            },
            timeout=30,
        )

    def book_at_desk(self, start: datetime) -> dict:
        """A manager's booking with override: any time, even one already past (recorded after the fact)."""
        answer = self._admin(
            "POST",
            "/appointments",
            {
                "service_id": "cut",
                "variant_id": "short",
                "start": start.isoformat(),
                "staff_id": "s1",
                "override": True,
                "client": {"name": "Jan Kowal", "phone": "+48600100300", "consent": {"sms": True}},
            },
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    def appointment(self, appointment_id: str) -> dict:
        return self._admin("GET", f"/appointments/{appointment_id}").json()

    def outbox(self, appointment_id: str | None = None) -> list[dict]:
        entries = self._admin("GET", "/outbox", None).json()
        return [e for e in entries if appointment_id is None or e["appointment_id"] == appointment_id]


def eventually(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.25)


def of_kind(entries: list[dict], kind: str) -> list[dict]:
    return [entry for entry in entries if entry["kind"] == kind]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def sleep_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()))


def test_a_booking_gets_its_confirmation(local_stack):
    salon = Salon(local_stack, "lc-confirm")
    # When a client books online
    booked = salon.book_online(salon.free_slots()[0])
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["appointment"]["id"]
    # Then the confirmation is written (no Twilio here: to the outbox), in Polish, with the manage link
    [confirmation] = eventually(lambda: of_kind(salon.outbox(appointment_id), "confirmation"))
    assert confirmation["to"] == "+48600100200" and confirmation["status"] == "outbox"
    assert (
        "potwierdzamy" in confirmation["body"]
        and f"manage.html#lc-confirm/{appointment_id}/" in confirmation["body"]
    )


def test_a_reminder_at_the_planned_time(local_stack):
    salon = Salon(local_stack, "lc-remind")
    start = salon.free_slots()[0]
    salon.remind_soon({start: 8})
    # Given a booking whose reminder is planned 8 seconds ahead
    appointment_id = salon.book_online(start).json()["appointment"]["id"]
    [planned] = salon.appointment(appointment_id)["appointment"]["remind_at"]
    # When the time comes
    [reminder] = eventually(lambda: of_kind(salon.outbox(appointment_id), "reminder"))
    # Then the reminder was written at its planned time, not before
    assert at(reminder["written_at"]) >= at(planned)
    assert reminder["notification_id"] == f"{appointment_id}.reminder.{planned}"
    assert "przypominamy" in reminder["body"]


def test_a_reschedule_moves_the_reminder_and_no_old_one_is_sent(local_stack):
    salon = Salon(local_stack, "lc-move")
    first_start = salon.free_slots()[0]
    new_start = first_start + timedelta(minutes=30)
    # Given offsets that remind of the first time 10 s from now, and of the new time 20 s from now
    salon.remind_soon({first_start: 10, new_start: 20})
    appointment_id = salon.book_online(first_start).json()["appointment"]["id"]
    old_reminders = salon.appointment(appointment_id)["appointment"]["remind_at"]
    # When the desk moves the appointment half an hour later, before the first reminder
    moved = salon._admin(
        "POST",
        f"/appointments/{appointment_id}/reschedule",
        {"start": new_start.isoformat(), "override": True},
    )
    assert moved.status_code == 200, moved.text
    new_reminders = moved.json()["remind_at"]
    assert new_reminders != old_reminders
    # Then the reminder comes at the moved time, about the new time, and the old one never
    [reminder] = eventually(lambda: of_kind(salon.outbox(appointment_id), "reminder"))
    sleep_until(max(at(t) for t in old_reminders if at(t) < at(new_reminders[0])) + timedelta(seconds=1))
    assert of_kind(salon.outbox(appointment_id), "reminder") == [reminder]
    assert reminder["notification_id"] == f"{appointment_id}.reminder.{new_reminders[0]}"
    assert at(reminder["written_at"]) >= at(new_reminders[0])
    # And the client was told the new time
    confirmations = of_kind(salon.outbox(appointment_id), "confirmation")
    assert f"{appointment_id}.confirmation.{moved.json()['start']}" in [
        c["notification_id"] for c in confirmations
    ]


def test_a_cancel_sends_the_cancellation_and_no_reminder(local_stack):
    salon = Salon(local_stack, "lc-cancel")
    start = salon.free_slots()[0]
    salon.remind_soon({start: 8})
    booked = salon.book_online(start).json()
    appointment_id = booked["appointment"]["id"]
    [planned] = salon.appointment(appointment_id)["appointment"]["remind_at"]
    # When the client cancels by their manage link before the reminder
    cancelled = requests.post(
        f"{local_stack.url}/public/salons/lc-cancel/appointments/{appointment_id}/cancel",
        json={"reason": "sick"},
        headers={"Authorization": f"Bearer {booked['manage_token']}"},
        timeout=30,
    )
    assert cancelled.status_code == 200, cancelled.text
    # Then the cancellation goes out, and after the reminder's time no reminder has
    [cancellation] = eventually(lambda: of_kind(salon.outbox(appointment_id), "cancellation"))
    assert "odwołana" in cancellation["body"]
    sleep_until(at(planned) + timedelta(seconds=2))
    assert of_kind(salon.outbox(appointment_id), "reminder") == []
    assert len(of_kind(salon.outbox(appointment_id), "cancellation")) == 1


def test_a_client_who_never_checks_in_is_marked_no_show_and_the_salon_is_told(local_stack):
    salon = Salon(local_stack, "lc-noshow")
    # Given an appointment that ended over an hour ago and whose client never checked in
    now = datetime.now(UTC)
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0) - timedelta(hours=2)
    appointment_id = salon.book_at_desk(start)["id"]
    # When its no-show check comes (already due)
    [alert] = eventually(lambda: of_kind(salon.outbox(appointment_id), "no_show_salon_alert"))
    # Then the appointment is a no-show, marked by the system, and the salon's manager got the alert
    detail = salon.appointment(appointment_id)
    assert detail["appointment"]["status"] == "no_show"
    assert detail["history"][-1]["actor"]["kind"] == "system"
    assert alert["to"] == ALERTS and "Jan Kowal" in alert["body"]
    # And the client was not sent a confirmation of a visit that had already begun: the salon sees why
    [confirmation] = eventually(lambda: of_kind(salon.outbox(appointment_id), "confirmation"))
    assert confirmation["status"] == "skipped_too_late" and "visit already began" in confirmation["reason"]


def test_a_failed_booking_transaction_produces_no_message(local_stack):
    salon = Salon(local_stack, "lc-failed")
    start = salon.free_slots()[0]
    # Given a slot booked, and then a second booking of the same slot that fails
    first = salon.book_online(start)
    second = salon.book_online(start, phone="+48600100999")
    assert (first.status_code, second.status_code) == (201, 409)
    # Then only the first booking's confirmation is written, now and after the stream has caught up
    eventually(lambda: salon.outbox())
    time.sleep(2)
    entries = salon.outbox()
    assert [(e["kind"], e["appointment_id"]) for e in entries] == [
        ("confirmation", first.json()["appointment"]["id"])
    ]


def test_while_the_salon_paused_automation_the_confirmation_is_held_and_shown(local_stack):
    salon = Salon(local_stack, "lc-paused")
    salon.automation(paused=True)
    appointment_id = salon.book_online(salon.free_slots()[0]).json()["appointment"]["id"]
    [held] = eventually(lambda: salon.outbox(appointment_id))
    assert held["kind"] == "confirmation" and held["status"] == "held"


def test_a_confirmation_deferred_by_quiet_hours_goes_when_they_are_switched_off(local_stack):
    salon = Salon(local_stack, "lc-quiet")
    # Given quiet hours that cover now (around the current local time, whatever the hour of the run)
    local = datetime.now(ZoneInfo("Europe/Warsaw"))
    start, end = (local - timedelta(hours=1)).hour, (local + timedelta(hours=2)).hour
    salon.automation(quiet_hours={"start": f"{start:02}:00", "end": f"{end:02}:00"})
    # When a client books a time after they end
    later = [slot for slot in salon.free_slots() if slot > datetime.now(UTC) + timedelta(hours=3)]
    booked = salon.book_online(later[0]).json()
    appointment_id = booked["appointment"]["id"]
    # Then the answer says the SMS comes after quiet hours, and the outbox shows it deferred until then
    assert booked["confirmation_message"]["when"] == "after_quiet_hours"
    [deferred] = eventually(lambda: salon.outbox(appointment_id))
    assert (
        deferred["status"] == "deferred" and deferred["send_at"] == booked["confirmation_message"]["send_at"]
    )
    # When the salon switches quiet hours off
    salon.automation(quiet_hours=None)
    # Then the confirmation goes within seconds, once
    eventually(lambda: [e for e in salon.outbox(appointment_id) if e["status"] == "outbox"])
    time.sleep(2)
    [sent] = salon.outbox(appointment_id)
    assert sent["kind"] == "confirmation" and "potwierdzamy" in sent["body"]
