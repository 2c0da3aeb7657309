"""What the booking answer tells the client they will hear: the confirmation's channel and when, decided
with the salon's settings at the booking's instant (fixed instants; quiet hours 21:00-08:00 in Warsaw)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from parlour.booking.models import ClientDetails, Consent
from parlour.lifecycle.automation import defaults
from parlour.lifecycle.preview import ConfirmationMessage, When, WhyNot, confirmation_message
from parlour.notifications.models import Channel, QuietHours
from tests.unit.test_lifecycle_messages import START, appointment

NIGHT = QuietHours(start=time(21), end=time(8))
SETTINGS = defaults().model_copy(update={"quiet_hours": NIGHT})
NOON = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)  # 12:00 in Warsaw, three days before the visit
LATE_EVENING = datetime(2026, 5, 1, 20, 30, tzinfo=UTC)  # 22:30 in Warsaw
MORNING = datetime(2026, 5, 2, 6, 0, tzinfo=UTC)  # 08:00 in Warsaw the next day


def client(
    phone: str | None = "+48600100200", email: str | None = None, consent: Consent | None = None
) -> ClientDetails:
    return ClientDetails(
        name="Zofia", phone=phone, email=email, locale="pl", consent=consent or Consent(sms=True)
    )


@pytest.mark.parametrize(
    ("details", "at", "expected"),
    [
        (client(), NOON, ConfirmationMessage(when=When.now, channel=Channel.sms)),
        (
            client(),
            LATE_EVENING,
            ConfirmationMessage(when=When.after_quiet_hours, channel=Channel.sms, send_at=MORNING),
        ),
        # Email is not held back by quiet hours
        (
            client(phone=None, email="z@example.com", consent=Consent(email=True)),
            LATE_EVENING,
            ConfirmationMessage(when=When.now, channel=Channel.email),
        ),
        (client(consent=Consent()), NOON, ConfirmationMessage(when=When.not_sent, why_not=WhyNot.no_consent)),
    ],
)
def test_the_confirmation_goes_now_after_quiet_hours_or_not_at_all(details, at, expected):
    # Given a client's contact and consent, booked at a given instant
    booked = appointment(client=details)
    # Then the booking answer says by which channel and when the confirmation goes
    assert confirmation_message(booked, SETTINGS, at) == expected


def test_a_visit_that_begins_before_quiet_hours_end_gets_no_confirmation():
    # Given a booking at 22:30 for 07:30 the next morning, before quiet hours end
    booked = appointment(client=client(), start=MORNING - timedelta(minutes=30), end=MORNING)
    # Then the client is told no confirmation will come, because it would be too late
    assert confirmation_message(booked, SETTINGS, LATE_EVENING) == ConfirmationMessage(
        when=When.not_sent, why_not=WhyNot.too_late
    )


def test_while_the_salon_paused_its_messages_the_confirmation_waits_for_it():
    paused = SETTINGS.model_copy(update={"paused": True})
    assert confirmation_message(appointment(client=client()), paused, NOON) == ConfirmationMessage(
        when=When.when_salon_resumes, channel=Channel.sms
    )


def test_without_quiet_hours_a_night_booking_is_confirmed_at_once():
    always = SETTINGS.model_copy(update={"quiet_hours": None})
    assert START > LATE_EVENING
    assert confirmation_message(appointment(client=client()), always, LATE_EVENING).when is When.now
