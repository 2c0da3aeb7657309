"""Browser tests: the web clients in headless Debian Chromium (driven by Playwright) on a seeded local stack.

Fixtures:
- `web_stack` (package): `python -m infra.local` with the demo salon, its own data dir and free ports
  (its own stack, so bookings made here never disturb the e2e tests' demo salon). Package scope: it
  stops after the last browser test instead of polling on through the rest of the suite.
- `browser` (package): Chromium from CHROMIUM_PATH (default /usr/bin/chromium); never a downloaded one.
- `phone`: a factory of phone-sized browser contexts, `phone(locale="en-GB") -> Page`; closed after the test.
- `steps`: `steps.shot(page, "name")` keeps a screenshot of a step; when the test fails, every kept step
  and a last picture of every open page go to test-artifacts/<test>/.
"""

import os
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.conftest import ROOT, RunningStack, StackFailed

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
# As the machine notes say: as root there is no sandbox, and a closed network makes Chromium's own
# background connections fail noisily unless they are switched off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-proxy-server",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORTS, {})
    return any(report.failed for report in reports.values())


@pytest.fixture(scope="package")
def web_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    stack = RunningStack(tmp_path_factory.mktemp("web-stack"))
    stack.start()
    try:
        yield stack
    finally:
        try:
            stack.stop()
        except StackFailed as slow:
            # A fresh stack may still be working off the seed's stream records when asked to stop; it
            # is killed then. How the stack stops is the e2e tests' business, not the web clients'.
            warnings.warn(f"the web stack was killed: {str(slow).splitlines()[0]}", stacklevel=1)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (as .ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Steps:
    def __init__(self) -> None:
        self.pictures: list[tuple[str, bytes]] = []
        self.pages: list[Page] = []

    def shot(self, page: Page, name: str) -> None:
        self.pictures.append((name, page.screenshot(full_page=True)))

    def keep_last_pages(self) -> None:
        """What every open page shows now (called before the pages close)."""
        for number, page in enumerate(self.pages, start=1):
            if not page.is_closed():
                self.pictures.append((f"last-page{number}", page.screenshot(full_page=True)))

    def save(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number, (name, picture) in enumerate(self.pictures, start=1):
            (folder / f"{number:02d}-{name}.png").write_bytes(picture)


@pytest.fixture
def steps(request: pytest.FixtureRequest) -> Iterator[Steps]:
    kept = Steps()
    yield kept
    if _failed(request):
        kept.save(ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid))


@pytest.fixture
def phone(
    request: pytest.FixtureRequest, browser: Browser, web_stack: RunningStack, steps: Steps
) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def open_page(locale: str = "en-GB") -> Page:
        context = browser.new_context(base_url=web_stack.url, locale=locale, **PHONE)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        steps.pages.append(page)
        return page

    yield open_page
    if _failed(request):
        steps.keep_last_pages()
    for context in contexts:
        context.close()
