"""The single DynamoDB table, reached through one cached boto3 resource.

The endpoint comes from boto3's own AWS_ENDPOINT_URL settings, so the same code runs on AWS,
on the local stack and under moto.
"""

from functools import lru_cache
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from parlour.settings import get_settings


@lru_cache(maxsize=1)
def table() -> Any:
    settings = get_settings()
    return boto3.resource("dynamodb", region_name=settings.aws_region).Table(settings.table_name)


def client() -> Any:
    """The resource's client: accepts and returns plain Python values (transactions, batch reads)."""
    return table().meta.client


def reset_cache() -> None:
    """Forget the cached resource (tests switch endpoints and tables between cases)."""
    table.cache_clear()
    get_settings.cache_clear()


_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def from_stream_image(image: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB stream image (typed JSON) as plain Python values."""
    return {name: _deserializer.deserialize(value) for name, value in image.items()}


def to_stream_image(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in item.items()}
