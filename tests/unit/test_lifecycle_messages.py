"""Jobs as the state machine writes them, and the messages they become for the appointment as stored."""

import json
from datetime import UTC, datetime, time, timedelta

import pytest

from infra import template
from parlour.booking.models import Actor, ActorKind, Appointment, ClientDetails, Consent, Status
from parlour.catalog.models import Catalog, Location, Salon, Service, Staff
from parlour.lifecycle.automation import defaults
from parlour.lifecycle.jobs import CANCELLED, NoShowCheckJob, NotifyJob, parse_job
from parlour.lifecycle.messages import lapsed, notification_for
from parlour.money import Money
from parlour.notifications.delivery import plan_delivery
from parlour.notifications.models import Channel, DeliveryStatus, NotificationKind, QuietHours
from tests.builders import small_salon_draft

K = NotificationKind
START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)  # 10:00 in Warsaw
BOOKED_AT = datetime(2026, 5, 1, 9, 30, 12, 345678, tzinfo=UTC)
REMINDER = START - timedelta(hours=2)


def catalog() -> Catalog:
    draft = small_salon_draft("bella")
    return Catalog(
        salon=Salon(**draft.salon.model_dump()),
        locations={
            loc.id: Location(**loc.model_dump(), salon_id="bella").model_copy(update={"address": "Długa 1"})
            for loc in draft.locations
        },
        services={s.id: Service(**s.model_dump(), salon_id="bella") for s in draft.services},
        staff={s.id: Staff(**s.model_dump(), salon_id="bella") for s in draft.staff},
        resources={},
    )


def appointment(status: Status = Status.confirmed, **changes) -> Appointment:
    values = {
        "id": "ap_1",
        "salon_id": "bella",
        "location_id": "main",
        "service_id": "cut",
        "variant_id": "short",
        "staff_id": "s1",
        "start": START,
        "end": START + timedelta(minutes=30),
        "blocked_start": START,
        "blocked_end": START + timedelta(minutes=30),
        "time_zone": "Europe/Warsaw",
        "status": status,
        "client_id": "cl_1",
        "client": ClientDetails(
            name="Zofia", phone="+48600100200", locale="pl", consent=Consent(sms=True, marketing=True)
        ),
        "price": Money(amount=12000, currency="PLN"),
        "created_at": BOOKED_AT,
        "updated_at": BOOKED_AT,
        "created_by": Actor(kind=ActorKind.client, id="web"),
        "remind_at": [START - timedelta(hours=24), REMINDER],
        "no_show_check_at": START + timedelta(minutes=45),
    }
    return Appointment(**{**values, **changes})


def job(kind: NotificationKind, occasion: str, **changes) -> NotifyJob:
    return NotifyJob(
        kind=kind, salon_id="bella", appointment_id="ap_1", occasion=occasion, created_at=BOOKED_AT, **changes
    )


# --- the bodies the state machine writes are jobs the notifier reads ---


def _message_bodies() -> list[dict]:
    properties = template.load()["Resources"]["LifecycleStateMachine"]["Properties"]
    definition = json.loads((template.ROOT / properties["DefinitionUri"]).read_text())
    return [
        state["Parameters"]["MessageBody"]
        for state in definition["States"].values()
        if state.get("Resource") == "arn:aws:states:::sqs:sendMessage"
    ]


def _filled(body: dict) -> str:
    """A body with its paths replaced by values of the kind the appointment item holds there."""
    sample = {"salon_id": "bella", "appointment_id": "ap_1"}
    filled = {}
    for key, value in body.items():
        if key.endswith(".$"):
            name = key[:-2]
            filled[name] = sample.get(name, "2026-05-04T08:00:00Z")
        else:
            filled[key] = value
    return json.dumps(filled)


def test_every_message_the_machine_sends_is_a_job_the_notifier_reads():
    # Given every SQS message body of the lifecycle state machine
    jobs = [parse_job(_filled(body)) for body in _message_bodies()]
    # Then each parses as a job, and together they cover the lifecycle
    kinds = {item.kind if isinstance(item, NotifyJob) else "check_no_show" for item in jobs}
    assert kinds == {K.confirmation, K.reminder, K.cancellation, K.follow_up, "check_no_show"}
    assert any(isinstance(item, NoShowCheckJob) for item in jobs)


def test_a_reminder_job_is_not_due_before_its_instant():
    reminder = next(
        item for item in map(parse_job, map(_filled, _message_bodies())) if item.kind == K.reminder
    )
    assert reminder.not_before == reminder.created_at


# --- a job that lapsed sends nothing ---


@pytest.mark.parametrize(
    ("the_job", "stored", "why"),
    [
        (job(K.reminder, "2026-05-04T05:00:00Z"), appointment(), "moved"),  # not a planned reminder
        (job(K.confirmation, "2026-05-04T07:00:00Z"), appointment(), "moved"),  # another start
        (job(K.confirmation, "2026-05-04T08:00:00Z"), appointment(Status.cancelled), "cancelled"),
        (job(K.reminder, "2026-05-04T06:00:00Z"), appointment(Status.checked_in), "checked_in"),
        (job(K.cancellation, CANCELLED), appointment(), "confirmed"),
        (job(K.waitlist_offer, "x"), appointment(), "does not send"),
    ],
)
def test_lapsed_jobs(the_job, stored, why):
    reason = lapsed(the_job, stored, defaults())
    assert reason is not None and why in reason


def test_planned_jobs_still_apply():
    assert lapsed(job(K.reminder, "2026-05-04T06:00:00Z"), appointment(), defaults()) is None
    assert lapsed(job(K.confirmation, "2026-05-04T08:00:00+00:00"), appointment(), defaults()) is None


def test_a_follow_up_lapses_when_the_salon_turned_follow_ups_off():
    settings = defaults().model_copy(update={"follow_up": False})
    assert "follow-ups" in lapsed(job(K.follow_up, "completed"), appointment(Status.completed), settings)


# --- the message ---


def test_a_reminder_is_written_for_the_client_in_their_language_with_a_manage_link():
    # Given a reminder job for Zofia, who booked in Polish and agreed to SMS
    notification = notification_for(
        job(K.reminder, "2026-05-04T06:00:00Z"), appointment(), catalog(), defaults()
    )
    # When it is planned in the daytime
    plan = plan_delivery(notification, defaults().messaging(), now=REMINDER)
    # Then it is an SMS in Polish, with the local time and her manage link
    assert notification.id == "ap_1.reminder.2026-05-04T06:00:00Z"
    assert plan.status is DeliveryStatus.sending and plan.message is not None
    assert plan.message.channel is Channel.sms and plan.message.to == "+48600100200"
    assert "przypominamy" in plan.message.body and "10:00" in plan.message.body
    assert "/book/manage.html#bella/ap_1/" in plan.message.body


def test_the_same_job_renders_the_same_message_on_every_retry():
    # A retry must recognise a message the provider already took: same id, same text, whatever the clock
    first = notification_for(
        job(K.confirmation, "2026-05-04T08:00:00Z"), appointment(), catalog(), defaults()
    )
    again = notification_for(
        job(K.confirmation, "2026-05-04T08:00:00Z"), appointment(), catalog(), defaults()
    )
    assert first == again


def test_a_cancellation_and_a_follow_up_link_to_booking_the_same_again():
    for kind, occasion, status in (
        (K.cancellation, CANCELLED, Status.cancelled),
        (K.follow_up, "completed", Status.completed),
    ):
        notification = notification_for(job(kind, occasion), appointment(status), catalog(), defaults())
        assert notification.data.link is not None
        assert "/book/?salon=bella&service=cut&variant=short&staff=s1&location=main" in notification.data.link


def test_the_no_show_alert_goes_to_the_salon_with_a_link_to_the_console():
    # Given a salon whose alerts go to its manager's email
    settings = defaults().model_copy(
        update={"alert_email": "manager@bella.example.com", "default_locale": "de"}
    )
    # When the alert is written
    alert = notification_for(
        job(K.no_show_salon_alert, "no_show"), appointment(Status.no_show), catalog(), settings
    )
    # Then it is addressed to the salon (by email, in the salon's language), about the client
    assert alert.recipient.email == "manager@bella.example.com" and alert.recipient.locale == "de"
    assert alert.data.client_name == "Zofia" and "/admin/?salon=bella#ap_1" in (alert.data.link or "")


# --- the salon's pause ---


def test_while_paused_a_message_is_held_at_once_even_at_night():
    # Given a paused salon with quiet hours, and a confirmation due at 23:00 local time
    settings = defaults().model_copy(
        update={"paused": True, "quiet_hours": QuietHours(start=time(21), end=time(8))}
    )
    notification = notification_for(
        job(K.confirmation, "2026-05-04T08:00:00Z"), appointment(), catalog(), settings
    )
    night = datetime(2026, 5, 1, 21, 0, tzinfo=UTC)
    # When delivery is planned
    plan = plan_delivery(notification, settings.messaging(), now=night)
    # Then it is held (not deferred, not sent), with the text the salon will see
    assert plan.status is DeliveryStatus.held
    assert plan.message is not None and "Haircut" in plan.message.body


def test_no_confirmation_for_a_visit_that_already_began():
    # Given a visit the desk recorded after it started
    notification = notification_for(
        job(K.confirmation, "2026-05-04T08:00:00Z"), appointment(), catalog(), defaults()
    )
    # Then its confirmation is too late to matter
    plan = plan_delivery(notification, defaults().messaging(), now=START + timedelta(minutes=5))
    assert plan.status is DeliveryStatus.skipped_too_late
