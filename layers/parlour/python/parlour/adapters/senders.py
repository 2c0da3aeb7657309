"""Which provider sends each channel: Twilio and SES when configured, else the local outbox."""

from dataclasses import dataclass

from parlour.adapters.outbox import OutboxSender
from parlour.notifications.delivery import Sender
from parlour.notifications.models import Channel


@dataclass(frozen=True)
class TwilioConfig:
    account_sid: str
    auth_token: str
    from_number: str
    api_base_url: str | None = None  # a local fake Twilio; None for the real one
    status_callback_url: str | None = None


@dataclass(frozen=True)
class SesConfig:
    from_address: str
    region: str
    configuration_set: str | None = None


def build_senders(twilio: TwilioConfig | None, ses: SesConfig | None) -> dict[Channel, Sender]:
    """A channel without credentials writes to the outbox instead of sending."""
    senders: dict[Channel, Sender] = {}
    outbox = OutboxSender()
    if twilio and twilio.account_sid and twilio.auth_token and twilio.from_number:
        from parlour.adapters.twilio_sms import TwilioSms  # twilio's import cost only where SMS is sent

        senders[Channel.sms] = TwilioSms(
            account_sid=twilio.account_sid,
            auth_token=twilio.auth_token,
            from_number=twilio.from_number,
            api_base_url=twilio.api_base_url,
            status_callback_url=twilio.status_callback_url,
        )
    else:
        senders[Channel.sms] = outbox
    if ses and ses.from_address:
        from parlour.adapters.ses_email import SesEmail

        senders[Channel.email] = SesEmail(
            from_address=ses.from_address, region=ses.region, configuration_set=ses.configuration_set
        )
    else:
        senders[Channel.email] = outbox
    return senders
