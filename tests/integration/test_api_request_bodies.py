"""Request bodies are checked before they are parsed, on every route of both API functions that takes one:
content type (415), size (413), encoding (400), JSON, numbers and nesting (422), all in our error shape."""

import json

import pytest

from parlour.api.http import MAX_BODY_BYTES, ErrorAnswer
from tests.builders import small_salon
from tests.events import ApiClient, http_event, invoke, load_handler, staff_claims

CLAIMS = staff_claims("s", "owner")


def _routes_with_bodies() -> list[tuple[str, str, str]]:
    """(function, method, path) of every POST, PUT and PATCH route, read from each API's OpenAPI document."""
    routes = []
    for function in ("public_api", "admin_api"):
        document = json.loads(load_handler(function).app.get_openapi_json_schema())
        for path, operations in document["paths"].items():
            concrete = path.replace("{", "").replace("}", "")  # any id will do: bodies are checked first
            routes += [
                (function, method.upper(), concrete) for method in operations if method in ("post", "put")
            ]
    return routes


ROUTES = _routes_with_bodies()
ONE_ROUTE_EACH = [("admin_api", "/admin/salons/s/resources"), ("public_api", "/public/salons/s/appointments")]


def _send(function: str, method: str, path: str, body, headers: dict[str, str] | None = None):
    return ApiClient(function, claims=CLAIMS if function == "admin_api" else None).request(
        method, path, body=body, headers=headers
    )


def _error(answer, status: int) -> dict:
    assert answer.status == status, answer.body
    ErrorAnswer.model_validate(answer.json())  # our shape, not Powertools' {"statusCode", "detail"}
    return answer.json()["error"]


def test_every_api_has_routes_with_bodies():
    assert {function for function, _, _ in ROUTES} == {"public_api", "admin_api"}


@pytest.mark.parametrize(("function", "method", "path"), ROUTES, ids=[f"{m} {p}" for _, m, p in ROUTES])
def test_multipart_without_a_boundary_is_415_on_every_route(function, method, path):
    # Given a multipart body without a boundary (Powertools' parser raised ValueError: a 500)
    answer = _send(function, method, path, "x", {"content-type": "multipart/form-data"})
    # Then 415 naming the header
    assert _error(answer, 415)["field"] == "content-type"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/xml",
        "application/json; charset=latin-1",
    ],
)
@pytest.mark.parametrize(("function", "path"), ONE_ROUTE_EACH)
def test_bodies_that_are_not_json_are_415_in_our_shape(function, path, content_type):
    answer = _send(function, "POST", path, '{"id": "x"}', {"content-type": content_type})
    error = _error(answer, 415)
    assert error["code"] == "unsupported_media_type" and error["field"] == "content-type"


@pytest.mark.parametrize(("function", "path"), ONE_ROUTE_EACH)
def test_bytes_that_are_not_utf8_without_a_content_type_are_400(function, path):
    # Given bytes that are not UTF-8 and no content type (API Gateway passes them base64-encoded)
    answer = _send(function, "POST", path, b"\xff\xfe{\x00}")
    # Then 400, not a UnicodeDecodeError
    assert _error(answer, 400)["field"] == "body"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000, 422, "nested", id="100000-deep-hit-the-recursion-limit"),
        pytest.param("[" * 600_000 + "]" * 600_000, 413, "bytes", id="600000-deep-is-over-the-size-limit"),
        pytest.param('{"a":' * 25 + "1" + "}" * 25, 422, "nested", id="deeper-than-dynamodb-keeps"),
        pytest.param('{"name": "' + "x" * MAX_BODY_BYTES + '"}', 413, "bytes", id="over-the-size-limit"),
        pytest.param('{"id": ' + "9" * 5000 + "}", 422, "digits", id="integer-past-python-limit"),
        pytest.param('{"id": NaN}', 422, "NaN", id="nan"),
        pytest.param('{"id": 1e999}', 422, "too large", id="infinite-number"),
        pytest.param('{"name": "\\ud800"}', 422, "Unicode", id="lone-surrogate"),
        pytest.param("{not json", 422, "not JSON", id="invalid-json"),
        pytest.param("   ", 422, "not JSON", id="only-spaces"),
    ],
)
@pytest.mark.parametrize(("function", "path"), ONE_ROUTE_EACH)
def test_bodies_too_large_too_deep_or_unreadable_are_refused_naming_the_body(
    function, path, body, status, says
):
    error = _error(_send(function, "POST", path, body, {"content-type": "application/json"}), status)
    assert error["field"] == "body" and says in error["message"]


def test_json_with_a_utf8_charset_still_reaches_the_route(aws):
    # Given a salon
    small_salon("s")
    owner = ApiClient("admin_api", claims=CLAIMS)
    body = json.dumps({"id": "room9", "name": "Pokój ą", "kind": "room", "location_id": "main"}).encode()
    # When a resource is created with an explicit charset, and base64-encoded as API Gateway may pass it
    answer = owner.post(
        "/admin/salons/s/resources", body=body, headers={"content-type": "application/json; charset=UTF-8"}
    )
    # Then it is created
    assert answer.status == 201, answer.body
    assert owner.get("/admin/salons/s/resources/room9").json()["name"] == "Pokój ą"


def test_a_get_with_a_stray_body_is_not_refused(aws):
    # Given a salon, and a GET that carries a form body no route reads
    small_salon("s")
    event = http_event(
        "GET", "/public/salons/s", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    event["body"] = "a=b"
    # Then the salon is answered as usual
    assert invoke(load_handler("public_api"), event).status == 200


@pytest.mark.parametrize(("function", "method", "path"), ROUTES, ids=[f"{m} {p}" for _, m, p in ROUTES])
def test_an_empty_body_with_a_form_type_is_no_body_at_all(function, method, path):
    # Given no body but a form content type, as `curl -X POST -d ''` sends
    answer = _send(function, method, path, "", {"content-type": "application/x-www-form-urlencoded"})
    # Then it is judged as a request without a body: never refused for its type, never a 500
    assert answer.status not in (415, 500), answer.body
    if answer.status >= 400:
        ErrorAnswer.model_validate(answer.json())
