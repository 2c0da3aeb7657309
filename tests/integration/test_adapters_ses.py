"""The SES email adapter against moto's SES: what leaves is read back from moto's record of sent mail."""

from datetime import UTC, datetime

import boto3
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses import ses_backends

from parlour.adapters.ses_email import SesEmail
from parlour.notifications.delivery import SendRejected
from parlour.notifications.models import Channel, NotificationKind, OutgoingMessage

REGION = "eu-central-1"
SENDER = "bookings@parlour.example"


def sent_messages() -> list:
    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


def email(**overrides) -> OutgoingMessage:
    values = {
        "notification_id": "a1.confirmation.1",
        "salon_id": "demo",
        "appointment_id": "a1",
        "kind": NotificationKind.confirmation,
        "channel": Channel.email,
        "to": "anna@example.com",
        "subject": "Termin bestätigt: Gel manicure, Di., 3. Juni, 14:30",
        "body": "Hallo Anna,\n\nIhr Termin bei Studio Bella ist bestätigt.\n",
        "sender_name": "Studio Bella",
        "created_at": datetime(2025, 6, 2, 10, 0, tzinfo=UTC),
    }
    return OutgoingMessage(**{**values, **overrides})


@pytest.fixture
def verified_sender(aws):
    boto3.client("sesv2", region_name=REGION).create_email_identity(EmailIdentity=SENDER)


def test_email_is_sent_from_the_salon_name_at_our_address(verified_sender):
    # Given a verified sender identity
    ses = SesEmail(from_address=SENDER, region=REGION)
    # When a German confirmation is sent
    message_id = ses.send(email())
    # Then SES took exactly that message, from the salon's name at our address, to the client
    [sent] = sent_messages()
    assert sent.id == message_id
    assert sent.source == f"Studio Bella <{SENDER}>"
    assert sent.destinations["ToAddresses"] == ["anna@example.com"]
    assert sent.subject == "Termin bestätigt: Gel manicure, Di., 3. Juni, 14:30"
    # (moto trims the body's final newline when it stores it)
    assert sent.body.rstrip() == "Hallo Anna,\n\nIhr Termin bei Studio Bella ist bestätigt."


def test_non_ascii_salon_name_is_encoded_for_the_header(verified_sender):
    # Given a salon whose name is not ASCII
    SesEmail(from_address=SENDER, region=REGION).send(email(sender_name="Salon Róża"))
    # Then the From name is RFC 2047 encoded (SES refuses raw UTF-8 in addresses) and the address is ours
    [sent] = sent_messages()
    assert sent.source.startswith("=?utf-8?")
    assert sent.source.endswith(f"<{SENDER}>")


def test_unverified_sender_is_refused_for_good(aws):
    # Given no verified identity for the sender
    ses = SesEmail(from_address="nobody@unverified.example", region=REGION)
    # Then SES's MessageRejected is a permanent refusal and nothing is sent
    with pytest.raises(SendRejected) as refused:
        ses.send(email())
    assert refused.value.code == "MessageRejected"
    assert sent_messages() == []


def test_ses_cannot_tell_what_it_sent():
    # Given the SES adapter
    ses = SesEmail(from_address=SENDER, region=REGION, ses_client=object())
    # Then it says it cannot reconcile, and refuses to pretend otherwise
    assert ses.can_reconcile is False
    with pytest.raises(NotImplementedError):
        ses.find_sent(email(), since=datetime.now(UTC))
