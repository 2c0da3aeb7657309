"""The admin pricing routes through the real handler, on moto: offers and taxes with their validation,
versions and rights, the preview of a pending change, and the stored lists."""

import pytest

from tests.builders import warsaw_location
from tests.events import ApiClient, staff_claims

SALON = "studio"
BASE = f"/admin/salons/{SALON}"
PRICING = f"{BASE}/pricing"

WARSAW = warsaw_location()


def _variant(variant_id: str, minutes: int, amount: int) -> dict:
    price = {"amount": amount, "currency": "PLN"}
    return {"id": variant_id, "name": variant_id.title(), "duration_minutes": minutes, "base_price": price}


CUT = {
    "id": "cut",
    "name": "Haircut",
    "category": "Hair",
    "variants": [_variant("short", 30, 10_000), _variant("long", 60, 16_000)],
}
SPRING = {
    "kind": "promotion",
    "id": "spring",
    "name": "Spring 20%",
    "discount": {"type": "percent", "percent": "20"},
    "segments": ["campaign:spring"],
}
VAT = {"id": "vat", "name": "VAT", "region": "PL", "rate_percent": "23", "inclusive": True}


def special(offer_id: str, starts: str, ends: str, amount: int = 8_000) -> dict:
    return {
        "kind": "special_price",
        "id": offer_id,
        "name": offer_id,
        "variant": {"service_id": "cut", "variant_id": "short"},
        "price": {"amount": amount, "currency": "PLN"},
        "window": {"starts_at": starts, "ends_at": ends},
    }


@pytest.fixture
def owner(aws) -> ApiClient:
    admin = ApiClient("admin_api", claims=staff_claims(SALON, "owner"))
    assert (
        admin.put(BASE, body={"id": SALON, "name": "Studio", "default_currency": "PLN", "version": 0}).status
        == 200
    )
    assert admin.post(f"{BASE}/locations", body=WARSAW).status == 201
    assert admin.post(f"{BASE}/services", body=CUT).status == 201
    return admin


def error(answer) -> dict:
    return answer.json()["error"]


def test_offers_are_created_read_replaced_and_deleted_with_versions(owner):
    # Create: version 1
    created = owner.post(f"{PRICING}/offers", body=SPRING)
    assert created.status == 201, created.body
    assert created.json()["version"] == 1 and created.json()["kind"] == "promotion"
    assert owner.get(f"{PRICING}/offers/spring").json() == created.json()
    # Listed, also by kind and by segment (a segment offer is one that names segments)
    assert [offer["id"] for offer in owner.get(f"{PRICING}/offers").json()] == ["spring"]
    assert owner.get(f"{PRICING}/offers", query={"kind": "package"}).json() == []
    assert len(owner.get(f"{PRICING}/offers", query={"segment": "campaign:spring"}).json()) == 1
    # The id is taken: 409 with the current version
    taken = owner.post(f"{PRICING}/offers", body=SPRING)
    assert taken.status == 409 and error(taken)["current_version"] == 1
    # Replace at the version read: version 2; at a stale version: 409
    replaced = owner.put(f"{PRICING}/offers/spring", body={**SPRING, "name": "Spring 25%", "version": 1})
    assert replaced.status == 200 and replaced.json()["version"] == 2
    stale = owner.put(f"{PRICING}/offers/spring", body={**SPRING, "version": 1})
    assert stale.status == 409 and error(stale)["code"] == "stale_version"
    # Its kind cannot change
    other_kind = owner.put(f"{PRICING}/offers/spring", body={**special("spring", None, None), "version": 2})
    assert other_kind.status == 422 and error(other_kind)["field"] == "kind"
    # Delete at a stale version: 409; then for real: 204, and it is gone
    assert owner.delete(f"{PRICING}/offers/spring", query={"version": "1"}).status == 409
    assert owner.delete(f"{PRICING}/offers/spring", query={"version": "2"}).status == 204
    assert owner.get(f"{PRICING}/offers/spring").status == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SPRING, "discount": {"type": "percent", "percent": "120"}}, "discount.percent"),
        ({**SPRING, "discount": {"type": "amount", "amount": {"amount": 20_000, "currency": "PLN"}}},
         "discount.amount.amount"),
        ({**SPRING, "location_ids": ["gdansk"]}, "location_ids.0"),
        ({**SPRING, "target": {"variants": [{"service_id": "cut", "variant_id": "medium"}]}},
         "target.variants.0.variant_id"),
        ({**special("x", None, None), "price": {"amount": -1, "currency": "PLN"}}, "price"),
        ({**special("x", None, None), "price": {"amount": 100, "currency": "EUR"}}, "price.currency"),
        ({"kind": "package", "id": "p", "name": "P", "sessions": 5, "paid_sessions": 6}, "paid_sessions"),
        ({**SPRING, "kind": "voucher"}, "kind"),
    ],
)  # fmt: skip
def test_an_invalid_offer_is_refused_naming_the_field_and_nothing_is_stored(owner, body, field):
    answer = owner.post(f"{PRICING}/offers", body=body)
    assert answer.status == 422, answer.body
    assert error(answer)["field"] == field
    assert owner.get(f"{PRICING}/offers").json() == []


def test_overlapping_special_prices_for_one_variant_are_refused(owner):
    first = special("march", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert owner.post(f"{PRICING}/offers", body=first).status == 201
    # A second one in force on 15 March is refused, naming the window and the one it collides with
    overlapping = owner.post(
        f"{PRICING}/offers", body=special("mid", "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z")
    )
    assert overlapping.status == 422
    assert error(overlapping)["field"] == "window" and error(overlapping)["overlaps"] == "march"
    # One starting when the first ends is fine
    april = owner.post(
        f"{PRICING}/offers", body=special("april", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")
    )
    assert april.status == 201
    # And replacing the first does not collide with itself
    moved = {**first, "price": {"amount": 7_500, "currency": "PLN"}, "version": 1}
    assert owner.put(f"{PRICING}/offers/march", body=moved).status == 200


def test_tax_rules_are_created_replaced_and_deleted(owner):
    created = owner.post(f"{PRICING}/taxes", body=VAT)
    assert created.status == 201 and created.json()["version"] == 1
    bad_rate = owner.post(f"{PRICING}/taxes", body={**VAT, "id": "x", "rate_percent": "-5"})
    assert bad_rate.status == 422 and error(bad_rate)["field"] == "rate_percent"
    bad_location = owner.post(f"{PRICING}/taxes", body={**VAT, "id": "x", "location_ids": ["gdansk"]})
    assert bad_location.status == 422 and error(bad_location)["field"] == "location_ids.0"
    replaced = owner.put(f"{PRICING}/taxes/vat", body={**VAT, "rate_percent": "8", "version": 1})
    assert replaced.status == 200 and replaced.json()["rate_percent"] == "8"
    assert [tax["id"] for tax in owner.get(f"{PRICING}/taxes").json()] == ["vat"]
    assert owner.delete(f"{PRICING}/taxes/vat").status == 204
    assert owner.get(f"{PRICING}/taxes/vat").status == 404


def test_rights_and_tenants(owner):
    reception = ApiClient("admin_api", claims=staff_claims(SALON, "reception"))
    # Reception reads offers but may not change them
    assert reception.get(f"{PRICING}/offers").status == 200
    assert reception.post(f"{PRICING}/offers", body=SPRING).status == 403
    assert reception.post(f"{PRICING}/preview", body={"location_id": "warsaw"}).status == 403
    # Another salon's owner sees nothing of this one
    stranger = ApiClient("admin_api", claims=staff_claims("elsewhere", "owner"))
    assert stranger.get(f"{PRICING}/offers").status == 403
    # An unknown salon is 404
    nobody = ApiClient("admin_api", claims=staff_claims("nobody", "owner"))
    assert nobody.get("/admin/salons/nobody/pricing/offers").status == 404


def test_preview_shows_what_clients_would_see_and_saves_nothing(owner):
    assert owner.post(f"{PRICING}/taxes", body=VAT).status == 201
    # When the owner previews a 20% spring campaign and a dearer long cut, for the campaign's clients
    answer = owner.post(
        f"{PRICING}/preview",
        body={
            "location_id": "warsaw",
            "segment": "campaign:spring",
            "put_offers": [SPRING],
            "base_prices": [
                {
                    "service_id": "cut",
                    "variant_id": "long",
                    "base_price": {"amount": 18_000, "currency": "PLN"},
                }
            ],
        },
    )
    # Then the answer lists both variants, before and after, with the rule that wins
    assert answer.status == 200, answer.body
    changed = {line["variant_id"]: line for line in answer.json()["changed"]}
    assert changed["short"]["before"]["amount"] == 10_000 and changed["short"]["after"]["amount"] == 8_000
    assert changed["short"]["rule_after"] == "spring"
    assert changed["long"]["after"]["amount"] == 14_400  # 180.00 less 20%
    assert answer.json()["price_list"]["segment"] == "campaign:spring"
    # And nothing was saved
    assert owner.get(f"{PRICING}/offers").json() == []
    assert owner.get(f"{BASE}/services/cut").json()["variants"][1]["base_price"]["amount"] == 16_000
    # A pending change that breaks a rule is refused as saving it would be, naming the field
    invalid = owner.post(
        f"{PRICING}/preview",
        body={
            "location_id": "warsaw",
            "put_offers": [{**SPRING, "discount": {"type": "percent", "percent": 0}}],
        },
    )
    assert invalid.status == 422 and error(invalid)["field"] == "put_offers.0.discount.percent"


def test_the_stored_lists_are_listed_for_the_admin(owner):
    # No consumer ran in this test: the salon has no stored list yet
    assert owner.get(f"{PRICING}/lists").json() == []
    assert owner.get(f"{PRICING}/lists/warsaw").status == 404
    assert owner.get(f"{PRICING}/lists/warsaw", query={"segment": "everyone"}).status == 422


def test_the_openapi_documents_the_pricing_routes(owner):
    spec = ApiClient("admin_api").get("/admin/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/admin/salons/{salon_id}/pricing/offers"])
    assert "PromotionRecord" in spec["components"]["schemas"]
    public_spec = ApiClient("public_api").get("/public/openapi.json").json()
    assert "/public/salons/{salon_id}/locations/{location_id}/prices" in public_spec["paths"]
