"""O2 to O6: school readiness, funded places at two, health and carers' progress, for the
children and carers resident in each reach area (and the authority) at the period's end.
Each is one grouped query, split by deprivation (the 30% most deprived LSOAs or not).

- O2  children whose EYFS Good Level of Development result was recorded in the period: reached
      GLD / with a result (a child assessed twice counts once, reached if any result says so).
      Split `engaged:yes|no`: a contact counted for the child between birth and the period's
      end (the centre knew the child before school). O2G: the deprivation gap (deprived minus
      other, in points); O2GE: engaged minus not engaged.
- O3  children eligible for a funded place at two and aged two at some time in the period
      (second birthday on or before its end, third after its start): taking up / eligible.
      Both facts are as recorded on the child now (the record holds no dates for them).
- O4  babies eight weeks old during the period (their 56th day in it): breastfed at 6 to 8
      weeks / status known, from the latest known answer recorded by the period's end.
- O5  children whose latest known healthy-weight-at-reception answer was recorded in the
      period: healthy weight / status known.
- O6  carers with a baseline status recorded by the period's end and a progress record in the
      period: moved into learning, volunteering or work (a later record in the period with one
      of those, different from the baseline status) / those carers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from outcomes.indicators.periods import Period
from outcomes.indicators.residence import WITH_RESIDENCE, residence_params, years_before
from outcomes.indicators.tally import (
    DEPRIVATION,
    Row,
    Tally,
    area_scopes,
    fetch,
    gap_points,
    gap_row,
    reach_area_centre_ids,
)

GLD_INSTRUMENT = "EYFS_GLD"

O2_SQL = (
    WITH_RESIDENCE
    + """,
results AS (
    SELECT s.child_id, s.family_id, MAX(CASE WHEN s.achieved THEN 1 ELSE 0 END) AS good
    FROM outcomes_assessment s
    JOIN outcomes_instrument i ON i.id = s.instrument_id
    WHERE i.code = %(gld)s AND s.child_id IS NOT NULL AND s.achieved IS NOT NULL
      AND s.assessed_on >= %(start)s AND s.assessed_on <= %(end)s
    GROUP BY s.child_id, s.family_id
),
marked AS (
    SELECT g.family_id, g.good,
           CASE WHEN EXISTS (
               SELECT 1 FROM services_contact k
               JOIN families_child c ON c.id = g.child_id
               WHERE k.family_id = g.family_id AND k.date <= %(end)s AND k.date >= c.date_of_birth
                 AND (k.with_adult OR EXISTS (
                     SELECT 1 FROM services_contactchild cc WHERE cc.contact_id = k.id AND cc.child_id = g.child_id))
           ) THEN 1 ELSE 0 END AS engaged
    FROM results g
)
SELECT r.centre_id, r.deprived, m.engaged, SUM(m.good), COUNT(*)
FROM marked m
JOIN residence r ON r.family_id = m.family_id
GROUP BY r.centre_id, r.deprived, m.engaged
"""
)

O3_SQL = (
    WITH_RESIDENCE
    + """
SELECT r.centre_id, r.deprived, SUM(CASE WHEN c.funded_two_taken_up THEN 1 ELSE 0 END), COUNT(*)
FROM families_child c
JOIN residence r ON r.family_id = c.family_id
WHERE c.funded_two_eligible AND c.date_of_birth IS NOT NULL
  AND c.date_of_birth <= %(two_by_end)s AND c.date_of_birth > %(three_by_start)s
GROUP BY r.centre_id, r.deprived
"""
)

# The latest known (not "unknown") answer to a health question by the period's end, per child.
# {field} is one of the HealthRecord columns named in HEALTH_FIELDS, never input.
LATEST_KNOWN = """,
known AS (
    SELECT h.child_id, h.{field} AS answer, h.recorded_on
    FROM outcomes_healthrecord h
    WHERE h.{field} <> 'unknown' AND h.recorded_on <= %(end)s
      AND NOT EXISTS (
          SELECT 1 FROM outcomes_healthrecord h2
          WHERE h2.child_id = h.child_id AND h2.{field} <> 'unknown' AND h2.recorded_on <= %(end)s
            AND (h2.recorded_on > h.recorded_on OR (h2.recorded_on = h.recorded_on AND h2.id > h.id)))
)
SELECT r.centre_id, r.deprived, SUM(CASE WHEN k.answer = 'yes' THEN 1 ELSE 0 END), COUNT(*)
FROM known k
JOIN families_child c ON c.id = k.child_id
JOIN residence r ON r.family_id = c.family_id
WHERE {cohort}
GROUP BY r.centre_id, r.deprived
"""
HEALTH_FIELDS = {
    "O4": ("breastfeeding_6_8_weeks", "c.date_of_birth BETWEEN %(eight_weeks_from)s AND %(eight_weeks_to)s"),
    "O5": ("healthy_weight_reception", "k.recorded_on >= %(start)s"),
}

O6_SQL = (
    WITH_RESIDENCE
    + """
SELECT r.centre_id, r.deprived,
       SUM(CASE WHEN EXISTS (
           SELECT 1 FROM outcomes_adultprogress p
           WHERE p.adult_id = b.adult_id AND NOT p.baseline AND p.status <> b.status
             AND p.status IN ('learning', 'volunteering', 'work')
             AND p.recorded_on >= %(start)s AND p.recorded_on <= %(end)s
       ) THEN 1 ELSE 0 END),
       COUNT(*)
FROM outcomes_adultprogress b
JOIN residence r ON r.family_id = b.family_id
WHERE b.baseline AND b.recorded_on <= %(end)s
  AND EXISTS (
      SELECT 1 FROM outcomes_adultprogress p
      WHERE p.adult_id = b.adult_id AND p.recorded_on >= %(start)s AND p.recorded_on <= %(end)s)
GROUP BY r.centre_id, r.deprived
"""
)

EIGHT_WEEKS = timedelta(days=56)


def _params(period: Period) -> dict[str, Any]:
    return residence_params(period) | {
        "gld": GLD_INSTRUMENT,
        "two_by_end": years_before(period.end, 2),
        "three_by_start": years_before(period.start, 3),
        "eight_weeks_from": period.start - EIGHT_WEEKS,
        "eight_weeks_to": period.end - EIGHT_WEEKS,
    }


def _by_deprivation(tally: Tally, rows: list[tuple[Any, ...]]) -> None:
    for centre_id, deprived, numerator, denominator in rows:
        for split in ("", DEPRIVATION[int(deprived)]):
            tally.add_area(int(centre_id), split, numerator, denominator)


DEPRIVATION_SPLITS = ["", *DEPRIVATION.values()]


def compute_health_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots

    params = _params(period)
    scopes = area_scopes(reach_area_centre_ids())
    rows: list[Row] = []

    school = Tally()
    for centre_id, deprived, engaged, good, children in fetch(O2_SQL, params):
        for split in ("", DEPRIVATION[int(deprived)], "engaged:yes" if engaged else "engaged:no"):
            school.add_area(int(centre_id), split, good, children)
    rows += school.rows("O2", scopes, splits=[*DEPRIVATION_SPLITS, "engaged:yes", "engaged:no"])
    for scope, scope_id in scopes:
        for code, first, second in (
            ("O2G", "deprivation:deprived", "deprivation:other"),
            ("O2GE", "engaged:yes", "engaged:no"),
        ):
            gap = gap_points(school.get(scope, scope_id, first), school.get(scope, scope_id, second))
            rows.append(gap_row(scope, scope_id, code, gap))

    queries = {"O3": O3_SQL, "O6": O6_SQL} | {
        code: WITH_RESIDENCE + LATEST_KNOWN.format(field=field, cohort=cohort)
        for code, (field, cohort) in HEALTH_FIELDS.items()
    }
    for code in ("O3", "O4", "O5", "O6"):
        tally = Tally()
        _by_deprivation(tally, fetch(queries[code], params))
        rows += tally.rows(code, scopes, splits=DEPRIVATION_SPLITS)
    return write_snapshots(period=period, rows=rows)
