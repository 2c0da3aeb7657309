"""How many SMS segments a text costs.

A small table of our own: the GSM 03.38 alphabet is fixed by the standard, and the libraries that count
segments are unmaintained or pull in a PDU codec we do not need.
"""

import math

# GSM 03.38 basic alphabet (one septet each) and its extension table (escape + septet: two each).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(char in _GSM_BASIC or char in _GSM_EXTENDED for char in text)


def segments(text: str) -> int:
    """Segments the network bills: 160/153 septets in GSM-7, else 70/67 UTF-16 units (UCS-2)."""
    if is_gsm7(text):
        units = sum(2 if char in _GSM_EXTENDED else 1 for char in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if units <= single:
        return 1
    return math.ceil(units / multi)
