"""Names and free text are stored in one normalized form; invisible or unreadable values are refused."""

import unicodedata

import pytest
from pydantic import TypeAdapter, ValidationError

from parlour.booking.models import ClientDetails
from parlour.catalog.models import LocationInput
from parlour.text import Address, Name, ShortText

NAME = TypeAdapter(Name)
NOTE = TypeAdapter(ShortText)
ADDRESS = TypeAdapter(Address)


def _client(name: str) -> dict:
    return {"name": name, "phone": "+48501234567"}


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("\u200b\u200b\u200b", "only zero-width spaces"),
        ("\u200d\u2060\u200c", "only joiners"),
        ("   ", "only spaces"),
        ("\ufeffAnna", "a byte-order mark"),
        ("An\x00na", "a NUL"),
        ("Anna\x07", "a bell"),
        ("Anna\nKowalska", "a line break in a one-line name"),
        ("Anna\u2028Kowalska", "a Unicode line separator"),
        ("\u0301\u0301", "only combining accents"),
        ("Anna\ud800", "a lone surrogate (cannot even be encoded to UTF-8)"),
        ("\x1b[31mAnna", "a terminal escape"),
        ("\u202eannA", "a right-to-left override showing another name than stored"),
    ],
)
def test_a_client_name_nobody_can_read_is_refused_naming_the_field(name, why):
    # Given a booking's client details with such a name / When validated / Then 422 on client.name
    with pytest.raises(ValidationError) as error:
        ClientDetails.model_validate(_client(name))
    assert [problem["loc"] for problem in error.value.errors()] == [("name",)], why


def test_a_name_is_trimmed_of_spaces_and_invisible_characters_at_its_ends():
    assert NAME.validate_python("  \u200bAnna Kowalska\u200b \t") == "Anna Kowalska"


def test_a_name_is_stored_in_nfc():
    # Given "é" typed as "e" plus a combining acute accent
    decomposed = "Rene\u0301e"
    # When validated / Then it is the precomposed form, equal to what another keyboard types
    assert NAME.validate_python(decomposed) == "Renée"
    assert unicodedata.is_normalized("NFC", NAME.validate_python(decomposed))


def test_joiners_inside_a_value_stay_for_emoji_and_scripts_that_need_them():
    family = "\U0001f469\u200d\U0001f467 Studio"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    hebrew = "\u05e9\u05e8\u05d4 \u05dc\u05d5\u05d9"
    assert NAME.validate_python(family) == family
    assert NAME.validate_python(persian) == persian
    assert NAME.validate_python(hebrew) == hebrew


def test_the_length_counts_characters_after_normalization():
    # 120 "é" typed decomposed are 240 code points as sent, 120 characters as stored: accepted
    assert len(NAME.validate_python("e\u0301" * 120)) == 120
    with pytest.raises(ValidationError):
        NAME.validate_python("é" * 121)


def test_notes_and_addresses_keep_their_lines_but_not_other_controls():
    assert NOTE.validate_python("  first line\nsecond\tline  ") == "first line\nsecond\tline"
    address = "ul. Puławska 12\r\n02-566 Warszawa"
    assert ADDRESS.validate_python(address) == address
    assert NOTE.validate_python("") == ""
    for bad in ("late\x00", "\ufeff", "a\x0bb"):
        with pytest.raises(ValidationError):
            NOTE.validate_python(bad)


def test_a_note_of_only_invisible_characters_is_refused_rather_than_stored_blank():
    with pytest.raises(ValidationError):
        NOTE.validate_python("\u200b\u2060\u0301")


def test_a_location_name_of_zero_width_spaces_is_refused():
    location = {
        "id": "warsaw",
        "name": "\u200b",
        "time_zone": "Europe/Warsaw",
        "currency": "PLN",
        "tax_region": "PL",
        "opening_hours": {},
    }
    with pytest.raises(ValidationError) as error:
        LocationInput.model_validate(location)
    assert [problem["loc"] for problem in error.value.errors()] == [("name",)]
