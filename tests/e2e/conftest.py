"""End-to-end tests: the local stack (`python -m infra.local`) as a subprocess, reached over HTTP.

Fixtures:
- `local_stack` (session): the booking platform without the demo seed, on free ports, own data dir.
- `seeded_stack` (session): the same with the demo salon seeded (started only if a test asks for it).
Under pytest-xdist every worker gets its own stacks. Each yields a RunningStack: `.url`, `.moto_url`,
`.data_dir`, `.admin_token(salon_id, role, staff_id=None)`, `.client(service)`, `.restart()`.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from infra.local import auth

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 120  # two shared cores: a cold start under load takes a while
STOP_TIMEOUT_SECONDS = 30


class StackFailed(RuntimeError):
    pass


class RunningStack:
    """One `python -m infra.local` process and what tests need to talk to it."""

    def __init__(self, data_dir: Path, *extra_args: str):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen | None = None
        self.description: dict[str, Any] = {}
        self.log_path = data_dir / "stack.log"

    # ----- what tests use --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.description["api_url"]

    @property
    def moto_url(self) -> str:
        return self.description["moto_url"]

    def resource(self, logical_id: str, stack: str = "parlour") -> str:
        """The local physical name (Ref) of a template resource, e.g. resource("Table")."""
        return self.description["resources"][stack][logical_id]

    @property
    def authorizer(self) -> auth.JwtAuthorizer:
        return auth.JwtAuthorizer("local", self.description["issuer"], (self.description["audience"],))

    def admin_token(self, salon_id: str, role: str, staff_id: str | None = None, **claims: Any) -> str:
        """A staff ID token the gateway accepts; extra keyword arguments override claims (e.g. exp)."""
        signed = auth.id_token_claims(self.authorizer, salon_id=salon_id, role=role, staff_id=staff_id)
        return auth.sign(auth.signing_key(self.data_dir), {**signed, **claims})

    def client(self, service: str) -> Any:
        """A boto3 client for the stack's moto (e.g. to look at tables and queues directly)."""
        return boto3.client(
            service,
            endpoint_url=self.moto_url,
            region_name=self.description["region"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    # ----- lifecycle -------------------------------------------------------------------------------
    def start(self, port: int = 0, moto_port: int = 0) -> None:
        command = [
            sys.executable,
            "-m",
            "infra.local",
            "--port",
            str(port),
            "--moto-port",
            str(moto_port),
            "--data-dir",
            str(self.data_dir),
            "--poll-interval",
            "0.1",
            *self.extra_args,
        ]
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        stack_file = self.data_dir / "stack.json"
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackFailed(
                    f"the local stack exited with {self.process.returncode}:\n{self._log_tail()}"
                )
            if stack_file.exists():
                description = json.loads(stack_file.read_text())
                if description["pid"] == self.process.pid:
                    try:
                        if requests.get(f"{description['api_url']}/_local/health", timeout=5).ok:
                            self.description = description
                            return
                    except requests.ConnectionError:
                        pass
            time.sleep(0.2)
        self.stop()
        raise StackFailed(
            f"the local stack was not healthy within {START_TIMEOUT_SECONDS} s:\n{self._log_tail()}"
        )

    def stop(self) -> int | None:
        """Ctrl-C, as a developer would; the exit code (0 on a clean stop)."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise StackFailed(f"the local stack ignored Ctrl-C:\n{self._log_tail()}") from None

    def restart(self) -> int | None:
        """Stop and start on the same ports and data dir; the exit code of the stop."""
        code = self.stop()
        self.start(self.description["gateway_port"], self.description["moto_port"])
        return code

    def _log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def running_stack(data_dir: Path, *extra_args: str) -> Iterator[RunningStack]:
    stack = RunningStack(data_dir, *extra_args)
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    yield from running_stack(tmp_path_factory.mktemp("local-stack"), "--no-seed")


@pytest.fixture(scope="session")
def seeded_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    yield from running_stack(tmp_path_factory.mktemp("seeded-stack"))


@pytest.fixture(scope="session", autouse=True)
def _no_proxy_for_loopback() -> None:
    # A proxy configured in the environment must not intercept calls to the local stack.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
