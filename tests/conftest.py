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
