"""What the dashboards show: read from the stored snapshots, never computed on the page.

Each page is a handful of queries whatever the number of centres, splits or indicators: the
snapshots of the period, the trend periods, the targets, and one query per kind of split label.
Sections are built generically from `INDICATORS` and whatever snapshots exist, so an indicator
the engine starts writing shows up without code here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from centres.models import Centre
from outcomes.dashboards.labels import split_label, split_labels
from outcomes.dashboards.numerators import DRILLABLE
from outcomes.dashboards.tables import Cell, Row, Table, target_for
from outcomes.indicators.definitions import INDICATORS, Indicator
from outcomes.indicators.periods import Period, period_containing, recent_periods
from outcomes.models import IndicatorSnapshot, IndicatorTarget
from outcomes.models.indicators import PeriodKind, Scope

HEADLINE = ("R1", "R2", "R3", "R4", "R6")
TREND_PERIODS = 8
DRILLDOWN = ("R2", "R3", "R4")  # the headline's; other sections link any code in DRILLABLE
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


@dataclass(frozen=True)
class Figure:
    """One figure as a reader sees it: suppressed where it is a small number."""

    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    suppressed: bool
    computed_at: Any

    @property
    def percent(self) -> Decimal | None:
        return None if self.value is None or self.indicator.unit != "rate" else self.value * 100

    @property
    def display_value(self) -> Decimal | None:
        """The figure in the indicator's display unit: a percentage for a rate, the count itself
        for a count (its denominator is only a base), else the value (a mean, pounds per family)."""
        unit = self.indicator.unit
        if unit == "rate":
            return self.percent
        if unit == "count":
            return self.numerator
        return self.value


# Which of a snapshot's numbers count people, and so are suppressed when small. A points or days
# figure (a gap, a median) is not a count of anyone; a mean's or a per-family amount's
# denominator is.
PEOPLE = {"count": (0, 1), "rate": (0, 1), "mean": (1,), "money": (1,), "hours": (1,)}


def figure(snapshot: IndicatorSnapshot | None, *, suppress: bool) -> Figure | None:
    if snapshot is None or snapshot.indicator not in INDICATORS:
        return None
    indicator = INDICATORS[snapshot.indicator]
    threshold = settings.SMALL_NUMBER_THRESHOLD
    numbers = (snapshot.numerator, snapshot.denominator)
    counts = [n for n in (numbers[i] for i in PEOPLE.get(indicator.unit, ())) if n is not None]
    small = suppress and any(0 < n < threshold for n in counts)
    return Figure(
        indicator=indicator,
        numerator=None if small else snapshot.numerator,
        denominator=None if small else snapshot.denominator,
        value=None if small else snapshot.value,
        suppressed=small,
        computed_at=snapshot.computed_at,
    )


Key = tuple[str, str, int, str]  # (indicator, scope, scope_id, split)


def _current(rows: Iterable[IndicatorSnapshot]) -> list[IndicatorSnapshot]:
    """Only snapshots of an indicator's current definition: old and new versions never mix."""
    return [r for r in rows if r.indicator in INDICATORS and r.version == INDICATORS[r.indicator].version]


def active_targets(period: Period) -> dict[Key, IndicatorTarget]:
    """The targets in force for the period, keyed like the snapshots (the newest wins)."""
    rows = (
        IndicatorTarget.objects.filter(period_kind=period.kind, active_from__lte=period.end)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=period.start))
        .order_by("active_from", "pk")
    )
    return {(t.indicator, t.scope, t.scope_id, t.split): t for t in rows}


def period_from(params: Any, *, default_kind: str) -> Period:
    """The period a dashboard's address asks for (?kind=quarter&period=2026-04-01); anything
    unreadable falls back to the current period of the kind."""
    from django.utils import timezone

    kind = params.get("kind", default_kind)
    if kind not in PeriodKind.values:
        kind = default_kind
    try:
        day = date.fromisoformat(params.get("period", ""))
    except ValueError:
        day = timezone.localdate()
    return period_containing(kind, day)


def _period_query(period: Period) -> str:
    return f"?kind={period.kind}&period={period.start:%Y-%m-%d}"


class Sheet:
    """The snapshots of one period for a set of scopes, with the lookups to make cells of them."""

    def __init__(
        self, rows: Iterable[IndicatorSnapshot], *, suppress: bool, targets: dict[Key, IndicatorTarget]
    ) -> None:
        self.found: dict[Key, IndicatorSnapshot] = {(r.indicator, r.scope, r.scope_id, r.split): r for r in rows}
        self.suppress = suppress
        self.targets = targets

    def figure(self, key: Key) -> Figure | None:
        return figure(self.found.get(key), suppress=self.suppress)

    def cell(self, key: Key, **extra: Any) -> Cell:
        f = self.figure(key)
        return Cell(figure=f, target=target_for(self.targets, f, key), **extra)

    @property
    def computed_at(self) -> Any:
        times = [r.computed_at for r in self.found.values()]
        return max(times) if times else None


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
    sheet = Sheet(_current(rows), suppress=suppress, targets=targets)
    areas: list[tuple[str, str, int, str]] = []  # (label, scope, scope_id, link)
    if not single_centre:
        areas.append(("Whole authority", Scope.AUTHORITY, 0, ""))
    for c in centres:
        label = "Reach area" if single_centre else c.name
        link = "" if single_centre else reverse("indicators:centre", args=[c.pk]) + _period_query(period)
        areas.append((label, Scope.REACH_AREA, c.pk, link))

    def headline_cell(code: str, scope_name: str, scope_id: int) -> Cell:
        key = (code, scope_name, scope_id, "")
        extra: dict[str, Any] = {}
        if code == "R6":
            extra["note"] = not_applicable(sheet, scope_name, scope_id)
        if drilldown and code in DRILLDOWN and scope_name == Scope.REACH_AREA and sheet.found.get(key):
            extra["link"] = reverse("indicators:drilldown", args=[scope_id, code]) + _period_query(period)
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
    group_rows = _current(
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
    trend_rows = _current(
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
    rows = _current(
        IndicatorSnapshot.objects.filter(scope, period_kind=period.kind, period_start=period.start, indicator__in=codes)
    )
    sheet = Sheet(rows, suppress=suppress, targets=targets)
    labels = split_labels({r.split for r in rows})

    def cell(code: str, s: str, i: int, split: str) -> Cell:
        """A figure, with a link to the children behind it where a manager may see them."""
        key = (code, s, i, split)
        linkable = drilldown and single_centre and not split and s == Scope.REACH_AREA and code in DRILLABLE
        if linkable and sheet.found.get(key) is not None:
            link = reverse("indicators:drilldown", args=[i, code]) + _period_query(period)
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
                            link=reverse("indicators:centre", args=[c.pk]) + _period_query(period) + f"&section={slug}",
                        )
                        for c in centres
                    ],
                    chart="bar",
                )
            )
    if present:
        periods = recent_periods(period.kind, TREND_PERIODS, until=period.start)
        trend_rows = _current(
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
