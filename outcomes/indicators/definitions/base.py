"""What an indicator definition holds. A definition's text is what a dashboard shows beside the
figure; bump `version` when the definition changes, so old and new never mix."""

from __future__ import annotations

from dataclasses import dataclass

# Scopes (outcomes.models.indicators.Scope values), as plain strings to keep this module free of
# Django imports.
REACH_AREA, CENTRE, AUTHORITY = "reach_area", "centre", "authority"
AREA_SCOPES = (REACH_AREA, AUTHORITY)
CENTRE_SCOPES = (CENTRE, AUTHORITY)

# Units, and how a reader turns numerator and denominator into the figure:
#   count   a number of people or things (numerator; a denominator, where given, is its base)
#   rate    numerator / denominator, shown as a percentage
#   points  a difference of two rates in percentage points (numerator only)
#   days    a number of days (numerator only)
#   hours   numerator in hours (a denominator, where given, is what it is per)
#   money   numerator in pounds; with a denominator, pounds per one of it
#   mean    numerator / denominator is an average (a score, a change); with no denominator,
#           the numerator is a standardised figure such as an effect size
UNITS = ("count", "rate", "points", "days", "hours", "money", "mean")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    version: int
    unit: str
    numerator: str
    denominator: str
    description: str
    # Which scopes it is computed for, and the split prefixes its snapshots use ("" = overall is
    # always there): "deprivation", "group", "instrument", "engaged", "direction", "partner",
    # "service", "field", "area".
    scopes: tuple[str, ...] = AREA_SCOPES
    splits: tuple[str, ...] = ()
    # The code this one belongs with on a dashboard (O1M and O1E with O1), "" for a headline.
    family: str = ""
