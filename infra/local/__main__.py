"""`python -m infra.local` (make run): the whole platform on 127.0.0.1, no AWS account, no Docker.

moto's server stands in for AWS; the templates say what to create and which handler serves what; the
gateway serves the HTTP routes and web/; pollers feed streams, queues, schedules and rules to the
handlers; the tables are snapshotted to the data dir and restored on the next start.
"""

import argparse
import faulthandler
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra import template as templates
from infra.local import auth
from infra.local.gateway import Gateway, GatewayServer, build_routes, default_authorizer
from infra.local.housekeeping import MotoHousekeeping
from infra.local.lambdas import Functions, apply_environment, function_environment
from infra.local.moto_server import MotoServer, client_factory
from infra.local.persistence import PeriodicSnapshot, Persistence
from infra.local.pollers import (
    Poller,
    TtlDeletions,
    TtlSweeper,
    create_rules,
    event_source_pollers,
    next_unread_by_table,
)
from infra.local.resources import REGION, Endpoints, World, create_resources, default_template_paths

log = logging.getLogger("infra.local")

STACK_FILE = "stack.json"
WEB_ROOT = templates.ROOT / "web"
DEMO_SALON = "demo"

# How long Ctrl-C waits for the pollers' current round before writing the snapshot.
STOP_GRACE_SECONDS = 8


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.local", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="gateway port (0 = any free port)")
    parser.add_argument("--moto-port", type=int, default=0, help="moto's port (0 = any free port)")
    parser.add_argument("--data-dir", type=Path, default=Path(".local"), help="snapshot, keys, stack.json")
    parser.add_argument("--fresh", action="store_true", help="start empty, ignoring the snapshot")
    parser.add_argument("--no-seed", action="store_true", help="do not seed the demo salon on a fresh start")
    parser.add_argument(
        "--poll-interval", type=float, default=0.5, help="seconds between polls of idle sources"
    )
    parser.add_argument("--snapshot-interval", type=float, default=10.0, help="seconds between snapshots")
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="do not fsync the journal (faster; an acknowledged write survives kill -9, not a power cut)",
    )
    parser.add_argument("--ttl-interval", type=float, default=30.0, help="seconds between TTL sweeps")
    parser.add_argument(
        "--concurrency", type=int, default=4, help="instances per function (Lambda sandboxes)"
    )
    parser.add_argument(
        "--template",
        type=Path,
        action="append",
        help="template to run (repeatable; default: template.yaml and infra/*.yaml)",
    )
    parser.add_argument(
        "--parameter", action="append", default=[], metavar="NAME=VALUE", help="template parameter value"
    )
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


@dataclass
class LocalStack:
    options: argparse.Namespace
    pollers: list[Poller] = field(default_factory=list)
    seeded: bool = False
    restored_items: int | None = None

    def start(self) -> None:
        options = self.options
        data_dir: Path = options.data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir

        self.moto = MotoServer(options.moto_port)
        self.moto.start()
        self.gateway_server = GatewayServer(options.port)
        endpoints = Endpoints(moto_url=self.moto.url, api_url=self.gateway_server.url)
        overrides = dict(parameter.split("=", 1) for parameter in options.parameter)
        self.world = World.load(
            options.template or default_template_paths(),
            endpoints,
            data_dir,
            overrides,
            local_defaults={"PublicWebUrl": self.gateway_server.url},
        )
        clients = client_factory(self.moto.url, REGION)
        create_resources(self.world, clients)

        specs = self.world.functions()
        apply_environment(function_environment(specs, self.moto.url, REGION))
        self.functions = Functions(specs, max_instances=options.concurrency)
        self.functions.warm_up()
        self.moto.app.lambda_invoker = self.functions.invoke_api

        self.tables, ttl_tables = self._tables()
        self.persistence = Persistence(self.moto.app, data_dir, self.tables, fsync=not options.no_fsync)
        self.restored_items = self.persistence.recover(fresh=options.fresh)
        restored = self.restored_items is not None
        deletions = TtlDeletions()
        interval = options.poll_interval
        self.pollers = [
            *event_source_pollers(
                self.world,
                self.functions,
                clients,
                self.moto.url,
                interval,
                self.persistence.replay_stream_starts if restored else None,
                deletions,
            ),
            *create_rules(self.world, self.functions, clients, self.moto.url, interval),
            TtlSweeper(ttl_tables, clients, options.ttl_interval, deletions),
        ]
        self.pollers.append(
            MotoHousekeeping(self.moto.app.exclusive, lambda: next_unread_by_table(self.pollers))
        )
        for poller in self.pollers:
            poller.start()  # stream iterators are taken here: the seed's writes below reach the consumers
        if not restored and not options.no_seed:
            self.seeded = seed_demo_salon()

        self.key = auth.signing_key(data_dir)
        self.authorizer = default_authorizer(self.world)
        routes = build_routes(self.world, self.functions)
        self.gateway_server.start(Gateway(routes, self.key, self.authorizer, WEB_ROOT, self.health))
        self.snapshots = PeriodicSnapshot(self.persistence, options.snapshot_interval)
        self.snapshots.start()
        self._write_stack_file()

    def _tables(self) -> tuple[list[str], dict[str, str]]:
        names, ttl = [], {}
        for stack in self.world.stacks:
            for logical_id, resource in stack.resources("AWS::DynamoDB::Table").items():
                name = stack.attributes(logical_id)["Ref"]
                names.append(name)
                specification = stack.resolve(
                    resource.get("Properties", {}).get("TimeToLiveSpecification", {})
                )
                if specification.get("Enabled") in (True, "true"):
                    ttl[name] = specification["AttributeName"]
        return names, ttl

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "stacks": [stack.name for stack in self.world.stacks],
            "functions": sorted(self.functions.by_name),
            "seeded": self.seeded,
            "restored_items": self.restored_items,
        }

    def description(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "api_url": self.gateway_server.url,
            "web_url": f"{self.gateway_server.url}/",
            "moto_url": self.moto.url,
            "gateway_port": self.gateway_server.port,
            "moto_port": self.moto.port,
            "data_dir": str(self.data_dir),
            "region": REGION,
            "issuer": self.authorizer.issuer,
            "audience": self.authorizer.audiences[0],
            "resources": {
                stack.name: {
                    logical_id: stack.attributes(logical_id)["Ref"] for logical_id in stack.resources()
                }
                for stack in self.world.stacks
            },
        }

    def _write_stack_file(self) -> None:
        path = self.data_dir / STACK_FILE
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.description(), indent=2))
        temporary.replace(path)

    def stop(self) -> None:
        """Stop taking requests, let the pollers finish their round, then write the final snapshot."""
        self.gateway_server.stop()
        background = [*self.pollers, self.snapshots]
        for poller in background:
            poller.stop()
        # A poller in the middle of a slow batch (a seed's price-list rebuilds) is not waited for long:
        # its threads are daemons, and stream positions are not kept across restarts anyway.
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for poller in background:
            poller.join(max(0.0, deadline - time.monotonic()))
        began = time.monotonic()
        items = self.persistence.snapshot(force=True)
        log.info(
            "snapshot of %d items written to %s in %.1f s",
            items,
            self.persistence.path,
            time.monotonic() - began,
        )
        self.moto.stop()
        (self.data_dir / STACK_FILE).unlink(missing_ok=True)

    def banner(self) -> str:
        api, every = self.gateway_server.url, self.options.snapshot_interval
        token = auth.sign(self.key, auth.id_token_claims(self.authorizer, salon_id=DEMO_SALON, role="owner"))
        if self.restored_items is not None:
            data = f"restored {self.restored_items} items"
        else:
            data = "fresh, demo salon seeded" if self.seeded else "fresh"
        return "\n".join(
            [
                "",
                "Parlour local stack is up",
                f"  API    {api}   (/public/... open, /admin/... needs a token)",
                f"  Web    {api}/",
                f"  moto   {self.moto.url}   (AWS_ENDPOINT_URL for the AWS CLI and boto3)",
                f"  Data   {self.data_dir} ({data}; every change journaled, snapshot every {every:g} s)",
                "",
                f"Owner token for salon {DEMO_SALON} (12 h; make token ROLE=... SALON=... for others):",
                f"  {token}",
                "",
                "Try:",
                f"  curl {api}/public/salons/{DEMO_SALON}/services",
                f'  curl -H "Authorization: Bearer <token>" {api}/admin/salons/{DEMO_SALON}',
                "",
                "Ctrl-C stops (the data is kept; --fresh starts empty).",
                "",
            ]
        )


def seed_demo_salon() -> bool:
    try:
        from infra.demo.seed import seed_demo_salon as seed
    except ModuleNotFoundError as missing:
        log.warning("no demo seed (%s): starting without the demo salon", missing)
        return False
    try:
        seed()
    except Exception:
        log.exception("the demo seed failed: starting with what it wrote")
        return False
    log.info("demo salon %r seeded", DEMO_SALON)
    return True


def main(argv: list[str] | None = None) -> int:
    # `kill -USR1 <pid>` prints every thread's stack to the log: how a slow stop was diagnosed.
    faulthandler.register(signal.SIGUSR1)
    options = parse_args(argv)
    # Lambda runs in UTC, and moto's Step Functions Wait compares a UTC timestamp with the local clock.
    os.environ["TZ"] = "UTC"
    time.tzset()
    logging.basicConfig(
        level=options.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for chatty in ("werkzeug", "botocore"):  # a line per moto request, and per client made
        logging.getLogger(chatty).setLevel(logging.WARNING)
    # The handler only appends to a list: taking a lock in a signal handler can deadlock the main thread.
    stop_requested: list[int] = []
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda number, _frame: stop_requested.append(number))

    stack = LocalStack(options)
    try:
        stack.start()
    except Exception:
        log.exception("the local stack could not start")
        return 1
    print(stack.banner(), flush=True)
    while not stop_requested:
        time.sleep(0.2)
    log.info("stopping")
    stack.stop()
    return 0


def exit_now(code: int) -> None:
    """Exit without the interpreter's teardown: collecting moto's in-memory state (tables with their
    stream records, executions) at exit took half a minute after Ctrl-C, and everything kept is on disk."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
