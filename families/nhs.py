"""NHS numbers: ten digits, the last a modulus 11 check digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid check digit exists (remainder 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number of 10 digits, like 943 476 5919", code="nhs_format")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError("This is not a valid NHS number: check the digits", code="nhs_check_digit")


def format_nhs_number(value: str) -> str:
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value
