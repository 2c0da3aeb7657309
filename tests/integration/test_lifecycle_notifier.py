"""The notifier handler on SQS events, against moto: each job sent once, deferred, lapsed, held or marked.

Appointments are booked through the booking service, so the items carry the timing it writes; jobs are the
JSON the lifecycle state machine puts on the queue.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from parlour.adapters.delivery_ledger import DynamoDeliveryLedger
from parlour.adapters.outbox import DynamoOutbox
from parlour.booking import service
from parlour.booking.models import ActorKind, Appointment, Consent, Status
from parlour.lifecycle.jobs import CANCELLED, NoShowCheckJob, NotifyJob
from parlour.notifications.models import DeliveryStatus, NotificationKind, QuietHours
from parlour.store import bookings
from parlour.store import table as store_table
from tests.builders import small_salon
from tests.events import ApiClient, lambda_context, load_handler, staff_claims
from tests.fakes.twilio import FakeTwilio
from tests.lifecycle_support import DESK, book_at_desk, lifecycle_aws, set_automation, sqs_event

K = NotificationKind
SALON = "bella"


@pytest.fixture
def lifecycle():
    with lifecycle_aws(execute=False) as env:
        small_salon(SALON)
        # Quiet hours would defer SMS depending on when the suite runs; the quiet-hours test sets its own.
        set_automation(SALON, quiet_hours=None)
        yield env


def now() -> datetime:
    return datetime.now(UTC)


def book(start: datetime, *, phone: str = "+48600100200", consent: Consent | None = None) -> Appointment:
    """Given an appointment booked at the desk (override: any time, even one already past)."""
    return book_at_desk(SALON, start, consent or Consent(sms=True, email=True), phone=phone)


def on_the_grid(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def tomorrow() -> datetime:
    return on_the_grid(now() + timedelta(days=1))


def notify(kind: NotificationKind, appointment: Appointment, occasion: str, **changes) -> NotifyJob:
    return NotifyJob(
        kind=kind,
        salon_id=SALON,
        appointment_id=appointment.id,
        occasion=occasion,
        created_at=appointment.updated_at,
        **changes,
    )


def instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run(*jobs: NotifyJob | NoShowCheckJob | str) -> list[str]:
    """Deliver the jobs to the notifier in one SQS batch; the message ids it reported as failed."""
    bodies = [job if isinstance(job, str) else job.model_dump_json() for job in jobs]
    answer = load_handler("notifier").lambda_handler(sqs_event(*bodies), lambda_context("notifier"))
    return [failure["itemIdentifier"] for failure in answer["batchItemFailures"]]


def outbox(status: str | None = None):
    return DynamoOutbox().list(SALON, status=status)


def test_a_confirmation_goes_to_the_outbox_once_even_when_the_queue_delivers_it_twice(lifecycle):
    # Given a confirmed appointment and its confirmation job (no Twilio or SES configured)
    appointment = book(tomorrow())
    job = notify(K.confirmation, appointment, instant(appointment.start))
    # When the queue delivers the job, and then again
    assert run(job) == []
    assert run(job) == []
    # Then one message is in the outbox: the client's SMS in Polish with the manage link
    [entry] = outbox()
    assert entry.kind is K.confirmation and entry.to == "+48600100200" and entry.status == "outbox"
    assert "potwierdzamy" in entry.body and f"/book/manage.html#{SALON}/{appointment.id}/" in entry.body
    record = DynamoDeliveryLedger().get(SALON, f"{appointment.id}.confirmation.{instant(appointment.start)}")
    assert record is not None and record.status is DeliveryStatus.sent


def test_a_reminder_that_arrives_early_goes_back_on_the_queue_until_its_time(lifecycle):
    # Given a reminder job whose time is 10 minutes away (a wait that ended early, a clock apart)
    appointment = book(tomorrow())
    due = now() + timedelta(minutes=10)
    job = notify(K.reminder, appointment, instant(appointment.remind_at[0]), not_before=due)
    # When the notifier gets it
    assert run(job) == []
    # Then nothing is sent, and the same job waits on the queue for about 10 minutes
    assert outbox() == []
    [(again, delay)] = lifecycle.delayed_jobs()
    assert again == job and 540 < delay <= 600


def test_a_reminder_for_a_time_the_appointment_moved_from_sends_nothing(lifecycle):
    # Given an appointment moved by a day after its reminder was planned
    appointment = book(tomorrow())
    old_reminder = instant(appointment.remind_at[-1])
    moved = service.reschedule(
        SALON,
        appointment.id,
        start=appointment.start + timedelta(days=1),
        actor=DESK,
        now=now(),
        override=True,
    )
    assert instant(moved.remind_at[-1]) != old_reminder
    # When the old reminder job comes
    assert run(notify(K.reminder, appointment, old_reminder)) == []
    # Then nothing is sent, and the new reminder still would be
    assert outbox() == []
    assert run(notify(K.reminder, moved, instant(moved.remind_at[-1]))) == []
    assert [entry.kind for entry in outbox()] == [K.reminder]


def test_a_cancellation_is_sent_and_a_confirmation_after_it_is_not(lifecycle):
    # Given a booking cancelled before its confirmation job was handled
    appointment = book(tomorrow())
    cancelled = service.change_status(
        SALON, appointment.id, Status.cancelled, actor=DESK, now=now(), reason="ill"
    )
    # When both jobs come
    assert run(notify(K.confirmation, appointment, instant(appointment.start))) == []
    assert run(notify(K.cancellation, cancelled, CANCELLED)) == []
    # Then only the cancellation went out
    [entry] = outbox()
    assert entry.kind is K.cancellation and "odwołana" in entry.body


def test_an_sms_due_in_quiet_hours_waits_on_the_queue_for_the_morning(lifecycle):
    # Given quiet hours around the current local time in the salon's zone
    local = now().astimezone(ZoneInfo("Europe/Warsaw"))
    start, end = (local - timedelta(hours=1)).time(), (local + timedelta(hours=2)).time()
    set_automation(SALON, quiet_hours=QuietHours(start=time(start.hour), end=time(end.hour)))
    appointment = book(tomorrow())
    job = notify(K.confirmation, appointment, instant(appointment.start))
    # When its confirmation (an SMS) comes
    assert run(job) == []
    # Then nothing is sent; the job is back on the queue, due when quiet hours end
    [(again, _)] = lifecycle.delayed_jobs()
    assert again.not_before is not None
    assert again.not_before.astimezone(ZoneInfo("Europe/Warsaw")).time() == time(end.hour)
    # And the salon sees it in the outbox: deferred, to whom, why and when it will go
    [entry] = outbox()
    assert (entry.status, entry.kind, entry.channel, entry.to) == (
        "deferred",
        K.confirmation,
        "sms",
        "+48600100200",
    )
    assert entry.send_at == again.not_before and "quiet hours" in entry.reason
    assert outbox(status="outbox") == []


def test_while_the_salon_paused_automation_messages_are_held_and_shown(lifecycle):
    # Given a salon that paused automation
    set_automation(SALON, paused=True)
    appointment = book(tomorrow())
    job = notify(K.confirmation, appointment, instant(appointment.start))
    # When a confirmation falls due, twice (a redelivery)
    assert run(job) == [] and run(job) == []
    # Then nothing is sent; the salon sees it once, held
    [entry] = outbox()
    assert entry.status == DeliveryStatus.held.value and entry.reason == "automation is paused"
    assert outbox(status="outbox") == []


def test_a_client_who_never_checked_in_is_marked_no_show_and_the_salon_is_told_once(lifecycle):
    # Given a salon with an alert email, and an appointment that ended an hour ago, never checked in
    set_automation(SALON, alert_email="manager@bella.example.com")
    appointment = book(on_the_grid(now() - timedelta(hours=2)))
    check = NoShowCheckJob(
        salon_id=SALON, appointment_id=appointment.id, planned_start=appointment.start, created_at=now()
    )
    # When the no-show check runs, and runs again (a redelivery)
    assert run(check) == [] and run(check) == []
    # Then the appointment is no_show, marked by the system, and the salon got one alert
    stored = bookings.get_appointment(SALON, appointment.id)
    history = bookings.get_history(SALON, appointment.id)
    assert stored.status is Status.no_show
    assert [(e.to_status, e.actor.kind) for e in history][-1] == (Status.no_show, ActorKind.system)
    [alert] = outbox()
    assert alert.kind is K.no_show_salon_alert and alert.to == "manager@bella.example.com"
    assert "Zofia Nowak" in alert.body


def test_a_client_who_checked_in_is_not_marked(lifecycle):
    # Given an appointment that began an hour ago and whose client checked in
    appointment = book(on_the_grid(now() - timedelta(hours=1)))
    service.change_status(SALON, appointment.id, Status.checked_in, actor=DESK, now=now())
    # When the no-show check runs
    check = NoShowCheckJob(
        salon_id=SALON, appointment_id=appointment.id, planned_start=appointment.start, created_at=now()
    )
    assert run(check) == []
    # Then nothing changes and nobody is told
    assert bookings.get_appointment(SALON, appointment.id).status is Status.checked_in
    assert outbox() == []


def test_without_an_alert_contact_the_no_show_is_shown_in_the_console(lifecycle):
    appointment = book(on_the_grid(now() - timedelta(hours=2)))
    check = NoShowCheckJob(
        salon_id=SALON, appointment_id=appointment.id, planned_start=appointment.start, created_at=now()
    )
    assert run(check) == []
    [alert] = outbox()
    assert alert.kind is K.no_show_salon_alert and alert.status == "for_salon" and alert.to == ""


def test_a_message_that_is_not_a_job_fails_alone(lifecycle):
    # Given a batch with a malformed message and a good job
    appointment = book(tomorrow())
    good = notify(K.confirmation, appointment, instant(appointment.start))
    event = sqs_event('{"job": "notify", "kind": "gossip"}', good.model_dump_json())
    # When the notifier handles it
    answer = load_handler("notifier").lambda_handler(event, lambda_context("notifier"))
    # Then only the malformed one is reported failed (it goes back, and to the dead-letter queue in time)
    assert answer["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert [entry.kind for entry in outbox()] == [K.confirmation]


def test_a_crash_after_twilio_accepted_the_sms_sends_nothing_twice(lifecycle, monkeypatch):
    with FakeTwilio() as twilio:
        # Given the notifier configured for Twilio, and a lease that has run out by the retry
        monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
        monkeypatch.setenv("TWILIO_FROM_NUMBER", "+15005550006")
        monkeypatch.setenv("TWILIO_API_BASE_URL", twilio.base_url)
        monkeypatch.setenv("NOTIFICATION_LEASE_SECONDS", "0")
        store_table.reset_cache()
        appointment = book(tomorrow())
        job = notify(K.confirmation, appointment, instant(appointment.start))
        # When Twilio accepts the SMS but the notifier never hears back (it dies, the network cuts)
        twilio.drop_after_accepting_next_create()
        failed = run(job)
        # Then the job is reported failed and stays on the queue, the send unsettled
        assert len(failed) == 1
        notification_id = f"{appointment.id}.confirmation.{instant(appointment.start)}"
        assert DynamoDeliveryLedger().get(SALON, notification_id).status is DeliveryStatus.sending
        # When SQS delivers it again
        assert run(job) == []
        # Then Twilio's log shows the SMS went out: recorded, and no second SMS
        [sms] = twilio.sent_to("+48600100200")
        record = DynamoDeliveryLedger().get(SALON, notification_id)
        assert record.status is DeliveryStatus.sent and record.provider_message_id == sms.sid
        assert outbox() == []


def test_after_a_pause_the_salon_releases_what_was_held_and_it_is_sent_once(lifecycle):
    owner = ApiClient("admin_api", claims=staff_claims(SALON, "owner"))
    # Given a confirmation held while the salon had automation paused
    set_automation(SALON, paused=True)
    appointment = book(tomorrow())
    assert run(notify(K.confirmation, appointment, instant(appointment.start))) == []
    assert [entry.status for entry in outbox()] == ["held"]
    # When the owner releases it while still paused, it is refused with what to do
    refused = owner.post(f"/admin/salons/{SALON}/outbox/release-held")
    assert refused.status == 409 and "resume" in refused.json()["error"]["next_step"]
    # When the owner resumes automation and releases what was held
    set_automation(SALON, paused=False)
    released = owner.post(f"/admin/salons/{SALON}/outbox/release-held")
    assert released.status == 200 and released.json() == {"released": 1, "left": 0}
    # Then the job is back on the queue; the notifier sends it, and a second release finds nothing held
    jobs = lifecycle.take_messages()
    assert run(*[message["Body"] for message in jobs]) == []
    [entry] = outbox()
    assert entry.kind is K.confirmation and entry.status == "outbox"
    assert owner.post(f"/admin/salons/{SALON}/outbox/release-held").json() == {"released": 0, "left": 0}
