"""The stacks of the templates, resolved to local names and created in moto.

Resolution is pure (names, ARNs, URLs follow from the logical ids, the region and the local endpoints),
so tools such as the token command can resolve a template without a running stack. Creation then makes
the tables, queues, buckets, buses, rules and state machines in moto and records what moto answered.
"""

import base64
import hashlib
import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra import template as templates

log = logging.getLogger("infra.local.resources")

REGION = "eu-central-1"
ACCOUNT_ID = "123456789012"  # moto's default account
BOOKING_STACK_NAME = "parlour"
NO_VALUE = object()  # AWS::NoValue: the property is left out


class TemplateError(Exception):
    """The template asks for something the local stack cannot provide; the message says what and where."""


@dataclass(frozen=True)
class MissingParameter:
    """A parameter with no local value; an error only when a local resource or function needs it."""

    template: str
    name: str


@dataclass(frozen=True)
class Endpoints:
    moto_url: str
    api_url: str


@dataclass
class FunctionSpec:
    """One AWS::Serverless::Function with Globals merged and every value resolved."""

    stack: str
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str
    timeout_seconds: int
    memory_mb: int
    environment: dict[str, str]
    events: dict[str, dict[str, Any]]  # event name -> {"Type": ..., "Properties": {...resolved}}


@dataclass
class HttpApiSpec:
    stack: str
    logical_id: str
    api_id: str
    properties: dict[str, Any]  # resolved: CorsConfiguration, Auth


def stack_name_for(path: Path) -> str:
    """template.yaml is 'parlour'; infra/shop.yaml 'parlour-shop'; a/probe/template.yaml 'parlour-probe'."""
    if path.resolve() == templates.BOOKING_TEMPLATE:
        return BOOKING_STACK_NAME
    return f"parlour-{path.resolve().parent.name if path.stem == 'template' else path.stem}"


def default_template_paths() -> list[Path]:
    return [templates.BOOKING_TEMPLATE, *sorted(templates.ROOT.glob("infra/*.yaml"))]


def _short_id(*parts: str, length: int = 10) -> str:
    """A stable id shaped like AWS's lowercase alphanumeric ids (API ids, client ids)."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


class Stack:
    """One template with its parameters, conditions and the local physical values of its resources."""

    def __init__(self, world: "World", path: Path, parameters: dict[str, Any]):
        self.world = world
        self.path = path
        self.name = stack_name_for(path)
        self.template = templates.load(path)
        self.parameters = parameters
        self._conditions: dict[str, bool] = {}
        self.actual: dict[str, dict[str, str]] = {}  # logical id -> attributes moto answered with

    # ----- resources -------------------------------------------------------------------------------
    def resources(self, *types: str) -> dict[str, dict[str, Any]]:
        """Logical id -> resource of the given types whose Condition holds."""
        return {
            logical_id: resource
            for logical_id, resource in self.template.get("Resources", {}).items()
            if (not types or resource["Type"] in types)
            and ("Condition" not in resource or self.condition(resource["Condition"]))
        }

    def resource(self, logical_id: str) -> dict[str, Any]:
        try:
            return self.template["Resources"][logical_id]
        except KeyError:
            raise TemplateError(f"{self.path.name}: no resource {logical_id}") from None

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = bool(self.resolve(self.template.get("Conditions", {})[name]))
        return self._conditions[name]

    # ----- physical values -------------------------------------------------------------------------
    def _named(self, props: dict[str, Any], key: str, default: str) -> str:
        return str(self.resolve(props[key])) if key in props else default

    def attributes(self, logical_id: str) -> dict[str, str]:
        """The local values of Ref and GetAtt for one resource."""
        resource = self.resource(logical_id)
        kind, props = resource["Type"], resource.get("Properties", {})
        region, account, default = REGION, ACCOUNT_ID, f"{self.name}-{logical_id}"
        values: dict[str, str]
        if kind == "AWS::DynamoDB::Table":
            name = self._named(props, "TableName", default)
            values = {"Ref": name, "Arn": f"arn:aws:dynamodb:{region}:{account}:table/{name}"}
        elif kind == "AWS::SQS::Queue":
            name = self._named(props, "QueueName", default)
            if self.resolve(props.get("FifoQueue", False)) in (True, "true") and not name.endswith(".fifo"):
                name += ".fifo"
            url = f"{self.world.endpoints.moto_url}/{account}/{name}"
            values = {
                "Ref": url,
                "QueueUrl": url,
                "QueueName": name,
                "Arn": f"arn:aws:sqs:{region}:{account}:{name}",
            }
        elif kind == "AWS::S3::Bucket":
            name = re.sub(r"[^a-z0-9.-]", "-", self._named(props, "BucketName", default).lower())[:63]
            values = {
                "Ref": name,
                "Arn": f"arn:aws:s3:::{name}",
                "DomainName": f"{name}.s3.amazonaws.com",
                "RegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
                "WebsiteURL": f"http://{name}.s3-website.{region}.amazonaws.com",
            }
        elif kind == "AWS::Events::EventBus":
            name = self._named(props, "Name", default)
            values = {"Ref": name, "Name": name, "Arn": f"arn:aws:events:{region}:{account}:event-bus/{name}"}
        elif kind == "AWS::Events::Rule":
            name = self._named(props, "Name", default)
            bus = self._named(props, "EventBusName", "default").split("/")[-1]
            path = name if bus == "default" else f"{bus}/{name}"
            values = {"Ref": name, "Arn": f"arn:aws:events:{region}:{account}:rule/{path}"}
        elif kind in ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"):
            name = self._named(
                props, "Name" if kind.startswith("AWS::Serverless") else "StateMachineName", default
            )
            arn = f"arn:aws:states:{region}:{account}:stateMachine:{name}"
            values = {"Ref": arn, "Arn": arn, "Name": name}
        elif kind in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            name = self._named(props, "FunctionName", default)
            values = {"Ref": name, "Arn": f"arn:aws:lambda:{region}:{account}:function:{name}"}
        elif kind in ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"):
            api_id = _short_id(self.name, logical_id)
            values = {"Ref": api_id, "ApiEndpoint": self.world.endpoints.api_url}
        elif kind == "AWS::Cognito::UserPool":
            pool_id = f"{region}_{logical_id}"
            provider = f"cognito-idp.{region}.amazonaws.com/{pool_id}"
            values = {
                "Ref": pool_id,
                "Arn": f"arn:aws:cognito-idp:{region}:{account}:userpool/{pool_id}",
                "ProviderName": provider,
                "ProviderURL": f"https://{provider}",
            }
        elif kind == "AWS::Cognito::UserPoolClient":
            values = {"Ref": _short_id(self.name, logical_id, length=26), "Name": default}
        elif kind == "AWS::Serverless::LayerVersion":
            name = self._named(props, "LayerName", default)
            values = {"Ref": f"arn:aws:lambda:{region}:{account}:layer:{name}:1"}
        elif kind == "AWS::SNS::Topic":
            name = self._named(props, "TopicName", default)
            arn = f"arn:aws:sns:{region}:{account}:{name}"
            values = {"Ref": arn, "TopicArn": arn, "TopicName": name}
        else:
            values = {"Ref": default}
        return {**values, **self.actual.get(logical_id, {})}

    # ----- intrinsic functions ---------------------------------------------------------------------
    def pseudo(self, name: str) -> Any:
        return {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::StackName": self.name,
            "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{self.name}/local",
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
        }.get(name)

    def ref(self, name: str) -> Any:
        if name.startswith("AWS::"):
            value = self.pseudo(name)
            if value is None:
                raise TemplateError(f"{self.path.name}: unknown pseudo parameter {name}")
            return value
        if name in self.parameters:
            value = self.parameters[name]
            if isinstance(value, MissingParameter):
                raise TemplateError(
                    f"{value.template}: parameter {name} needs a local value (--parameter {name}=...)"
                )
            return value
        return (
            self.attributes(name)["Ref"]
            if name in self.template.get("Resources", {})
            else self._missing(name)
        )

    def get_att(self, logical_id: str, attribute: str) -> str:
        values = self.attributes(logical_id)
        if attribute not in values:
            raise TemplateError(
                f"{self.path.name}: {logical_id}.{attribute} ({self.resource(logical_id)['Type']}) "
                "has no local value"
            )
        return values[attribute]

    def _missing(self, name: str) -> Any:
        raise TemplateError(f"{self.path.name}: Ref to unknown parameter or resource {name}")

    def _sub(self, text: str, variables: dict[str, Any]) -> str:
        def replace(match: re.Match) -> str:
            expression = match.group(1)
            if expression.startswith("!"):
                return "${" + expression[1:] + "}"  # ${!Literal} stays literal
            if expression in variables:
                return str(variables[expression])
            if "." in expression and not expression.startswith("AWS::"):
                logical_id, attribute = expression.split(".", 1)
                return str(self.get_att(logical_id, attribute))
            return str(self.ref(expression))

        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def resolve(self, value: Any) -> Any:
        """The value with every intrinsic function (short or long form) evaluated."""
        if isinstance(value, templates.Tagged):
            tag = value.tag if value.tag in ("Ref", "Condition") else f"Fn::{value.tag}"
            return self.resolve({tag: value.value})
        if isinstance(value, list):
            items = [self.resolve(item) for item in value]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            function = _INTRINSICS.get(key)
            if function is not None:
                return function(self, argument)
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not NO_VALUE}

    def outputs(self) -> dict[str, Any]:
        return {name: output for name, output in self.template.get("Outputs", {}).items()}


def _fn_get_att(stack: Stack, argument: Any) -> str:
    argument = stack.resolve(argument)
    logical_id, attribute = argument.split(".", 1) if isinstance(argument, str) else argument
    return stack.get_att(logical_id, attribute)


def _fn_sub(stack: Stack, argument: Any) -> str:
    if isinstance(argument, list):
        text, variables = argument[0], stack.resolve(argument[1])
    else:
        text, variables = argument, {}
    return stack._sub(text, variables)


def _fn_if(stack: Stack, argument: list) -> Any:
    name, when_true, when_false = argument
    return stack.resolve(when_true if stack.condition(name) else when_false)


def _fn_find_in_map(stack: Stack, argument: list) -> Any:
    map_name, top, second = (stack.resolve(part) for part in argument)
    return stack.template["Mappings"][map_name][top][second]


def _fn_select(stack: Stack, argument: list) -> Any:
    index, items = stack.resolve(argument[0]), stack.resolve(argument[1])
    return items[int(index)]


_INTRINSICS: dict[str, Any] = {
    "Ref": lambda stack, name: stack.ref(stack.resolve(name)),
    "Condition": lambda stack, name: stack.condition(name),
    "Fn::GetAtt": _fn_get_att,
    "Fn::Sub": _fn_sub,
    "Fn::If": _fn_if,
    "Fn::FindInMap": _fn_find_in_map,
    "Fn::Select": _fn_select,
    "Fn::Join": lambda stack, arg: str(stack.resolve(arg[0])).join(str(x) for x in stack.resolve(arg[1])),
    "Fn::Split": lambda stack, arg: str(stack.resolve(arg[1])).split(stack.resolve(arg[0])),
    "Fn::Equals": lambda stack, arg: str(stack.resolve(arg[0])) == str(stack.resolve(arg[1])),
    "Fn::Not": lambda stack, arg: not stack.resolve(arg[0]),
    "Fn::And": lambda stack, arg: all(stack.resolve(item) for item in arg),
    "Fn::Or": lambda stack, arg: any(stack.resolve(item) for item in arg),
    "Fn::Base64": lambda stack, arg: base64.b64encode(str(stack.resolve(arg)).encode()).decode(),
    "Fn::GetAZs": lambda stack, arg: [f"{REGION}a", f"{REGION}b", f"{REGION}c"],
    "Fn::ImportValue": lambda stack, arg: stack.world.import_value(stack.resolve(arg)),
}


# ----- parameters ----------------------------------------------------------------------------------
def local_parameters(
    path: Path, data_dir: Path, overrides: dict[str, str], local_defaults: dict[str, str]
) -> dict[str, Any]:
    """Local values of a template's parameters.

    Order: --parameter overrides, then values kept in the data dir, then the runner's local defaults
    (e.g. PublicWebUrl -> this gateway), then the template's Default; a NoEcho parameter without a default
    gets a random secret, generated once and kept in <data-dir>/parameters.json.
    """
    stack = stack_name_for(path)
    kept_file = data_dir / "parameters.json"
    kept: dict[str, dict[str, str]] = json.loads(kept_file.read_text()) if kept_file.exists() else {}
    values: dict[str, Any] = {}
    for name, spec in templates.load(path).get("Parameters", {}).items():
        if name in overrides:
            value: Any = overrides[name]
        elif name in kept.get(stack, {}):
            value = kept[stack][name]
        elif name in local_defaults:
            value = local_defaults[name]
        elif "Default" in spec:
            value = spec["Default"]
        elif spec.get("NoEcho"):
            value = secrets.token_urlsafe(48)
            kept.setdefault(stack, {})[name] = value
            data_dir.mkdir(parents=True, exist_ok=True)
            kept_file.write_text(json.dumps(kept, indent=2))
            kept_file.chmod(0o600)
        else:
            value = MissingParameter(path.name, name)  # fails only if something local uses it
        if spec.get("Type") == "CommaDelimitedList" and isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        values[name] = value
    return values


# ----- the world of stacks -------------------------------------------------------------------------
@dataclass
class World:
    endpoints: Endpoints
    stacks: list[Stack] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        paths: list[Path],
        endpoints: Endpoints,
        data_dir: Path,
        overrides: dict[str, str] | None = None,
        local_defaults: dict[str, str] | None = None,
    ) -> "World":
        world = cls(endpoints)
        for path in paths:
            parameters = local_parameters(path, data_dir, overrides or {}, local_defaults or {})
            world.stacks.append(Stack(world, path, parameters))
        return world

    def stack(self, name: str) -> Stack:
        return next(stack for stack in self.stacks if stack.name == name)

    def import_value(self, export_name: str) -> Any:
        for stack in self.stacks:
            for output in stack.outputs().values():
                if "Export" in output and stack.resolve(output["Export"]["Name"]) == export_name:
                    return stack.resolve(output["Value"])
        raise TemplateError(f"no stack exports {export_name}")

    # ----- functions and APIs ----------------------------------------------------------------------
    def functions(self) -> list[FunctionSpec]:
        specs = []
        for stack in self.stacks:
            globals_ = stack.template.get("Globals", {}).get("Function", {})
            for logical_id, resource in stack.resources("AWS::Serverless::Function").items():
                props = _merge_globals(globals_, resource.get("Properties", {}))
                if "CodeUri" not in props or not isinstance(props["CodeUri"], str):
                    raise TemplateError(f"{stack.path.name}: {logical_id} needs a local CodeUri folder")
                attributes = stack.attributes(logical_id)
                variables = props.get("Environment", {}).get("Variables", {})
                specs.append(
                    FunctionSpec(
                        stack=stack.name,
                        logical_id=logical_id,
                        name=attributes["Ref"],
                        arn=attributes["Arn"],
                        code_dir=(stack.path.parent / props["CodeUri"]).resolve(),
                        handler=str(stack.resolve(props["Handler"])),
                        timeout_seconds=int(stack.resolve(props.get("Timeout", 3))),
                        memory_mb=int(stack.resolve(props.get("MemorySize", 128))),
                        environment={
                            key: _env_text(stack.resolve(value)) for key, value in variables.items()
                        },
                        events={
                            event_name: {
                                "Type": event["Type"],
                                "Properties": stack.resolve(event.get("Properties", {})),
                            }
                            for event_name, event in props.get("Events", {}).items()
                        },
                    )
                )
        return specs

    def http_apis(self) -> list[HttpApiSpec]:
        apis = []
        for stack in self.stacks:
            for logical_id, resource in stack.resources("AWS::Serverless::HttpApi").items():
                properties = stack.resolve(resource.get("Properties", {}))
                apis.append(
                    HttpApiSpec(stack.name, logical_id, stack.attributes(logical_id)["Ref"], properties)
                )
            uses_implicit_api = any(
                event["Type"] == "HttpApi" and "ApiId" not in event.get("Properties", {})
                for resource in stack.resources("AWS::Serverless::Function").values()
                for event in resource.get("Properties", {}).get("Events", {}).values()
            )
            if uses_implicit_api:  # SAM's ServerlessHttpApi, configured by Globals.HttpApi
                properties = stack.resolve(stack.template.get("Globals", {}).get("HttpApi", {}))
                apis.append(
                    HttpApiSpec(
                        stack.name, "ServerlessHttpApi", _short_id(stack.name, "implicit"), properties
                    )
                )
        return apis


def _merge_globals(globals_: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """SAM's Globals rules: maps merge (the function wins), lists concatenate, scalars are overridden."""
    merged = dict(globals_)
    for key, value in properties.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge_globals(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = [*merged[key], *value]
        else:
            merged[key] = value
    return merged


def _env_text(value: Any) -> str:
    """Lambda environment values are strings; CloudFormation turns booleans and numbers into text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


# ----- creation in moto ----------------------------------------------------------------------------
CREATED_TYPES = (
    "AWS::DynamoDB::Table",
    "AWS::SQS::Queue",
    "AWS::S3::Bucket",
    "AWS::Events::EventBus",
    "AWS::Serverless::StateMachine",
    "AWS::StepFunctions::StateMachine",
)
# Served by the runner itself (gateway, authorizer, in-process handlers) or of no use locally.
SERVED_TYPES = (
    "AWS::Serverless::Function",
    "AWS::Serverless::HttpApi",
    "AWS::Serverless::LayerVersion",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Events::Rule",  # created with the pollers, which deliver to in-process targets
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::Lambda::Permission",
    "AWS::Logs::LogGroup",
)
# Long polls would hold the serialization lock for their whole wait: local queues answer at once.
_SQS_LOCAL_SKIPPED_ATTRIBUTES = {
    "ReceiveMessageWaitTimeSeconds",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
}


def create_resources(world: World, clients: Any) -> None:
    """Create every supported resource of every stack in moto; clients(service) gives a boto3 client."""
    for stack in world.stacks:
        for logical_id, resource in stack.resources().items():
            if resource["Type"] not in CREATED_TYPES + SERVED_TYPES:
                log.info("%s: %s (%s) is not emulated locally", stack.path.name, logical_id, resource["Type"])
        _create_tables(stack, clients("dynamodb"))
        _create_queues(stack, clients("sqs"))
        _create_buckets(stack, clients("s3"))
        for logical_id in stack.resources("AWS::Events::EventBus"):
            clients("events").create_event_bus(Name=stack.attributes(logical_id)["Name"])
        _create_state_machines(stack, clients("stepfunctions"))


def _create_tables(stack: Stack, dynamodb: Any) -> None:
    for logical_id, resource in stack.resources("AWS::DynamoDB::Table").items():
        properties = stack.resolve(resource.get("Properties", {}))
        name = stack.attributes(logical_id)["Ref"]
        description = dynamodb.create_table(**templates.dynamodb_table_kwargs(properties, name))[
            "TableDescription"
        ]
        ttl = properties.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled") in (True, "true"):
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
            )
        if "LatestStreamArn" in description:
            stack.actual.setdefault(logical_id, {})["StreamArn"] = description["LatestStreamArn"]


def _create_queues(stack: Stack, sqs: Any) -> None:
    queues = stack.resources("AWS::SQS::Queue")
    # Dead-letter queues first: a redrive policy must name an existing queue.
    ordered = sorted(
        queues, key=lambda logical_id: "RedrivePolicy" in queues[logical_id].get("Properties", {})
    )
    for logical_id in ordered:
        properties = stack.resolve(queues[logical_id].get("Properties", {}))
        attributes = {
            key: json.dumps(value) if isinstance(value, dict) else _env_text(value)
            for key, value in properties.items()
            if key not in ("QueueName", "Tags", *_SQS_LOCAL_SKIPPED_ATTRIBUTES)
        }
        expected = stack.attributes(logical_id)
        url = sqs.create_queue(QueueName=expected["QueueName"], Attributes=attributes)["QueueUrl"]
        if url != expected["QueueUrl"]:
            raise TemplateError(f"moto named queue {logical_id} {url}, not {expected['QueueUrl']}")


def _create_buckets(stack: Stack, s3: Any) -> None:
    for logical_id in stack.resources("AWS::S3::Bucket"):
        s3.create_bucket(
            Bucket=stack.attributes(logical_id)["Ref"],
            CreateBucketConfiguration={"LocationConstraint": REGION},
        )


def _substitute(value: Any, substitutions: dict[str, Any]) -> Any:
    """SAM's DefinitionSubstitutions: ${Name} placeholders in the definition's strings."""
    if isinstance(value, str):
        return re.sub(
            r"\$\{([^}]+)\}",
            lambda match: str(substitutions.get(match.group(1), match.group(0))),
            value,
        )
    if isinstance(value, list):
        return [_substitute(item, substitutions) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, substitutions) for key, item in value.items()}
    return value


def state_machine_definition(stack: Stack, properties: dict[str, Any]) -> dict[str, Any]:
    if "DefinitionUri" in properties:
        uri = properties["DefinitionUri"]
        if not isinstance(uri, str):
            raise TemplateError(f"{stack.path.name}: DefinitionUri must be a local file for the local stack")
        definition = json.loads((stack.path.parent / uri).read_text())
    elif "DefinitionString" in properties:
        definition = json.loads(stack.resolve(properties["DefinitionString"]))
    elif "Definition" in properties:
        definition = stack.resolve(properties["Definition"])
    else:
        raise TemplateError(f"{stack.path.name}: a state machine needs a definition")
    return _substitute(definition, stack.resolve(properties.get("DefinitionSubstitutions", {})))


def _create_state_machines(stack: Stack, stepfunctions: Any) -> None:
    for logical_id, resource in stack.resources(
        "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"
    ).items():
        properties = resource.get("Properties", {})
        attributes = stack.attributes(logical_id)
        role = properties.get("Role") or properties.get("RoleArn")
        answer = stepfunctions.create_state_machine(
            name=attributes["Name"],
            definition=json.dumps(state_machine_definition(stack, properties)),
            roleArn=stack.resolve(role)
            if role
            else f"arn:aws:iam::{ACCOUNT_ID}:role/{attributes['Name']}-role",
            type=str(stack.resolve(properties.get("Type", properties.get("StateMachineType", "STANDARD")))),
        )
        if answer["stateMachineArn"] != attributes["Arn"]:
            raise TemplateError(f"moto gave {logical_id} the ARN {answer['stateMachineArn']}")
        if properties.get("Events"):
            log.info("%s: events of state machine %s are not emulated locally", stack.path.name, logical_id)
