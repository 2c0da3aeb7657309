"""Template checks, offline: SAM transform first (cfn-lint alone misses SAM errors), then cfn-lint.

Also checks that every CodeUri/ContentUri/DefinitionUri exists and every Handler imports.
Run by `make lint`; tests/unit/test_templates.py asserts the same.
"""

import copy
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from cfnlint.api import ManualArgs, lint
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[1]
REGION = "eu-central-1"
_LOCAL_URI_KEYS = ("CodeUri", "ContentUri", "DefinitionUri")
# Values for parameters without a default, so the transform can run.
_SAMPLE_PARAMETERS = {"ManageTokenSecret": "x" * 32}


class _NoManagedPolicies:
    """The translator asks IAM for managed policy ARNs; offline we know none and use policy templates."""

    def load(self) -> dict[str, str]:
        return {}


def templates() -> list[Path]:
    """The booking stack and every other stack in infra/."""
    return [ROOT / "template.yaml", *sorted((ROOT / "infra").glob("*.yaml"))]


def local_paths(template: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(logical id, property, path) for every local code or definition path of a template."""
    found = []
    for logical_id, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {}) or {}
        for key in _LOCAL_URI_KEYS:
            if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                found.append((logical_id, key, properties[key]))
    return found


def missing_paths(path: Path) -> list[str]:
    template = yaml_parse(path.read_text())
    return [
        f"{path.name}: {logical_id}.{key} {value} does not exist"
        for logical_id, key, value in local_paths(template)
        if not (path.parent / value).exists()
    ]


def transformed(path: Path) -> dict[str, Any]:
    """The template as CloudFormation sees it after `sam package` and the SAM transform."""
    template = yaml_parse(path.read_text())
    packaged = copy.deepcopy(template)
    for logical_id, key, value in local_paths(template):
        packaged["Resources"][logical_id]["Properties"][key] = f"s3://parlour-artifacts/{value}"
    if "Transform" not in packaged:
        return packaged
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    return transform(packaged, dict(_SAMPLE_PARAMETERS), _NoManagedPolicies())


def lint_problems(path: Path) -> list[str]:
    matches = lint(json.dumps(transformed(path)), config=ManualArgs(regions=[REGION]))
    return [f"{path.name}: {match}" for match in matches]


def handler_problems(path: Path) -> list[str]:
    """Import every function's handler module from its CodeUri, as Lambda would."""
    template = yaml_parse(path.read_text())
    globals_ = template.get("Globals", {}).get("Function", {})
    problems = []
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource["Properties"]
        handler = properties.get("Handler", globals_.get("Handler"))
        code_dir = path.parent / properties["CodeUri"]
        module_name, _, function_name = handler.rpartition(".")
        module_file = code_dir / (module_name.replace(".", "/") + ".py")
        if not module_file.exists():
            problems.append(f"{path.name}: {logical_id} handler file {module_file.name} is missing")
            continue
        sys.path.insert(0, str(code_dir))
        try:
            spec = importlib.util.spec_from_file_location(f"_check_{logical_id}", module_file)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            if not callable(getattr(module, function_name, None)):
                problems.append(f"{path.name}: {logical_id} handler {handler} is not a function")
        except Exception as error:  # any import failure is the finding we report
            problems.append(f"{path.name}: {logical_id} handler {handler} does not import: {error!r}")
        finally:
            sys.path.remove(str(code_dir))
    return problems


def main() -> int:
    problems = []
    for path in templates():
        problems += missing_paths(path) + lint_problems(path) + handler_problems(path)
    for problem in problems:
        print(problem)
    print(f"template checks: {len(templates())} templates, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
