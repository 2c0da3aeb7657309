"""`python -m infra.local.token --salon demo --role owner` (make token): a staff ID token for the local stack.

The token is signed by the issuer key of the stack started on the data dir (`--data-dir`, default .local;
`make token ARGS="--data-dir X"`), so it works with that stack now or after a restart. Without a key it
stops and says to start the stack first: a key made here would sign tokens no stack accepts.
"""

import argparse
import json
import sys
from pathlib import Path

from infra.local import auth
from infra.local.gateway import default_authorizer
from infra.local.resources import Endpoints, World, default_template_paths

STACK_FILE = "stack.json"  # written by the running stack (infra/local/__main__.py)


def stack_authorizer(data_dir: Path) -> auth.JwtAuthorizer:
    """The running stack's issuer and audience (its stack.json), else those of the default templates."""
    stack_file = data_dir / STACK_FILE
    if stack_file.exists():
        description = json.loads(stack_file.read_text())
        return auth.JwtAuthorizer("local", description["issuer"], (description["audience"],))
    # Only names matter here; the endpoints are not part of the issuer or the audience.
    world = World.load(default_template_paths(), Endpoints("http://moto", "http://api"), data_dir)
    return default_authorizer(world)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.local.token", description=__doc__.splitlines()[0])
    parser.add_argument("--salon", required=True, help="the salon id (custom:salon_id)")
    parser.add_argument("--role", required=True, choices=auth.ROLES, help="custom:role")
    parser.add_argument("--staff-id", help="custom:staff_id, for a specialist's own appointments")
    parser.add_argument("--email")
    parser.add_argument("--hours", type=float, default=12, help="lifetime of the token")
    parser.add_argument("--data-dir", type=Path, default=Path(".local"), help="the stack's data dir")
    options = parser.parse_args(argv)
    data_dir: Path = options.data_dir
    try:
        key = auth.existing_signing_key(data_dir)
    except auth.NoSigningKey as missing:
        where = "" if data_dir == Path(".local") else f' ARGS="--data-dir {data_dir}"'
        sys.exit(f"{missing}: start the stack on it first (make run{where}), then make token{where} again")
    claims = auth.id_token_claims(
        stack_authorizer(data_dir),
        salon_id=options.salon,
        role=options.role,
        staff_id=options.staff_id,
        email=options.email,
        lifetime_seconds=int(options.hours * 3600),
    )
    print(auth.sign(key, claims))


if __name__ == "__main__":
    main()
