"""Messages that do not go at once, against moto: the outbox shows them with why and when, and a deferred one
goes when the salon switches quiet hours off or moves them (the settings item's stream record re-plans it),
still at most once.

Quiet hours are chosen around the current local time of the salon's zone, so they cover "now" whatever
the hour the suite runs at; appointments are booked two days ahead, after any such quiet hours end.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from parlour.adapters.delivery_ledger import DynamoDeliveryLedger
from parlour.adapters.outbox import DynamoOutbox
from parlour.booking import service
from parlour.booking.models import Appointment, Consent, Status
from parlour.lifecycle.jobs import NotifyJob, parse_job
from parlour.lifecycle.worker import configured_delivery, handle_job
from parlour.notifications.models import DeliveryStatus, NotificationKind, QuietHours
from parlour.store import table as store_table
from tests.builders import small_salon
from tests.events import lambda_context, load_handler
from tests.fakes.twilio import FakeTwilio
from tests.lifecycle_support import DESK, StreamReader, book_at_desk, lifecycle_aws, set_automation, sqs_event

K = NotificationKind
SALON = "bella"
ZONE = ZoneInfo("Europe/Warsaw")  # the small salon's location


@pytest.fixture
def lifecycle():
    with lifecycle_aws(execute=False) as env:
        small_salon(SALON)
        set_automation(SALON, quiet_hours=None)
        yield env


def now() -> datetime:
    return datetime.now(UTC)


def quiet_hours_around_now(*, ends_in_hours: int = 2) -> QuietHours:
    """Quiet hours from the last full local hour to a full hour `ends_in_hours` ahead: they cover now."""
    local = now().astimezone(ZONE)
    start, end = local - timedelta(hours=1), local + timedelta(hours=ends_in_hours)
    return QuietHours(start=time(start.hour), end=time(end.hour))


def book(consent: Consent | None = None, *, phone: str | None = "+48600100200") -> Appointment:
    """Given an appointment booked at the desk two days ahead (override: any time of day)."""
    start = (now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    email = None if phone else "zofia@example.com"
    return book_at_desk(SALON, start, consent or Consent(sms=True), phone=phone, email=email)


def confirmation(appointment: Appointment) -> NotifyJob:
    return NotifyJob(
        kind=K.confirmation,
        salon_id=SALON,
        appointment_id=appointment.id,
        occasion=appointment.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        created_at=appointment.updated_at,
    )


def run(*bodies: str) -> None:
    """The notifier handles the jobs (one SQS batch); none fails."""
    answer = load_handler("notifier").lambda_handler(sqs_event(*bodies), lambda_context("notifier"))
    assert answer["batchItemFailures"] == []


def consume(stream: StreamReader) -> None:
    """The streams consumer handles what was committed since the last read."""
    answer = load_handler("streams_consumer").lambda_handler(
        {"Records": stream.read()}, lambda_context("streams")
    )
    assert answer["batchItemFailures"] == []


def outbox(**filters) -> list:
    return DynamoOutbox().list(SALON, **filters)


def deferred_at_night(lifecycle, appointment: Appointment) -> NotifyJob:
    """The confirmation handled in quiet hours: the copy now waiting on the queue for their end."""
    run(confirmation(appointment).model_dump_json())
    [(waiting, _)] = lifecycle.delayed_jobs()
    return waiting


def test_a_message_skipped_for_lack_of_consent_is_in_the_outbox_with_why(lifecycle):
    # Given a client who gave a phone number but agreed to no messages
    appointment = book(Consent())
    # When the confirmation comes, twice (a redelivery)
    run(confirmation(appointment).model_dump_json())
    run(confirmation(appointment).model_dump_json())
    # Then the salon sees it once, skipped, with what was missing
    [entry] = outbox(appointment_id=appointment.id)
    assert (entry.status, entry.kind, entry.channel) == ("skipped_no_consent", K.confirmation, None)
    assert entry.reason == "the client gave a phone number but did not agree to SMS"


def test_a_deferred_message_goes_when_quiet_hours_end(lifecycle):
    # Given a confirmation deferred by quiet hours, shown with the time it will go
    set_automation(SALON, quiet_hours=quiet_hours_around_now())
    waiting = deferred_at_night(lifecycle, book())
    [entry] = outbox(status="deferred")
    assert entry.send_at == waiting.not_before and "potwierdzamy" in entry.body
    delivery = configured_delivery()
    # When its copy comes back before then, it waits again; when quiet hours have ended, it goes
    assert handle_job(waiting, delivery, now=waiting.not_before - timedelta(minutes=1)).status == "not_due"
    assert handle_job(waiting, delivery, now=waiting.not_before).status == "sent"
    # Then the outbox shows it written, and a later copy sends nothing more
    [entry] = outbox()
    assert entry.status == "outbox" and entry.send_at is None
    assert handle_job(waiting, delivery, now=waiting.not_before).status == "superseded"


def test_a_deferred_message_goes_when_quiet_hours_are_switched_off_and_only_once(lifecycle):
    # Given a confirmation deferred by quiet hours that cover now
    set_automation(SALON, quiet_hours=quiet_hours_around_now())
    appointment = book()
    waiting = deferred_at_night(lifecycle, appointment)
    [entry] = outbox()
    assert entry.status == "deferred" and entry.send_at == waiting.not_before
    stream = StreamReader()
    # When the salon switches quiet hours off and the settings change comes through the stream
    set_automation(SALON, quiet_hours=None)
    consume(stream)
    # Then the confirmation's job is on the queue again at once, and the notifier sends it now
    [again] = lifecycle.take_messages()
    run(again["Body"])
    [entry] = outbox()
    assert entry.status == "outbox" and entry.send_at is None and "potwierdzamy" in entry.body
    # And the copy still waiting for the morning sends nothing, early or on time
    delivery = configured_delivery()
    assert handle_job(waiting, delivery, now=now()).status == "superseded"
    assert handle_job(waiting, delivery, now=waiting.not_before).status == "superseded"
    assert [e.status for e in outbox()] == ["outbox"]


def test_moved_quiet_hours_defer_the_message_to_their_new_end(lifecycle):
    # Given a confirmation deferred to the end of quiet hours two hours ahead
    set_automation(SALON, quiet_hours=quiet_hours_around_now(ends_in_hours=2))
    appointment = book()
    waiting = deferred_at_night(lifecycle, appointment)
    stream = StreamReader()
    # When the salon makes quiet hours end an hour later
    moved = set_automation(SALON, quiet_hours=quiet_hours_around_now(ends_in_hours=3)).quiet_hours
    consume(stream)
    [again] = lifecycle.take_messages()
    run(again["Body"])
    # Then the outbox shows it deferred to the new end, after the old one
    [entry] = outbox()
    assert entry.status == "deferred" and entry.send_at > waiting.not_before
    assert entry.send_at.astimezone(ZONE).time() == moved.end
    # And the copy for the old end is dropped; the one for the new end counts
    delivery = configured_delivery()
    assert handle_job(waiting, delivery, now=waiting.not_before).status == "superseded"
    later = [job for job, _ in lifecycle.delayed_jobs() if job.not_before == entry.send_at]
    assert len(later) == 1 and handle_job(later[0], delivery, now=now()).status == "not_due"


def test_a_settings_change_that_keeps_the_quiet_hours_queues_nothing(lifecycle):
    # Given a deferred confirmation
    set_automation(SALON, quiet_hours=quiet_hours_around_now())
    deferred_at_night(lifecycle, book())
    stream = StreamReader()
    # When the salon changes only its reminders
    set_automation(SALON, reminders_before=[timedelta(hours=3)])
    consume(stream)
    # Then nothing is queued again and the message stays deferred
    assert lifecycle.take_messages() == []
    assert [entry.status for entry in outbox()] == ["deferred"]


def test_a_deferred_confirmation_of_a_cancelled_booking_lapses_and_says_so(lifecycle):
    # Given a deferred confirmation, and the booking cancelled before quiet hours end
    set_automation(SALON, quiet_hours=quiet_hours_around_now())
    appointment = book()
    waiting = deferred_at_night(lifecycle, appointment)
    service.change_status(SALON, appointment.id, Status.cancelled, actor=DESK, now=now(), reason="ill")
    # When its time comes
    assert handle_job(waiting, configured_delivery(), now=waiting.not_before).status == "lapsed"
    # Then the outbox says it was not sent, and why
    [entry] = outbox()
    assert entry.status == "lapsed" and "cancelled" in entry.reason


def test_a_deferred_sms_sent_by_twilio_is_shown_as_sent(lifecycle, monkeypatch):
    with FakeTwilio() as twilio:
        # Given the notifier configured for Twilio and a confirmation deferred by quiet hours
        monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
        monkeypatch.setenv("TWILIO_FROM_NUMBER", "+15005550006")
        monkeypatch.setenv("TWILIO_API_BASE_URL", twilio.base_url)
        store_table.reset_cache()
        set_automation(SALON, quiet_hours=quiet_hours_around_now())
        appointment = book()
        waiting = deferred_at_night(lifecycle, appointment)
        # When quiet hours are switched off and the re-planned job is handled
        stream = StreamReader()
        set_automation(SALON, quiet_hours=None)
        consume(stream)
        [again] = lifecycle.take_messages()
        assert parse_job(again["Body"]).was_deferred
        run(again["Body"])
        # Then Twilio sent one SMS, and the outbox entry says it went
        [sms] = twilio.sent_to("+48600100200")
        [entry] = outbox()
        assert entry.status == "sent" and entry.reason == "sent by twilio"
        record = DynamoDeliveryLedger().get(SALON, waiting.notification_id)
        assert record.status is DeliveryStatus.sent and record.provider_message_id == sms.sid
