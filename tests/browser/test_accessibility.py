"""Accessible: no WCAG 2.1 A/AA violations axe-core can find on any page or step, and a keyboard suffices."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.flow import book_by_api, choose_first_free_time, choose_option, expect_step, fill_details

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
axe = Axe()


def violations(page: Page) -> str:
    """'' when axe finds nothing, else its readable report (the assertion message)."""
    results = axe.run(page, options=WCAG_AA)
    return results.generate_report() if results.violations_count else ""


def test_every_page_and_step_passes_axe(phone, steps, web_stack):
    page = phone()
    # The marketing site
    page.goto("/site/?salon=demo")
    expect(page.get_by_role("link", name="Book Women's haircut")).to_be_visible()
    assert violations(page) == ""

    # Each step of the booking flow, with its error states
    page.goto("/book/?salon=demo&service=womens-haircut")
    expect_step(page, 1, "Choose an option")
    assert violations(page) == ""
    choose_option(page, "Long hair")
    expect_step(page, 2, "Choose a time")
    choose_first_free_time(page)
    assert violations(page) == ""
    page.get_by_role("button", name="Continue").click()
    expect_step(page, 3, "Your details")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Enter your name.")).to_be_visible()
    steps.shot(page, "details-errors")
    assert violations(page) == ""
    fill_details(page)
    expect_step(page, 4, "Check and confirm")
    assert violations(page) == ""

    # The manage page, viewing and cancelling
    booked = book_by_api(web_stack.url, "manicure", "hybrid", "zofia")
    page.goto(booked["manage_url"])
    expect(page.get_by_role("button", name="Cancel booking")).to_be_visible()
    assert violations(page) == ""
    page.get_by_role("button", name="Cancel booking").click()
    assert violations(page) == ""


def test_the_first_steps_work_by_keyboard_and_focus_follows_the_step(phone):
    # Given the booking app opened from a service's entry link
    page = phone()
    page.goto("/book/?salon=demo&service=brow-shaping")
    expect_step(page, 1, "Choose an option")

    # When the client tabs to the options, picks one with the arrow keys and presses Enter
    for _ in range(6):  # skip link, salon name, language, then the options
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "variant":
            break
    expect(page.locator('input[value="brow-shaping/shape"]')).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Shape and tint")).to_be_checked()
    page.keyboard.press("Enter")

    # Then step 2 opens with the focus on its heading, announced to screen readers
    expect(page.get_by_role("heading", name="Choose a time")).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Step 2 of 4: Time")

    # And a time can be chosen and confirmed from the keyboard too
    first_time = page.locator('input[name="slot"]').first
    first_time.focus()
    page.keyboard.press("Space")
    expect(first_time).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your details")).to_be_focused()
