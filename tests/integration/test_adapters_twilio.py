"""The Twilio SMS adapter, through the real twilio SDK, against a local fake of Twilio's Messages API."""

from datetime import UTC, datetime, timedelta

import pytest

from parlour.adapters.twilio_sms import TwilioSms
from parlour.notifications.delivery import SendRejected, SendUnavailable
from parlour.notifications.models import Channel, NotificationKind, OutgoingMessage
from tests.fakes.twilio import FakeTwilio

FROM = "+15005550006"


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as twilio:
        yield twilio


def sms_adapter(twilio: FakeTwilio, **options) -> TwilioSms:
    return TwilioSms(
        account_sid=twilio.account_sid,
        auth_token=twilio.auth_token,
        from_number=FROM,
        api_base_url=twilio.base_url,
        **options,
    )


def outgoing(body: str = "Studio Bella: przypominamy o wizycie: Manicure, wt., 3 cze, 14:30.", **overrides):
    values = {
        "notification_id": "a1.reminder.2025-06-02T12:30:00+00:00",
        "salon_id": "demo",
        "appointment_id": "a1",
        "kind": NotificationKind.reminder,
        "channel": Channel.sms,
        "to": "+48600100200",
        "body": body,
        "created_at": datetime(2025, 6, 2, 10, 0, tzinfo=UTC),
    }
    return OutgoingMessage(**{**values, **overrides})


def test_send_reaches_twilio_with_our_number_body_and_callback(fake_twilio):
    # Given the adapter pointed at the fake, with a status callback for delivery reports
    sms = sms_adapter(fake_twilio, status_callback_url="https://api.example.com/webhooks/twilio/status?v=1")
    # When a Polish SMS is sent
    sid = sms.send(outgoing())
    # Then Twilio received exactly that message, authenticated, and we got its sid
    [received] = fake_twilio.messages
    assert sid == received.sid and sid.startswith("SM")
    assert received.to == "+48600100200"
    assert received.from_ == FROM
    assert received.body == "Studio Bella: przypominamy o wizycie: Manicure, wt., 3 cze, 14:30."
    # And the delivery report will name the notification it belongs to
    assert received.status_callback == (
        "https://api.example.com/webhooks/twilio/status?v=1&notification_id=a1.reminder.2025-06-02T12:30:00+00:00"
    )


def test_invalid_number_is_refused_for_good(fake_twilio):
    # Given a number Twilio rejects
    # When it is sent
    # Then the adapter reports a permanent refusal with Twilio's error code, and nothing was sent
    with pytest.raises(SendRejected) as refused:
        sms_adapter(fake_twilio).send(outgoing(to="+48123"))
    assert refused.value.code == "21211"
    assert fake_twilio.messages == []


def test_wrong_credentials_are_refused(fake_twilio):
    # Given a wrong auth token
    sms = TwilioSms(
        account_sid=fake_twilio.account_sid,
        auth_token="wrong",
        from_number=FROM,
        api_base_url=fake_twilio.base_url,
    )
    # Then Twilio's 401 is a refusal, not a retry
    with pytest.raises(SendRejected, match="20003"):
        sms.send(outgoing())


@pytest.mark.parametrize("status", [429, 503])
def test_throttled_or_down_is_safe_to_retry(fake_twilio, status):
    # Given Twilio answers 429 or 503 once
    fake_twilio.fail_next_create(status)
    sms = sms_adapter(fake_twilio)
    # When sent, the adapter says "not taken" (certainly not sent)
    with pytest.raises(SendUnavailable):
        sms.send(outgoing())
    assert fake_twilio.messages == []
    # Then the retry goes through
    sms.send(outgoing())
    assert len(fake_twilio.messages) == 1


def test_unreachable_twilio_is_safe_to_retry():
    # Given nothing listening on the port (the fake was stopped)
    twilio = FakeTwilio().start()
    base_url = twilio.base_url
    twilio.stop()
    sms = TwilioSms(
        account_sid=twilio.account_sid, auth_token=twilio.auth_token, from_number=FROM, api_base_url=base_url
    )
    # Then a refused connection means the message never left: SendUnavailable
    with pytest.raises(SendUnavailable, match="unreachable"):
        sms.send(outgoing())


def test_answer_lost_after_twilio_accepted_is_not_called_safe(fake_twilio):
    # Given Twilio accepts the message and the connection breaks before the answer
    fake_twilio.drop_after_accepting_next_create()
    # When sent
    # Then the adapter does not claim it is safe to retry (it is neither rejected nor unavailable)
    with pytest.raises(Exception) as error:
        sms_adapter(fake_twilio).send(outgoing())
    assert not isinstance(error.value, SendRejected | SendUnavailable)
    assert len(fake_twilio.messages) == 1


def test_find_sent_matches_recipient_and_exact_body_since_the_claim(fake_twilio):
    # Given two messages to the same client and one to someone else
    sms = sms_adapter(fake_twilio)
    claimed_at = datetime.now(UTC)
    reminder_sid = sms.send(outgoing())
    sms.send(outgoing(body="Studio Bella: dziękujemy za wizytę!"))
    sms.send(outgoing(to="+48600999888"))
    # When the log is searched for the reminder
    found = sms.find_sent(outgoing(), since=claimed_at)
    # Then exactly that message is found
    assert found == reminder_sid
    # And a message never sent, or sent long before the claim, is not
    assert sms.find_sent(outgoing(body="other text"), since=claimed_at) is None
    assert sms.find_sent(outgoing(), since=claimed_at + timedelta(hours=1)) is None
