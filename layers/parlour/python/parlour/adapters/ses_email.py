"""Email through Amazon SES (API v2, plain text).

Talks to SES through boto3 directly: SES is a provider like Twilio, not our data, so it sits with the other
providers in adapters/ rather than in store/. SES keeps no searchable log of sent mail, so an interrupted
send cannot be checked afterwards (can_reconcile is False; see parlour.notifications.delivery).
"""

from datetime import datetime
from email.utils import formataddr
from typing import Any

import boto3
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError

from parlour.notifications.delivery import SendRejected, SendUnavailable
from parlour.notifications.models import OutgoingMessage

# SES refused this message for good: retrying cannot help.
_REFUSED = frozenset(
    {
        "MessageRejected",
        "MailFromDomainNotVerifiedException",
        "AccountSuspendedException",
        "BadRequestException",
    }
)
# SES did not take the message now: a later try may succeed.
_NOT_TAKEN = frozenset(
    {"TooManyRequestsException", "Throttling", "ThrottlingException", "SendingPausedException"}
)


class SesEmail:
    provider = "ses"
    can_reconcile = False

    def __init__(
        self,
        *,
        from_address: str,
        region: str,
        configuration_set: str | None = None,
        ses_client: Any | None = None,
    ):
        self.from_address = from_address
        self.configuration_set = configuration_set
        self.client = ses_client or boto3.client("sesv2", region_name=region)

    def _from(self, message: OutgoingMessage) -> str:
        # formataddr encodes a non-ASCII display name (RFC 2047), which SES requires.
        return (
            formataddr((message.sender_name, self.from_address), charset="utf-8")
            if message.sender_name
            else self.from_address
        )

    def send(self, message: OutgoingMessage) -> str:
        request: dict[str, Any] = {
            "FromEmailAddress": self._from(message),
            "Destination": {"ToAddresses": [message.to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": message.subject or "", "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                }
            },
            "EmailTags": [
                {"Name": "notification_kind", "Value": message.kind.value},
                {"Name": "salon", "Value": message.salon_id},
            ],
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        try:
            answer = self.client.send_email(**request)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in _REFUSED:
                raise SendRejected(
                    f"ses {code}: {error.response['Error'].get('Message', '')}", code=code
                ) from error
            if code in _NOT_TAKEN:
                raise SendUnavailable(f"ses {code}") from error
            raise
        except (EndpointConnectionError, ConnectTimeoutError) as error:
            raise SendUnavailable(f"ses unreachable: {error}") from error
        return str(answer["MessageId"])

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        raise NotImplementedError("SES keeps no searchable log of sent messages")
