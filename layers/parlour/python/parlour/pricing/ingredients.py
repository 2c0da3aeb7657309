"""Reading and changing a salon's offers (promotions, special prices, packages, group deals, segment
offers: any offer limited to segments) and tax rules.

A change loads the catalog and the pricing (consistent reads), checks the rules of parlour.pricing.rules
against them, and writes on the condition that the salon's revision has not moved (parlour.store.pricing),
re-checking a bounded number of times when another change won the race. Versions work as in the
catalog: 1 after creation; a replacement sends the version it read; 0 means "create it".
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from parlour.catalog.editing import AlreadyExists, StaleVersion
from parlour.catalog.models import Catalog
from parlour.errors import Conflict, InvalidInput, NotFound
from parlour.pricing import rules
from parlour.pricing.models import TaxRule
from parlour.pricing.records import AnyOfferRecord, TaxRuleRecord, parse_offer, parse_offer_record
from parlour.store import pricing as store
from parlour.store.catalog import load_catalog
from parlour.store.pricing import Ingredient, Ingredients, PricingChanged

_ATTEMPTS = 5
_Result = TypeVar("_Result")


def _retrying(salon_id: str, change: Callable[[Catalog, Ingredients], _Result]) -> _Result:
    for _ in range(_ATTEMPTS):
        catalog = load_catalog(salon_id, consistent=True)
        ingredients = store.load_ingredients(salon_id, consistent=True)
        try:
            return change(catalog, ingredients)
        except PricingChanged:
            continue
    raise Conflict(
        "the salon kept changing while this change was being checked", next_step="retry in a moment"
    )


def _stale(what: str, entry_id: str, current_version: int, sent_version: int) -> StaleVersion:
    return StaleVersion(
        f"{what} {entry_id!r} changed since you read it (now version {current_version}, not {sent_version})",
        next_step="reload it, apply your change again and send the version you read",
        details={"current_version": current_version},
    )


def _expected_version(what: str, current: Ingredient | None, entry_id: str, sent_version: int | None) -> int:
    """The version the write must find. sent_version None: a creation, the id must be free."""
    if sent_version is None:
        if current is not None:
            raise AlreadyExists(
                f"a {what} with id {entry_id!r} already exists",
                next_step=f"choose another id, or replace that {what} at the version you read",
                details={"current_version": current.version},
            )
        return 0
    if current is None:
        if sent_version != 0:
            raise NotFound(f"no {what} {entry_id!r} in this salon")
        return 0
    if current.version != sent_version:
        raise _stale(what, entry_id, current.version, sent_version)
    return current.version


# ---- offers --------------------------------------------------------------------------------------


def list_offers(salon_id: str, kind: str | None = None, segment: str | None = None) -> list[AnyOfferRecord]:
    """Every offer, optionally of one kind or reaching one segment (a segment offer names it)."""
    load_catalog(salon_id)  # 404 for an unknown salon
    offers = store.load_ingredients(salon_id).offers.values()
    return sorted(
        (
            offer
            for offer in offers
            if (kind is None or offer.kind == kind) and (segment is None or segment in offer.segments)
        ),
        key=lambda offer: offer.id,
    )


def get_offer(salon_id: str, offer_id: str) -> AnyOfferRecord:
    load_catalog(salon_id)
    found = store.load_ingredients(salon_id).offers.get(offer_id)
    if found is None:
        raise NotFound(f"no offer {offer_id!r} in this salon")
    return found


def _save_offer(salon_id: str, draft: AnyOfferRecord, sent_version: int | None) -> AnyOfferRecord:
    def change(catalog: Catalog, ingredients: Ingredients) -> AnyOfferRecord:
        current = ingredients.offers.get(draft.id)
        expected = _expected_version("offer", current, draft.id, sent_version)
        if current is not None and current.kind != draft.kind:
            raise InvalidInput("kind", f"offer {draft.id!r} is a {current.kind}; its kind cannot change")
        offer = draft.model_copy(update={"version": expected + 1})
        others = [other for other in ingredients.offers.values() if other.id != offer.id]
        rules.check_offer(catalog, offer, others)
        store.save_ingredient(salon_id, offer, expected_version=expected, revision=catalog.revision)
        return offer

    return _retrying(salon_id, change)


def create_offer(salon_id: str, body: dict[str, Any]) -> AnyOfferRecord:
    """Create an offer from a request body (its `kind` says which); 409 if the id is taken."""
    return _save_offer(salon_id, parse_offer(body), None)


def replace_offer(salon_id: str, offer_id: str, body: dict[str, Any]) -> AnyOfferRecord:
    """Replace an offer at the version read (body `version`); at version 0 this creates it."""
    replacement = parse_offer_record(body)
    if replacement.id != offer_id:
        raise InvalidInput("id", f"an offer's id cannot change; this one is {offer_id!r}")
    return _save_offer(salon_id, replacement, replacement.version)


def _delete_ingredient(
    salon_id: str,
    what: str,
    entries: Callable[[Ingredients], Mapping[str, Any]],
    entry_id: str,
    version: int | None,
) -> None:
    """Delete an offer or tax rule, only at the version read when one is given."""

    def change(catalog: Catalog, ingredients: Ingredients) -> None:
        current = entries(ingredients).get(entry_id)
        if current is None:
            raise NotFound(f"no {what} {entry_id!r} in this salon")
        if version is not None and version != current.version:
            raise _stale(what, entry_id, current.version, version)
        store.delete_ingredient(salon_id, current, revision=catalog.revision)

    _retrying(salon_id, change)


def delete_offer(salon_id: str, offer_id: str, version: int | None = None) -> None:
    _delete_ingredient(salon_id, "offer", lambda ingredients: ingredients.offers, offer_id, version)


# ---- tax rules -----------------------------------------------------------------------------------


def list_taxes(salon_id: str) -> list[TaxRuleRecord]:
    load_catalog(salon_id)
    return sorted(store.load_ingredients(salon_id).taxes.values(), key=lambda tax: tax.id)


def get_tax(salon_id: str, tax_id: str) -> TaxRuleRecord:
    load_catalog(salon_id)
    found = store.load_ingredients(salon_id).taxes.get(tax_id)
    if found is None:
        raise NotFound(f"no tax rule {tax_id!r} in this salon")
    return found


def _save_tax(salon_id: str, draft: TaxRuleRecord, sent_version: int | None) -> TaxRuleRecord:
    def change(catalog: Catalog, ingredients: Ingredients) -> TaxRuleRecord:
        expected = _expected_version("tax rule", ingredients.taxes.get(draft.id), draft.id, sent_version)
        tax = draft.model_copy(update={"version": expected + 1})
        rules.check_tax(catalog, tax)
        store.save_ingredient(salon_id, tax, expected_version=expected, revision=catalog.revision)
        return tax

    return _retrying(salon_id, change)


def create_tax(salon_id: str, draft: TaxRule) -> TaxRuleRecord:
    return _save_tax(salon_id, TaxRuleRecord.model_validate({**draft.model_dump(), "version": 0}), None)


def replace_tax(salon_id: str, tax_id: str, replacement: TaxRuleRecord) -> TaxRuleRecord:
    if replacement.id != tax_id:
        raise InvalidInput("id", f"a tax rule's id cannot change; this one is {tax_id!r}")
    return _save_tax(salon_id, replacement, replacement.version)


def delete_tax(salon_id: str, tax_id: str, version: int | None = None) -> None:
    _delete_ingredient(salon_id, "tax rule", lambda ingredients: ingredients.taxes, tax_id, version)
