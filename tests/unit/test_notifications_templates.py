"""Message texts: language choice, local times per locale, SMS length, email content."""

import string
from datetime import UTC, datetime

import pytest

from parlour.money import Money
from parlour.notifications.locales import resolve_locale
from parlour.notifications.models import Channel, NotificationKind, SalonMessaging
from parlour.notifications.sms_length import is_gsm7, segments
from parlour.notifications.templates import FIELDS, LANGUAGES, MAX_SMS_SEGMENTS, TEXTS, render
from tests.fakes.notifications import notification

SALON = SalonMessaging(default_locale="en")


# --- which language ---


@pytest.mark.parametrize(
    ("client", "salon_default", "template", "formats_as"),
    [
        ("pl-PL", "en", "pl", "pl_PL"),  # exact locale -> its language's texts, its regional formats
        ("de_AT", "en", "de", "de_AT"),
        ("fr", "en", "fr", "fr"),
        ("it-IT", "es-ES", "es", "es_ES"),  # no Italian texts -> the salon's default
        ("it-IT", "pt", "en", "en"),  # neither -> English
        (None, "pl", "pl", "pl"),  # the client never said -> the salon's default
        ("xx-!!", None, "en", "en"),  # nonsense -> English
        ("EN-gb", "pl", "en", "en_GB"),  # case does not matter
    ],
)
def test_locale_fallback_chain(client, salon_default, template, formats_as):
    # Given a client's locale and the salon's default
    # When the language is resolved
    resolved = resolve_locale(client, salon_default, LANGUAGES)
    # Then the texts and the formatting locale follow the chain
    assert resolved.template_key == template
    assert resolved.tag == formats_as


def test_a_regional_template_wins_over_its_language():
    # Given templates for both "pt" and "pt_BR"
    available = frozenset({"en", "pt", "pt_BR"})
    # When a Brazilian and a Portuguese client are resolved
    # Then each gets the closest set
    assert resolve_locale("pt-BR", "en", available).template_key == "pt_BR"
    assert resolve_locale("pt-PT", "en", available).template_key == "pt"


# --- every text exists and is well formed ---


def test_every_language_has_every_kind_with_known_placeholders():
    # Given the five languages
    assert set(LANGUAGES) == {"en", "pl", "de", "es", "fr"}
    for language, texts in TEXTS.items():
        # Then each covers every kind, and every placeholder is one the renderer fills
        assert set(texts.kinds) == set(NotificationKind), language
        for kind, kind_texts in texts.kinds.items():
            for text in (kind_texts.sms, kind_texts.subject, kind_texts.lead):
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
                assert used <= FIELDS, (language, kind, used - FIELDS)


@pytest.mark.parametrize("locale", ["en-US", "pl-PL", "de-DE", "es-ES", "fr-FR"])
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_kind_renders_in_every_language_for_both_channels(kind, locale):
    # Given a notification to a client with that locale
    message = notification(kind, recipient_overrides={"locale": locale})
    # When it is rendered for SMS and email
    sms = render(message, Channel.sms, SALON)
    email = render(message, Channel.email, SALON)
    # Then both carry the link and no unfilled placeholder, and SMS stays within the budget
    for text in (sms.body, email.body, email.subject or ""):
        assert "{" not in text and "}" not in text
    assert message.data.link in sms.body and message.data.link in email.body
    assert segments(sms.body) <= MAX_SMS_SEGMENTS
    assert email.subject


# --- local time in the location's zone, per locale ---


def test_times_are_local_to_the_location_and_formatted_per_locale():
    # Given an appointment at 12:30 UTC in Warsaw, which is 14:30 local in June (CEST)
    cases = {
        "en-US": "Tue, Jun 3, 2:30 PM",
        "en-GB": "Tue 3 Jun, 14:30",
        "pl-PL": "wt., 3 cze, 14:30",
        "de-DE": "Di., 3. Juni, 14:30",
        "es-ES": "mar, 3 jun, 14:30",
        "fr-FR": "mar. 3 juin 14:30",
    }
    for locale, expected in cases.items():
        # When the confirmation SMS is rendered
        body = render(notification(recipient_overrides={"locale": locale}), Channel.sms, SALON).body
        # Then it shows the local wall time in that locale's style
        assert expected in body, (locale, body)


def test_winter_and_summer_appointments_show_their_own_offset():
    # Given two appointments at 12:30 UTC, one in January (CET, +1) and one in July (CEST, +2)
    winter = notification(data_overrides={"starts_at": datetime(2025, 1, 14, 12, 30, tzinfo=UTC)})
    summer = notification(data_overrides={"starts_at": datetime(2025, 7, 15, 12, 30, tzinfo=UTC)})
    # When rendered in Polish
    # Then the local times differ by the DST hour
    assert "13:30" in render(winter, Channel.sms, SALON).body
    assert "14:30" in render(summer, Channel.sms, SALON).body


def test_new_york_location_is_shown_in_its_own_zone():
    # Given a New York appointment at 18:00 UTC on the day after the clocks went forward (EDT, -4)
    message = notification(
        recipient_overrides={"locale": "en-US"},
        data_overrides={
            "starts_at": datetime(2025, 3, 10, 18, 0, tzinfo=UTC),
            "time_zone": "America/New_York",
        },
    )
    # Then the client reads 2:00 PM
    assert "Mon, Mar 10, 2:00 PM" in render(message, Channel.sms, SALON).body


# --- SMS length and alphabet ---


def test_english_sms_stays_in_the_cheap_gsm_alphabet():
    # Given an English reminder (CLDR puts a narrow no-break space inside "2:30 PM")
    body = render(
        notification(NotificationKind.reminder, recipient_overrides={"locale": "en-US"}), Channel.sms, SALON
    ).body
    # Then the text is plain GSM-7: one odd space would make it UCS-2 at more than twice the cost
    assert is_gsm7(body), body


@pytest.mark.parametrize("locale", ["en", "pl", "de", "es", "fr"])
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_very_long_names_are_shortened_to_fit_the_sms_budget(kind, locale):
    # Given the longest salon, service and client names the models allow, in a UCS-2 language
    long_name = "Ąę " * 40
    message = notification(
        kind,
        recipient_overrides={"locale": locale},
        data_overrides={
            "salon_name": long_name[:120],
            "service_name": long_name[:120],
            "client_name": long_name[:120],
        },
    )
    # When it is rendered as SMS
    body = render(message, Channel.sms, SALON).body
    # Then it still fits the budget, and the names were cut with a GSM-safe ellipsis
    assert segments(body) <= MAX_SMS_SEGMENTS, (segments(body), body)
    assert "…" not in body


def test_segment_counting_follows_gsm_and_ucs2_limits():
    # Given texts at the single-segment boundaries
    # Then GSM-7 holds 160 characters, extension characters count twice, and UCS-2 holds 70
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2
    assert segments("a" * 306) == 2
    assert segments("€" * 80) == 1
    assert segments("€" * 81) == 2
    assert segments("ż" * 70) == 1
    assert segments("ż" * 71) == 2
    assert segments("ż" * 134) == 2
    assert segments("ż" * 135) == 3


# --- email content ---


def test_email_carries_greeting_details_price_and_link():
    # Given a German confirmation with a price of 150.00 PLN
    message = notification(recipient_overrides={"locale": "de-DE"})
    # When rendered as email
    email = render(message, Channel.email, SALON)
    # Then the subject names the service and the body lists the local details, in German
    assert email.subject == "Termin bestätigt: Gel manicure, Di., 3. Juni, 14:30"
    assert email.body.startswith("Hallo Anna,\n")
    assert "Wann: Dienstag, 3. Juni 2025, 14:30" in email.body
    assert "Bei: Ola" in email.body
    assert "Wo: Centrum, ul. Długa 1, Warszawa" in email.body
    assert "Preis: 150,00 PLN" in email.body
    assert "Ändern oder absagen: https://book.example.com/m/a1?t=9f8e7d6c" in email.body
    assert email.body.rstrip().endswith("Studio Bella")


def test_price_uses_minor_units_of_the_currency():
    # Given prices in currencies with 2 and 0 minor digits
    euros = notification(
        recipient_overrides={"locale": "fr-FR"}, data_overrides={"price": Money(amount=4590, currency="EUR")}
    )
    yen = notification(
        recipient_overrides={"locale": "en-US"}, data_overrides={"price": Money(amount=4590, currency="JPY")}
    )
    # Then 4590 cents read 45,90 € and 4590 yen stay 4,590
    assert "Prix : 45,90 €" in render(euros, Channel.email, SALON).body
    assert "Price: ¥4,590" in render(yen, Channel.email, SALON).body


def test_salon_alert_is_signed_by_the_platform_and_names_the_client():
    # Given a no-show alert to the salon
    email = render(
        notification(NotificationKind.no_show_salon_alert, recipient_overrides={"locale": "en"}),
        Channel.email,
        SALON,
    )
    # Then it names the client and is not signed in the salon's own name
    assert "Anna Kowalska did not arrive" in email.body
    assert email.body.rstrip().endswith("Parlour")


def test_waitlist_offer_shows_expiry_time_on_the_same_day_and_date_otherwise():
    # Given offers made at 06:30 UTC that expire the same local day, and two days later
    same_day = notification(
        NotificationKind.waitlist_offer,
        recipient_overrides={"locale": "en-GB"},
        data_overrides={"offer_expires_at": datetime(2025, 6, 3, 9, 0, tzinfo=UTC)},
    )
    later = notification(
        NotificationKind.waitlist_offer,
        recipient_overrides={"locale": "en-GB"},
        data_overrides={"offer_expires_at": datetime(2025, 6, 5, 9, 0, tzinfo=UTC)},
        created_at=datetime(2025, 6, 3, 6, 30, tzinfo=UTC),
    )
    # Then the same-day offer says only the local time, the later one the date too
    assert "held for you until 11:00." in render(same_day, Channel.sms, SALON).body
    assert "held for you until Thu 5 Jun, 11:00." in render(later, Channel.sms, SALON).body


def test_braces_in_names_are_shown_not_interpreted():
    # Given a salon whose name looks like a placeholder
    message = notification(
        recipient_overrides={"locale": "en"}, data_overrides={"salon_name": "{service} Studio"}
    )
    # Then the name is shown as written
    assert render(message, Channel.sms, SALON).body.startswith("{service} Studio: your Gel manicure")


def test_rendering_a_channel_without_address_is_refused():
    # Given a client without an email address
    message = notification(recipient_overrides={"email": None})
    # Then an email cannot be rendered for them
    with pytest.raises(ValueError, match="no email address"):
        render(message, Channel.email, SALON)
