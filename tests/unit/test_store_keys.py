"""Ids become table keys only through parlour.store.keys: an id no entry can have names nothing (404),
before real DynamoDB would refuse a partition key over 2048 bytes (moto does not check that limit)."""

import pytest

from parlour.errors import NotFound
from parlour.store import keys


@pytest.mark.parametrize(
    "build",
    [
        lambda long: keys.salon_pk(long),
        lambda long: keys.appointment_pk("demo", long),
        lambda long: keys.catalog_sk("SERVICE", long),
        lambda long: keys.pricing_pk(long),
        lambda long: keys.client_lookup_key("demo", "EMAIL", long),
    ],
)
def test_an_id_longer_than_any_stored_one_is_not_found(build):
    long = "a" * 3_000  # as a path parameter may carry; over DynamoDB's 2048-byte partition key
    with pytest.raises(NotFound) as missing:
        build(long)
    assert len(missing.value.message) < 300  # and the answer does not echo it whole


def test_an_id_with_the_key_separator_names_nothing():
    with pytest.raises(NotFound):
        keys.salon_pk("demo#PRICING")


def test_ordinary_ids_make_the_keys_they_always_made():
    assert keys.salon_pk("demo") == "SALON#demo"
    assert keys.appointment_pk("demo", "ap_0123456789abcdef0123") == "SALON#demo#APPT#ap_0123456789abcdef0123"


def test_the_longest_valid_email_still_makes_a_lookup_key():
    # Given an address at the 254-character limit of RFC 5321 (longer than any id)
    email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 58}.pl"
    assert len(email) == 254

    # When its lookup key is built, Then it names that client (a 404 here made such a booking fail)
    assert keys.client_lookup_key("demo", "EMAIL", email)["pk"].endswith(email)
