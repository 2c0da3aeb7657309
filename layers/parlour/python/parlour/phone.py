"""Phone numbers as E.164 (+48501234567): the one place that reads what people and query strings make of them.

Own code rather than the `phonenumbers` library: we check the E.164 shape only, never a national plan
(numbers arrive with their country code, and that library's metadata would ride in every function).
"""

import re
from typing import Annotated

from pydantic import BeforeValidator, StringConstraints

E164_PATTERN = r"^\+[1-9]\d{6,14}$"
# What people put between digits: spaces (any kind), hyphens, dots, slashes, parentheses.
_SEPARATORS = re.compile(r"[\s\-./()]")


def normalize_phone(text: str, *, form_decoded: bool = False) -> str:
    """The number without separators, with a leading 00 read as +.

    form_decoded: the text comes from a query string, where a literal `+` reads as a space
    (`?phone=+48…` gives " 48…"), so a leading space before a digit is that `+`.
    """
    if form_decoded and text[:1].isspace() and text.strip()[:1].isdigit():
        text = "+" + text.strip()
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    return compact


def is_e164(text: str) -> bool:
    return re.fullmatch(E164_PATTERN, text) is not None


def _normalized(value: object) -> object:
    return normalize_phone(value) if isinstance(value, str) else value


# A phone number field: "+48 501-234-567" is stored as "+48501234567"; anything else not E.164 is refused.
PhoneE164 = Annotated[str, BeforeValidator(_normalized), StringConstraints(pattern=E164_PATTERN)]
