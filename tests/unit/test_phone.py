"""Phone numbers: what people type and what query strings make of a `+`, normalized to E.164 in one place."""

import pytest
from pydantic import BaseModel, ValidationError

from parlour.phone import PhoneE164, is_e164, normalize_phone


class Card(BaseModel):
    phone: PhoneE164


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+48501234567", "+48501234567"),
        ("+48 501 234 567", "+48501234567"),
        (" +48-501-234-567 ", "+48501234567"),
        ("+1 (212) 555.0100", "+12125550100"),
        ("0048 501 234 567", "+48501234567"),
        ("+48\u00a0501\u00a0234\u00a0567", "+48501234567"),  # no-break spaces from a copied number
    ],
)
def test_a_typed_number_is_stored_in_e164(typed, stored):
    assert Card(phone=typed).phone == stored


@pytest.mark.parametrize("typed", ["501 234 567", "48501234567", "+0501234567", "+48 50", "call me", ""])
def test_a_number_without_its_country_code_or_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        Card(phone=typed)
    assert refused.value.errors()[0]["loc"] == ("phone",)


def test_a_leading_space_from_a_query_string_is_the_plus_it_decoded():
    # Given ?phone=+48501234567, which form decoding reads as " 48501234567"
    # Then the query reading restores the + ...
    assert normalize_phone(" 48501234567", form_decoded=True) == "+48501234567"
    assert normalize_phone(" 48 501 234 567", form_decoded=True) == "+48501234567"
    # ... the encoded %2B (already a +) and a bare + are left as they are
    assert normalize_phone("+48501234567", form_decoded=True) == "+48501234567"
    # And a body's leading space is only whitespace: without its + the number is not E.164
    assert not is_e164(normalize_phone(" 48501234567"))
