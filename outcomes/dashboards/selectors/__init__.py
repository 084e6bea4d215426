"""What the dashboards show: read from the stored snapshots, never computed on the page.

Each page is a handful of queries whatever the number of centres, splits or indicators: the
snapshots of the period, the trend periods, the targets, and one query per kind of split label.
Sections are built generically from `INDICATORS` and whatever snapshots exist, so an indicator
the engine starts writing shows up without code here.

Modules: `figures` (a snapshot as a reader sees it, the sheet of a period's snapshots, targets),
`periods` (the period in the address), `reach` (the reach dashboard) and `sections` (every
other section). The names are importable from here as before.
"""

from outcomes.dashboards.selectors.figures import PEOPLE, Figure, Key, Sheet, active_targets, current_snapshots, figure
from outcomes.dashboards.selectors.periods import TREND_PERIODS, period_from, period_query
from outcomes.dashboards.selectors.reach import DRILLDOWN, HEADLINE, dashboard, not_applicable
from outcomes.dashboards.selectors.sections import (
    NOT_SPLIT,
    PUBLIC_SECTIONS,
    SECTION,
    SECTIONS,
    Section,
    section_codes,
    section_tables,
)

__all__ = [
    "DRILLDOWN",
    "HEADLINE",
    "NOT_SPLIT",
    "PEOPLE",
    "PUBLIC_SECTIONS",
    "SECTION",
    "SECTIONS",
    "TREND_PERIODS",
    "Figure",
    "Key",
    "Section",
    "Sheet",
    "active_targets",
    "current_snapshots",
    "dashboard",
    "figure",
    "not_applicable",
    "period_from",
    "period_query",
    "section_codes",
    "section_tables",
]
