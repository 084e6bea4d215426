"""Reporting periods: calendar months, quarters of the financial year, financial years (UK: from
1 April). A period is identified by its kind and first day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from outcomes.models import PeriodKind


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date  # the last day, inclusive

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%B %Y}"
        if self.kind == PeriodKind.QUARTER:
            fy = self.start.year if self.start.month >= 4 else self.start.year - 1
            quarter = ((self.start.month - 4) % 12) // 3 + 1
            return f"Q{quarter} {fy}-{(fy + 1) % 100:02d}"
        return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - timedelta(days=1))


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_containing(kind: str, day: date) -> Period:
    if kind == PeriodKind.MONTH:
        return Period(kind, date(day.year, day.month, 1), _month_end(day.year, day.month))
    if kind == PeriodKind.QUARTER:
        first_month = ((day.month - 1) // 3) * 3 + 1  # quarters of the financial year start Apr, Jul, Oct, Jan
        end_month = first_month + 2
        return Period(kind, date(day.year, first_month, 1), _month_end(day.year, end_month))
    if kind == PeriodKind.YEAR:
        year = day.year if day.month >= 4 else day.year - 1
        return Period(kind, date(year, 4, 1), date(year + 1, 3, 31))
    raise ValueError(f"Unknown period kind: {kind}")


def period_starting(kind: str, start: date) -> Period:
    period = period_containing(kind, start)
    if period.start != start:
        raise ValueError(f"{start} is not the first day of a {kind}")
    return period


def recent_periods(kind: str, count: int, *, until: date) -> list[Period]:
    """The `count` periods up to and including the one containing `until`, oldest first."""
    periods = [period_containing(kind, until)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return sorted(periods)


def current_and_previous_kinds(period: Period, count: int = 8) -> list[Period]:
    """Periods of the same kind to choose from on a dashboard: this one and those before."""
    return list(reversed(recent_periods(period.kind, count, until=period.start)))
