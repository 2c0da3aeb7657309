"""Test helpers: real API Gateway HTTP API (payload 2.0) events and the real handlers, loaded by path.

    api = load_handler("admin_api")
    answer = invoke(api, http_event("GET", "/admin/salons/demo", claims=staff_claims("demo", "owner")))
    assert answer.status == 200 and answer.json()["id"] == "demo"

Routes come from template.yaml (the single source of wiring): routeKey and pathParameters are those of
the route API Gateway would choose for the path.
"""

import base64
import gzip
import importlib.util
import json
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from infra import template

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT_ID = "123456789012"
API_ID = "localapi01"
REGION = "eu-central-1"


@dataclass(frozen=True)
class _Route:
    method: str
    path: str
    pattern: re.Pattern[str]
    greedy: bool

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _compile(path: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(path))
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex)
    return re.compile(f"^{regex}$")


@cache
def _routes() -> tuple[_Route, ...]:
    routes = []
    for function in template.resources(template.load(), "AWS::Serverless::Function").values():
        for event in function.get("Events", {}).values():
            if event.get("Type") == "HttpApi":
                path, method = event["Properties"]["Path"], event["Properties"]["Method"].upper()
                routes.append(_Route(method.replace("*", "ANY"), path, _compile(path), "+}" in path))
    return tuple(routes)


def _match(method: str, path: str) -> tuple[_Route, dict[str, str]]:
    """As API Gateway chooses: an exact method beats ANY, a full path beats a greedy {proxy+}."""
    candidates = [
        (route, found.groupdict())
        for route in _routes()
        if route.method in (method, "ANY") and (found := route.pattern.match(path))
    ]
    if not candidates:
        raise LookupError(f"template.yaml has no HttpApi route for {method} {path}")
    return min(candidates, key=lambda c: (c[0].greedy, c[0].method == "ANY", -len(c[0].path)))


def staff_claims(
    salon_id: str, role: str, *, staff_id: str | None = None, sub: str | None = None
) -> dict[str, str]:
    """The claims of a Cognito ID token as the HTTP API JWT authorizer passes them on (all strings)."""
    now = int(datetime.now(UTC).timestamp())
    subject = sub or str(uuid.uuid5(uuid.NAMESPACE_URL, f"{salon_id}/{role}/{staff_id}"))
    claims = {
        "sub": subject,
        "email": f"{role}@{salon_id}.example.com",
        "cognito:username": subject,
        "token_use": "id",
        "aud": "local-client",
        "iss": f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_local",
        "iat": str(now),
        "auth_time": str(now),
        "exp": str(now + 3600),
        "custom:salon_id": salon_id,
        "custom:role": role,
    }
    if staff_id:
        claims["custom:staff_id"] = staff_id
    return claims


def http_event(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, str | list[str]] | None = None,
    headers: dict[str, str] | None = None,
    claims: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An HTTP API payload 2.0 event; a non-str body is sent as JSON; claims as from the JWT authorizer."""
    method = method.upper()
    route, path_parameters = _match(method, path)
    now = datetime.now(UTC)
    all_headers = {"host": f"{API_ID}.execute-api.{REGION}.amazonaws.com", "user-agent": "pytest"}
    if body is not None and not isinstance(body, str | bytes):
        body = json.dumps(body)
        all_headers["content-type"] = "application/json"
    all_headers.update({name.lower(): value for name, value in (headers or {}).items()})
    query = query or {}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": path,
        "rawQueryString": urlencode(query, doseq=True),
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": all_headers["host"],
            "domainPrefix": API_ID,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": all_headers["user-agent"],
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": route.key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if query:
        # API Gateway joins repeated parameters with commas.
        event["queryStringParameters"] = {
            name: ",".join(value) if isinstance(value, list) else value for name, value in query.items()
        }
    if path_parameters:
        event["pathParameters"] = path_parameters
    if claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    if isinstance(body, bytes):
        event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
    elif body is not None:
        event["body"] = body
    return event


@dataclass
class LambdaContext:
    """What Lambda passes as context (Powertools' logger reads these attributes)."""

    function_name: str = "parlour-test-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/parlour-test-function"
    log_stream_name: str = "2026/01/01/[$LATEST]0123456789abcdef"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


def lambda_context(function_name: str = "parlour-test-function") -> LambdaContext:
    return LambdaContext(function_name=function_name, log_group_name=f"/aws/lambda/{function_name}")


@cache
def load_handler(function_name: str) -> ModuleType:
    """functions/<name>/app.py as Lambda loads it: its folder on sys.path, so sibling modules import."""
    folder = ROOT / "functions" / function_name
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(f"functions_{function_name}_app", folder / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def route_module(function_name: str, module_name: str) -> ModuleType:
    """A function's routes module as its handler imported it: set its `_now` clock with monkeypatch."""
    load_handler(function_name)
    return sys.modules[module_name]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def invoke(handler_module: ModuleType, event: dict[str, Any]) -> Answer:
    """Call the module's lambda_handler with a fresh context and read its HTTP answer."""
    result = handler_module.lambda_handler(event, lambda_context(handler_module.__name__))
    body = result.get("body") or ""
    headers = result.get("headers") or {}
    if result.get("isBase64Encoded"):
        raw = base64.b64decode(body)
        # An HTTP client undoes the content encoding it asked for.
        if {k.lower(): v for k, v in headers.items()}.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        body = raw.decode()
    return Answer(status=result["statusCode"], headers=headers, body=body)


@dataclass(frozen=True)
class ApiClient:
    """Calls one function's handler with HTTP API events, optionally as a signed-in staff member.

    admin = ApiClient("admin_api", claims=staff_claims("demo", "owner"))
    admin.post("/admin/salons/demo/locations", body={...}).status == 201
    """

    function_name: str
    claims: dict[str, str] | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        event = http_event(method, path, claims=self.claims, **kwargs)
        return invoke(load_handler(self.function_name), event)

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Answer:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Answer:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Answer:
        return self.request("DELETE", path, **kwargs)
