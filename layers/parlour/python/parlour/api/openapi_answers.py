"""The error answers of every operation, declared once per API in its OpenAPI document.

Routes declare their success answer (the return type) and may describe an error more precisely with
`responses=` (route_answers); the statuses the shared machinery can answer are added here from what an
operation has: every one can be invalid (422) or throttled (429), one with path parameters can miss
(404), one that changes state can conflict (409), a POST, PUT or PATCH can send a body that is malformed
(400), too large (413) or of another content type (415), one that needs a credential can be refused (401,
and 403 for roles).
"""

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from pydantic import BaseModel

_REF = "#/components/schemas/"
_GATEWAY_MESSAGE = {"$ref": f"{_REF}GatewayMessage"}

# API Gateway's own answers: HTTP APIs cannot customize them (gateway responses are a REST API feature),
# so on AWS a JWT authorizer's refusal is {"message": "Unauthorized"} and throttling {"message": "Too Many
# Requests"}. The local gateway answers our shape; the document declares both, so it holds for either.
_GATEWAY_MESSAGE_SCHEMA = {
    "title": "GatewayMessage",
    "description": "An answer of API Gateway itself (JWT authorizer, throttling, payload limit) on AWS",
    "type": "object",
    "properties": {"message": {"type": "string", "title": "Message"}},
    "required": ["message"],
}

_DEFAULT_DESCRIPTIONS = {
    400: "The body is not readable: malformed JSON or not UTF-8",
    401: "No valid credential",
    403: "Another salon's data, or the role lacks the right",
    404: "No such salon or entry",
    409: "Refused by the current state; the answer says what it is and what to do",
    413: "The body is too large",
    415: "The body is not application/json",
    422: "An invalid parameter or field, named in `field`",
    429: "Throttled by API Gateway (AWS only)",
}


def route_answers(success: int, description: str, errors: dict[int, str]) -> dict[int, Any]:
    """A route's `responses=`: its success answer (schema from the return type) and what its errors mean
    there (their schema is set with the others by declare_error_answers)."""
    answers: dict[int, Any] = {success: {"description": description}}
    if success == 204:
        answers[success]["content"] = {}
    return answers | {code: {"description": text} for code, text in errors.items()}


def _statuses(
    path: str, method: str, operation: dict[str, Any], *, ours: dict[str, str], gateway_authorizer: bool
) -> dict[int, dict[str, Any]]:
    """Each status this operation can answer, with the schema of that answer."""
    ours_or_gateway = {"anyOf": [ours, _GATEWAY_MESSAGE]}
    statuses: dict[int, dict[str, Any]] = {422: ours, 429: _GATEWAY_MESSAGE}
    if "{" in path:
        statuses[404] = ours
    if method != "get":
        statuses[409] = ours
    if method in ("post", "put", "patch"):  # their bodies are checked before any route runs
        statuses |= {400: ours, 413: ours_or_gateway, 415: ours}
    if gateway_authorizer:
        statuses |= {401: ours_or_gateway, 403: ours_or_gateway}
    elif operation.get("security"):
        statuses[401] = ours
    return statuses


def declare_error_answers(
    document: dict[str, Any], *, error_answer: type[BaseModel], gateway_authorizer: bool
) -> dict[str, Any]:
    """Adds the error statuses of every operation (see the module doc), each with the schema of its body.

    `error_answer` is the model of our error answers; `gateway_authorizer` says whether API Gateway checks
    a JWT before the function runs. A description a route gave is kept; the schema is always set here,
    since the shared error map (and API Gateway) decide the shape, not the route. Powertools' own 422
    schema is replaced: our handler answers `error_answer` there too.
    """
    ours = {"$ref": f"{_REF}{error_answer.__name__}"}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error_schema = error_answer.model_json_schema(ref_template=f"{_REF}{{model}}", mode="serialization")
    schemas.update(error_schema.pop("$defs", {}))
    schemas[error_answer.__name__] = error_schema
    schemas["GatewayMessage"] = _GATEWAY_MESSAGE_SCHEMA
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, schema in _statuses(
                path, method, operation, ours=ours, gateway_authorizer=gateway_authorizer
            ).items():
                given = responses.get(str(status), {})
                description = given.get("description")
                if not description or (status == 422 and description == "Validation Error"):
                    description = _DEFAULT_DESCRIPTIONS[status]
                responses[str(status)] = {
                    "description": description,
                    "content": {"application/json": {"schema": schema}},
                }
            operation["responses"] = dict(sorted(responses.items()))
    return document


class DocumentedResolver(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver whose OpenAPI document also declares every error answer."""

    def __init__(self, *, error_answer: type[BaseModel], gateway_authorizer: bool, **kwargs: Any):
        super().__init__(**kwargs)
        self.error_answer = error_answer
        self.gateway_authorizer = gateway_authorizer

    def get_openapi_json_schema(self, **kwargs: Any) -> str:
        document = json.loads(super().get_openapi_json_schema(**kwargs))
        return json.dumps(
            declare_error_answers(
                document, error_answer=self.error_answer, gateway_authorizer=self.gateway_authorizer
            )
        )
