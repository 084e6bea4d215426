"""Reading a reference file one row at a time: CSV (UTF-8, with or without a BOM) or an Excel
.xlsx workbook (openpyxl in read-only mode, which streams the sheet instead of loading it).

Rows come out as `(line, cells)`: `line` is the 1-based line of the CSV file or row of the
sheet, the number a person sees when they open the file, and cells are stripped strings.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TypeAlias

from django.core.files import File
from django.db.models.fields.files import FieldFile

from centres.imports.errors import ImportFileError

# A path, a Django File (an upload, or a FileField's stored file) or an open binary file.
Source: TypeAlias = str | os.PathLike[str] | File | IO[bytes]
Row: TypeAlias = tuple[int, list[str]]

# ONS workbooks put a few title rows above the header; look this far down for it.
HEADER_SEARCH_ROWS = 50


def source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "")


def source_suffix(source: Source) -> str:
    return Path(source_name(source)).suffix.lower()


@contextmanager
def open_binary(source: Source) -> Iterator[IO[bytes]]:
    """The file's bytes from the start. A file opened here is closed here; one that was handed
    in open is left open for its owner."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            yield handle
        return
    if isinstance(source, FieldFile):
        source.open("rb")
        try:
            yield _unwrap(source)
        finally:
            source.close()
        return
    raw = _unwrap(source)
    raw.seek(0)
    yield raw


def _unwrap(source: Any) -> IO[bytes]:
    # Django's File objects wrap the real file object (BytesIO, a temporary file, an open file).
    while isinstance(source, File):
        source = source.file
    return source


def normalise_header(value: object) -> str:
    """'  LSOA Code (2011) ' -> 'lsoa code (2011)': case, surrounding and repeated spaces, BOM."""
    return " ".join(str(value if value is not None else "").replace("\ufeff", "").split()).lower()


@dataclass
class Table:
    headers: list[str]  # normalised
    header_line: int
    rows: Iterator[Row]  # the data rows after the header, blank rows left out


@contextmanager
def open_table(source: Source, *, is_header: Callable[[list[str]], bool], sheet: str = "") -> Iterator[Table]:
    """The header row (the first row for which `is_header` is true, within the first
    HEADER_SEARCH_ROWS rows; failing that the first non-blank row, so that the caller's column
    checks name what the file does have) and an iterator over the rows below it."""
    with open_binary(source) as binary:
        raw = xlsx_rows(binary, sheet=sheet) if source_suffix(source) == ".xlsx" else csv_rows(binary)
        try:
            header_line, headers = _find_header(raw, is_header)
            yield Table(headers=headers, header_line=header_line, rows=_non_blank(raw))
        finally:
            raw.close()


def _find_header(rows: Iterator[Row], is_header: Callable[[list[str]], bool]) -> Row:
    first: Row | None = None
    for line, cells in rows:
        if line > HEADER_SEARCH_ROWS:
            break
        if not any(cells):
            continue
        headers = [normalise_header(cell) for cell in cells]
        if is_header(headers):
            return line, headers
        first = first or (line, headers)
    if first is None:
        raise ImportFileError("the file is empty")
    return first


def _non_blank(rows: Iterator[Row]) -> Iterator[Row]:
    for line, cells in rows:
        if any(cells):
            yield line, cells


def csv_rows(binary: IO[bytes]) -> Generator[Row, None, None]:
    reader = csv.reader(_decoded_lines(binary))
    try:
        for cells in reader:
            yield reader.line_num, [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise ImportFileError(f"row {reader.line_num}: {exc}") from None


def _decoded_lines(binary: IO[bytes]) -> Iterator[str]:
    # Decoded line by line (not by TextIOWrapper's chunks) so that a bad byte is reported on
    # the line it is on.
    for number, raw in enumerate(binary, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"row {number}: the file is not UTF-8 text; save it as “CSV UTF-8” and try again"
            ) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def xlsx_rows(binary: IO[bytes], *, sheet: str = "") -> Generator[Row, None, None]:
    from openpyxl import load_workbook  # only the population estimates come as workbooks

    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError("the file is not an Excel .xlsx workbook") from None
    try:
        if sheet and sheet not in workbook.sheetnames:
            names = ", ".join(f"“{name}”" for name in workbook.sheetnames)
            raise ImportFileError(f"the workbook has no sheet called “{sheet}”; its sheets are {names}")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
