""".ci/ensure-chromium, which `make test` runs first: Chromium installed when missing and possible, else one
line saying what to run.

The script runs with a PATH of stand-ins for `id` and `apt-get` (so nothing is installed), from a copy whose
Debian path /usr/bin/chromium is moved to a temporary one (so this machine's Chromium does not count)."""

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / ".ci" / "ensure-chromium"


@pytest.fixture
def machine(tmp_path):
    """A PATH holding only stand-ins; `apt-get` (when present) logs its arguments and 'installs' Chromium
    where the script's copy expects Debian's."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt-get.log"
    chromium = tmp_path / "usr-bin-chromium"
    script = tmp_path / "ensure-chromium"
    script.write_text(SCRIPT.read_text().replace("/usr/bin/chromium", str(chromium)))

    def stand_in(name: str, body: str) -> None:
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)

    def run(*, uid: int, apt_get: bool, chromium_path: Path | None = None):
        stand_in("id", f"echo {uid}")
        if apt_get:
            install = f'[[ "$1" == install ]] && echo "#!/bin/bash" > {chromium} && /bin/chmod +x {chromium}'
            stand_in("apt-get", f'echo "$@" >> {log}\n{install}\nexit 0')
        env = {"PATH": str(bin_dir)} | ({"CHROMIUM_PATH": str(chromium_path)} if chromium_path else {})
        command = ["/bin/bash", str(script)]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    return run, log, chromium


def test_a_present_chromium_needs_nothing(machine):
    run, log, chromium = machine
    chromium.write_text("#!/bin/bash\n")
    chromium.chmod(0o755)
    answer = run(uid=1000, apt_get=False)
    assert answer.returncode == 0 and answer.stderr == "" and not log.exists()


@pytest.mark.parametrize(("uid", "apt_get"), [(1000, True), (0, False)], ids=["not-root", "no-apt-get"])
def test_when_it_cannot_install_it_stops_with_one_line_saying_what_to_run(machine, uid, apt_get):
    run, log, _ = machine
    # Given no Chromium where Debian puts it, and no way to install it
    answer = run(uid=uid, apt_get=apt_get)
    # Then it fails with one line naming the command, and apt-get was never called
    assert answer.returncode == 1 and answer.stdout == ""
    [line] = answer.stderr.splitlines()
    assert "apt-get install chromium fonts-dejavu-core" in line
    assert not log.exists()


def test_as_root_with_apt_get_it_installs_chromium_and_the_fonts(machine):
    run, log, chromium = machine
    # Given root with apt-get and no Chromium
    # When it runs
    answer = run(uid=0, apt_get=True)
    # Then apt-get updated its lists and installed chromium with the fonts, and it succeeded
    assert answer.returncode == 0, answer.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq chromium fonts-dejavu-core"]
    assert chromium.exists()


def test_a_chromium_path_that_is_not_there_is_named(machine, tmp_path):
    run, log, _ = machine
    answer = run(uid=0, apt_get=True, chromium_path=tmp_path / "elsewhere" / "chrome")
    assert answer.returncode == 1 and not log.exists()
    [line] = answer.stderr.splitlines()
    assert "CHROMIUM_PATH" in line and "elsewhere/chrome" in line
