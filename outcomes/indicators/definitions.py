"""The indicators as named, versioned definitions. A definition's text is what a dashboard shows
beside the figure; bump `version` when the definition changes, so old and new never mix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    version: int
    unit: str  # "count", "rate", "points"
    numerator: str
    denominator: str
    description: str


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator(
            "R1",
            "Under-5 population",
            1,
            "count",
            "Children aged 0 to 4 in the area's LSOAs (ONS mid-year estimate)",
            "",
            "The newest mid-year estimate on or before the period's end, summed over the reach area's LSOAs.",
        ),
        Indicator(
            "R2",
            "Registration rate",
            1,
            "rate",
            "Under-fives resident in the area at the period's end and registered with any centre",
            "Under-5 population (R1)",
            "Registered by the period's end, not merged and not anonymised; "
            "residence by the family's address on the period's last day.",
        ),
        Indicator(
            "R3",
            "Reach rate",
            1,
            "rate",
            "Resident under-fives with at least one contact in the period",
            "Under-5 population (R1)",
            "A contact counts for a child who took part, "
            "and for every child of the family when one of its adults took part.",
        ),
        Indicator(
            "R4",
            "Sustained reach rate",
            1,
            "rate",
            "Resident under-fives with at least N contacts in the period (N is a setting, 3 by default)",
            "Under-5 population (R1)",
            "Distinct contacts that count for the child.",
        ),
        Indicator(
            "R5",
            "Target-group reach",
            1,
            "rate",
            "Resident under-fives in the group (at the period's end) with at least one contact",
            "The group's population where known (the 30% most deprived LSOAs' under-fives); "
            "otherwise all engaged resident under-fives (the group's share of those reached)",
            "Groups as recorded on the family at the period's end, derived or recorded by staff.",
        ),
        Indicator(
            "R6",
            "Deprivation gap in reach",
            1,
            "points",
            "Reach rate in the 30% most deprived LSOAs minus reach rate in the area's other LSOAs",
            "",
            "In percentage points. Positive: the most deprived neighbourhoods are reached more than the rest.",
        ),
    ]
}
