"""Shared test set-up: a region and fake credentials so no test can reach a real AWS account."""

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
