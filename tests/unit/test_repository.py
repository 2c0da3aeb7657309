"""The repository itself: `make run` and `make test` must not change tracked files (issue 9: the editable
install rewrote parlour.egg-info, which was tracked although .gitignore names it)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_tracked_file_is_one_that_gitignore_says_tools_write():
    # Given the checkout's index and its .gitignore
    # When git lists the tracked files that .gitignore excludes
    tracked_but_ignored = subprocess.run(
        ["git", "ls-files", "--cached", "--ignored", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # Then there are none: a tool's output (build info, caches, local data) is never committed
    assert tracked_but_ignored == []
