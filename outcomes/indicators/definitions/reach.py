"""Reach (R1 to R7): children resident in a reach area, per reach area and for the authority."""

from __future__ import annotations

from outcomes.indicators.definitions.base import Indicator

REACH: list[Indicator] = [
    Indicator(
        "R1",
        "Under-5 population",
        1,
        "count",
        "Children aged 0 to 4 in the area's LSOAs (ONS mid-year estimate)",
        "",
        "The newest mid-year estimate on or before the period's end, summed over the reach area's LSOAs.",
        splits=("deprivation",),
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
        splits=("deprivation",),
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
        splits=("deprivation",),
    ),
    Indicator(
        "R4",
        "Sustained reach rate",
        1,
        "rate",
        "Resident under-fives with at least N contacts in the period (N is a setting, 3 by default)",
        "Under-5 population (R1)",
        "Distinct contacts that count for the child.",
        splits=("deprivation",),
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
        splits=("group",),
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
    Indicator(
        "R7",
        "New births reached",
        1,
        "rate",
        "Births notified in the period whose child was registered within 8 weeks of birth",
        "Births notified by health in the period",
        "Per reach area (the area of the birth's postcode when the notification was imported) "
        "and for the authority. Registered means the child was matched to a family registered "
        "no later than 8 weeks after the birth; births not yet matched count as not reached.",
    ),
]
