"""The local API Gateway: HTTP API routes from the templates, payload format 2.0, JWT authorizer, CORS.

Every `Type: HttpApi` event of every function becomes a route. A request picks its route as API Gateway
does (exact paths before path variables, greedy {proxy+} last, a named method before ANY), is checked
by the route's authorizer, and reaches the real handler as the exact v2.0 event. Requests no route
takes are served from web/ (static files), after the runner's own /_local/ routes.
"""

import base64
import binascii
import fnmatch
import json
import logging
import mimetypes
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from infra.local import auth
from infra.local.lambdas import Functions, HandlerError, LocalFunction
from infra.local.resources import ACCOUNT_ID, HttpApiSpec, TemplateError, World

log = logging.getLogger("infra.local.gateway")

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
_TEXT_TYPES = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "csv")


@dataclass(frozen=True)
class Cors:
    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    expose_headers: tuple[str, ...]
    max_age: int | None
    allow_credentials: bool

    @classmethod
    def from_properties(cls, configuration: Any) -> "Cors | None":
        if not configuration:
            return None
        if configuration is True:
            configuration = {"AllowOrigins": ["*"], "AllowMethods": ["*"], "AllowHeaders": ["*"]}

        def listed(key: str) -> tuple[str, ...]:
            return tuple(str(item) for item in configuration.get(key, []))

        max_age = configuration.get("MaxAge")
        return cls(
            allow_origins=listed("AllowOrigins"),
            allow_methods=listed("AllowMethods"),
            allow_headers=listed("AllowHeaders"),
            expose_headers=listed("ExposeHeaders"),
            max_age=int(max_age) if max_age is not None else None,
            allow_credentials=configuration.get("AllowCredentials") in (True, "true"),
        )

    def allowed_origin(self, origin: str | None) -> str | None:
        if not origin:
            return None
        for pattern in self.allow_origins:
            if pattern == "*":
                return origin if self.allow_credentials else "*"
            if fnmatch.fnmatchcase(origin, pattern):
                return origin
        return None

    def response_headers(self, origin: str | None) -> dict[str, str]:
        allowed = self.allowed_origin(origin)
        if allowed is None:
            return {}
        headers = {"access-control-allow-origin": allowed}
        if self.expose_headers:
            headers["access-control-expose-headers"] = ",".join(self.expose_headers)
        if self.allow_credentials:
            headers["access-control-allow-credentials"] = "true"
        return headers

    def preflight_headers(self, origin: str | None) -> dict[str, str]:
        headers = self.response_headers(origin)
        if not headers:
            return {}
        headers.pop("access-control-expose-headers", None)
        headers["access-control-allow-methods"] = ",".join(self.allow_methods)
        if self.allow_headers:
            headers["access-control-allow-headers"] = ",".join(self.allow_headers)
        if self.max_age is not None:
            headers["access-control-max-age"] = str(self.max_age)
        return headers


@dataclass(frozen=True)
class Route:
    api_id: str
    method: str  # ANY or an HTTP method
    path: str  # "/admin/{proxy+}" or "$default"
    function: LocalFunction
    authorizer: auth.JwtAuthorizer | None
    scopes: tuple[str, ...]
    cors: Cors | None

    @property
    def route_key(self) -> str:
        return "$default" if self.path == "$default" else f"{self.method} {self.path}"

    @property
    def segments(self) -> list[str]:
        return self.path.split("/")[1:]

    def specificity(self) -> tuple:
        """Sorts routes as API Gateway prefers them: literal < {var} < {greedy+}; a named method < ANY."""
        if self.path == "$default":
            return ((3,), 1)
        ranks = tuple(2 if s.endswith("+}") else 1 if s.startswith("{") else 0 for s in self.segments)
        return (ranks, 1 if self.method == "ANY" else 0)

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """Path parameters if this route takes the request, else None."""
        if self.method not in ("ANY", method):
            return None
        if self.path == "$default":
            return {}
        wanted, given = self.segments, path.split("/")[1:]
        parameters: dict[str, str] = {}
        for index, segment in enumerate(wanted):
            if segment.startswith("{") and segment.endswith("+}"):
                rest = "/".join(given[index:])
                if not rest:
                    return None
                parameters[segment[1:-2]] = rest
                return parameters
            if index >= len(given):
                return None
            if segment.startswith("{") and segment.endswith("}"):
                if not given[index]:
                    return None
                parameters[segment[1:-1]] = given[index]
            elif segment != given[index]:
                return None
        return parameters if len(given) == len(wanted) else None


def build_routes(world: World, functions: Functions) -> list[Route]:
    apis: dict[str, HttpApiSpec] = {api.api_id: api for api in world.http_apis()}
    routes: list[Route] = []
    for spec in world.functions():
        for event_name, event in spec.events.items():
            if event["Type"] != "HttpApi":
                continue
            properties = event["Properties"]
            api_id = properties.get("ApiId") or next(
                api.api_id
                for api in apis.values()
                if api.stack == spec.stack and api.logical_id == "ServerlessHttpApi"
            )
            api = apis[api_id]
            if str(properties.get("PayloadFormatVersion", "2.0")) != "2.0":
                raise TemplateError(f"{spec.logical_id}.{event_name}: only payload format 2.0 is emulated")
            authorizer, scopes = _route_authorizer(api, properties.get("Auth", {}))
            routes.append(
                Route(
                    api_id=api_id,
                    method=str(properties.get("Method", "ANY")).upper(),
                    path=str(properties.get("Path", "$default")),
                    function=functions.by_logical_id[(spec.stack, spec.logical_id)],
                    authorizer=authorizer,
                    scopes=scopes,
                    cors=Cors.from_properties(api.properties.get("CorsConfiguration")),
                )
            )
    seen: dict[str, Route] = {}
    for route in routes:
        if route.route_key in seen and seen[route.route_key].api_id != route.api_id:
            raise TemplateError(f"two APIs both route {route.route_key}; they share one local port")
        seen[route.route_key] = route
    return sorted(routes, key=Route.specificity)


def _route_authorizer(
    api: HttpApiSpec, event_auth: dict[str, Any]
) -> tuple[auth.JwtAuthorizer | None, tuple]:
    api_auth = api.properties.get("Auth", {})
    name = event_auth.get("Authorizer", api_auth.get("DefaultAuthorizer"))
    if not name or name == "NONE":
        return None, ()
    if name == "AWS_IAM":
        raise TemplateError(f"API {api.logical_id}: AWS_IAM authorization is not emulated")
    properties = api_auth.get("Authorizers", {}).get(name)
    if properties is None or "JwtConfiguration" not in properties:
        raise TemplateError(f"API {api.logical_id}: authorizer {name} is not a JWT authorizer")
    scopes = event_auth.get("AuthorizationScopes", api_auth.get("DefaultAuthorizationScopes", []))
    return auth.authorizer_from_properties(name, properties), tuple(scopes)


def default_authorizer(world: World) -> auth.JwtAuthorizer:
    """The JWT authorizer of the first API that has one (the admin API's): tokens are issued for it."""
    for api in world.http_apis():
        api_auth = api.properties.get("Auth", {})
        for name, properties in api_auth.get("Authorizers", {}).items():
            if "JwtConfiguration" in properties:
                return auth.authorizer_from_properties(name, properties)
    raise TemplateError("no HTTP API declares a JWT authorizer")


# ----- the v2.0 event ------------------------------------------------------------------------------
@dataclass
class IncomingRequest:
    method: str
    raw_path: str  # as sent, percent-encoded
    raw_query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str
    protocol: str

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name]
        return ",".join(values) if values else None


def _is_text(content_type: str | None, body: bytes) -> bool:
    if content_type is None:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return any(marker in content_type.lower() for marker in _TEXT_TYPES)


def http_api_event(
    request: IncomingRequest, route: Route, path_parameters: dict[str, str], claims: dict[str, Any] | None
) -> dict[str, Any]:
    """The event API Gateway's HTTP API sends a Lambda integration (payload format 2.0)."""
    now = datetime.now(UTC)
    request_id = base64.b64encode(os.urandom(10)).decode()
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        name = name.lower()
        if name == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    host = headers.get("host", "127.0.0.1")
    headers.setdefault("x-forwarded-for", request.source_ip)
    headers.setdefault("x-forwarded-proto", "http")
    headers.setdefault("x-forwarded-port", host.rsplit(":", 1)[-1] if ":" in host else "80")
    headers.setdefault("x-amzn-trace-id", f"Root=1-{int(now.timestamp()):08x}-{uuid.uuid4().hex[:24]}")
    path = unquote(request.raw_path)  # HTTP APIs hand the path over decoded
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": route.api_id,
            "domainName": host,
            "domainPrefix": host.split(".")[0],
            "http": {
                "method": request.method,
                "path": path,
                "protocol": request.protocol,
                "sourceIp": request.source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": route.route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if request.raw_query:
        query: dict[str, str] = {}
        for name, value in parse_qsl(request.raw_query, keep_blank_values=True):
            query[name] = f"{query[name]},{value}" if name in query else value
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = {name: unquote(value) for name, value in path_parameters.items()}
    if claims is not None:
        scope = claims.get("scope")
        event["requestContext"]["authorizer"] = {
            "jwt": {"claims": auth.claims_for_event(claims), "scopes": scope.split() if scope else None}
        }
    if request.body:
        if _is_text(headers.get("content-type"), request.body):
            event["body"] = request.body.decode("utf-8", errors="replace")
        else:
            event["body"] = base64.b64encode(request.body).decode()
            event["isBase64Encoded"] = True
    return event


@dataclass
class OutgoingResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _refusal(code: str, message: str) -> dict[str, Any]:
    """The authorizer's refusal in our error shape. On AWS an HTTP API's JWT authorizer answers
    {"message": "Unauthorized"} and cannot be customized (gateway responses are a REST API feature); the
    OpenAPI documents declare both shapes for 401 and 403 (parlour.api.openapi_answers)."""
    return {"error": {"code": code, "message": message}}


def _json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> OutgoingResponse:
    payload = json.dumps(body).encode()
    return OutgoingResponse(status, [("content-type", "application/json"), *(headers or {}).items()], payload)


def integration_response(result: Any) -> OutgoingResponse:
    """A v2.0 integration answer as HTTP; without statusCode the result itself is the JSON body."""
    if not (isinstance(result, dict) and "statusCode" in result):
        return _json_response(HTTPStatus.OK, result)
    status = int(result["statusCode"])
    headers = [(name, str(value)) for name, value in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((name, str(value)) for value in values)
    headers.extend(("set-cookie", cookie) for cookie in result.get("cookies") or [])
    body = result.get("body")
    if body is None:
        payload = b""
    elif result.get("isBase64Encoded"):
        payload = base64.b64decode(body)
    else:
        payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return OutgoingResponse(status, headers, payload)


# ----- the server ----------------------------------------------------------------------------------
class Gateway:
    """Turns requests into route invocations, static files and the runner's /_local/ endpoints."""

    def __init__(
        self,
        routes: list[Route],
        key: auth.SigningKey,
        token_authorizer: auth.JwtAuthorizer | None,
        web_root: Path,
        health: Callable[[], dict[str, Any]],
    ):
        self.routes = routes
        self.key = key
        self.token_authorizer = token_authorizer
        self.web_root = web_root.resolve()
        self.health = health

    def find_route(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            parameters = route.match(method, path)
            if parameters is not None:
                return route, parameters
        return None

    def handle(self, request: IncomingRequest) -> OutgoingResponse:
        path = unquote(request.raw_path)
        if path.startswith("/_local/"):
            return self._local(request, path)
        origin = request.header("origin")
        requested_method = request.header("access-control-request-method")
        if request.method == "OPTIONS" and origin and requested_method:
            found = self.find_route(requested_method.upper(), path)
            if found and found[0].cors:
                return OutgoingResponse(
                    HTTPStatus.NO_CONTENT, list(found[0].cors.preflight_headers(origin).items()), b""
                )
        found = self.find_route(request.method, path)
        if found is None:
            return self._static(request, path)
        route, parameters = found
        response = self._invoke(request, route, parameters)
        if route.cors:  # API Gateway replaces the backend's CORS headers with the configured ones
            response.headers = [
                (name, value)
                for name, value in response.headers
                if not name.lower().startswith("access-control-")
            ]
            response.headers.extend(route.cors.response_headers(origin).items())
        return response

    def _invoke(self, request: IncomingRequest, route: Route, parameters: dict[str, str]) -> OutgoingResponse:
        if len(request.body) > MAX_BODY_BYTES:
            return _json_response(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"message": "Request Entity Too Large"}
            )
        claims = None
        if route.authorizer is not None:
            token = auth.token_from_header(request.header(route.authorizer.identity_header))
            try:
                if token is None:
                    raise auth.InvalidToken("no token")
                claims = auth.verify(token, self.key, route.authorizer)
            except auth.InvalidToken as error:
                log.info("%s %s: 401 (%s)", request.method, request.raw_path, error)
                return _json_response(
                    HTTPStatus.UNAUTHORIZED,
                    _refusal("unauthorized", f"sign in with a staff account of a salon ({error})"),
                    {"www-authenticate": f'Bearer error="invalid_token" error_description="{error}"'},
                )
            granted = set(str(claims.get("scope", "")).split())
            if route.scopes and not granted & set(route.scopes):
                return _json_response(
                    HTTPStatus.FORBIDDEN, _refusal("forbidden", "the token lacks a scope this route needs")
                )
        event = http_api_event(request, route, parameters, claims)
        internal_error = _json_response(
            HTTPStatus.INTERNAL_SERVER_ERROR, {"message": "Internal Server Error"}
        )
        try:
            result = route.function.invoke(event)
        except HandlerError:
            response = internal_error  # the traceback is in the log
        else:
            try:
                response = integration_response(result)
            except (TypeError, ValueError, binascii.Error):
                log.exception("%s answered something API Gateway cannot send", route.function.spec.name)
                response = internal_error
        response.headers.append(("apigw-requestid", event["requestContext"]["requestId"]))
        return response

    def _static(self, request: IncomingRequest, path: str) -> OutgoingResponse:
        not_found = _json_response(HTTPStatus.NOT_FOUND, {"message": "Not Found"})
        if request.method not in ("GET", "HEAD"):
            return not_found
        target = (self.web_root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.web_root):
            return not_found
        if _is_booking_entry_link(path) and not target.is_file():
            target = self.web_root / "book" / "index.html"
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return not_found
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        headers = [("content-type", content_type), ("cache-control", "no-cache")]
        return OutgoingResponse(HTTPStatus.OK, headers, target.read_bytes())

    def _local(self, request: IncomingRequest, path: str) -> OutgoingResponse:
        """The runner's own endpoints: health, the issuer's keys, and a sign-in stand-in for Cognito."""
        if path == "/_local/health":
            return _json_response(HTTPStatus.OK, self.health())
        if path == "/_local/jwks.json":
            return _json_response(HTTPStatus.OK, self.key.jwks())
        if path == "/_local/token" and request.method == "POST" and self.token_authorizer:
            try:
                wanted = json.loads(request.body or b"{}")
                claims = auth.id_token_claims(
                    self.token_authorizer,
                    salon_id=str(wanted["salon_id"]),
                    role=str(wanted["role"]),
                    staff_id=wanted.get("staff_id"),
                    email=wanted.get("email"),
                )
            except (ValueError, KeyError, TypeError) as error:
                return _json_response(
                    HTTPStatus.UNPROCESSABLE_ENTITY, {"message": f"salon_id and role: {error}"}
                )
            return _json_response(HTTPStatus.OK, {"token": auth.sign(self.key, claims), "claims": claims})
        return _json_response(HTTPStatus.NOT_FOUND, {"message": "Not Found"})


class _RequestHandler(BaseHTTPRequestHandler):
    server: "GatewayServer"
    timeout = 60

    def _serve(self) -> None:
        started = time.monotonic()
        parts = urlsplit(self.path)
        try:
            body = self._read_body()
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        request = IncomingRequest(
            method=self.command,
            raw_path=parts.path or "/",
            raw_query=parts.query,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            protocol=self.request_version,
        )
        try:
            response = self.server.gateway.handle(request)
        except Exception:
            log.exception("gateway failure on %s %s", self.command, self.path)
            response = _json_response(HTTPStatus.INTERNAL_SERVER_ERROR, {"message": "Internal Server Error"})
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        log.info(
            "%s %s -> %d (%.0f ms)",
            self.command,
            self.path,
            response.status,
            (time.monotonic() - started) * 1000,
        )

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve
    # Any other method reaches no route and gets API Gateway's 404, not http.server's HTML 501.
    do_TRACE = do_QUERY = _serve

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)


def _is_booking_entry_link(path: str) -> bool:
    """/book/<salon>/ and /book/<salon>/<service>: the booking app reads them from the path. Mirrors the
    CloudFront viewer-request function of infra/static-site.yaml, which does this in AWS."""
    parts = path.split("/")
    return len(parts) > 2 and parts[1] == "book" and parts[2] != "" and "." not in parts[-1]


class GatewayServer(ThreadingHTTPServer):
    """Bound at construction (so the URL is known early); serves once a Gateway is attached."""

    daemon_threads = True
    # Races open dozens of connections at once; the default backlog of 5 resets the rest.
    request_queue_size = 128
    gateway: Gateway

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), _RequestHandler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self._thread = threading.Thread(target=self.serve_forever, name="gateway", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=10)
        self.server_close()
