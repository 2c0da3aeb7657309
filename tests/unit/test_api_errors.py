"""The one error mapping of parlour.api.http: answers that cannot collide, and a 500 that keeps our shape."""

import json
import logging
from http import HTTPStatus

from parlour.api.http import ErrorAnswer, error_response, make_resolver
from parlour.booking.models import Status
from parlour.errors import Conflict, InvalidInput
from parlour.observability import logger
from tests.events import http_event, lambda_context


def _resolver_raising(error: Exception):
    """Our resolver with one route that raises `error` (standing in for any route of ours)."""
    app = make_resolver(title="t", description="d", base_path="/public")

    @app.get("/public/salons/<salon_id>")
    def _route(salon_id: str) -> dict:
        raise error

    return app


def _answer(app, path="/public/salons/demo"):
    result = app.resolve(http_event("GET", path), lambda_context())
    return result["statusCode"], json.loads(result["body"])


def test_details_named_like_the_arguments_do_not_collide_or_replace_code_and_message():
    # When details carry status, code and message of their own
    answer = error_response(
        HTTPStatus.CONFLICT, "conflict", "refused", status="cancelled", code="x", message="y"
    )
    # Then the answer keeps its status, code and message and still carries the detail
    assert answer.status_code == HTTPStatus.CONFLICT
    assert answer.body == {"error": {"code": "conflict", "message": "refused", "status": "cancelled"}}
    ErrorAnswer.model_validate(answer.body)


def test_a_conflict_whose_details_carry_status_field_or_next_step_answers_409():
    # Given a domain conflict whose details repeat names the mapping sets itself
    error = Conflict(
        "an appointment that is cancelled cannot become confirmed",
        next_step="book again",
        details={"status": "cancelled", "next_step": "stale", "field": "stale", "code": "stale"},
    )
    # When a route raises it
    status, body = _answer(_resolver_raising(error))
    # Then it is a 409 in our shape; the error's own next_step wins over a detail of the same name
    assert status == 409
    assert body["error"]["code"] == "conflict" and body["error"]["next_step"] == "book again"
    assert body["error"]["status"] == Status.cancelled.value


def test_an_invalid_input_with_a_field_in_its_details_names_its_own_field():
    status, body = _answer(_resolver_raising(InvalidInput("from", "too far", details={"field": "other"})))
    assert status == 422 and body["error"]["field"] == "from"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_an_unexpected_exception_is_500_in_our_shape_with_the_request_id_and_logged():
    # Given a route that fails in a way nobody planned for
    app = _resolver_raising(ZeroDivisionError("division by zero"))
    event = http_event("GET", "/public/salons/demo")
    records = _Records()
    logging.getLogger(logger.name).addHandler(records)
    # When it is called
    try:
        result = app.resolve(event, lambda_context())
    finally:
        logging.getLogger(logger.name).removeHandler(records)
    # Then the answer is a 500 in our shape, with the request id API Gateway gave the request
    body = json.loads(result["body"])
    assert result["statusCode"] == 500
    assert body["error"]["code"] == "internal_error"
    assert body["error"]["request_id"] == event["requestContext"]["requestId"]
    assert "ZeroDivisionError" not in result["body"]  # no internals in the answer
    # And the failure is logged as an error with its traceback and the same request id
    (failure,) = [record for record in records.records if record.levelno >= logging.ERROR]
    assert failure.request_id == event["requestContext"]["requestId"]
    assert failure.exc_info and failure.exc_info[0] is ZeroDivisionError


def test_an_unknown_route_is_404_in_our_shape():
    status, body = _answer(_resolver_raising(RuntimeError()), path="/public/nowhere")
    assert status == 404 and body["error"]["code"] == "not_found"
