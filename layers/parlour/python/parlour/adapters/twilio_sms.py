"""SMS through Twilio's SDK. The only module that imports twilio (about 100 ms of cold start).

`api_base_url` points the SDK at another host (a local fake in tests and on the local stack): a custom
HTTP client rewrites Twilio's origin, the hook the SDK offers (Client(http_client=...)); everything else,
auth, form encoding, paging and error parsing, stays the SDK's own.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from parlour.notifications.delivery import SendRejected, SendUnavailable
from parlour.notifications.models import OutgoingMessage

TWILIO_ORIGIN = "https://api.twilio.com"
# Our clock and Twilio's differ a little: look this much before the claim when searching Twilio's log.
CLOCK_SKEW = timedelta(minutes=5)
# How far back the search pages through the recipient's messages before giving up.
_SEARCH_LIMIT = 200
# HTTP statuses with which Twilio certainly did not create the message (throttled, down for maintenance).
_NOT_TAKEN = frozenset({429, 503})


class _RedirectingHttpClient(TwilioHttpClient):
    """Sends every request for api.twilio.com to `base_url` instead."""

    def __init__(self, base_url: str, timeout: float):
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")
        if self.session is not None:
            # A local endpoint must not be sent through a proxy taken from the environment.
            self.session.trust_env = False

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_ORIGIN):
            url = self.base_url + url[len(TWILIO_ORIGIN) :]
        return super().request(method, url, *args, **kwargs)


def _certainly_not_sent(error: requests.RequestException) -> bool:
    """A failure to connect means the request never reached Twilio; a broken response means it may have."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    # requests wraps urllib3's MaxRetryError, whose reason says why: no TCP connection was ever made.
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(error, requests.ConnectionError) and isinstance(reason, NewConnectionError)


class TwilioSms:
    provider = "twilio"
    can_reconcile = True  # Twilio's message log can be searched by recipient and sender

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_base_url: str | None = None,
        status_callback_url: str | None = None,
        timeout_seconds: float = 10.0,
    ):
        self.from_number = from_number
        self.status_callback_url = status_callback_url
        http_client = (
            _RedirectingHttpClient(api_base_url, timeout_seconds)
            if api_base_url
            else TwilioHttpClient(timeout=timeout_seconds)
        )
        self.client = Client(account_sid, auth_token, http_client=http_client)

    def _callback(self, message: OutgoingMessage) -> str | None:
        """Delivery reports come back to the SMS webhook tagged with the notification they belong to."""
        if not self.status_callback_url:
            return None
        parts = urlsplit(self.status_callback_url)
        query = "&".join(q for q in (parts.query, f"notification_id={message.notification_id}") if q)
        return urlunsplit(parts._replace(query=query))

    def send(self, message: OutgoingMessage) -> str:
        options: dict[str, Any] = {"to": message.to, "from_": self.from_number, "body": message.body}
        callback = self._callback(message)
        if callback:
            options["status_callback"] = callback
        try:
            created = self.client.messages.create(**options)
        except TwilioRestException as error:
            if error.status in _NOT_TAKEN:
                raise SendUnavailable(f"twilio answered {error.status}") from error
            if 400 <= error.status < 500:
                raise SendRejected(f"twilio {error.code}: {error.msg}", code=str(error.code)) from error
            raise  # a 5xx other than 503: Twilio may have created the message
        except requests.RequestException as error:
            if _certainly_not_sent(error):
                raise SendUnavailable(f"twilio unreachable: {error}") from error
            raise
        return str(created.sid)

    def find_sent(self, message: OutgoingMessage, since: datetime) -> str | None:
        """The sid of a message with this exact body to this number from our number, created since `since`.

        Twilio lists newest first; paging stops at the first message older than `since` (less clock skew).
        """
        oldest = since.astimezone(UTC) - CLOCK_SKEW
        for sent in self.client.messages.stream(to=message.to, from_=self.from_number, limit=_SEARCH_LIMIT):
            created = sent.date_created
            if created is not None and created.astimezone(UTC) < oldest:
                break
            if sent.body == message.body:
                return str(sent.sid)
        return None
