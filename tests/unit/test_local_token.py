"""`make token` (python -m infra.local.token): tokens from the key of the stack on the data dir it is given,
and never a key of its own."""

import json
import subprocess
from pathlib import Path

import pytest

from infra.local import auth
from infra.local.token import main

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_stack_on_the_data_dir_it_says_to_start_one_and_makes_no_key(tmp_path, capsys):
    # Given a data dir no stack was ever started on
    data_dir = tmp_path / "elsewhere"
    # When a token is asked for on it
    with pytest.raises(SystemExit) as stopped:
        main(["--salon", "demo", "--role", "owner", "--data-dir", str(data_dir)])
    # Then it stops with one line saying to start the stack on that dir first, and leaves nothing behind
    assert stopped.value.code != 0
    [line] = str(stopped.value.code).splitlines()
    assert str(data_dir) in line and "start the stack" in line and "make run" in line
    assert capsys.readouterr().out == ""
    assert not data_dir.exists()


def test_the_token_is_signed_by_the_stacks_key_for_its_issuer(tmp_path, capsys):
    # Given the key and stack.json a stack started on another data dir left there
    data_dir = tmp_path / "other"
    key = auth.signing_key(data_dir)
    stack = {"issuer": "http://127.0.0.1:9123/_local", "audience": "local-admin"}
    (data_dir / "stack.json").write_text(json.dumps(stack))
    # When a token is asked for on that dir
    main(["--salon", "demo", "--role", "reception", "--data-dir", str(data_dir)])
    token = capsys.readouterr().out.strip()
    # Then the stack's authorizer accepts it (its key, its issuer and audience)
    claims = auth.verify(token, key, auth.JwtAuthorizer("local", stack["issuer"], (stack["audience"],)))
    assert claims["custom:role"] == "reception" and claims["custom:salon_id"] == "demo"


def test_make_token_passes_args_through_to_the_command():
    # When make token is given the data dir as make run is (a dry run: the command it would run)
    dry_run = subprocess.run(
        ["make", "-n", "token", "ARGS=--data-dir /tmp/stack-x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Then the token command gets it
    [command] = [line for line in dry_run.splitlines() if "infra.local.token" in line]
    assert command.endswith(" --data-dir /tmp/stack-x")
