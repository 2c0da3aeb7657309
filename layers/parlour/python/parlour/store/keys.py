"""Every key of the single table, in one place.

pk/sk are the primary key; gsi1..gsi3 are overloaded secondary indexes:
- gsi1: appointments of a location by local day  (gsi1pk = SALON#s#LOC#l#DAY#yyyy-mm-dd, gsi1sk = start UTC)
- gsi2: appointments of a specialist by start    (gsi2pk = SALON#s#STAFF#id, gsi2sk = start UTC)
- gsi3: appointments of a client by start        (gsi3pk = SALON#s#CLIENT#id, gsi3sk = start UTC)
- gsi1 also: price lists due for a rebuild        (gsi1pk = PRICELISTS#DUE, gsi1sk = next change UTC#list id)
"""

from datetime import date

from parlour.errors import NotFound

# Ids from a request's path reach the table only through these functions. No id the platform stores is
# longer than this or holds the separator '#', so such an id names nothing: 404 here, before DynamoDB
# refuses a partition key over 2048 bytes with a ValidationException (moto does not check that limit).
MAX_ID_LENGTH = 200
# Longer than any phone (15 digits) or email address (254 characters; 320 in the older RFCs).
MAX_LOOKUP_LENGTH = 320


def _id(value: str) -> str:
    if not value or len(value) > MAX_ID_LENGTH or "#" in value:
        raise NotFound(f"no such entry {value[:MAX_ID_LENGTH]!r}")
    return value


def salon_pk(salon_id: str) -> str:
    return f"SALON#{_id(salon_id)}"


SALON_PROFILE_SK = "PROFILE"


def catalog_sk(kind: str, item_id: str) -> str:
    """kind is one of LOCATION, SERVICE, STAFF, RESOURCE; all live in the salon's partition."""
    return f"{kind}#{_id(item_id)}"


def ledger_key(salon_id: str, owner_kind: str, owner_id: str, day: date) -> dict[str, str]:
    """The day ledger of one specialist (owner_kind STAFF) or resource (RESOURCE) for one UTC day."""
    return {
        "pk": f"SALON#{_id(salon_id)}#LEDGER#{owner_kind}#{_id(owner_id)}",
        "sk": f"DAY#{day.isoformat()}",
    }


def appointment_pk(salon_id: str, appointment_id: str) -> str:
    return f"SALON#{_id(salon_id)}#APPT#{_id(appointment_id)}"


APPOINTMENT_SK = "APPT"


def history_sk(appointment_version: int) -> str:
    """One history item per appointment version, so the history sorts in order of change."""
    return f"HISTORY#{appointment_version:06d}"


def client_pk(salon_id: str, client_id: str) -> str:
    return f"SALON#{_id(salon_id)}#CLIENT#{_id(client_id)}"


def client_lookup_key(salon_id: str, by: str, value: str) -> dict[str, str]:
    """Unique index of clients by PHONE or EMAIL, claimed with attribute_not_exists."""
    if len(value) > MAX_LOOKUP_LENGTH:
        raise NotFound(f"no client with this {by.lower()}")
    return {"pk": f"SALON#{_id(salon_id)}#CLIENT{by}#{value}", "sk": "LOOKUP"}


def location_day_gsi(salon_id: str, location_id: str, local_day: date) -> str:
    return f"SALON#{_id(salon_id)}#LOC#{_id(location_id)}#DAY#{local_day.isoformat()}"


def staff_gsi(salon_id: str, staff_id: str) -> str:
    return f"SALON#{_id(salon_id)}#STAFF#{_id(staff_id)}"


def client_gsi(salon_id: str, client_id: str) -> str:
    return f"SALON#{_id(salon_id)}#CLIENT#{_id(client_id)}"


# ---- pricing: ingredients (offers, taxes) and materialized price lists -----------------------------


def pricing_pk(salon_id: str) -> str:
    """The salon's pricing partition: one item per offer and per tax rule."""
    return f"SALON#{_id(salon_id)}#PRICING"


def offer_sk(offer_id: str) -> str:
    return f"OFFER#{_id(offer_id)}"


def tax_sk(tax_id: str) -> str:
    return f"TAX#{_id(tax_id)}"


def price_lists_pk(salon_id: str) -> str:
    """The salon's materialized price lists, one item per (location, segment)."""
    return f"SALON#{_id(salon_id)}#PRICELIST"


def price_list_sk(location_id: str, segment: str) -> str:
    return f"LOC#{_id(location_id)}#SEG#{segment}"


# Sparse: only lists with a next change carry it, so the schedule reads just the due ones.
PRICE_LISTS_DUE_GSI1PK = "PRICELISTS#DUE"


# Held appointments by hold expiry, across salons, for the hold sweeper (sk sorts by instant).
HOLDS_PK = "HOLDS"


def hold_marker_key(expires_utc_iso: str, salon_id: str, appointment_id: str) -> dict[str, str]:
    return {"pk": HOLDS_PK, "sk": f"{expires_utc_iso}#{salon_id}#{appointment_id}"}
