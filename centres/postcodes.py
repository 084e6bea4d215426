"""UK postcodes: normalise ("sw1a1aa" -> "SW1A 1AA"), validate the format, look up the LSOA."""

from __future__ import annotations

import re

# The format rules of the Royal Mail Postcode Address File: which letters may stand where.
# It validates the shape only; whether a postcode exists is the postcode directory's answer.
_PATTERN = re.compile(
    r"^(?:GIR0AA|"
    r"[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


class InvalidPostcode(ValueError):
    """Not a UK postcode. The message is written for the person who typed it."""


def normalise_postcode(value: str) -> str:
    """Upper case, one space before the inward code. Raises InvalidPostcode if malformed."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        raise InvalidPostcode("Enter a postcode")
    if not _PATTERN.match(compact):
        raise InvalidPostcode("Enter a real postcode, like SW1A 1AA")
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(value: str) -> bool:
    try:
        normalise_postcode(value)
    except InvalidPostcode:
        return False
    return True
