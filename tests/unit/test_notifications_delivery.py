"""Channel choice, consent, quiet hours and staleness: what delivery decides before anything is sent."""

from datetime import UTC, datetime, time, timedelta

import pytest
from pydantic import ValidationError

from parlour.notifications.channels import choose_channel
from parlour.notifications.delivery import decide, plan_delivery
from parlour.notifications.models import (
    Channel,
    Consent,
    DeliveryStatus,
    Notification,
    NotificationKind,
    QuietHours,
    SalonMessaging,
)
from tests.fakes.notifications import STARTS_AT, notification, recipient

K = NotificationKind
S = DeliveryStatus
SALON = SalonMessaging(default_locale="pl", quiet_hours=QuietHours(start=time(21), end=time(8)))
DAYTIME = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)  # 12:00 in Warsaw, the day before the visit


# --- channel and consent ---


@pytest.mark.parametrize(
    ("preferred", "consent", "phone", "email", "expected"),
    [
        (Channel.sms, Consent(sms=True, email=True), "+48600100200", "a@example.com", Channel.sms),
        (Channel.email, Consent(sms=True, email=True), "+48600100200", "a@example.com", Channel.email),
        # Preferred channel not agreed to, or no address for it: the other one they agreed to
        (Channel.sms, Consent(sms=False, email=True), "+48600100200", "a@example.com", Channel.email),
        (Channel.sms, Consent(sms=True, email=True), None, "a@example.com", Channel.email),
        (Channel.email, Consent(sms=True, email=False), "+48600100200", "a@example.com", Channel.sms),
        # Nothing agreed to, or consent without an address: nothing
        (Channel.sms, Consent(), "+48600100200", "a@example.com", None),
        (Channel.sms, Consent(sms=True), None, "a@example.com", None),
    ],
)
def test_preferred_channel_then_the_other_consented_one(preferred, consent, phone, email, expected):
    # Given a client's preference, consent and addresses
    client = recipient(preferred_channel=preferred, consent=consent, phone=phone, email=email)
    # Then the channel is the preferred consented one with an address, else the other, else none
    assert choose_channel(client, NotificationKind.reminder) == expected


def test_follow_up_needs_marketing_consent():
    # Given a client who agreed to SMS but not to marketing
    client = recipient(consent=Consent(sms=True, email=True, marketing=False))
    # Then booking messages go, the follow-up invitation does not
    assert choose_channel(client, NotificationKind.confirmation) == Channel.sms
    assert choose_channel(client, NotificationKind.follow_up) is None


def test_no_consent_is_skipped_and_nothing_rendered():
    # Given a client without any consent
    message = notification(recipient_overrides={"consent": Consent()})
    # When delivery is planned
    plan = plan_delivery(message, SALON, DAYTIME)
    # Then it is skipped for lack of consent, saying what the client gave and did not agree to
    assert plan.status is DeliveryStatus.skipped_no_consent
    assert plan.reason == (
        "the client gave a phone number but did not agree to SMS"
        " and gave an email address but did not agree to email"
    )
    assert plan.message is None


@pytest.mark.parametrize(
    ("kind", "phone", "email", "consent", "status", "reason"),
    [
        (K.confirmation, None, None, Consent(sms=True, email=True), S.skipped_no_contact, "no phone number"),
        (K.confirmation, "+48600100200", None, Consent(email=True), S.skipped_no_consent, "agree to SMS"),
        (K.reminder, None, "a@example.com", Consent(sms=True), S.skipped_no_consent, "agree to email"),
        (K.follow_up, "+48600100200", None, Consent(sms=True), S.skipped_no_consent, "marketing"),
    ],
)
def test_a_message_without_a_channel_says_whether_contact_or_consent_is_missing(
    kind, phone, email, consent, status, reason
):
    # Given a client's addresses and consent that leave no channel for this kind
    client = recipient(phone=phone, email=email, consent=consent)
    # When the pure rule decides
    decision = decide(client, kind, SALON, time_zone="Europe/Warsaw", stale_after=None, now=DAYTIME)
    # Then the message is skipped with the missing piece named
    assert decision.status is status and decision.channel is None and reason in decision.reason


# --- quiet hours ---


def test_sms_due_at_night_is_deferred_to_the_morning():
    # Given an SMS confirmation due at 23:00 in Warsaw (21:00 UTC in June)
    night = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    # When delivery is planned
    plan = plan_delivery(notification(), SALON, night)
    # Then it waits for 08:00 local (06:00 UTC), saying why; the SMS it will be is rendered for the outbox
    assert plan.status is DeliveryStatus.deferred
    assert plan.send_at == datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
    assert plan.reason == "quiet hours 21:00-08:00 (Europe/Warsaw): goes at 2025-06-02T06:00:00+00:00"
    assert plan.message is not None and plan.message.channel is Channel.sms


def test_email_is_not_held_by_quiet_hours():
    # Given a client who prefers email, and the same night
    message = notification(recipient_overrides={"preferred_channel": Channel.email})
    # Then the email goes at once
    plan = plan_delivery(message, SALON, datetime(2025, 6, 1, 21, 0, tzinfo=UTC))
    assert plan.status is DeliveryStatus.sending
    assert plan.channel is Channel.email


def test_salon_without_quiet_hours_sends_at_night():
    # Given a salon that switched quiet hours off
    salon = SalonMessaging(default_locale="pl", quiet_hours=None)
    # Then a night SMS goes at once
    assert (
        plan_delivery(notification(), salon, datetime(2025, 6, 1, 23, 0, tzinfo=UTC)).status
        is DeliveryStatus.sending
    )


# --- too late ---


def test_waitlist_offer_that_would_expire_before_the_morning_is_skipped():
    # Given an offer at 23:30 local that expires at 07:00 local, before quiet hours end
    offer = notification(
        NotificationKind.waitlist_offer,
        data_overrides={"offer_expires_at": datetime(2025, 6, 3, 5, 0, tzinfo=UTC)},
    )
    # When delivery is planned at night
    plan = plan_delivery(offer, SALON, datetime(2025, 6, 2, 21, 30, tzinfo=UTC))
    # Then it is not deferred past its expiry: it is skipped
    assert plan.status is DeliveryStatus.skipped_too_late


def test_reminder_after_the_visit_began_is_skipped():
    # Given a reminder processed after the appointment started (a long outage)
    plan = plan_delivery(notification(NotificationKind.reminder), SALON, STARTS_AT + timedelta(minutes=5))
    # Then it is not sent
    assert plan.status is DeliveryStatus.skipped_too_late


# --- the message to send ---


def test_daytime_plan_carries_the_rendered_message():
    # Given a Polish client with SMS consent at noon
    plan = plan_delivery(notification(), SALON, DAYTIME)
    # Then the plan is to send this SMS to their phone, in Polish, with the notification's identity
    assert plan.status is DeliveryStatus.sending
    assert plan.message is not None
    assert plan.message.channel is Channel.sms
    assert plan.message.to == "+48600100200"
    assert plan.message.body.startswith("Studio Bella: potwierdzamy wizytę: Gel manicure, wt., 3 cze, 14:30.")
    assert plan.message.notification_id == notification().id


# --- the model refuses incomplete notifications ---


def test_kind_specific_data_is_required():
    # Given a waitlist offer without an expiry or a link
    # Then the model refuses it, naming what is missing
    with pytest.raises(ValidationError, match=r"data.offer_expires_at, data.link"):
        notification(NotificationKind.waitlist_offer, data_overrides={"offer_expires_at": None, "link": None})


def test_ids_are_stable_and_key_safe():
    # Given the same appointment, kind and occasion
    first = Notification.make_id("a#1", NotificationKind.reminder, "2025-06-02T12:30:00+00:00")
    # Then the id is the same every time and never holds the key separator
    assert first == Notification.make_id("a#1", NotificationKind.reminder, "2025-06-02T12:30:00+00:00")
    assert "#" not in first
    with pytest.raises(ValidationError):
        notification(id="bad#id")


def test_phone_numbers_must_be_e164():
    with pytest.raises(ValidationError, match="phone"):
        recipient(phone="600 100 200")
