"""Small pure helpers: finding a column by its header, reading a cell as a code or a number."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from centres.imports.errors import ImportFileError, RowError

# An English or Welsh LSOA: the only areas the service keeps.
LSOA_CODE = re.compile(r"^[EW]01\d{6}$")
# Any ONS (GSS) area code: E06000001, S01006506, W01000001, the L99999999 pseudo-codes...
ONS_CODE = re.compile(r"^[A-Z]\d{8}$")

# "LSOA code", "LSOA code (2011)", "LSOA 2021 Code", "LSOA11CD", "lsoa21" (ONSPD)...
_LSOA_CODE_HEADER = re.compile(r"^lsoa ?(?:20)?(11|21)? ?(?:code|cd)?(?: \((?:20)?(11|21)\))?$")
_LSOA_NAME_HEADER = re.compile(r"^lsoa ?(?:20)?(?:11|21)? ?(?:name|nm)(?: \((?:20)?(?:11|21)\))?$")
# "LAD 2021 Code", "LA Code (2018 boundaries)", "Local Authority District code (2019)", "LAD22CD".
_LA_CODE_HEADER = re.compile(r"^(?:local authority district|lad|la) ?(?:20)?(?:\d\d)? ?(?:code|cd)(?: \(.*\))?$")


def lsoa_code_header(header: str) -> tuple[bool, int | None]:
    """Whether a normalised header names an LSOA code column, and the boundaries' year if it says."""
    match = _LSOA_CODE_HEADER.match(header)
    if not match or header == "lsoa":
        return False, None
    year = match.group(1) or match.group(2)
    return True, (2000 + int(year)) if year else None


def is_lsoa_name_header(header: str) -> bool:
    return bool(_LSOA_NAME_HEADER.match(header))


def is_la_code_header(header: str) -> bool:
    return bool(_LA_CODE_HEADER.match(header))


def find_column(
    headers: Sequence[str],
    *,
    names: Iterable[str] = (),
    prefixes: Iterable[str] = (),
    test: Callable[[str], bool] | None = None,
) -> int | None:
    """The index of the first column matching, in the order of preference given: an exact
    (normalised) name, then a prefix, then a predicate `test(header) -> bool`."""
    for name in names:
        if name in headers:
            return headers.index(name)
    for prefix in prefixes:
        for index, header in enumerate(headers):
            if header.startswith(prefix):
                return index
    if test is not None:
        for index, header in enumerate(headers):
            if test(header):
                return index
    return None


def column_list(headers: Sequence[str], limit: int = 20) -> str:
    shown = ", ".join(f"“{header}”" for header in headers[:limit] if header) or "none"
    more = len(headers) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def require_column(headers: Sequence[str], index: int | None, description: str) -> int:
    if index is None:
        raise ImportFileError(f"the file has no {description} column; the columns it has are {column_list(headers)}")
    return index


def cell(cells: Sequence[str], index: int | None) -> str:
    """A cell's text, or '' when the column is absent or the row is short."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def lsoa_code(value: str, *, what: str = "LSOA code") -> str | None:
    """An English or Welsh LSOA code, upper case; None for another kind or country of area
    (the caller skips the row); RowError for something that is not an area code at all."""
    code = value.strip().upper()
    if not code:
        raise RowError(f"the {what} is blank")
    if LSOA_CODE.match(code):
        return code
    if ONS_CODE.match(code):
        return None
    raise RowError(f"{what} “{value.strip()}” is not an ONS area code like E01000001")


def local_authority_code(value: str) -> str:
    code = value.strip().upper()
    if code and not ONS_CODE.match(code):
        raise RowError(f"local authority “{value.strip()}” is not an ONS code like E06000001")
    return code


def local_authority_codes(value: str | Iterable[str] | None) -> list[str]:
    """'E06000001, e06000002' or ['E06000001', 'E06000002,E06000003'] -> a sorted list.
    Raises ValueError naming the first that is not an ONS code."""
    parts = [value] if isinstance(value, str) else list(value or [])
    codes = {code.strip().upper() for part in parts for code in re.split(r"[\s,;]+", part) if code.strip()}
    for code in sorted(codes):
        if not ONS_CODE.match(code):
            raise ValueError(f"“{code}” is not a local authority code like E06000001")
    return sorted(codes)


def whole_number(value: str, *, what: str, minimum: int, maximum: int) -> int:
    text = value.strip().replace(",", "")
    if not text:
        raise RowError(f"{what} is blank")
    try:
        number = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            raise RowError(f"{what} “{value.strip()}” is not a whole number") from None
        if not as_float.is_integer():
            raise RowError(f"{what} “{value.strip()}” is not a whole number") from None
        number = int(as_float)
    if not minimum <= number <= maximum:
        raise RowError(f"{what} {number} is not between {minimum} and {maximum:,}")
    return number


def month_start(value: str, *, what: str) -> date | None:
    """ONSPD dates are YYYYMM; blank means none (a live postcode)."""
    text = value.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{6}", text) or not 1 <= int(text[4:]) <= 12:
        raise RowError(f"{what} “{text}” is not a month written YYYYMM")
    return date(int(text[:4]), int(text[4:]), 1)
