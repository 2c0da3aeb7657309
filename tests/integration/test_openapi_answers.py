"""The OpenAPI documents declare every status each operation can answer, with the body's schema, and
local wall times as what the APIs send ("10:00:00"), not as RFC 3339 times (which need an offset)."""

import json

import pytest
from jsonschema import Draft202012Validator

from tests.events import ApiClient

ERROR = {"$ref": "#/components/schemas/ErrorAnswer"}
OURS_OR_GATEWAY = {"anyOf": [ERROR, {"$ref": "#/components/schemas/GatewayMessage"}]}


def _served(api: str) -> dict:
    answer = ApiClient(f"{api}_api").get(f"/{api}/openapi.json")
    assert answer.status == 200
    return answer.json()


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return {"public": _served("public"), "admin": _served("admin")}


def _operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _schema(operation: dict, status: str) -> dict:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_every_operation_declares_the_statuses_the_shared_machinery_answers(documents):
    for api, document in documents.items():
        for path, method, operation in _operations(document):
            declared = set(operation["responses"])
            expected = {"422", "429", "404"}  # every path has a salon
            if method != "get":
                expected.add("409")
            if method in ("post", "put"):
                expected |= {"400", "413", "415"}
            if api == "admin":
                expected |= {"401", "403"}
            assert expected <= declared, (api, method, path, expected - declared)
            for status in declared - {"200", "201", "204", "429"}:
                assert _schema(operation, status) in (ERROR, OURS_OR_GATEWAY), (api, method, path, status)


def test_the_admin_401_and_403_allow_our_shape_and_api_gateways(documents):
    # The local gateway answers our shape; on AWS the HTTP API's JWT authorizer answers {"message": ...}
    for _, _, operation in _operations(documents["admin"]):
        assert _schema(operation, "401") == _schema(operation, "403") == OURS_OR_GATEWAY
    gateway = documents["admin"]["components"]["schemas"]["GatewayMessage"]
    Draft202012Validator(gateway).validate({"message": "Unauthorized"})


def test_the_manage_link_routes_declare_their_token_and_its_refusal(documents):
    public = documents["public"]
    assert public["components"]["securitySchemes"]["manage_link"]["scheme"] == "bearer"
    manage_link = [
        (path, method, operation)
        for path, method, operation in _operations(public)
        if "{appointment_id}" in path
    ]
    assert len(manage_link) == 3
    for path, method, operation in manage_link:
        assert operation["security"] == [{"manage_link": []}], (method, path)
        assert _schema(operation, "401") == ERROR
    assert "401" not in public["paths"]["/public/salons/{salon_id}/services"]["get"]["responses"]


@pytest.mark.parametrize(
    ("api", "path"),
    [
        ("public", "/public/salons/{salon_id}/appointments"),
        ("admin", "/admin/salons/{salon_id}/appointments"),
    ],
)
def test_booking_declares_201_created(documents, api, path):
    responses = documents[api]["paths"][path]["post"]["responses"]
    assert "201" in responses and "200" not in responses


def test_no_field_is_declared_as_an_rfc_3339_time(documents):
    assert '"format": "time"' not in json.dumps(documents)


@pytest.mark.parametrize(
    ("api", "model"), [("public", "TimeRange"), ("admin", "TimeRange"), ("admin", "QuietHours")]
)
def test_local_wall_times_validate_as_the_apis_send_them(documents, api, model):
    schema = documents[api]["components"]["schemas"][model]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    validator.validate({"start": "10:00:00", "end": "21:30"})
    assert not validator.is_valid({"start": "10:00:00+02:00", "end": "21:30"})
    assert not validator.is_valid({"start": "24:00", "end": "21:30"})
