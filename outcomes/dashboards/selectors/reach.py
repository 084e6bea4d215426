"""The reach section: headline figures, the deprivation gap, target groups and the reach trend."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse

from centres.models import Centre
from outcomes.dashboards.labels import split_label
from outcomes.dashboards.selectors.figures import Key, Sheet, active_targets, current_snapshots, figure
from outcomes.dashboards.selectors.periods import TREND_PERIODS, period_query
from outcomes.dashboards.tables import Cell, Row, Table
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period, recent_periods
from outcomes.models import IndicatorSnapshot, IndicatorTarget
from outcomes.models.indicators import Scope

HEADLINE = ("R1", "R2", "R3", "R4", "R6")
DRILLDOWN = ("R2", "R3", "R4")  # the headline's; other sections link any code in DRILLABLE


def not_applicable(sheet: Sheet, scope: str, scope_id: int) -> str:
    """Why R6 has no value for an area, when the reason is the area itself (a known bug was to
    say "Not computed" for an area with no deprived LSOA)."""
    deprived = sheet.found.get(("R1", scope, scope_id, "deprivation:deprived"))
    other = sheet.found.get(("R1", scope, scope_id, "deprivation:other"))
    if sheet.found.get(("R6", scope, scope_id, "")) is not None or deprived is None or other is None:
        return ""
    if deprived.numerator == 0:
        return "Not applicable: no LSOA of this area is in the 30% most deprived"
    if other.numerator == 0:
        return "Not applicable: every LSOA of this area is in the 30% most deprived"
    return ""


def dashboard(
    *,
    user: Any,
    period: Period,
    centres: list[Centre],
    suppress: bool,
    single_centre: bool = False,
    drilldown: bool = False,
    targets: dict[Key, IndicatorTarget] | None = None,
) -> dict[str, Any]:
    """The reach section: headline figures for the authority and each centre's reach area,
    deprivation, target groups and the reach trend. Four queries whatever the number of centres."""
    ids = [c.pk for c in centres]
    targets = active_targets(period) if targets is None else targets
    scope = Q(scope=Scope.REACH_AREA, scope_id__in=ids)
    if not single_centre:
        scope |= Q(scope=Scope.AUTHORITY, scope_id=0)
    rows = IndicatorSnapshot.objects.filter(
        scope,
        period_kind=period.kind,
        period_start=period.start,
        indicator__in=HEADLINE,
        split__in=["", "deprivation:deprived", "deprivation:other"],
    )
    sheet = Sheet(current_snapshots(rows), suppress=suppress, targets=targets)
    areas: list[tuple[str, str, int, str]] = []  # (label, scope, scope_id, link)
    if not single_centre:
        areas.append(("Whole authority", Scope.AUTHORITY, 0, ""))
    for c in centres:
        label = "Reach area" if single_centre else c.name
        link = "" if single_centre else reverse("indicators:centre", args=[c.pk]) + period_query(period)
        areas.append((label, Scope.REACH_AREA, c.pk, link))

    def headline_cell(code: str, scope_name: str, scope_id: int) -> Cell:
        key = (code, scope_name, scope_id, "")
        extra: dict[str, Any] = {}
        if code == "R6":
            extra["note"] = not_applicable(sheet, scope_name, scope_id)
        if drilldown and code in DRILLDOWN and scope_name == Scope.REACH_AREA and sheet.found.get(key):
            extra["link"] = reverse("indicators:drilldown", args=[scope_id, code]) + period_query(period)
            extra["link_text"] = f"Who is counted in {code}"
        return sheet.cell(key, **extra)

    headline = Table(
        id="headline",
        title="Headline reach",
        row_header="Area",
        columns=[f"{code} {INDICATORS[code].name}" for code in HEADLINE],
        rows=[Row(label, [headline_cell(code, s, i) for code in HEADLINE], link=link) for label, s, i, link in areas],
        chart="" if single_centre else "bar",
    )
    deprivation = Table(
        id="deprivation",
        title="Reach by deprivation (R6, the deprivation gap)",
        row_header="Area",
        columns=["30% most deprived LSOAs", "Other LSOAs", "Gap (R6)"],
        rows=[
            Row(
                label,
                [
                    sheet.cell(("R3", s, i, "deprivation:deprived")),
                    sheet.cell(("R3", s, i, "deprivation:other")),
                    sheet.cell(("R6", s, i, ""), note=not_applicable(sheet, s, i)),
                ],
            )
            for label, s, i, _ in areas
        ],
        note="Reach rate (R3) of the under-fives living in the 30% most deprived LSOAs and in the area's "
        "other LSOAs; the gap is the first minus the second, in percentage points.",
        chart="bar",
    )
    # Target-group reach (R5) for the first scope shown: the authority, or the one centre.
    group_scope = (Scope.REACH_AREA, ids[0]) if len(ids) == 1 and single_centre else (Scope.AUTHORITY, 0)
    group_rows = current_snapshots(
        IndicatorSnapshot.objects.filter(
            scope=group_scope[0],
            scope_id=group_scope[1],
            indicator="R5",
            period_kind=period.kind,
            period_start=period.start,
        ).order_by("split")
    )
    group_sheet = Sheet(group_rows, suppress=suppress, targets=targets)
    groups = [
        {"label": split_label(r.split), "figure": group_sheet.figure((r.indicator, r.scope, r.scope_id, r.split))}
        for r in group_rows
        if r.split.startswith("group:")
    ]
    group_table = Table(
        id="groups",
        title="Target-group reach (R5)" + ("" if single_centre else ", whole authority"),
        row_header="Group",
        columns=["Reached"],
        rows=[
            Row(split_label(r.split), [group_sheet.cell((r.indicator, r.scope, r.scope_id, r.split))])
            for r in group_rows
            if r.split.startswith("group:")
        ],
        note="For the most deprived areas, the share of their under-fives reached; for the other groups, "
        "where no population is known, the group's share of all the under-fives reached.",
        chart="bar",
    )
    periods = recent_periods(period.kind, TREND_PERIODS, until=period.start)
    trend_rows = current_snapshots(
        IndicatorSnapshot.objects.filter(
            scope, indicator="R3", split="", period_kind=period.kind, period_start__in=[p.start for p in periods]
        )
    )
    trend: dict[tuple[str, int], dict[date, IndicatorSnapshot]] = {}
    for r in trend_rows:
        trend.setdefault((r.scope, r.scope_id), {})[r.period_start] = r
    trend_table = Table(
        id="trend",
        title="Reach over time (R3)",
        row_header="Area",
        columns=[p.label for p in periods],
        rows=[
            Row(label, [Cell(figure(trend.get((s, i), {}).get(p.start), suppress=suppress)) for p in periods])
            for label, s, i, _ in areas
        ],
        chart="line",
    )
    return {
        "groups": groups,
        "tables": [headline, deprivation, *([group_table] if group_table.rows else []), trend_table],
        "computed_at": sheet.computed_at,
        "definitions": [INDICATORS[code] for code in (*HEADLINE, "R5")],
    }
