"""Idempotency records for retried requests (Powertools), kept in the single table with a TTL."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from parlour.settings import get_settings


def persistence_layer(static_pk_value: str) -> DynamoDBPersistenceLayer:
    """Powertools idempotency records in the single table, under one partition per use."""
    settings = get_settings()
    return DynamoDBPersistenceLayer(
        table_name=settings.table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=static_pk_value,
        expiry_attr="ttl",
        boto3_client=boto3.client("dynamodb", region_name=settings.aws_region),
    )


@lru_cache(maxsize=1)
def _persistence() -> DynamoDBPersistenceLayer:
    return persistence_layer("IDEMPOTENCY")


@lru_cache(maxsize=1)
def _config() -> IdempotencyConfig:
    return IdempotencyConfig(
        event_key_jmespath="[scope, key]",
        # The same key with a different request is a client bug, not a retry: refuse it.
        payload_validation_jmespath="request",
        expires_after_seconds=get_settings().idempotency_ttl_seconds,
    )


def register_lambda_context(context: Any) -> None:
    """Lets an in-progress record expire with the invocation, so a timed-out request can be retried."""
    _config().register_lambda_context(context)


@lru_cache(maxsize=1)
def _once() -> Callable[..., dict[str, Any]]:
    @idempotent_function(data_keyword_argument="call", persistence_store=_persistence(), config=_config())
    def run_once(*, call: dict[str, Any], work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return work()

    return run_once


def run_once(
    scope: str, key: str, request: dict[str, Any], work: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Run `work` once per (scope, key); a retry with the same key and request gets the stored answer.

    Errors are not stored, so a request that failed (for example a lost race) can be retried.
    """
    return _once()(call={"scope": scope, "key": key, "request": request}, work=work)


def reset_cache() -> None:
    _persistence.cache_clear()
    _config.cache_clear()
    _once.cache_clear()
