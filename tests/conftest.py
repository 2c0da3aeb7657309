"""Shared test set-up: a region and fake credentials so no test can reach a real AWS account.

How tests choose time (they pass at any hour and on any date):
- An instant a booking must fit is a wall-clock time inside the salon's opening hours on a day computed
  from today in the salon's zone: `local_instant(local_day(2), "10:00")` from tests/builders.py (the small
  salons open 09:00-18:00 every day), never "now + 1 h", which lands at night for part of each day.
- What is about now by nature (a reminder a few seconds away, a visit that ended an hour ago) is relative
  to the real clock, booked at the desk with `override` (opening hours do not apply), with quiet hours off
  or placed around the current local hour by the test itself.
- Pure functions take `now` as an argument; tests pass fixed instants, DST days included.
- No test asserts a wall-clock time it did not choose.
To check: `tests/faketime/run-at '2026-12-31 23:30' .venv/bin/python -m pytest tests/unit tests/integration`
runs the suite as if it were that UTC instant (Debian's faketime).
"""

import os
from collections import Counter, defaultdict
from typing import Any

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")
os.environ.setdefault("AWS_REGION", "eu-central-1")
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_SESSION_TOKEN"] = "testing"
os.environ.pop("AWS_PROFILE", None)
# In-process moto needs this, or boto3 builds account-specific DynamoDB endpoints it cannot intercept.
os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Parlour")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "parlour-tests")
os.environ.setdefault("POWERTOOLS_DEV", "false")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per schemathesis test (tests/e2e/test_openapi_conformance.py), so CI shows what it sent.

    Here rather than in tests/e2e/conftest.py: under xdist the controller loads only this conftest."""
    totals: dict[str, Counter] = defaultdict(Counter)
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, run in getattr(report, "user_properties", ()):
                if name == "schemathesis":
                    test = report.nodeid.split("::")[-1].split("[")[0]
                    totals[test].update({**run, "operations": 1})
    for test, total in sorted(totals.items()):
        terminalreporter.write_line(
            f"schemathesis: {total['requests']} requests over {total['operations']} operations, "
            f"{total['failures']} failures, {total['seconds']} s ({test})"
        )
