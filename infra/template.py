"""Reads the CloudFormation/SAM templates: the single source of wiring for the local stack and tests."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOKING_TEMPLATE = ROOT / "template.yaml"


@dataclass(frozen=True)
class Tagged:
    """An intrinsic function written in short form (!Ref X, !Sub ..., !GetAtt A.B)."""

    tag: str
    value: Any


class _TemplateLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.Loader, tag_suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(tag_suffix, value)


_TemplateLoader.add_multi_constructor("!", _construct_tagged)


@cache
def load(path: Path = BOOKING_TEMPLATE) -> dict[str, Any]:
    return yaml.load(path.read_text(), Loader=_TemplateLoader)  # a SafeLoader subclass: no arbitrary objects


def resources(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    """Logical id -> Properties of every resource of one type."""
    return {
        logical_id: resource.get("Properties", {})
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


def dynamodb_table_kwargs(properties: dict[str, Any], table_name: str) -> dict[str, Any]:
    """boto3 create_table arguments for an AWS::DynamoDB::Table's properties."""
    kwargs: dict[str, Any] = {
        "TableName": table_name,
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    for indexes in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if indexes in properties:
            kwargs[indexes] = properties[indexes]
    if "StreamSpecification" in properties:
        kwargs["StreamSpecification"] = {"StreamEnabled": True, **properties["StreamSpecification"]}
    return kwargs


def create_tables(dynamodb_client: Any, template: dict[str, Any], name_of: dict[str, str]) -> None:
    """Create every table of the template, named by name_of[logical id], with TTL as declared."""
    for logical_id, properties in resources(template, "AWS::DynamoDB::Table").items():
        name = name_of[logical_id]
        dynamodb_client.create_table(**dynamodb_table_kwargs(properties, name))
        ttl = properties.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            dynamodb_client.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
            )
