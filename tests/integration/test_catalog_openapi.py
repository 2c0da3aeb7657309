"""The OpenAPI documents of the public and admin APIs are valid and describe the catalog routes fully."""

import json
import sys

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from openapi_spec_validator import validate

from tests.events import ROOT, ApiClient, load_handler

CRUD = {"get", "post"}, {"get", "put", "delete"}
ADMIN_COLLECTIONS = ["locations", "services", "staff", "resources"]


def _catalog_routes_schema(function_name: str, module_name: str) -> dict:
    """The schema of one catalog routes module alone, in a resolver of its own."""
    load_handler(function_name)  # puts the function's folder on sys.path, as Lambda does
    assert str(ROOT / "functions" / function_name) in sys.path
    app = APIGatewayHttpResolver(enable_validation=True)
    app.include_router(sys.modules[module_name].router)
    return json.loads(app.get_openapi_json_schema())


@pytest.fixture(scope="module")
def admin_schema() -> dict:
    return _catalog_routes_schema("admin_api", "admin_catalog_routes")


@pytest.fixture(scope="module")
def public_schema() -> dict:
    return _catalog_routes_schema("public_api", "public_catalog_routes")


def test_the_catalog_route_schemas_are_valid_openapi(admin_schema, public_schema):
    validate(admin_schema)
    validate(public_schema)


def test_the_admin_schema_has_every_catalog_operation(admin_schema):
    paths = admin_schema["paths"]
    assert set(paths["/admin/salons/{salon_id}"]) == {"get", "put"}
    for collection in ADMIN_COLLECTIONS:
        item_path = "{" + ("staff" if collection == "staff" else collection[:-1]) + "_id}"
        assert set(paths[f"/admin/salons/{{salon_id}}/{collection}"]) == CRUD[0]
        assert set(paths[f"/admin/salons/{{salon_id}}/{collection}/{item_path}"]) == CRUD[1]


def test_admin_catalog_operations_document_their_success_and_errors():
    served = ApiClient("admin_api").get("/admin/openapi.json").json()
    catalog = {
        path: operations
        for path, operations in served["paths"].items()
        if path == "/admin/salons/{salon_id}"
        or (path.split("/")[4] in ADMIN_COLLECTIONS and not path.endswith("/appointments"))
    }
    assert len(catalog) == 9
    for path, operations in catalog.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = {"get": "200", "put": "200", "post": "201", "delete": "204"}[method]
            assert success in responses, (method, path)
            assert {"401", "403", "404", "422"} <= set(responses), (method, path)
            for code in ("404", "422"):
                schema = responses[code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorAnswer"}, (method, path, code)
    create = served["paths"]["/admin/salons/{salon_id}/services"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ServiceInput")
    assert create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/Service")
    assert create["responses"]["409"]["description"] == "The id is taken"  # the route's own words


def test_the_public_schema_has_every_catalog_route(public_schema):
    assert set(public_schema["paths"]) == {
        "/public/salons/{salon_id}",
        "/public/salons/{salon_id}/locations",
        "/public/salons/{salon_id}/services",
        "/public/salons/{salon_id}/services/{service_id}",
        "/public/salons/{salon_id}/staff",
    }
    services = public_schema["paths"]["/public/salons/{salon_id}/services"]["get"]
    assert [parameter["name"] for parameter in services["parameters"]] == ["salon_id", "location_id"]


@pytest.mark.parametrize("api", ["/public", "/admin"])
def test_each_api_serves_its_valid_schema(api):
    answer = ApiClient(f"{api.strip('/')}_api").get(f"{api}/openapi.json")
    assert answer.status == 200
    validate(answer.json())


def test_the_admin_api_declares_its_bearer_token_and_the_public_api_none():
    admin = ApiClient("admin_api").get("/admin/openapi.json").json()
    public = ApiClient("public_api").get("/public/openapi.json").json()
    assert admin["components"]["securitySchemes"]["cognito"]["scheme"] == "bearer"
    assert admin["security"] == [{"cognito": []}]
    assert "security" not in public
