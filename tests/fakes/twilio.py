"""A local stand-in for Twilio's Messages API on 127.0.0.1, for tests and the local stack.

Implements what Parlour uses, in Twilio's wire format (form-encoded requests, JSON answers, HTTP basic
auth with the account sid and auth token):
- POST /2010-04-01/Accounts/{sid}/Messages.json   create a message (To, From, Body, StatusCallback)
- GET  /2010-04-01/Accounts/{sid}/Messages.json   list messages, newest first, filtered by To and From
Failures can be staged: the next create answers an HTTP error, or is accepted and then the connection is
dropped before any answer (what a crash or a network cut after Twilio accepted looks like to the sender).

    with FakeTwilio(account_sid, auth_token) as twilio:
        TwilioSms(..., api_base_url=twilio.base_url)
"""

import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

E164 = "+"


@dataclass
class SentMessage:
    sid: str
    account_sid: str
    to: str
    from_: str
    body: str
    status_callback: str | None
    date_created: datetime

    def resource(self) -> dict[str, Any]:
        created = format_datetime(self.date_created, usegmt=True)
        return {
            "sid": self.sid,
            "account_sid": self.account_sid,
            "to": self.to,
            "from": self.from_,
            "body": self.body,
            "status": "queued",
            "direction": "outbound-api",
            "num_segments": "1",
            "num_media": "0",
            "date_created": created,
            "date_updated": created,
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "price_unit": "USD",
            "api_version": "2010-04-01",
            "messaging_service_sid": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{self.sid}.json",
            "subresource_uris": {},
        }


@dataclass
class _Staged:
    # Answers for the next creates, in order: an HTTP status, or "drop" (accept, then close without answer).
    create_failures: list[tuple[int, int] | str] = field(default_factory=list)


class FakeTwilio:
    def __init__(self, account_sid: str = "AC" + "0" * 32, auth_token: str = "fake-auth-token"):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: list[SentMessage] = []
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, answered or not
        self._staged = _Staged()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeTwilio":
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-twilio", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeTwilio":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def fail_next_create(self, status: int, code: int | None = None) -> None:
        """The next create answers this HTTP status and Twilio error code; nothing is recorded."""
        with self._lock:
            self._staged.create_failures.append((status, code or (20429 if status == 429 else 20500)))

    def drop_after_accepting_next_create(self) -> None:
        """The next create is recorded as sent, then the connection closes before any answer."""
        with self._lock:
            self._staged.create_failures.append("drop")

    def sent_to(self, number: str) -> list[SentMessage]:
        with self._lock:
            return [message for message in self.messages if message.to == number]

    # --- the HTTP side ---

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                fake._serve(self, "POST")

            def do_GET(self) -> None:
                fake._serve(self, "GET")

        return Handler

    def _answer(self, handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _error(self, handler: BaseHTTPRequestHandler, status: int, code: int, message: str) -> None:
        self._answer(
            handler,
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
        )

    def _authorized(self, handler: BaseHTTPRequestHandler) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return handler.headers.get("Authorization", "") == f"Basic {expected}"

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        form = parse_qs(handler.rfile.read(length).decode()) if length else {}
        with self._lock:
            self.requests.append((method, url.path))
        messages_path = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        if not self._authorized(handler):
            self._error(handler, HTTPStatus.UNAUTHORIZED, 20003, "Authenticate")
            return
        if url.path != messages_path:
            self._error(handler, HTTPStatus.NOT_FOUND, 20404, "The requested resource was not found")
            return
        if method == "POST":
            self._create(handler, {key: values[0] for key, values in form.items()})
        else:
            self._list(handler, {key: values[0] for key, values in parse_qs(url.query).items()})

    def _create(self, handler: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        to, from_, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        with self._lock:
            staged = self._staged.create_failures.pop(0) if self._staged.create_failures else None
        if isinstance(staged, tuple):
            self._error(handler, staged[0], staged[1], "Staged failure")
            return
        if not (to.startswith(E164) and to[1:].isdigit() and 7 <= len(to) - 1 <= 15):
            self._error(
                handler, HTTPStatus.BAD_REQUEST, 21211, f"The 'To' number {to} is not a valid phone number."
            )
            return
        if not from_ or not body:
            self._error(handler, HTTPStatus.BAD_REQUEST, 21602, "Message body and From are required.")
            return
        message = SentMessage(
            sid="SM" + secrets.token_hex(16),
            account_sid=self.account_sid,
            to=to,
            from_=from_,
            body=body,
            status_callback=form.get("StatusCallback"),
            date_created=datetime.now(UTC),
        )
        with self._lock:
            self.messages.append(message)
        if staged == "drop":
            handler.close_connection = True
            handler.connection.close()  # accepted, but the sender never hears back
            return
        self._answer(handler, HTTPStatus.CREATED, message.resource())

    def _list(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        page_size = int(query.get("PageSize", "50"))
        with self._lock:
            found = [
                message
                for message in reversed(self.messages)  # newest first, as Twilio lists
                if ("To" not in query or message.to == query["To"])
                and ("From" not in query or message.from_ == query["From"])
            ]
        page = found[:page_size]
        self._answer(
            handler,
            HTTPStatus.OK,
            {
                "messages": [message.resource() for message in page],
                "page": 0,
                "page_size": page_size,
                "first_page_uri": handler.path,
                "next_page_uri": None,
                "previous_page_uri": None,
                "start": 0,
                "end": max(len(page) - 1, 0),
                "uri": handler.path,
            },
        )
