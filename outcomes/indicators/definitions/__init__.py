"""The indicators as named, versioned definitions, one module per family of indicators (the
computations in outcomes/indicators/ follow the same grouping). Add a definition to its
family's list; INDICATORS is keyed by code."""

from __future__ import annotations

from outcomes.indicators.definitions.base import UNITS, Indicator
from outcomes.indicators.definitions.centres import CENTRES
from outcomes.indicators.definitions.outcomes import OUTCOMES
from outcomes.indicators.definitions.reach import REACH

__all__ = ["INDICATORS", "UNITS", "Indicator"]

INDICATORS: dict[str, Indicator] = {i.code: i for i in [*REACH, *OUTCOMES, *CENTRES]}

assert all(i.unit in UNITS for i in INDICATORS.values()), "an indicator has an unknown unit"  # noqa: S101
