"""What a client does in the web clients, step by step, as the tests say it (English texts)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import requests
from playwright.sync_api import Locator, Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import Steps

SALON = "demo"
TIMEOUT = 30


@dataclass(frozen=True)
class Chosen:
    day: str  # the local day "YYYY-MM-DD"
    start: str  # the slot's UTC start as the API gave it


def expect_step(page: Page, number: int, heading: str) -> None:
    expect(page.get_by_text(f"Step {number} of 4", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()


def choose_option(page: Page, option: str) -> None:
    page.get_by_label(option).check()
    page.get_by_role("button", name="Continue").click()


def choose_specialist(page: Page, name: str) -> None:
    page.get_by_label("Specialist").select_option(label=name)


def choose_first_free_time(page: Page) -> Chosen:
    first = page.locator('input[name="slot"]').first
    expect(first).to_be_visible()
    chosen = Chosen(
        day=page.locator('.day[aria-pressed="true"]').get_attribute("data-day"),
        start=first.get_attribute("data-start"),
    )
    first.check()
    return chosen


def show_day(page: Page, day: str) -> None:
    page.locator(f'.day[data-day="{day}"]').click()
    expect(page.locator('.day[aria-pressed="true"]')).to_have_attribute("data-day", day)


def slot(page: Page, start: str) -> Locator:
    return page.locator(f'input[name="slot"][data-start="{start}"]')


def fill_details(page: Page, name: str = "Ola Kowalczyk", phone: str = "+48 501 234 567") -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Mobile phone").fill(phone)
    page.get_by_role("button", name="Continue").click()


def confirm(page: Page) -> str:
    """Confirms on step 4; the manage link of the booking."""
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="You are booked!")).to_be_visible()
    return page.get_by_role("link", name="Manage your booking").get_attribute("href")


def to_step_four(
    page: Page, steps: "Steps", *, entry: str, option: str, specialist: str, label: str
) -> Chosen:
    """From an entry link of the booking app to step 4 with the first free time of a specialist."""
    page.goto(entry)
    expect_step(page, 1, "Choose an option")
    steps.shot(page, f"{label}-1-service")
    choose_option(page, option)
    expect_step(page, 2, "Choose a time")
    choose_specialist(page, specialist)
    chosen = choose_first_free_time(page)
    steps.shot(page, f"{label}-2-time")
    page.get_by_role("button", name="Continue").click()
    expect_step(page, 3, "Your details")
    fill_details(page)
    steps.shot(page, f"{label}-3-details")
    expect_step(page, 4, "Check and confirm")
    steps.shot(page, f"{label}-4-confirm")
    return chosen


def parse_manage_link(link: str) -> tuple[str, str, str]:
    """(salon, appointment id, token) from /book/manage.html#<salon>/<id>/<token>."""
    salon, appointment_id, token = link.split("#", 1)[1].split("/")
    return salon, appointment_id, token


def appointment(base_url: str, manage_link: str) -> dict:
    """The appointment as the API stores it, read with the manage link's token."""
    salon, appointment_id, token = parse_manage_link(manage_link)
    answer = requests.get(
        f"{base_url}/public/salons/{salon}/appointments/{appointment_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    return answer.json()


def free_starts(base_url: str, service: str, variant: str, staff: str, day: str) -> list[str]:
    answer = requests.get(
        f"{base_url}/public/salons/{SALON}/availability",
        params={"service_id": service, "variant_id": variant, "from": day, "to": day},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    return [slot["start"] for slot in answer.json()["slots"] if staff in slot["staff_ids"]]


def book_by_api(base_url: str, service: str, variant: str, staff: str, start: str | None = None) -> dict:
    """Books a time (the first free one if none is given) of a specialist as the PWA does; the answer."""
    if start is None:
        start = first_free_start(base_url, service, variant, staff)
    booked = requests.post(
        f"{base_url}/public/salons/{SALON}/appointments",
        json={
            "service_id": service,
            "variant_id": variant,
            "start": start,
            "staff_id": staff,
            "client": {"name": "Jan Testowy", "phone": "+48501999888"},
        },
        timeout=TIMEOUT,
    )
    assert booked.status_code == 201, booked.text
    return booked.json()


def first_free_start(base_url: str, service: str, variant: str, staff: str) -> str:
    """From two days ahead: past the demo salon's 24-hour cancellation window at any hour, so a cancel
    through the manage link is never late (from today it was late when the first free time was today)."""
    first_day = date.today() + timedelta(days=2)
    answer = requests.get(
        f"{base_url}/public/salons/{SALON}/availability",
        params={
            "service_id": service,
            "variant_id": variant,
            "from": first_day.isoformat(),
            "to": (first_day + timedelta(days=13)).isoformat(),
        },
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    return next(slot["start"] for slot in answer.json()["slots"] if staff in slot["staff_ids"])
