"""The functions of the templates, run in this process like Lambda runs them.

Each function gets execution environments ("instances"): its handler module loaded from its CodeUri
folder, serving one invocation at a time, like a Lambda sandbox. Concurrent invocations use more
instances, up to a limit, because one instance is not safe for two requests at once (Powertools'
resolver keeps the current event on the app). An instance is a separate load of the function's own
modules (app.py and its siblings); the `parlour` package and libraries are shared by all.
"""

import base64
import contextlib
import importlib.util
import json
import logging
import os
import queue
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from infra.local.resources import FunctionSpec

log = logging.getLogger("infra.local.lambdas")

_load_lock = threading.Lock()  # sys.path and sys.modules are process-wide while a handler loads


class ConfigurationError(Exception):
    """The functions cannot share one process as configured (e.g. conflicting environment values)."""


class HandlerError(Exception):
    """The handler raised: Lambda reports an Unhandled function error."""

    def __init__(self, function: str, error: BaseException):
        super().__init__(f"{function}: {type(error).__name__}: {error}")
        self.error = error


@dataclass
class LambdaContext:
    """What the Python runtime passes as `context` (memory_limit_in_mb is text there too)."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: str
    timeout_seconds: int
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    identity: Any = None
    client_context: Any = None
    tenant_id: str | None = None
    log_group_name: str = ""
    log_stream_name: str = ""
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        today = datetime.now(UTC).strftime("%Y/%m/%d")
        self.log_stream_name = f"{today}/[{self.function_version}]{uuid.uuid4().hex}"
        self._deadline = time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def function_environment(specs: list[FunctionSpec], moto_url: str, region: str) -> dict[str, str]:
    """The one process environment all functions share: fails if two functions need different values."""
    merged: dict[str, str] = {}
    owner: dict[str, str] = {}
    for spec in specs:
        for name, value in spec.environment.items():
            if name in merged and merged[name] != value:
                raise ConfigurationError(
                    f"{spec.logical_id} sets {name}={value!r} but {owner[name]} sets {merged[name]!r}: "
                    "functions run in one process locally, so give them distinct variable names"
                )
            merged[name], owner[name] = value, spec.logical_id
    return {
        **merged,
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }


def apply_environment(environment: dict[str, str]) -> None:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(environment)


def _load_instance(spec: FunctionSpec, instance: int) -> Any:
    """Load the handler from its file with the function's folder first on sys.path.

    The function's sibling modules are imported as top-level modules (as in Lambda); they are taken
    out of sys.modules afterwards so the next instance gets its own copies. A module of the same name
    loaded from elsewhere (say a library's top-level `models`) is set aside meanwhile, so the handler's
    `import models` finds its own file, as it would in its own sandbox.
    """
    module_path, _, attribute = spec.handler.rpartition(".")
    source = spec.code_dir / (module_path.replace(".", "/") + ".py")
    if not source.is_file():
        raise ConfigurationError(f"{spec.logical_id}: handler file {source} does not exist")
    folder = str(spec.code_dir)
    own_names = {path.stem for path in spec.code_dir.glob("*.py")} | {
        path.parent.name for path in spec.code_dir.glob("*/__init__.py")
    }
    with _load_lock:
        set_aside = {name: sys.modules.pop(name) for name in own_names if name in sys.modules}
        sys.path.insert(0, folder)
        try:
            name = f"_local_lambda_{spec.stack}_{spec.logical_id}_{instance}".replace("-", "_")
            module_spec = importlib.util.spec_from_file_location(name, source)
            assert module_spec is not None and module_spec.loader is not None
            module: ModuleType = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
        finally:
            sys.path.remove(folder)
            for loaded_name, loaded in list(sys.modules.items()):
                if _is_inside(getattr(loaded, "__file__", None), spec.code_dir) and loaded_name != name:
                    del sys.modules[loaded_name]
            sys.modules.update(set_aside)
    handler = getattr(module, attribute, None)
    if not callable(handler):
        raise ConfigurationError(f"{spec.logical_id}: {source} has no callable {attribute}")
    return handler


def _is_inside(file: str | None, folder: Path) -> bool:
    return file is not None and Path(file).resolve().is_relative_to(folder)


class LocalFunction:
    """One function and its pool of instances."""

    def __init__(self, spec: FunctionSpec, max_instances: int):
        self.spec = spec
        self.max_instances = max_instances
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load one instance now, so import errors show at start and not on the first request."""
        self._idle.put(self._new_instance())

    def _new_instance(self) -> Any:
        with self._lock:
            number = self._created
            self._created += 1
        log.debug("%s: starting instance %d", self.spec.name, number)
        return _load_instance(self.spec, number)

    def _acquire(self) -> Any:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            may_create = self._created < self.max_instances
        return self._new_instance() if may_create else self._idle.get()

    def invoke(self, event: Any) -> Any:
        """Run the handler on one instance; raises HandlerError when the handler raises."""
        handler = self._acquire()
        context = LambdaContext(
            function_name=self.spec.name,
            invoked_function_arn=self.spec.arn,
            memory_limit_in_mb=str(self.spec.memory_mb),
            timeout_seconds=self.spec.timeout_seconds,
        )
        try:
            return handler(event, context)
        except Exception as error:
            log.error("%s failed:\n%s", self.spec.name, traceback.format_exc())
            raise HandlerError(self.spec.name, error) from error
        finally:
            self._idle.put(handler)


class Functions:
    """All functions by name and by ARN."""

    def __init__(self, specs: list[FunctionSpec], max_instances: int = 4):
        self.by_name = {spec.name: LocalFunction(spec, max_instances) for spec in specs}
        self.by_logical_id = {(spec.stack, spec.logical_id): self.by_name[spec.name] for spec in specs}

    def warm_up(self) -> None:
        for function in self.by_name.values():
            function.warm_up()

    def find(self, name_or_arn: str) -> LocalFunction | None:
        """Lambda accepts a name, a full ARN or a partial ARN, optionally with a qualifier."""
        parts = name_or_arn.split(":")
        name = parts[parts.index("function") + 1] if "function" in parts else parts[0]
        return self.by_name.get(name)

    def invoke_api(self, name_or_arn: str, payload: bytes, invocation_type: str) -> tuple[int, dict, bytes]:
        """Lambda's Invoke API for moto's server: Step Functions Lambda tasks end up here."""
        function = self.find(name_or_arn)
        if function is None:
            body = {"Type": "User", "Message": f"Function not found: {name_or_arn}"}
            return 404, {"X-Amzn-ErrorType": "ResourceNotFoundException"}, json.dumps(body).encode()
        event = json.loads(payload) if payload else {}
        if invocation_type == "Event":
            threading.Thread(target=_invoke_quietly, args=(function, event), daemon=True).start()
            return 202, {}, b""
        if invocation_type == "DryRun":
            return 204, {}, b""
        headers = {"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST"}
        try:
            result = function.invoke(event)
        except HandlerError as failure:
            error = failure.error
            body = {
                "errorMessage": str(error),
                "errorType": type(error).__name__,
                "requestId": "",
                "stackTrace": traceback.format_tb(error.__traceback__),
            }
            return 200, {**headers, "X-Amz-Function-Error": "Unhandled"}, json.dumps(body).encode()
        return 200, headers, json.dumps(result, default=_json_default).encode()


def _invoke_quietly(function: LocalFunction, event: Any) -> None:
    # Already logged by invoke(); an asynchronous invocation has no caller to tell.
    with contextlib.suppress(HandlerError):
        function.invoke(event)


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
