"""The local outbox in the single table: the item shape the admin API lists, written once per notification."""

from datetime import UTC, datetime, timedelta

from parlour.adapters.outbox import DynamoOutbox, OutboxSender
from parlour.adapters.senders import SesConfig, TwilioConfig, build_senders
from parlour.notifications.models import Channel, NotificationKind, OutgoingMessage
from parlour.store.table import table

CREATED = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)


def outgoing(
    notification_id: str = "a1.reminder.1", created_at: datetime = CREATED, **overrides
) -> OutgoingMessage:
    values = {
        "notification_id": notification_id,
        "salon_id": "demo",
        "appointment_id": "a1",
        "kind": NotificationKind.reminder,
        "channel": Channel.sms,
        "to": "+48600100200",
        "body": "Studio Bella: przypominamy o wizycie.",
        "created_at": created_at,
    }
    return OutgoingMessage(**{**values, **overrides})


def test_entry_is_stored_under_the_salons_outbox_key(aws):
    # Given an SMS kept locally
    # When it is added to the outbox
    assert DynamoOutbox().add(outgoing(), status="outbox") is True
    # Then it sits at SALON#<id>#OUTBOX / <created_at>#<notification id>: what, to whom, when, status
    item = table().get_item(Key={"pk": "SALON#demo#OUTBOX", "sk": "2025-06-02T10:00:00+00:00#a1.reminder.1"})[
        "Item"
    ]
    assert item["to"] == "+48600100200"
    assert item["channel"] == "sms"
    assert item["kind"] == "reminder"
    assert item["body"] == "Studio Bella: przypominamy o wizycie."
    assert item["status"] == "outbox"
    assert item["created_at"] == "2025-06-02T10:00:00+00:00"
    assert item["ttl"] > int(datetime.now(UTC).timestamp())


def test_adding_the_same_notification_twice_keeps_one_entry(aws):
    # Given an entry already in the outbox
    outbox = DynamoOutbox()
    outbox.add(outgoing(), status="outbox")
    # When a retry adds it again
    # Then nothing new is written
    assert outbox.add(outgoing(), status="outbox") is False
    assert len(outbox.list("demo")) == 1


def test_list_is_newest_first_and_per_salon(aws):
    # Given three messages of one salon and one of another
    outbox = DynamoOutbox()
    for hours in (0, 2, 1):
        outbox.add(outgoing(f"n{hours}", CREATED + timedelta(hours=hours)), status="outbox")
    outbox.add(outgoing("other", salon_id="other-salon"), status="outbox")
    # When the salon's outbox is listed
    entries = outbox.list("demo")
    # Then only its own entries come back, newest first
    assert [entry.notification_id for entry in entries] == ["n2", "n1", "n0"]
    assert outbox.list("demo", limit=1)[0].notification_id == "n2"


def test_outbox_sender_writes_and_finds_its_own_entries(aws):
    # Given the outbox standing in for a provider
    sender = OutboxSender()
    message = outgoing(channel=Channel.email, to="anna@example.com", subject="Przypomnienie")
    # When a message is "sent" and looked up
    message_id = sender.send(message)
    # Then it is in the outbox with its subject, and can be found again by the same id
    [entry] = DynamoOutbox().list("demo")
    assert entry.subject == "Przypomnienie" and entry.channel is Channel.email
    assert sender.find_sent(message, since=CREATED) == message_id
    assert sender.find_sent(outgoing("never-sent"), since=CREATED) is None


def test_without_credentials_both_channels_write_to_the_outbox(aws):
    # Given no Twilio account and no SES sender, or Twilio settings with empty credentials
    for senders in (
        build_senders(None, None),
        build_senders(
            TwilioConfig(account_sid="", auth_token="", from_number=""),
            SesConfig(from_address="", region="x"),
        ),
    ):
        # Then SMS and email both go to the outbox
        assert senders[Channel.sms].provider == "outbox"
        assert senders[Channel.email].provider == "outbox"


def test_with_credentials_the_real_providers_are_used(aws):
    # Given Twilio credentials and an SES sender
    senders = build_senders(
        TwilioConfig(account_sid="AC" + "1" * 32, auth_token="token", from_number="+15005550006"),
        SesConfig(from_address="bookings@parlour.example", region="eu-central-1"),
    )
    # Then SMS goes through Twilio and email through SES
    assert senders[Channel.sms].provider == "twilio"
    assert senders[Channel.email].provider == "ses"
