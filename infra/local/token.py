"""`python -m infra.local.token --salon demo --role owner` (make token): a staff ID token for the local stack.

The token is signed by the data dir's issuer key (created if missing) for the template's JWT authorizer,
so it works with a stack started on the same data dir, now or after a restart.
"""

import argparse
from pathlib import Path

from infra.local import auth
from infra.local.gateway import default_authorizer
from infra.local.resources import Endpoints, World, default_template_paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.local.token", description=__doc__.splitlines()[0])
    parser.add_argument("--salon", required=True, help="the salon id (custom:salon_id)")
    parser.add_argument("--role", required=True, choices=auth.ROLES, help="custom:role")
    parser.add_argument("--staff-id", help="custom:staff_id, for a specialist's own appointments")
    parser.add_argument("--email")
    parser.add_argument("--hours", type=float, default=12, help="lifetime of the token")
    parser.add_argument("--data-dir", type=Path, default=Path(".local"))
    options = parser.parse_args(argv)
    # Only names matter here; the endpoints are not part of the issuer or the audience.
    world = World.load(default_template_paths(), Endpoints("http://moto", "http://api"), options.data_dir)
    token = auth.issue_token(
        options.data_dir,
        default_authorizer(world),
        salon_id=options.salon,
        role=options.role,
        staff_id=options.staff_id,
        email=options.email,
        lifetime_seconds=int(options.hours * 3600),
    )
    print(token)


if __name__ == "__main__":
    main()
