"""Every other section, built generically from INDICATORS and whatever snapshots exist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from centres.models import Centre
from outcomes.dashboards.labels import split_label, split_labels
from outcomes.dashboards.numerators import DRILLABLE
from outcomes.dashboards.selectors.figures import Key, Sheet, current_snapshots, figure
from outcomes.dashboards.selectors.periods import TREND_PERIODS, period_query
from outcomes.dashboards.tables import Cell, Row, Table
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period, recent_periods
from outcomes.models import IndicatorSnapshot, IndicatorTarget
from outcomes.models.indicators import Scope

NOT_SPLIT = "Not split this way"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    prefixes: tuple[str, ...]


# A section holds every indicator whose code starts with one of its prefixes.
SECTIONS = [
    Section("reach", "Reach", ("R",)),
    Section("outcomes", "Outcomes", ("O",)),
    Section("partnerships", "Partnerships, hub and parents", ("P",)),
    Section("spend", "Spend", ("F",)),
    Section("activity", "Centre activity", ("A",)),
    Section("quality", "Data quality", ("DQ",)),
    Section("pbr", "Payment by results", ()),
]
SECTION = {s.slug: s for s in SECTIONS}
# Published on the public transparency page (authority figures only, always suppressed).
PUBLIC_SECTIONS = ("reach", "outcomes", "partnerships", "spend")


def section_codes(slug: str) -> list[str]:
    prefixes = SECTION[slug].prefixes
    return [code for code in INDICATORS if prefixes and code.startswith(prefixes)]


def section_tables(
    *,
    slug: str,
    period: Period,
    centres: list[Centre],
    suppress: bool,
    single_centre: bool,
    targets: dict[Key, IndicatorTarget],
    exclude: Iterable[str] = (),
    authority_only: bool = False,
    drilldown: bool = False,
) -> dict[str, Any]:
    """Every indicator of a section, generically: a table of the headline figures (indicators with
    no split), a table per indicator that has splits (rows: the splits; an indicator's family, like
    O1 with O1M and O1E, shares its table), a centre-by-centre comparison (authority view) and a
    trend. Four queries plus one per kind of split label, whatever the number of centres."""
    codes = [c for c in section_codes(slug) if c not in set(exclude)]
    empty: dict[str, Any] = {"tables": [], "missing": [], "definitions": [], "computed_at": None}
    if not codes:
        return empty
    ids = [c.pk for c in centres]
    if authority_only:
        scope = Q(scope=Scope.AUTHORITY, scope_id=0)
        focus = [(Scope.AUTHORITY, 0, "Whole authority")]
    elif single_centre:
        scope = Q(scope__in=[Scope.REACH_AREA, Scope.CENTRE], scope_id__in=ids)
        focus = [(Scope.REACH_AREA, ids[0], "Reach area"), (Scope.CENTRE, ids[0], "Centre's own activity")]
    else:
        scope = Q(scope=Scope.AUTHORITY, scope_id=0) | Q(scope__in=[Scope.REACH_AREA, Scope.CENTRE], scope_id__in=ids)
        focus = [(Scope.AUTHORITY, 0, "Whole authority")]
    rows = current_snapshots(
        IndicatorSnapshot.objects.filter(scope, period_kind=period.kind, period_start=period.start, indicator__in=codes)
    )
    sheet = Sheet(rows, suppress=suppress, targets=targets)
    labels = split_labels({r.split for r in rows})

    def cell(code: str, s: str, i: int, split: str) -> Cell:
        """A figure, with a link to the children behind it where a manager may see them."""
        key = (code, s, i, split)
        linkable = drilldown and single_centre and not split and s == Scope.REACH_AREA and code in DRILLABLE
        if linkable and sheet.found.get(key) is not None:
            link = reverse("indicators:drilldown", args=[i, code]) + period_query(period)
            return sheet.cell(key, link=link, link_text=f"Who is counted in {code}")
        return sheet.cell(key)

    focus_keys = {(s, i) for s, i, _ in focus}
    splits_of: dict[str, set[str]] = {}
    scopes_of: dict[str, set[tuple[str, int]]] = {}
    for r in rows:
        if (r.scope, r.scope_id) in focus_keys:
            splits_of.setdefault(r.indicator, set()).add(r.split)
            scopes_of.setdefault(r.indicator, set()).add((r.scope, r.scope_id))
    present = [c for c in codes if c in splits_of]
    # Families: O1M and O1E belong with O1 (a definition's `family`), else a code is its own.
    families: dict[str, list[str]] = {}
    for code in present:
        head = getattr(INDICATORS[code], "family", "") or code
        families.setdefault(head if head in splits_of else code, []).append(code)
    tables: list[Table] = []
    headline_rows: list[tuple[str, str]] = []  # (code, head)
    split_families: list[list[str]] = []
    for members in families.values():
        if any(s for code in members for s in splits_of[code]):
            split_families.append(members)
        else:
            headline_rows += [(code, members[0]) for code in members]
    if headline_rows:
        used = [f for f in focus if any((f[0], f[1]) in scopes_of[c] for c, _ in headline_rows)]
        tables.append(
            Table(
                id=f"{slug}-headline",
                title="Figures",
                row_header="Indicator",
                columns=[label for _, _, label in used],
                rows=[
                    Row(f"{code} {INDICATORS[code].name}", [cell(code, s, i, "") for s, i, _ in used])
                    for code, _ in headline_rows
                ],
                chart="",
            )
        )
    for members in split_families:
        head = members[0]
        used = [f for f in focus if any((f[0], f[1]) in scopes_of[c] for c in members)]
        # Overall first, then grouped by kind (direction before partner...), by name within a kind.
        splits = sorted(
            set().union(*(splits_of[c] for c in members)),
            key=lambda s: (s != "", s.partition(":")[0], labels.get(s, s)),
        )
        columns = [(code, s, i, label) for code in members for s, i, label in used]
        tables.append(
            Table(
                id=f"{slug}-{head.lower()}",
                title=f"{head} {INDICATORS[head].name}",
                row_header="Split",
                columns=[
                    f"{code} {INDICATORS[code].name}" + (f", {label}" if len(used) > 1 else "")
                    for code, _, _, label in columns
                ],
                rows=[
                    Row(
                        labels.get(split, split_label(split)),
                        [
                            cell(code, s, i, split) if split in splits_of[code] else Cell(note=NOT_SPLIT)
                            for code, s, i, _ in columns
                        ],
                    )
                    for split in splits
                ],
                chart="bar" if len(splits) > 1 else "",
            )
        )
    if not single_centre and not authority_only and centres:
        compare = [c for c in present if any(r[1] != Scope.AUTHORITY for r in sheet.found if r[0] == c)]
        if compare:

            def centre_cell(code: str, pk: int) -> Cell:
                for s in (Scope.REACH_AREA, Scope.CENTRE):
                    if (code, s, pk, "") in sheet.found:
                        return sheet.cell((code, s, pk, ""))
                return Cell()

            tables.append(
                Table(
                    id=f"{slug}-centres",
                    title="Centre by centre",
                    row_header="Centre",
                    columns=[f"{code} {INDICATORS[code].name}" for code in compare],
                    rows=[
                        Row(
                            c.name,
                            [centre_cell(code, c.pk) for code in compare],
                            link=reverse("indicators:centre", args=[c.pk]) + period_query(period) + f"&section={slug}",
                        )
                        for c in centres
                    ],
                    chart="bar",
                )
            )
    if present:
        periods = recent_periods(period.kind, TREND_PERIODS, until=period.start)
        trend_rows = current_snapshots(
            IndicatorSnapshot.objects.filter(
                scope,
                indicator__in=present,
                split="",
                period_kind=period.kind,
                period_start__in=[p.start for p in periods],
            )
        )
        trend = {(r.indicator, r.scope, r.scope_id, r.period_start): r for r in trend_rows}
        lines = [
            (code, s, i, label)
            for code in present
            for s, i, label in focus
            if any((code, s, i, p.start) in trend for p in periods)
        ]
        if lines:
            tables.append(
                Table(
                    id=f"{slug}-trend",
                    title="Over time",
                    row_header="Indicator",
                    columns=[p.label for p in periods],
                    rows=[
                        Row(
                            f"{code} {INDICATORS[code].name}" + (f", {label}" if single_centre else ""),
                            [Cell(figure(trend.get((code, s, i, p.start)), suppress=suppress)) for p in periods],
                        )
                        for code, s, i, label in lines
                    ],
                    chart="line",
                )
            )
    return {
        "tables": tables,
        "missing": [INDICATORS[c] for c in codes if c not in splits_of],
        "definitions": [INDICATORS[c] for c in present],
        "computed_at": sheet.computed_at,
    }
