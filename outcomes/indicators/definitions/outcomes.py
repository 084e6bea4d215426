"""Outcomes (O1 to O6): children and carers resident in a reach area at the period's end, per
reach area and for the authority (outcomes.indicators.instruments and .health)."""

from __future__ import annotations

from outcomes.indicators.definitions.base import Indicator

RESIDENTS = "Placed by the family's address on the period's last day; merged and anonymised records are left out."

OUTCOMES: list[Indicator] = [
    Indicator(
        "O1",
        "Instrument outcomes: improved",
        1,
        "rate",
        "Pairs whose later score is better than the baseline (by at least the instrument's "
        "reliable change, where it has one)",
        "Pairs of a baseline and a later (review or exit) score, the later one completed in the period",
        "Per instrument: one pair per person, the last review or exit in the period against the "
        "last baseline before it. Better follows the instrument's direction (lower is better on "
        "the SDQ). WEMWBS needs a gain of 3 points, its reliable change; instruments with no "
        "threshold count any gain. " + RESIDENTS,
        splits=("instrument",),
    ),
    Indicator(
        "O1M",
        "Instrument outcomes: mean change",
        1,
        "mean",
        "Sum of the changes from baseline to later score, in the instrument's points (positive: better)",
        "Pairs (as O1)",
        "Per instrument only: points of different instruments do not add up.",
        splits=("instrument",),
        family="O1",
    ),
    Indicator(
        "O1E",
        "Instrument outcomes: effect size",
        1,
        "mean",
        "Mean change divided by the standard deviation of the changes",
        "",
        "Per instrument. About 0.2 is small, 0.5 medium and 0.8 large (Cohen). Not worked out "
        "for fewer than two pairs, or when every change is the same (shown as no figure).",
        splits=("instrument",),
        family="O1",
    ),
    Indicator(
        "O2",
        "School readiness",
        1,
        "rate",
        "Children who reached a Good Level of Development in the EYFS Profile",
        "Children with an EYFS Profile result recorded in the period",
        "Engaged: a contact counted for the child at any time from birth to the period's end, "
        "so the centre knew the child before school. " + RESIDENTS,
        splits=("deprivation", "engaged"),
    ),
    Indicator(
        "O2G",
        "School readiness: deprivation gap",
        1,
        "points",
        "O2 in the 30% most deprived LSOAs minus O2 in the others",
        "",
        "In percentage points. Negative: children in the most deprived neighbourhoods are behind.",
        family="O2",
    ),
    Indicator(
        "O2GE",
        "School readiness: engaged versus not engaged",
        1,
        "points",
        "O2 of children known to a centre minus O2 of those not known",
        "",
        "In percentage points. Positive: children the centres reached are more ready for school.",
        family="O2",
    ),
    Indicator(
        "O3",
        "Funded-two take-up",
        1,
        "rate",
        "Eligible registered children taking up a funded early education place at two",
        "Registered children eligible for the place and aged two at some time in the period",
        "Eligibility and take-up as recorded on the child's record. " + RESIDENTS,
        splits=("deprivation",),
    ),
    Indicator(
        "O4",
        "Breastfeeding at 6 to 8 weeks",
        1,
        "rate",
        "Babies breastfed at 6 to 8 weeks",
        "Babies who were eight weeks old during the period, with the answer known",
        "The latest known answer recorded by the period's end; a later 'not known' does not undo it. " + RESIDENTS,
        splits=("deprivation",),
    ),
    Indicator(
        "O5",
        "Healthy weight at reception",
        1,
        "rate",
        "Children of a healthy weight at reception",
        "Children whose weight status at reception was recorded in the period",
        "The latest known answer, when it was recorded in the period. " + RESIDENTS,
        splits=("deprivation",),
    ),
    Indicator(
        "O6",
        "Carers' progress into learning, volunteering or work",
        1,
        "rate",
        "Carers who moved into learning, volunteering or work in the period",
        "Carers with a baseline status and a progress record in the period",
        "Moved: a later record in the period says learning, volunteering or work, and differs "
        "from the baseline status. " + RESIDENTS,
        splits=("deprivation",),
    ),
]
