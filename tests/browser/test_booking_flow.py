"""From the marketing site to a booking in four steps on a phone, and what a second client then sees."""

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.flow import (
    appointment,
    book_by_api,
    choose_first_free_time,
    choose_option,
    choose_specialist,
    confirm,
    expect_step,
    fill_details,
    free_starts,
    show_day,
    slot,
    to_step_four,
)

pytestmark = pytest.mark.browser


def same_instant(first: str, second: str) -> bool:
    return datetime.fromisoformat(first) == datetime.fromisoformat(second)


def test_a_service_entry_link_leads_to_a_booking_in_four_steps_and_the_time_is_gone_for_others(
    phone, steps, web_stack
):
    # Given the salon's marketing site on a phone
    page = phone()
    page.goto("/site/?salon=demo")
    entry = page.get_by_role("link", name="Book Women's haircut")
    expect(entry).to_have_attribute("href", "/book/demo/womens-haircut")
    steps.shot(page, "site")

    # When the client follows the service's entry link and goes through the steps
    entry.click()
    expect(page.locator("#progress li")).to_have_count(4)
    expect_step(page, 1, "Choose an option")
    steps.shot(page, "1-service")
    choose_option(page, "Short hair")

    expect_step(page, 2, "Choose a time")
    choose_specialist(page, "Anna Kowalska")
    chosen = choose_first_free_time(page)
    steps.shot(page, "2-time")
    page.get_by_role("button", name="Continue").click()

    expect_step(page, 3, "Your details")
    fill_details(page, name="Ola Kowalczyk", phone="+48 501 234 567")

    expect_step(page, 4, "Check and confirm")
    summary = page.locator("dl.summary")
    expect(summary).to_contain_text("Women's haircut · Short hair")
    expect(summary).to_contain_text("Anna Kowalska")
    expect(summary).to_contain_text("+48501234567")
    steps.shot(page, "4-confirm")
    manage_link = confirm(page)
    steps.shot(page, "booked")
    # (by SMS now, or after quiet hours at a stated time, depending on the hour of the run)
    expect(page.locator("#confirmation-message")).to_contain_text("confirmation by SMS")

    # Then the API holds the booking exactly as chosen, and the confirmation says so
    stored = appointment(web_stack.url, manage_link)
    assert stored["status"] == "confirmed"
    assert (stored["service_id"], stored["variant_id"], stored["staff_id"]) == (
        "womens-haircut",
        "short",
        "anna",
    )
    assert same_instant(stored["start"], chosen.start)
    expect(page.locator("dl.summary")).to_contain_text("Confirmed")

    # And a second browser context no longer offers that time with Anna
    other = phone()
    other.goto("/book/?salon=demo&service=womens-haircut&variant=short&staff=anna")
    expect_step(other, 1, "Choose an option")
    expect(other.get_by_label("Short hair")).to_be_checked()
    other.get_by_role("button", name="Continue").click()
    expect_step(other, 2, "Choose a time")
    expect(other.get_by_label("Specialist")).to_have_value("anna")
    expect(other.locator('input[name="slot"]').first).to_be_visible()
    day = other.locator(f'.day[data-day="{chosen.day}"]')
    still_free = free_starts(web_stack.url, "womens-haircut", "short", "anna", chosen.day)
    assert not any(same_instant(start, chosen.start) for start in still_free)
    if still_free:
        # (the day still has other times: they are listed, the booked one is not)
        show_day(other, chosen.day)
        expect(other.locator('input[name="slot"]').first).to_be_visible()
        expect(slot(other, chosen.start)).to_have_count(0)
    else:  # (it was the day's last free time: the whole day is greyed out)
        expect(day).to_be_disabled()
    steps.shot(other, "second-client-times")


def test_a_time_lost_in_a_race_offers_the_alternatives_from_the_api(phone, steps, web_stack):
    # Given two clients on step 4 with the same time of the same specialist
    entry = "/book/?salon=demo&service=mens-haircut"
    first, second = phone(), phone()
    kwargs = {"entry": entry, "option": "Classic cut", "specialist": "Marek Nowak"}
    first_choice = to_step_four(first, steps, label="first", **kwargs)
    second_choice = to_step_four(second, steps, label="second", **kwargs)
    assert first_choice == second_choice

    # When the first confirms, then the second
    confirm(first)
    second.get_by_role("button", name="Confirm booking").click()

    # Then the second is told the time was taken and offered the free times the API returned
    expect(second.get_by_role("alert")).to_contain_text("someone has just booked that time")
    alternatives = second.locator(".alternatives button")
    expect(alternatives.first).to_be_visible()
    steps.shot(second, "alternatives")
    offered = alternatives.first.get_attribute("data-start")
    assert not same_instant(offered, first_choice.start)

    # And picking one books it after one more confirmation
    alternatives.first.click()
    expect_step(second, 4, "Check and confirm")
    stored = appointment(web_stack.url, confirm(second))
    assert same_instant(stored["start"], offered)
    assert stored["staff_id"] == "marek"


def test_an_entry_link_without_a_service_starts_with_the_choice_of_service(phone, steps):
    # Given a specialist's entry link from the site
    page = phone()
    page.goto("/site/?salon=demo")
    page.get_by_role("link", name="Book with Zofia Wiśniewska").click()

    # Then step 1 lists the services to choose from, and the specialist is preselected on step 2
    expect_step(page, 1, "Choose a service")
    steps.shot(page, "1-services")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a service to continue.")
    choose_option(page, "Lift and tint")
    expect_step(page, 2, "Choose a time")
    expect(page.get_by_label("Specialist")).to_have_value("zofia")
    choose_first_free_time(page)
    steps.shot(page, "2-time")


def test_free_times_refresh_while_the_step_is_open_and_the_focus_stays(phone, steps, web_stack):
    # Given a client on step 2 looking at Diego's massages on a day with times hours apart
    page = phone()
    page.clock.install()
    page.goto("/book/?salon=demo&service=relaxing-massage&variant=60&staff=diego")
    page.get_by_role("button", name="Continue").click()
    expect_step(page, 2, "Choose a time")
    times = page.locator('input[name="slot"]')
    expect(times.first).to_be_visible()
    for day in page.locator(".day:enabled").all():
        day.click()
        first, last = times.first.get_attribute("data-start"), times.last.get_attribute("data-start")
        if datetime.fromisoformat(last) - datetime.fromisoformat(first) >= timedelta(hours=2):
            break
    else:
        pytest.fail("no day with free times two hours apart")
    times.first.focus()

    # When someone else books the day's last time, and the page's refresh comes round
    book_by_api(web_stack.url, "relaxing-massage", "60", "diego", start=last)
    page.clock.run_for(31_000)

    # Then that time disappears without a reload, and the focus is where it was
    expect(slot(page, last)).to_have_count(0)
    expect(slot(page, first)).to_be_focused()
    steps.shot(page, "refreshed")
