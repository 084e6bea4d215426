"""CSV exports of dashboard tables, guarded against spreadsheet formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return is taken by Excel and LibreOffice
as a formula; OWASP's guidance is to prefix it with a single quote so it is shown as text. Our
own numbers are written without a sign for that reason: a negative gap is written with a leading
quote too, which every spreadsheet shows as the number's text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse

from outcomes.dashboards.tables import Cell, Table

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def _number(value: Decimal | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _cell(cell: Cell) -> list[str]:
    """(shown, counted, out of) for one cell: the same figure, and the same suppression, as on screen."""
    f = cell.figure
    if cell.text:
        return [cell.text, "", ""]
    if f is None:
        return [cell.note or "Not computed", "", ""]
    if f.suppressed:
        return [f"Fewer than {settings.SMALL_NUMBER_THRESHOLD}", "", ""]
    shown = f.display_value
    if shown is None:
        text = "0 of 0" if f.indicator.unit in ("rate", "count") else "No figure: nothing to measure"
        return [text, _number(f.numerator, 0), _number(f.denominator, 0)]
    places = 0 if f.indicator.unit == "count" else 1 if f.indicator.unit in ("rate", "points") else 2
    return [_number(shown, places), _number(f.numerator, 0), _number(f.denominator, 0)]


def _verdict(cell: Cell) -> str:
    target = cell.target
    if target is None:
        return ""
    met = "met" if target.met else "not met" if target.met is False else "not judged"
    return f"{'at most' if target.at_most else 'at least'} {target.value} ({met})"


def table_rows(table: Table) -> Iterable[list[str]]:
    header = [table.row_header]
    for column in table.columns:
        header += [column, f"{column}: counted", f"{column}: out of"]
    if table.has_targets:
        header.append("Targets")
    yield header
    for row in table.rows:
        line = [row.label]
        for cell in row.cells:
            line += _cell(cell)
        if table.has_targets:
            line.append("; ".join(f"{table.columns[i]}: {_verdict(c)}" for i, c in enumerate(row.cells) if c.target))
        yield line


def filename(*parts: str) -> str:
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)
    return f"{slug}.csv"


def table_response(table: Table, *, name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that Excel reads UTF-8 (names with accents, the £ sign)
    writer = csv.writer(response)
    for line in table_rows(table):
        writer.writerow([safe(v) for v in line])
    return response
