"""Both OpenAPI documents, fuzzed by schemathesis against the seeded local stack: never a server error, and
every answer's status, content type and body as the document declares them.

`make test` runs schemathesis' examples and fuzzing phases, FUZZ_EXAMPLES (default below) per operation.
`make fuzz` (FUZZ_DEEP=1) adds the coverage phase (boundary values, malformed content types, unexpected
methods: hundreds of requests per operation) with many more examples, on a stack of its own. Failures are
collected rather than raised at the first one, so a run is bounded (no shrinking) and ends with one list of
every distinct failure; the terminal summary prints the request and failure counts (tests/conftest.py).

Reads go to the demo salon so they reach the handlers. Writes go where the fuzzer aims them (mostly no
salon, or another salon than the owner token's: they still pass through body validation), because other
tests share this stack's demo salon; FUZZ_DEEP=1 aims them at the demo salon too.
"""

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.errors import FailureGroup

from infra.demo.seed import SALON_ID
from tests.events import load_handler

pytestmark = pytest.mark.e2e

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))  # make test: about 2 minutes on 2 cores
DEEP = os.environ.get("FUZZ_DEEP") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
REQUEST_TIMEOUT_SECONDS = 30


@dataclass
class Tally:
    """What one document's run sent and what went wrong, each distinct failure once."""

    requests: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> dict[str, int]:
        seconds = round(time.monotonic() - self.started)
        return {"requests": self.requests, "failures": len(self.failures), "seconds": seconds}


def _document(function_name: str) -> dict[str, Any]:
    """The document the function serves, made in-process: schemathesis needs it when tests are collected
    (before the stack runs); test_the_stack_serves_these_documents shows the stack serves the same."""
    return json.loads(load_handler(function_name).app.get_openapi_json_schema())


DOCUMENTS = {"public": _document("public_api"), "admin": _document("admin_api")}


@pytest.fixture(scope="module")
def owner_token(seeded_stack) -> str:
    return seeded_stack.admin_token(SALON_ID, "owner")


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Iterator[Tally]:
    found = Tally()
    yield found
    # Read by the terminal summary (also from xdist workers, which send user_properties with reports)
    request.node.user_properties.append(("schemathesis", found.summary()))
    if found.failures:
        listed = "\n\n".join(found.failures.values())
        pytest.fail(f"{len(found.failures)} distinct failures:\n\n{listed}", pytrace=False)


def _call_and_validate(case: schemathesis.Case, stack, tally: Tally, headers: dict[str, str]) -> None:
    if "salon_id" in (case.path_parameters or {}) and (case.method == "GET" or DEEP):
        case.path_parameters["salon_id"] = SALON_ID
    tally.requests += 1
    try:
        case.call_and_validate(
            base_url=stack.url, headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT_SECONDS
        )
    except (AssertionError, FailureGroup, requests.RequestException) as failure:
        found = failure.exceptions if isinstance(failure, FailureGroup) else [failure]
        titles = sorted(getattr(each, "title", type(each).__name__) for each in found)
        key = f"{case.method} {case.operation.path}: {', '.join(titles)}"
        tally.failures.setdefault(key, f"{key}\n{failure}")


_BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: failures are collected, not minimized
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
_PHASES = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": DEEP}}})
public_api = schemathesis.openapi.from_dict(DOCUMENTS["public"], config=_PHASES)
admin_api = schemathesis.openapi.from_dict(DOCUMENTS["admin"], config=_PHASES)


@pytest.mark.parametrize("api", DOCUMENTS)
def test_the_stack_serves_these_documents(seeded_stack, api):
    served = requests.get(f"{seeded_stack.url}/{api}/openapi.json", timeout=REQUEST_TIMEOUT_SECONDS)

    assert served.status_code == 200
    assert served.json() == DOCUMENTS[api]


@public_api.parametrize()
@_BOUNDED
def test_the_public_api_answers_as_its_document_says(case, seeded_stack, tally):
    _call_and_validate(case, seeded_stack, tally, headers={})


@admin_api.parametrize()
@_BOUNDED
def test_the_admin_api_answers_an_owner_as_its_document_says(case, seeded_stack, owner_token, tally):
    _call_and_validate(case, seeded_stack, tally, headers={"Authorization": f"Bearer {owner_token}"})


@pytest.mark.skipif(not DEEP, reason="make fuzz only: scenarios of linked calls take minutes")
def test_linked_admin_calls_answer_as_the_document_says(seeded_stack, owner_token):
    # Schemathesis links operations by what one answers and another takes (a created id, then its route)
    class Scenarios(admin_api.as_state_machine()):
        def before_call(self, case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {owner_token}"}
            if "salon_id" in (case.path_parameters or {}):
                case.path_parameters["salon_id"] = SALON_ID

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"base_url": seeded_stack.url, "timeout": REQUEST_TIMEOUT_SECONDS}

        def validate_response(self, response: Any, case: schemathesis.Case, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Scenarios.run(settings=settings(Scenarios.TestCase.settings, max_examples=MAX_EXAMPLES))
