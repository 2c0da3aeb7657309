"""The booking app is installable: a valid manifest, a service worker, and an offline shell."""

import struct

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_is_valid_and_its_icons_exist(phone, web_stack):
    # Given the booking app
    page = phone()
    page.goto("/book/?salon=demo")
    expect(page.get_by_role("heading", level=2)).to_be_visible()

    # When Chromium reads its manifest
    cdp = page.context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")

    # Then it parses without errors and describes a standalone app scoped to /book/
    assert read["url"] == f"{web_stack.url}/book/manifest.webmanifest"
    assert read["errors"] == []
    manifest = page.request.get("/book/manifest.webmanifest").json()
    assert manifest["start_url"] == manifest["scope"] == "/book/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"]
    # And every icon it names is there, PNGs at the size they claim (192 and 512 among them)
    sizes = set()
    for icon in manifest["icons"]:
        answer = page.request.get(icon["src"])
        assert answer.ok, icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(answer.body())
            assert f"{width}x{height}" == icon["sizes"], icon["src"]
            sizes.add(width)
    assert {192, 512} <= sizes


def test_the_service_worker_registers_and_keeps_an_offline_shell(phone, steps, web_stack):
    # Given the booking app opened once
    page = phone()
    page.goto("/book/?salon=demo&service=womens-haircut")

    # Then its service worker registers for /book/ and takes control
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == f"{web_stack.url}/book/"
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    # And Chromium sees nothing in the app that stops installing it (a test browser's context is
    # incognito, which alone forbids installing anything)
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []

    # When the network goes away and the app is opened again
    page.context.set_offline(True)
    page.reload()

    # Then the shell still opens, says it is offline, and offers to try again
    expect(page.get_by_role("alert")).to_contain_text("You are offline.")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_label("Language")).to_be_visible()
    steps.shot(page, "offline")
