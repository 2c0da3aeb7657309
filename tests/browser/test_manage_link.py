"""The manage page opened from a confirmation's link: view, cancel, reschedule."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.flow import appointment, book_by_api, choose_first_free_time, free_starts

pytestmark = pytest.mark.browser


def test_cancel_through_the_manage_link_frees_the_time(phone, steps, web_stack):
    # Given a booking and its manage link
    booked = book_by_api(web_stack.url, "manicure", "classic", "zofia")
    start = booked["appointment"]["start"]
    day = booked["appointment"]["local_start"][:10]
    page = phone()

    # When the client opens the link and cancels
    page.goto(booked["manage_url"])
    details = page.locator("#appointment")
    expect(details).to_contain_text("Confirmed")
    expect(details).to_contain_text("Manicure · Classic")
    expect(details).to_contain_text("Zofia Wiśniewska")
    steps.shot(page, "manage")
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.get_by_role("heading", name="Do you want to cancel this booking?")).to_be_focused()
    page.get_by_label("Reason (optional)").fill("Plans changed")
    steps.shot(page, "cancel-question")
    page.get_by_role("button", name="Yes, cancel it").click()

    # Then the page and the API say it is cancelled, by the client, and the time is free again
    expect(page.locator(".notice.ok")).to_have_text("Your booking is cancelled.")
    expect(page.locator("#announcer")).to_have_text("Your booking is cancelled.")
    expect(details).to_contain_text("Cancelled")
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    steps.shot(page, "cancelled")
    stored = appointment(web_stack.url, booked["manage_url"])
    assert stored["status"] == "cancelled"
    assert stored["cancellation"] == {"by": "client", "late": False, "reason": "Plans changed"}
    assert any(
        datetime.fromisoformat(free) == datetime.fromisoformat(start)
        for free in free_starts(web_stack.url, "manicure", "classic", "zofia", day)
    )


def test_reschedule_through_the_manage_link_moves_the_booking(phone, steps, web_stack):
    # Given a booking and its manage link
    booked = book_by_api(web_stack.url, "lash-lift", "lift", "zofia")
    page = phone()
    page.goto(booked["manage_url"])

    # When the client picks another free time with the same specialist and moves the booking
    page.get_by_role("button", name="Change the time").click()
    expect(page.get_by_label("Specialist")).to_have_value("zofia")
    chosen = choose_first_free_time(page)
    steps.shot(page, "reschedule")
    page.get_by_role("button", name="Move to this time").click()

    # Then the booking is at the new time, on the page and in the API
    expect(page.locator(".notice.ok")).to_have_text("Your booking has been moved.")
    expect(page.locator("#announcer")).to_have_text("Your booking has been moved.")
    stored = appointment(web_stack.url, booked["manage_url"])
    assert datetime.fromisoformat(stored["start"]) == datetime.fromisoformat(chosen.start)
    assert datetime.fromisoformat(stored["start"]) != datetime.fromisoformat(booked["appointment"]["start"])
    assert stored["status"] == "confirmed"


def test_a_broken_manage_link_says_so(phone):
    # Given a link whose token was cut short
    page = phone()
    page.goto("/book/manage.html#demo/ap_missing/not-a-token")
    # Then the page says the link does not work, with no actions offered
    expect(page.get_by_role("alert")).to_have_text(
        "This link does not work. Open the link from your confirmation."
    )
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
