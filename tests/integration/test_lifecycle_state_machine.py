"""From a committed change to the notifier's queue: the streams consumer starts the lifecycle state machine
(as template.yaml defines it) and moto's engine runs it. Reminders are planned a few seconds ahead, so the
machine's real waits stay short.

Stream records are the table's own, read from moto's stream and handed to the real streams consumer.
"""

from datetime import UTC, datetime, timedelta

import pytest

from parlour.adapters.outbox import DynamoOutbox
from parlour.availability.engine import Channel
from parlour.booking import service
from parlour.booking.models import Actor, ActorKind, Appointment, ClientDetails, Consent, Status
from parlour.lifecycle.jobs import NoShowCheckJob, NotifyJob
from parlour.notifications.models import NotificationKind
from parlour.store import bookings
from tests.builders import local_day, local_instant, small_salon
from tests.events import lambda_context, load_handler
from tests.lifecycle_support import (
    DESK,
    StreamReader,
    book_at_desk,
    jobs_of,
    lifecycle_aws,
    of_type,
    set_automation,
    sqs_event,
    wait_for,
)

K = NotificationKind
SALON = "bella"
REMINDER_AHEAD = timedelta(seconds=3)


@pytest.fixture
def lifecycle():
    with lifecycle_aws(execute=True) as env:
        small_salon(SALON)
        set_automation(SALON, quiet_hours=None, alert_email="manager@bella.example.com")
        yield env


def now() -> datetime:
    return datetime.now(UTC)


def slot(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def book(start: datetime, *, phone: str = "+48600100200") -> Appointment:
    return book_at_desk(SALON, start, Consent(sms=True, email=True, marketing=True), phone=phone)


def book_with_a_reminder_soon() -> Appointment:
    """Given an appointment tomorrow whose one reminder is a few seconds away."""
    start = local_instant(local_day(1), "10:00")
    set_automation(
        SALON, reminders_before=[timedelta(seconds=int((start - now() - REMINDER_AHEAD).total_seconds()))]
    )
    appointment = book(start)
    assert len(appointment.remind_at) == 1 and appointment.remind_at[0] - now() < REMINDER_AHEAD * 2
    return appointment


def consume(stream: StreamReader) -> list[dict]:
    """The streams consumer handles what was committed since the last call; the appointment records."""
    records = stream.read()
    answer = load_handler("streams_consumer").lambda_handler({"Records": records}, lambda_context("streams"))
    assert answer["batchItemFailures"] == []
    return of_type(records, "appointment")


def notify_all(jobs: list) -> None:
    """The notifier handles the jobs (one SQS batch)."""
    bodies = [job.model_dump_json() for job in jobs]
    answer = load_handler("notifier").lambda_handler(sqs_event(*bodies), lambda_context("notifier"))
    assert answer["batchItemFailures"] == []


def kinds(jobs: list) -> list:
    return [job.kind if isinstance(job, NotifyJob) else "check_no_show" for job in jobs]


def test_a_duplicated_stream_record_starts_one_execution(lifecycle):
    stream = StreamReader()
    # Given a booking committed to the table
    appointment = book(local_instant(local_day(2), "10:00"))
    [record] = consume(stream)
    # When the same stream record is delivered again, alone and twice in one batch
    for event in ({"Records": [record]}, {"Records": [record, record]}):
        answer = load_handler("streams_consumer").lambda_handler(event, lambda_context("streams"))
        assert answer["batchItemFailures"] == []
    # Then one execution exists, named after the appointment and its version
    [execution] = lifecycle.executions()
    assert execution["name"] == f"{appointment.id}-v1"


def test_a_failed_booking_transaction_starts_nothing(lifecycle):
    stream = StreamReader()
    # Given a slot booked, and a second booking of the same slot that fails (inside opening hours: the
    # second is refused for the taken slot alone)
    start = local_instant(local_day(2), "10:00")
    appointment = book(start)
    request = service.BookingRequest(
        service_id="cut",
        variant_id="short",
        start=start,
        staff_id="s1",
        client=ClientDetails(name="Ewa", phone="+48600100999", consent=Consent(sms=True)),
    )
    with pytest.raises(service.SlotTaken):
        service.book(SALON, request, actor=DESK, now=now(), channel=Channel.salon)
    # When everything committed reaches the consumer
    records = consume(stream)
    # Then the stream holds only the first appointment, and only its execution exists
    assert [r["dynamodb"]["NewImage"]["id"]["S"] for r in records] == [appointment.id]
    assert [execution["name"] for execution in lifecycle.executions()] == [f"{appointment.id}-v1"]


def test_a_booking_gets_its_confirmation_and_a_reminder_at_the_planned_time(lifecycle):
    stream = StreamReader()
    appointment = book_with_a_reminder_soon()
    consume(stream)
    # When the machine runs: the confirmation at once, then the reminder at its instant
    [confirmation] = jobs_of(wait_for(lifecycle.take_messages))
    [reminder] = jobs_of(wait_for(lifecycle.take_messages))
    # Then the jobs name their occasions, and the reminder is not due before its stored instant
    assert (confirmation.kind, confirmation.occasion) == (
        K.confirmation,
        f"{appointment.start:%Y-%m-%dT%H:%M:%SZ}",
    )
    assert reminder.kind is K.reminder and reminder.not_before == appointment.remind_at[0]
    assert now() >= appointment.remind_at[0] - timedelta(seconds=1)  # moto's Wait rounds down to a second


def test_a_reschedule_moves_the_reminder_and_the_old_one_is_never_sent(lifecycle):
    stream = StreamReader()
    appointment = book_with_a_reminder_soon()
    consume(stream)
    # Given the machine planned the reminder (its confirmation is out)
    [confirmation] = jobs_of(wait_for(lifecycle.take_messages))
    assert confirmation.kind is K.confirmation
    # When the appointment moves a day later before the reminder
    moved = service.reschedule(
        SALON,
        appointment.id,
        start=appointment.start + timedelta(days=1),
        actor=DESK,
        now=now(),
        override=True,
    )
    consume(stream)
    # Then the new time is confirmed, the first execution ends when it wakes, and no reminder went out
    [new_confirmation] = jobs_of(wait_for(lifecycle.take_messages))
    assert new_confirmation.occasion == f"{moved.start:%Y-%m-%dT%H:%M:%SZ}"

    def first_finished():
        return [e for e in lifecycle.executions() if e["name"].endswith("-v1") and e["status"] == "SUCCEEDED"]

    [first] = wait_for(first_finished)
    history = lifecycle.stepfunctions.get_execution_history(executionArn=first["executionArn"])["events"]
    entered = [e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e]
    assert "Superseded" in entered and "SendReminder" not in entered
    assert lifecycle.take_messages() == []
    assert moved.remind_at[0] == appointment.remind_at[0] + timedelta(days=1)


def test_a_cancel_sends_the_cancellation_and_no_reminder(lifecycle):
    stream = StreamReader()
    appointment = book_with_a_reminder_soon()
    consume(stream)
    confirmation = jobs_of(wait_for(lifecycle.take_messages))  # out: the reminder is planned
    notify_all(confirmation)
    # When the client cancels before the reminder
    service.change_status(
        SALON, appointment.id, Status.cancelled, actor=Actor(kind=ActorKind.client, id="web"), now=now()
    )
    consume(stream)
    # Then the cancellation goes at once; the waiting execution wakes, finds it cancelled, sends no reminder
    jobs = jobs_of(wait_for(lifecycle.take_messages))
    wait_for(lambda: all(e["status"] == "SUCCEEDED" for e in lifecycle.executions()))
    jobs += jobs_of(lifecycle.take_messages())
    assert K.reminder not in kinds(jobs) and K.cancellation in kinds(jobs)
    # And the client got one confirmation and one cancellation, however often the jobs came
    notify_all(jobs)
    assert sorted(entry.kind for entry in DynamoOutbox().list(SALON)) == [K.cancellation, K.confirmation]


def test_a_client_who_never_checked_in_is_marked_no_show_and_the_salon_is_told(lifecycle):
    stream = StreamReader()
    # Given an appointment recorded at the desk that ended an hour ago (its check time has passed)
    appointment = book(slot(now() - timedelta(hours=2)))
    consume(stream)
    # When the machine has run (nothing to wait for) and the notifier handles what it sent
    wait_for(lambda: all(e["status"] == "SUCCEEDED" for e in lifecycle.executions()))
    jobs = jobs_of(lifecycle.take_messages())
    assert "check_no_show" in kinds(jobs)
    check = next(job for job in jobs if isinstance(job, NoShowCheckJob))
    assert check.planned_start == appointment.start
    notify_all(jobs)
    # Then the appointment is a no-show marked by the system, and the salon got its alert
    assert bookings.get_appointment(SALON, appointment.id).status is Status.no_show
    assert bookings.get_history(SALON, appointment.id)[-1].actor.kind is ActorKind.system
    # (no confirmation for a visit that already began: the outbox shows it skipped)
    shown = sorted((entry.kind, entry.status) for entry in DynamoOutbox().list(SALON))
    assert shown == [(K.confirmation, "skipped_too_late"), (K.no_show_salon_alert, "outbox")]


def test_after_completion_a_follow_up_with_a_rebook_link(lifecycle):
    stream = StreamReader()
    # Given a salon that follows up a second after a visit, and a visit completed at the desk
    set_automation(SALON, follow_up_after=timedelta(seconds=1))
    appointment = book(slot(now() - timedelta(hours=1)))
    service.change_status(SALON, appointment.id, Status.completed, actor=DESK, now=now())
    consume(stream)
    # When every execution has finished and the notifier handled what they sent
    wait_for(lambda: all(e["status"] == "SUCCEEDED" for e in lifecycle.executions()))
    jobs = jobs_of(lifecycle.take_messages())
    assert K.follow_up in kinds(jobs)
    notify_all(jobs)
    # Then the client got a thank-you with a link to book the same again (the late confirmation lapsed)
    [follow_up] = DynamoOutbox().list(SALON)
    assert follow_up.kind is K.follow_up and "/book/?salon=bella&service=cut" in follow_up.body
