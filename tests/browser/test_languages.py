"""Five languages: chosen from the browser, switchable, kept from the site into the booking app."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERVICES_HEADING = {
    "en": "Services",
    "pl": "Usługi",
    "de": "Leistungen",
    "es": "Servicios",
    "fr": "Prestations",
}
LANGUAGE_LABEL = {"en": "Language", "pl": "Język", "de": "Sprache", "es": "Idioma", "fr": "Langue"}


def test_the_browser_language_is_used_and_every_language_can_be_switched_to(phone, steps):
    # Given a browser set to German
    page = phone(locale="de-DE")
    page.goto("/site/?salon=demo")

    # Then the site speaks German
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Leistungen", level=2)).to_be_visible()
    expect(page.get_by_text("Montag").first).to_be_visible()
    steps.shot(page, "german")

    # When the visitor switches through the languages, Then every text follows at once
    current = "de"
    for wanted in ("fr", "es", "en", "pl"):
        page.get_by_label(LANGUAGE_LABEL[current]).select_option(wanted)
        expect(page.locator("html")).to_have_attribute("lang", wanted)
        expect(page.get_by_role("heading", name=SERVICES_HEADING[wanted], level=2)).to_be_visible()
        current = wanted
    expect(page.get_by_text("poniedziałek").first).to_be_visible()
    steps.shot(page, "polish")

    # And the choice is kept into the booking app
    page.get_by_role("link", name="Zarezerwuj: Women's haircut").click()
    expect(page.get_by_text("Krok 1 z 4", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Wybierz wariant")).to_be_visible()
    steps.shot(page, "booking-in-polish")

    # And switching there re-renders the step in place
    page.get_by_label("Język").select_option("en")
    expect(page.get_by_text("Step 1 of 4", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()


def test_every_language_has_every_text(phone):
    # Given the texts module as the pages load it
    page = phone()
    page.goto("/book/?salon=demo")
    # When the keys of every language are compared with English's
    missing = page.evaluate(
        """async () => {
          const { TEXTS, LANGUAGES } = await import("/shared/i18n.js");
          const english = Object.keys(TEXTS.en);
          return Object.fromEntries(Object.keys(LANGUAGES).map((code) => [
            code,
            english.filter((key) => !(key in TEXTS[code])).concat(
              Object.keys(TEXTS[code]).filter((key) => !(key in TEXTS.en))),
          ]));
        }"""
    )
    # Then none lacks a text and none has one English lacks
    assert missing == {"en": [], "pl": [], "de": [], "es": [], "fr": []}
