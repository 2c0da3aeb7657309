"""Exactly-once delivery: the ledger in moto's DynamoDB, SMS via the fake Twilio, email via moto's SES.

The crash scenarios reproduce what a dead worker leaves behind (a claim with no record) and check that a
retry never sends twice and never loses the record of what went out.
"""

from datetime import UTC, datetime, time, timedelta

import boto3
import pytest
import requests
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses import ses_backends

from parlour.adapters.delivery_ledger import DynamoDeliveryLedger
from parlour.adapters.outbox import DynamoOutbox, OutboxSender
from parlour.adapters.ses_email import SesEmail
from parlour.adapters.twilio_sms import TwilioSms
from parlour.notifications.delivery import (
    DEFAULT_LEASE,
    NotificationInFlight,
    SendUnavailable,
    deliver,
    plan_delivery,
)
from parlour.notifications.models import Channel, Consent, DeliveryStatus, QuietHours, SalonMessaging
from tests.fakes.notifications import notification
from tests.fakes.twilio import FakeTwilio

REGION = "eu-central-1"
SENDER = "bookings@parlour.example"
SALON = SalonMessaging(default_locale="pl", quiet_hours=QuietHours(start=time(21), end=time(8)))
# Tests that compare with the fake Twilio's real-clock timestamps run at the real time, whatever the hour.
ANY_HOUR = SalonMessaging(default_locale="pl", quiet_hours=None)


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as twilio:
        yield twilio


@pytest.fixture
def senders(aws, fake_twilio):
    boto3.client("sesv2", region_name=REGION).create_email_identity(EmailIdentity=SENDER)
    return {
        Channel.sms: TwilioSms(
            account_sid=fake_twilio.account_sid,
            auth_token=fake_twilio.auth_token,
            from_number="+15005550006",
            api_base_url=fake_twilio.base_url,
        ),
        Channel.email: SesEmail(from_address=SENDER, region=REGION),
    }


def now() -> datetime:
    # Real time: the fake Twilio stamps messages with the real clock, and the reconciliation compares them.
    return datetime.now(UTC)


def send(message, senders, at: datetime, salon: SalonMessaging = ANY_HOUR):
    return deliver(
        message, salon, senders=senders, ledger=DynamoDeliveryLedger(), outbox=DynamoOutbox(), now=at
    )


def ses_sent() -> list:
    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


def fresh(**recipient):
    """A confirmation whose appointment is tomorrow relative to the real clock."""
    start = now() + timedelta(days=1)
    return notification(
        recipient_overrides=recipient,
        data_overrides={
            "starts_at": start,
            "offer_expires_at": start - timedelta(hours=1),
        },
        created_at=now() - timedelta(minutes=1),
    )


def test_sms_is_sent_once_and_a_redelivery_sends_nothing(senders, fake_twilio):
    # Given a confirmation for a client who prefers SMS
    message, at = fresh(), now()
    # When it is delivered, then delivered again (the queue redelivered it)
    first = send(message, senders, at)
    second = send(message, senders, at + timedelta(seconds=30))
    # Then one SMS went out and the ledger recorded Twilio's sid
    [sms] = fake_twilio.messages
    assert (
        first.status is DeliveryStatus.sent and first.provider_message_id == sms.sid and not first.duplicate
    )
    assert second.status is DeliveryStatus.sent and second.duplicate and second.provider_message_id == sms.sid
    record = DynamoDeliveryLedger().get("demo", message.id)
    assert record.status is DeliveryStatus.sent and record.provider_message_id == sms.sid
    assert sms.body.startswith("Studio Bella: potwierdzamy wizytę: Gel manicure")


def test_crash_after_twilio_accepted_is_recovered_without_a_second_sms(senders, fake_twilio):
    # Given Twilio accepts the SMS but the sender never hears back (the worker dies or the network cuts)
    message, at = fresh(), now()
    fake_twilio.drop_after_accepting_next_create()
    with pytest.raises(requests.ConnectionError):
        send(message, senders, at)
    assert DynamoDeliveryLedger().get("demo", message.id).status is DeliveryStatus.sending
    # When the queue retries within the lease
    # Then it does not send: another worker might still be sending
    with pytest.raises(NotificationInFlight):
        send(message, senders, at + timedelta(minutes=1))
    # When it retries after the lease
    result = send(message, senders, at + DEFAULT_LEASE + timedelta(minutes=1))
    # Then Twilio's log shows the SMS went out: its sid is recorded, and no second SMS is sent
    [sms] = fake_twilio.messages
    assert result.status is DeliveryStatus.sent and result.duplicate
    assert result.provider_message_id == sms.sid
    assert DynamoDeliveryLedger().get("demo", message.id).provider_message_id == sms.sid


def test_crash_before_twilio_got_it_is_sent_once_by_the_retry(senders, fake_twilio):
    # Given a worker that claimed the notification and died before calling Twilio
    message, at = fresh(), now()
    assert (
        DynamoDeliveryLedger().claim(
            message, status=DeliveryStatus.sending, channel=Channel.sms, provider="twilio", now=at
        )
        is None
    )
    # When the queue retries after the lease
    result = send(message, senders, at + DEFAULT_LEASE + timedelta(minutes=1))
    # Then Twilio's log has no such SMS, so the retry takes the claim over and sends it, once
    [sms] = fake_twilio.messages
    assert result.status is DeliveryStatus.sent and not result.duplicate
    record = DynamoDeliveryLedger().get("demo", message.id)
    assert record.attempt == 2 and record.provider_message_id == sms.sid


def test_twilio_unavailable_releases_the_claim_and_the_retry_sends(senders, fake_twilio):
    # Given Twilio answers 503 once
    message, at = fresh(), now()
    fake_twilio.fail_next_create(503)
    # When delivered
    with pytest.raises(SendUnavailable):
        send(message, senders, at)
    # Then the claim is gone (nothing went out), so an immediate retry sends without waiting for a lease
    assert DynamoDeliveryLedger().get("demo", message.id) is None
    assert send(message, senders, at + timedelta(seconds=5)).status is DeliveryStatus.sent
    assert len(fake_twilio.messages) == 1


def test_refused_number_is_recorded_as_failed_and_not_retried(senders, fake_twilio):
    # Given a client who replied STOP: Twilio refuses to message them (error 21610)
    message, at = fresh(), now()
    fake_twilio.fail_next_create(400, code=21610)
    # When delivered twice
    first = send(message, senders, at)
    second = send(message, senders, at + timedelta(minutes=1))
    # Then it failed once with Twilio's reason, was recorded, and the retry sends nothing
    assert first.status is DeliveryStatus.failed and "21610" in first.reason
    assert second.status is DeliveryStatus.failed and second.duplicate
    assert fake_twilio.messages == []
    # And the salon sees it once in the outbox, refused, with Twilio's reason
    [entry] = DynamoOutbox().list(message.salon_id)
    assert entry.status == "failed" and "21610" in entry.reason and entry.to == "+48600100200"


def test_email_goes_through_ses_once(senders, fake_twilio):
    # Given a client who prefers email
    message, at = fresh(preferred_channel=Channel.email), now()
    # When delivered twice
    first = send(message, senders, at)
    second = send(message, senders, at + timedelta(seconds=10))
    # Then SES sent one email in Polish, and no SMS went out
    [email] = ses_sent()
    assert first.status is DeliveryStatus.sent and first.provider_message_id == email.id
    assert second.duplicate
    assert email.subject.startswith("Potwierdzenie wizyty: Gel manicure")
    assert fake_twilio.messages == []


def test_interrupted_email_is_marked_unknown_and_shown_in_the_outbox(senders):
    # Given a worker that claimed an email and died: SES keeps no log to ask
    message, at = fresh(preferred_channel=Channel.email), now()
    DynamoDeliveryLedger().claim(
        message, status=DeliveryStatus.sending, channel=Channel.email, provider="ses", now=at
    )
    # When the queue retries after the lease
    result = send(message, senders, at + DEFAULT_LEASE + timedelta(minutes=1))
    # Then nothing is re-sent blindly: the outcome is unknown, recorded, and listed for the salon
    assert result.status is DeliveryStatus.unknown
    assert ses_sent() == []
    assert DynamoDeliveryLedger().get("demo", message.id).status is DeliveryStatus.unknown
    [entry] = DynamoOutbox().list("demo")
    assert (
        entry.status == "unknown" and entry.notification_id == message.id and entry.to == "anna@example.com"
    )
    # And later retries answer the same without sending
    assert send(message, senders, at + timedelta(hours=1)).duplicate


def test_no_consent_is_recorded_once_and_nothing_is_sent(senders, fake_twilio):
    # Given a client who agreed to nothing
    message, at = fresh(consent=Consent()), now()
    # When delivered twice
    first = send(message, senders, at)
    second = send(message, senders, at + timedelta(minutes=1))
    # Then it is skipped, recorded, and nothing went out on any channel
    assert first.status is DeliveryStatus.skipped_no_consent and not first.duplicate
    assert second.status is DeliveryStatus.skipped_no_consent and second.duplicate
    assert fake_twilio.messages == [] and ses_sent() == []


def test_night_sms_is_deferred_without_a_claim(senders, fake_twilio):
    # Given an SMS for a visit on 3 June, due at 23:30 in Warsaw on 1 June (21:30 UTC in summer)
    message = notification()
    night = datetime(2025, 6, 1, 21, 30, tzinfo=UTC)
    # When delivered
    result = send(message, senders, night, SALON)
    # Then it is deferred to 08:00 local, nothing was sent, and no claim blocks the later attempt
    assert result.status is DeliveryStatus.deferred
    assert result.send_at == datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
    assert fake_twilio.messages == []
    assert DynamoDeliveryLedger().get("demo", message.id) is None


OUTBOX_ONLY = {Channel.sms: OutboxSender(), Channel.email: OutboxSender()}


def test_without_providers_the_message_lands_in_the_outbox_once(aws):
    # Given no providers: the outbox stands in for both channels
    message, at = fresh(), now()
    # When delivered twice
    first = send(message, OUTBOX_ONLY, at)
    second = send(message, OUTBOX_ONLY, at + timedelta(seconds=10))
    # Then one outbox entry holds the Polish SMS, and the ledger points at it
    [entry] = DynamoOutbox().list("demo")
    assert entry.status == "outbox" and entry.channel is Channel.sms and entry.to == "+48600100200"
    assert entry.body.startswith("Studio Bella: potwierdzamy wizytę")
    assert first.status is DeliveryStatus.sent and first.provider == "outbox"
    assert second.duplicate and second.provider_message_id == first.provider_message_id


def test_outbox_entry_written_before_a_crash_is_recovered_not_duplicated(aws):
    # Given a worker that claimed, wrote the outbox entry, and died before recording it
    message, at = fresh(), now()
    DynamoDeliveryLedger().claim(
        message, status=DeliveryStatus.sending, channel=Channel.sms, provider="outbox", now=at
    )
    written = plan_delivery(message, ANY_HOUR, at).message
    OutboxSender().send(written)
    # When the queue retries after the lease
    result = send(message, OUTBOX_ONLY, at + DEFAULT_LEASE + timedelta(minutes=1))
    # Then the entry is found and recorded as sent, and there is still one entry
    assert result.status is DeliveryStatus.sent and result.duplicate
    assert len(DynamoOutbox().list("demo")) == 1
