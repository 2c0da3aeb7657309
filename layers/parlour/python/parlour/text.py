"""Text people type (names, addresses, notes), normalized once so every store and screen sees one form.

A value is NFC-normalized (a "é" typed as e + accent equals the precomposed one), trimmed of whitespace
and invisible characters at both ends, and refused when it holds characters nobody can see or type on
purpose: control characters (NUL included; tab and line breaks only in multi-line text), a byte-order
mark, bidirectional overrides, lone surrogates (they cannot even be encoded to UTF-8 for the store), or
nothing visible at all (a name of only zero-width spaces). Zero-width joiners inside a value stay: emoji
sequences and several scripts need them. Lengths count characters after normalization; every text
field has one.

The standard library's unicodedata holds the character classes; no third-party library adds to it here.
"""

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

# Invisible at either end of a value (zero-width space, joiners, word joiner) besides whitespace; a BOM
# is refused anywhere instead: it marks a file pasted whole, not text typed.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u180e"
# str.strip() knows whitespace only; zero-width characters are format characters, not whitespace.
_ENDS = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
_LINE_BREAKS = frozenset("\n\r\t")


def _refused(character: str, multiline: bool) -> str | None:
    """Why a character may not appear in a value, or None when it may."""
    if character == "\ufeff":
        return "a byte-order mark (U+FEFF)"
    category = unicodedata.category(character)
    if category == "Cc" and not (multiline and character in _LINE_BREAKS):
        return f"a control character (U+{ord(character):04X})"
    if character in ("\u2028", "\u2029") and not multiline:
        return "a line break"
    if character in ("\u202d", "\u202e"):
        # Overrides show the characters after them in another order than stored ("Anna" could read as a
        # different name than the one searched for); ordinary right-to-left text never needs them.
        return f"a bidirectional override (U+{ord(character):04X})"
    return None


def _visible(character: str) -> bool:
    return not (character.isspace() or unicodedata.category(character) in ("Cf", "Cc", "Mn", "Me"))


def clean(value: Any, *, multiline: bool = False) -> Any:
    """The normalized text, or ValueError saying what is wrong with it; non-strings pass to the type check."""
    if not isinstance(value, str):
        return value
    if any(unicodedata.category(character) == "Cs" for character in value):
        raise ValueError("must not contain an unpaired surrogate")  # normalize() cannot take one either
    text = _ENDS.sub("", unicodedata.normalize("NFC", value))
    for character in text:
        reason = _refused(character, multiline)
        if reason is not None:
            raise ValueError(f"must not contain {reason}")
    if text and not any(_visible(character) for character in text):
        raise ValueError("must contain a visible character")
    return text


def _cleaner(multiline: bool) -> BeforeValidator:
    # Before the length check: StringConstraints would count the text as given, not as stored.
    return BeforeValidator(lambda value: clean(value, multiline=multiline))


def line(max_length: int, *, required: bool = True) -> Any:
    """A one-line text type (names, categories): at least one visible character unless not required."""
    return Annotated[
        str, _cleaner(False), StringConstraints(min_length=1 if required else 0, max_length=max_length)
    ]


def paragraph(max_length: int) -> Any:
    """A free text that may span lines and may be empty (notes, reasons, descriptions, addresses)."""
    return Annotated[str, _cleaner(True), StringConstraints(max_length=max_length)]


# The shared text types. A name of 120 characters fits any person, salon or service name in practice.
Name = line(120)
# A note to the salon, the reason for a change, time off: a few sentences.
ShortText = paragraph(500)
# A postal address of a few lines; it rides on every public salon answer, so it is kept short.
Address = paragraph(300)
# A service's description shown to clients.
Description = paragraph(2000)
