"""A dashboard table as data: the page, its chart, the CSV export and the board print all render
the same `Table`, so what is exported is exactly what is shown (suppression included)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from outcomes.models import IndicatorTarget


@dataclass(frozen=True)
class Target:
    value: Decimal
    met: bool | None
    at_most: bool


@dataclass(frozen=True)
class Cell:
    """One figure (or None: not computed), or a note that stands in for it ("Not applicable...")."""

    figure: Any = None  # selectors.Figure | None
    note: str = ""
    text: str = ""  # a plain value (money, a date) where there is no figure
    link: str = ""
    link_text: str = ""
    target: Target | None = None

    @property
    def chart_value(self) -> float | None:
        f = self.figure
        if f is None or f.suppressed or f.display_value is None:
            return None
        return round(float(f.display_value), 2)

    @property
    def unit(self) -> str | None:
        return self.figure.indicator.unit if self.figure is not None else None


@dataclass
class Row:
    label: str
    cells: list[Cell]
    link: str = ""


@dataclass
class Table:
    id: str  # the slug of the CSV export: ?format=csv&table=<id>
    title: str
    row_header: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    # "line": one line per row over the columns (trends); "bar": one bar per row for each
    # column that is a rate (comparisons). Only rates are drawn: a chart mixing counts with
    # percentages would mislead. The table stays the source of truth.
    chart: str = ""

    @property
    def has_targets(self) -> bool:
        return any(c.target for r in self.rows for c in r.cells)

    @property
    def chart_data(self) -> dict[str, Any] | None:
        if not self.chart or not self.rows:
            return None
        if self.chart == "line":
            datasets = [
                {"label": r.label, "data": [c.chart_value for c in r.cells]}
                for r in self.rows
                if any(c.unit == "rate" for c in r.cells) and all(c.unit in (None, "rate") for c in r.cells)
            ]
            labels = self.columns
        else:
            rate_columns = [
                i
                for i in range(len(self.columns))
                if any(r.cells[i].unit == "rate" for r in self.rows)
                and all(r.cells[i].unit in (None, "rate") for r in self.rows)
            ]
            datasets = [
                {"label": self.columns[i], "data": [r.cells[i].chart_value for r in self.rows]} for i in rate_columns
            ]
            labels = [r.label for r in self.rows]
        if not datasets or all(v is None for d in datasets for v in d["data"]):
            return None
        return {"kind": self.chart, "unit": "%", "labels": labels, "datasets": datasets}

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.id}"


def target_for(
    targets: dict[tuple[str, str, int, str], IndicatorTarget], figure: Any, key: tuple[str, str, int, str]
) -> Target | None:
    """The target set for this indicator/scope/split, and whether the figure meets it."""
    t = targets.get(key)
    if t is None:
        return None
    value = None if figure is None or figure.suppressed else figure.display_value
    return Target(value=t.target, met=t.met(value), at_most=t.direction == "at_most")
