"""moto's server in a thread of this process, with every request serialized.

moto's server does not apply a conditional write atomically when requests arrive on several threads
(two winners of one `attribute_not_exists` race were measured). Real DynamoDB applies each request
atomically, so one lock covers the whole request: reading the body, moto's work and producing the
response. Only Lambda invocations skip the lock: they run our own handlers in-process, and a handler
calls moto again (it would wait forever on the lock its own request holds).
"""

import copy
import io
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote

import boto3
import moto.dynamodb.models as moto_dynamodb
import requests
from botocore.config import Config
from moto.core.config import default_user_config
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.test import EnvironBuilder

from infra.local.journal import Journal, deleted_message_ids, entry_for, is_mutating, request_headers

log = logging.getLogger("infra.local.moto")

# POST /2015-03-31/functions/{name or arn}/invocations: Lambda's Invoke (Step Functions Lambda tasks use it).
_LAMBDA_INVOKE = re.compile(r"^/2015-03-31/functions/(?P<function>[^/]+)/invocations$")
# A synchronous Express execution runs its states inside the request, calling moto back over HTTP.
_SYNC_EXECUTION_TARGET = "AWSStepFunctions.StartSyncExecution"

StartResponse = Callable[..., Any]
# (function name or ARN, payload, invocation type) -> (status, headers, body)
LambdaInvoker = Callable[[str, bytes, str], tuple[int, dict[str, str], bytes]]


class SerializedMotoApp:
    """WSGI app: moto's dispatcher behind one lock, so each request is applied atomically."""

    def __init__(self, lambda_invoker: LambdaInvoker | None = None):
        self._moto = DomainDispatcherApplication(create_backend_app)
        self._lock = threading.Lock()
        self.lambda_invoker = lambda_invoker
        self.journal: Journal | None = None  # set (under the lock) once the recovered state is snapshotted

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        invocation = _LAMBDA_INVOKE.match(environ.get("PATH_INFO", ""))
        if invocation and self.lambda_invoker and environ.get("REQUEST_METHOD") == "POST":
            return self._invoke_lambda(unquote(invocation["function"]), environ, start_response)
        if environ.get("HTTP_X_AMZ_TARGET") == _SYNC_EXECUTION_TARGET:
            return self._moto(environ, start_response)
        with self._lock:
            body = _read_body(environ)
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            journaled = self.journal is not None and is_mutating(target)
            request = json.loads(body or b"{}") if journaled else {}
            before = deleted_message_ids(target, request) if journaled and "DeleteMessage" in target else None
            status, headers, answer, exc_info = self._call(environ, body)
            if journaled and status.startswith("2") and self.journal is not None:
                # Written (and fsynced) before the answer leaves: an acknowledged change survives kill -9.
                answered = json.loads(answer or b"{}") if not target.startswith("DynamoDB") else {}
                self.journal.append(entry_for(target, request, answered, before))
        start_response(status, headers, exc_info)
        return [answer]

    def _call(self, environ: dict[str, Any], body: bytes) -> tuple[str, list[tuple[str, str]], bytes, Any]:
        """moto's answer to one request (the caller holds the lock)."""
        environ["wsgi.input"] = io.BytesIO(body)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda _data: None

        result = self._moto(environ, capture)
        try:
            answer = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return captured["status"], captured["headers"], answer, captured["exc_info"]

    def call_locked(self, target: str, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """One JSON-protocol request to moto in this thread, for a caller that holds `exclusive()`
        (snapshots and the replay of the journal); nothing is journaled. (status, answer)."""
        body = json.dumps(request).encode()
        environ = EnvironBuilder(
            path="/", method="POST", headers=request_headers(target), data=body
        ).get_environ()
        status, _headers, answer, _exc_info = self._call(environ, body)
        return int(status.split()[0]), json.loads(answer or b"{}")

    def exclusive(self) -> threading.Lock:
        """Hold it to act on moto's backends directly while no request runs (`with app.exclusive():`)."""
        return self._lock

    def _invoke_lambda(
        self, function: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        assert self.lambda_invoker is not None
        invocation_type = environ.get("HTTP_X_AMZ_INVOCATION_TYPE", "RequestResponse")
        status, headers, body = self.lambda_invoker(function, _read_body(environ), invocation_type)
        reason = {200: "OK", 202: "Accepted", 204: "No Content", 404: "Not Found"}.get(status, "Error")
        start_response(f"{status} {reason}", [*headers.items(), ("Content-Length", str(len(body)))])
        return [body]


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


class _RollbackCopies:
    """Stands in for the `copy` module inside moto's DynamoDB backend. A transaction deep-copies a table
    for its rollback once per item on that table, before changing anything, so the copies are equal:
    while a transaction runs, the first copy serves them all. A booking (4-5 items) copied the whole
    table 4-5 times; with requests serialized, one cache is enough."""

    def __init__(self) -> None:
        self.tables: dict[int, Table] | None = None  # live table's id -> its copy, during a transaction

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        if self.tables is None or not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        if id(value) not in self.tables:
            self.tables[id(value)] = copy.deepcopy(value, memo)
        return self.tables[id(value)]

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def copy_each_table_once_per_transaction() -> None:
    if isinstance(moto_dynamodb.copy, _RollbackCopies):
        return
    copies = _RollbackCopies()
    transact = DynamoDBBackend.transact_write_items

    def transact_write_items(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        copies.tables = {}
        try:
            return transact(backend, transact_items)
        finally:
            copies.tables = None

    moto_dynamodb.copy = copies  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


class MotoServer:
    """moto's server on 127.0.0.1 in a daemon thread, served by werkzeug's threaded server."""

    def __init__(self, port: int = 0, lambda_invoker: LambdaInvoker | None = None):
        copy_each_table_once_per_transaction()
        self.app = SerializedMotoApp(lambda_invoker)
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", port, self.app, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-server", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # moto's Step Functions integrations call the server back at localhost:$MOTO_PORT.
        os.environ["MOTO_PORT"] = str(self.port)
        self._thread.start()
        answer = requests.post(
            f"{self.url}/moto-api/config",
            json={"stepfunctions": {"execute_state_machine": True}},
            timeout=10,
        )
        answer.raise_for_status()
        # moto's GET config leaves Step Functions out; the server runs in this process, so look directly.
        if not default_user_config.get("stepfunctions", {}).get("execute_state_machine"):
            raise RuntimeError("moto did not switch Step Functions execution on")
        log.info("moto server on %s (Step Functions execution on)", self.url)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def client_factory(url: str, region: str) -> Callable[[str], Any]:
    """boto3 clients for the runner's own calls to moto (fake credentials, no retries hiding errors)."""
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=region
    )
    config = Config(retries={"max_attempts": 2, "mode": "standard"}, max_pool_connections=20)
    lock = threading.Lock()  # boto3 sessions are not thread-safe; the clients they make are

    def client(service: str) -> Any:
        with lock:
            return session.client(service, endpoint_url=url, config=config)

    return client
