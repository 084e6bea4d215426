"""The children behind a figure's numerator, for the drill-down (managers of the centre only).

Each function lists the child ids that a reach area's numerator counts, by the same rules as the
engine: the R-codes through `numerator_child_ids` (area.py), R7 through the births' own filter,
and O3 to O5 through the engine's residence SQL with the numerator's condition added. The tests
check that each list is exactly as long as the stored numerator.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from centres.area_selectors import release_for
from outcomes.indicators.area import numerator_child_ids
from outcomes.indicators.periods import Period

Numerator = Callable[[Period, int], list[int]]


def _reach(code: str) -> Numerator:
    def ids(period: Period, centre_id: int) -> list[int]:
        vintage = settings.LSOA_VINTAGE
        return numerator_child_ids(
            period=period,
            vintage=vintage,
            release=release_for(vintage),
            sustained=settings.INDICATOR_SUSTAINED_CONTACTS,
            centre_id=centre_id,
            indicator=code,
        )

    return ids


def _births(period: Period, centre_id: int) -> list[int]:
    from partnerships.models import BirthNotification
    from partnerships.selectors import reached_in_time

    return list(
        BirthNotification.objects.filter(notified_on__range=(period.start, period.end), centre_id=centre_id)
        .filter(reached_in_time(), matched_child__isnull=False)
        .values_list("matched_child_id", flat=True)
    )


def _sql(code: str) -> str:
    from outcomes.indicators import health

    if code == "O3":
        return (
            health.WITH_RESIDENCE
            + """
SELECT c.id FROM families_child c
JOIN residence r ON r.family_id = c.family_id
WHERE c.funded_two_eligible AND c.funded_two_taken_up AND c.date_of_birth IS NOT NULL
  AND c.date_of_birth <= %(two_by_end)s AND c.date_of_birth > %(three_by_start)s
  AND r.centre_id = %(centre)s"""
        )
    field, cohort = health.HEALTH_FIELDS[code]
    # The engine's "latest known answer" CTE, without its grouped SELECT.
    known = health.LATEST_KNOWN.format(field=field, cohort=cohort).split("SELECT r.centre_id")[0]
    # Fixed text from the engine's own constants (never input): the values are parameters.
    select = f"""SELECT c.id FROM known k
JOIN families_child c ON c.id = k.child_id
JOIN residence r ON r.family_id = c.family_id
WHERE {cohort} AND k.answer = 'yes' AND r.centre_id = %(centre)s"""  # noqa: S608
    return health.WITH_RESIDENCE + known + select


def _resident(code: str) -> Numerator:
    def ids(period: Period, centre_id: int) -> list[int]:
        from outcomes.indicators import health

        params = health._params(period) | {"centre": centre_id}
        return [row[0] for row in health.fetch(_sql(code), params)]

    return ids


O6_NUMERATOR = """
SELECT DISTINCT b.adult_id
FROM outcomes_adultprogress b
JOIN residence r ON r.family_id = b.family_id
WHERE b.baseline AND b.recorded_on <= %(end)s AND r.centre_id = %(centre)s
  AND EXISTS (
      SELECT 1 FROM outcomes_adultprogress p
      WHERE p.adult_id = b.adult_id AND NOT p.baseline AND p.status <> b.status
        AND p.status IN ('learning', 'volunteering', 'work')
        AND p.recorded_on >= %(start)s AND p.recorded_on <= %(end)s)"""


def _carers_progressing(period: Period, centre_id: int) -> list[int]:
    """O6's numerator: carers resident in the area with a baseline status by the period's end
    who moved into learning, volunteering or work in the period (the engine's O6 rules)."""
    from outcomes.indicators import health

    sql = health.WITH_RESIDENCE + O6_NUMERATOR
    return [row[0] for row in health.fetch(sql, health._params(period) | {"centre": centre_id})]


# Numerators that count carers rather than children.
ADULT_NUMERATORS: dict[str, Numerator] = {"O6": _carers_progressing}

NUMERATORS: dict[str, Numerator] = {
    "R2": _reach("R2"),
    "R3": _reach("R3"),
    "R4": _reach("R4"),
    "R7": _births,
    "O3": _resident("O3"),
    "O4": _resident("O4"),
    "O5": _resident("O5"),
}

DRILLABLE = frozenset(NUMERATORS) | frozenset(ADULT_NUMERATORS)
