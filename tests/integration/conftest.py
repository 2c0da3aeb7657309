"""Integration tests: the real handlers and data access against in-process moto, tables from template.yaml."""

import os

import boto3
import pytest
from moto import mock_aws

from infra import template
from parlour.store import idempotency
from parlour.store import table as store_table

TABLE_NAME = "parlour-test"


@pytest.fixture
def aws():
    """A fresh in-process AWS with the booking stack's tables created from template.yaml."""
    os.environ["TABLE_NAME"] = TABLE_NAME
    with mock_aws():
        store_table.reset_cache()
        idempotency.reset_cache()
        template.create_tables(boto3.client("dynamodb"), template.load(), {"Table": TABLE_NAME})
        yield
    store_table.reset_cache()
