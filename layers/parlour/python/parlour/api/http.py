"""Builds the Powertools resolver every API function uses, with errors mapped to HTTP in one place.

Every error answer has the shape {"error": {"code", "message", "field"?, "fields"?, "next_step"?, ...}},
including a refused request body (400/413/415/422) and an unexpected failure (500 with a request id).
"""

import base64
import binascii
import json
import math
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parlour.access import Principal, Role
from parlour.api.openapi_answers import DocumentedResolver
from parlour.errors import Conflict, Forbidden, InvalidInput, NotFound, ParlourError, Unauthorized
from parlour.observability import MetricUnit, logger, metrics


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    field: str | None = Field(None, description="The offending input, e.g. variants.0.base_price")
    fields: list[dict[str, str]] | None = Field(None, description="Every invalid field with its message")
    next_step: str | None = Field(None, description="What to do to succeed (conflicts)")
    current_version: int | None = Field(None, description="The stored version (stale version, id taken)")
    referenced_by: list[str] | None = Field(None, description="What still uses a location being deleted")
    current_status: str | None = Field(None, description="The appointment's state when a change was refused")
    allowed_actions: list[str] | None = Field(
        None, description="What can be done to the appointment now, e.g. cancel, reschedule (refused changes)"
    )
    request_id: str | None = Field(None, description="Quote it when reporting an unexpected error (500)")


class ErrorAnswer(BaseModel):
    """The shape of every error answer (error_response builds it)."""

    error: ErrorDetail


_STATUS: dict[type[ParlourError], HTTPStatus] = {
    InvalidInput: HTTPStatus.UNPROCESSABLE_ENTITY,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    Unauthorized: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
}


_OWN = frozenset({"code", "message"})


def error_response(status: HTTPStatus, code: str, message: str, /, **details: Any) -> Response:
    """The one builder of error answers. The first three are positional-only, so a detail may have any
    name (even `status`) without colliding, and no detail can replace `code` or `message`."""
    extra = {name: value for name, value in details.items() if value is not None and name not in _OWN}
    body = {"code": code, "message": message, **extra}
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body={"error": body})


def _field_path(location: tuple | list) -> str:
    """('body', 'variants', 0, 'duration_minutes') -> 'variants.0.duration_minutes'; params keep kind."""
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_answer(errors: list[dict[str, Any]]) -> Response:
    fields = [
        {"field": _field_path(error.get("loc", ())), "message": error.get("msg", "invalid")}
        for error in errors
    ]
    first = fields[0] if fields else {"field": "body", "message": "invalid"}
    return error_response(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "invalid_input",
        f"{first['field']}: {first['message']}",
        field=first["field"],
        fields=fields,
    )


# ---- request bodies, checked before Powertools parses them ----------------------------------------

# The largest valid entries (a service of 100 variants, an offer naming 200 targets) are stored in at
# most 300 KB; sent as JSON with every character escaped they stay under 1 MB. DynamoDB nests at most 32
# levels and our deepest model 6, so nothing larger or deeper can be valid; parsing stays bounded.
MAX_BODY_BYTES = 1024 * 1024
MAX_BODY_DEPTH = 20
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BodyRefused(Exception):
    """A request body we will not parse; carries the error answer."""

    def __init__(self, status: HTTPStatus, code: str, message: str, *, field: str = "body"):
        super().__init__(message)
        self.answer = error_response(status, code, message, field=field)


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotANumber(f"the body holds {name}, which JSON does not allow")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NotANumber(f"the body holds a number too large to store: {text[:20]}")
    return number


def _check_depth_and_text(document: Any) -> None:
    """Iteratively (a recursive walk is what a deep document breaks): depth, and text that can be stored
    as UTF-8 (a JSON escape can smuggle in a lone surrogate)."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BodyRefused(
                    HTTPStatus.UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    "the body holds text that is not Unicode",
                ) from None
        elif isinstance(value, dict | list):
            if depth > MAX_BODY_DEPTH:
                raise BodyRefused(
                    HTTPStatus.UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    f"the body is nested deeper than {MAX_BODY_DEPTH} levels",
                )
            children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)


def _media_type(content_type: str) -> tuple[str, dict[str, str]]:
    kind, *parameters = content_type.split(";")
    pairs = (parameter.partition("=") for parameter in parameters)
    return kind.strip().lower(), {key.strip().lower(): value.strip().strip('"') for key, _, value in pairs}


def check_request_body(event: Mapping[str, Any]) -> None:
    """Raise BodyRefused unless the body of a POST, PUT or PATCH is JSON we can parse safely: sent as
    JSON (415), small (413), UTF-8 (400), valid and finite (422), not too deeply nested (422).

    Powertools' own parsing answers 500 for a multipart type without a boundary, bytes that are not
    UTF-8, a deep document (RecursionError) or a huge integer (ValueError), so this runs first."""
    method = str(event.get("requestContext", {}).get("http", {}).get("method", "")).upper()
    if method not in _BODY_METHODS:
        return  # no route of ours reads the body of other methods
    headers = {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}
    if not event.get("body") and not headers.get("content-type", "").lower().startswith("multipart/"):
        return  # nothing to parse (`curl -X POST -d ''` sends a form type); Powertools fails on any multipart
    if "content-type" in headers:
        kind, parameters = _media_type(headers["content-type"])
        charset = parameters.get("charset", "utf-8").lower()
        if kind != content_types.APPLICATION_JSON or charset not in ("utf-8", "utf8"):
            raise BodyRefused(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                f"send the body as {content_types.APPLICATION_JSON} (UTF-8), not {headers['content-type']!r}",
                field="content-type",
            )
    raw = event.get("body") or ""
    if event.get("isBase64Encoded") and raw:
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise BodyRefused(HTTPStatus.BAD_REQUEST, "bad_request", "the body is not valid base64") from None
    else:
        data = raw.encode("utf-8", errors="surrogatepass")
    if len(data) > MAX_BODY_BYTES:
        raise BodyRefused(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "too_large",
            f"the body has {len(data)} bytes; at most {MAX_BODY_BYTES} are accepted",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyRefused(
            HTTPStatus.BAD_REQUEST, "bad_request", f"the body is not UTF-8 text (byte {error.start})"
        ) from None
    if not text:
        return  # Powertools names the required fields
    try:
        document = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise BodyRefused(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "invalid_input",
            f"the body is nested deeper than {MAX_BODY_DEPTH} levels",
        ) from None
    except json.JSONDecodeError as error:
        raise BodyRefused(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "invalid_input",
            f"the body is not JSON: {error.msg} at line {error.lineno} column {error.colno}",
        ) from None
    except _NotANumber as error:
        raise BodyRefused(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", str(error)) from None
    except ValueError:  # Python refuses to convert integers of more than 4300 digits
        raise BodyRefused(
            HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", "the body holds a number with too many digits"
        ) from None
    _check_depth_and_text(document)


class _CheckedResolver(DocumentedResolver):
    """Powertools' HTTP API resolver that checks the request body before its validation parses it.

    Powertools runs its request validation (and so its body parsing) before any middleware, and some of
    its parse failures escape as bare exceptions; resolve() is the public hook that comes first."""

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        try:
            check_request_body(event)
        except BodyRefused as refused:
            answer = refused.answer
            logger.info("request body refused", extra={"status": answer.status_code})
            return {
                "statusCode": answer.status_code,
                "headers": {"Content-Type": content_types.APPLICATION_JSON},
                "body": json.dumps(answer.body, separators=(",", ":")),
                "isBase64Encoded": False,
            }
        return super().resolve(event, context)


def _service_error_code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


MANAGE_LINK = "manage_link"  # the public routes a client reaches by the link in their confirmation


def make_resolver(
    *, title: str, description: str, base_path: str, signed_in: bool = False
) -> APIGatewayHttpResolver:
    """base_path is the API's route prefix in template.yaml (/public or /admin); signed_in APIs declare
    the Cognito ID token their JWT authorizer checks, so OpenAPI clients send it; the others declare the
    manage token, which routes ask for with `security=[{MANAGE_LINK: []}]`."""
    app = _CheckedResolver(error_answer=ErrorAnswer, gateway_authorizer=signed_in, enable_validation=True)
    cognito = {"cognito": HTTPBearer(bearerFormat="JWT", description="A Cognito ID token of salon staff")}
    manage_link = {MANAGE_LINK: HTTPBearer(description="The manage token of the booking confirmation")}
    app.configure_openapi(
        title=title,
        version="1.0.0",
        description=description,
        security_schemes=cognito if signed_in else manage_link,
        security=[{"cognito": []}] if signed_in else None,
    )

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        return _validation_answer(list(error.errors()))

    @app.exception_handler(ValidationError)
    def _invalid_model(error: ValidationError) -> Response:
        return _validation_answer(list(error.errors()))

    @app.exception_handler(ParlourError)
    def _domain_error(error: ParlourError) -> Response:
        status = next(
            (status for kind, status in _STATUS.items() if isinstance(error, kind)), HTTPStatus.BAD_REQUEST
        )
        details = {
            **error.details,
            "field": getattr(error, "field", None),
            "next_step": getattr(error, "next_step", None),
        }
        return error_response(status, error.code, error.message, **details)

    @app.exception_handler(IdempotencyValidationError)
    def _key_reused(_: IdempotencyValidationError) -> Response:
        return error_response(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "invalid_input",
            "this Idempotency-Key was already used for a different request",
            field="Idempotency-Key",
        )

    @app.exception_handler(IdempotencyAlreadyInProgressError)
    def _key_in_flight(_: IdempotencyAlreadyInProgressError) -> Response:
        return error_response(
            HTTPStatus.CONFLICT,
            "in_progress",
            "a request with this Idempotency-Key is still being processed",
            next_step="retry in a few seconds with the same Idempotency-Key",
        )

    @app.not_found
    def _no_route(_: NotFoundError) -> Response:
        return error_response(HTTPStatus.NOT_FOUND, "not_found", "no such route")

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_type(_: RequestUnsupportedContentType) -> Response:
        return error_response(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            f"send the body as {content_types.APPLICATION_JSON}",
            field="content-type",
        )

    @app.exception_handler(ServiceError)
    def _powertools_error(error: ServiceError) -> Response:
        return error_response(error.status_code, _service_error_code(error.status_code), str(error.msg))

    # Last resort: never Lambda's bare 502/500. The request id ties the answer to the logged traceback.
    @app.exception_handler(Exception)
    def _unexpected(error: Exception) -> Response:
        request_id = app.current_event.request_context.request_id
        logger.error(
            "unexpected error",
            exc_info=error,
            extra={"request_id": request_id, "error": type(error).__name__},
        )
        metrics.add_metric(name="UnexpectedErrors", unit=MetricUnit.Count, value=1)  # Lambda sees a success
        return error_response(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "internal_error",
            "something went wrong on our side; quote the request id when you report it",
            request_id=request_id,
        )

    @app.get(f"{base_path}/openapi.json", include_in_schema=False)
    def _openapi() -> dict[str, Any]:
        return json.loads(app.get_openapi_json_schema())

    logger.debug("resolver ready", extra={"api": title})
    return app


def principal_from_claims(claims: dict[str, Any] | None) -> Principal:
    """The signed-in staff member, from the JWT claims the authorizer verified (Cognito ID token)."""
    claims = claims or {}
    salon_id, role = claims.get("custom:salon_id"), claims.get("custom:role")
    if not claims.get("sub") or not salon_id or role not in Role.__members__:
        raise Unauthorized("sign in with a staff account of a salon")
    return Principal(
        subject=str(claims["sub"]),
        salon_id=str(salon_id),
        role=Role(role),
        staff_id=claims.get("custom:staff_id") or None,
        email=claims.get("email"),
    )
