"""The desk over HTTP through the local gateway: what a receptionist types in a URL reaches the lookup."""

import pytest
import requests

from tests.builders import small_salon_draft
from tests.e2e.test_booking_races import book, create_over_http, slots

pytestmark = pytest.mark.e2e


def test_a_client_is_found_by_a_phone_written_with_a_literal_plus(local_stack):
    # Given a salon and a client who booked with +48500000042 (two days ahead, inside opening hours)
    create_over_http(local_stack, small_salon_draft("desk-plus"))
    booked = book(local_stack, "desk-plus", slots(local_stack, "desk-plus")[0]["start"], "s1", 42)
    assert booked.status_code == 201, booked.text
    auth = {"Authorization": f"Bearer {local_stack.admin_token('desk-plus', 'reception')}"}
    clients = f"{local_stack.url}/admin/salons/desk-plus/clients"

    # When reception writes the + as is, and encoded
    for query in ("phone=+48500000042", "phone=%2B48500000042", "phone=+48+500+000+042"):
        found = requests.get(f"{clients}?{query}", headers=auth, timeout=30)

        # Then the client is found each time
        assert found.status_code == 200, (query, found.text)
        assert found.json()["client"]["phone"] == "+48500000042"
