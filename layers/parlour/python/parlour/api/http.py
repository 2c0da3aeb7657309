"""Builds the Powertools resolver every API function uses, with errors mapped to HTTP in one place.

Every error answer has the shape {"error": {"code", "message", "field"?, "fields"?, "next_step"?, ...}}.
"""

import json
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parlour.access import Principal, Role
from parlour.api.openapi_answers import DocumentedResolver
from parlour.errors import Conflict, Forbidden, InvalidInput, NotFound, ParlourError, Unauthorized
from parlour.observability import logger


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    field: str | None = Field(None, description="The offending input, e.g. variants.0.base_price")
    fields: list[dict[str, str]] | None = Field(None, description="Every invalid field with its message")
    next_step: str | None = Field(None, description="What to do to succeed (conflicts)")
    current_version: int | None = Field(None, description="The stored version (stale version, id taken)")
    referenced_by: list[str] | None = Field(None, description="What still uses a location being deleted")


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


def error_response(status: HTTPStatus, code: str, message: str, **extra: Any) -> Response:
    body = {"code": code, "message": message, **{k: v for k, v in extra.items() if v is not None}}
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


MANAGE_LINK = "manage_link"  # the public routes a client reaches by the link in their confirmation


def make_resolver(
    *, title: str, description: str, base_path: str, signed_in: bool = False
) -> APIGatewayHttpResolver:
    """base_path is the API's route prefix in template.yaml (/public or /admin); signed_in APIs declare
    the Cognito ID token their JWT authorizer checks, so OpenAPI clients send it; the others declare the
    manage token, which routes ask for with `security=[{MANAGE_LINK: []}]`."""
    app = DocumentedResolver(error_answer=ErrorAnswer, gateway_authorizer=signed_in, enable_validation=True)
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
        return error_response(
            status,
            error.code,
            error.message,
            field=getattr(error, "field", None),
            next_step=getattr(error, "next_step", None),
            **error.details,
        )

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
