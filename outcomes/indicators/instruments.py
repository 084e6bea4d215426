"""O1, instrument outcomes, per reach area and authority, split by instrument.

A pair is one person's (child's or carer's) baseline and later score on a scored instrument:
the later score is their last review or exit completed in the period, the baseline their last
baseline on or before it. The family's residence at the period's end places the pair.

- O1  improved pairs / pairs. Improvement follows the instrument's direction (SDQ: lower is
      better); where the instrument has a reliable change threshold (WEMWBS: 3 points) the gain
      must reach it, otherwise any gain counts. Overall ("") and `instrument:<code>`.
- O1M mean change: sum of the gains / pairs, in the instrument's points, positive = better.
- O1E effect size: the mean gain / the standard deviation of the gains (sample SD, n - 1), from
      the sum and the sum of squares aggregated in the database; 0 of 0 with fewer than two
      pairs or no spread.

One query for the period, whatever the number of assessments.
"""

from __future__ import annotations

from decimal import Decimal

from outcomes.indicators.periods import Period
from outcomes.indicators.residence import WITH_RESIDENCE, residence_params
from outcomes.indicators.tally import Row, Tally, area_scopes, fetch, gap_row, reach_area_centre_ids

PAIRS_SQL = (
    WITH_RESIDENCE
    + """,
later AS (
    SELECT s.id, s.child_id, s.adult_id, s.family_id, s.instrument_id, s.assessed_on, s.total_score
    FROM outcomes_assessment s
    WHERE s.time_point IN ('review', 'exit') AND s.total_score IS NOT NULL
      AND s.assessed_on >= %(start)s AND s.assessed_on <= %(end)s
      AND NOT EXISTS (
          SELECT 1 FROM outcomes_assessment s2
          WHERE COALESCE(s2.child_id, 0) = COALESCE(s.child_id, 0)
            AND COALESCE(s2.adult_id, 0) = COALESCE(s.adult_id, 0)
            AND s2.instrument_id = s.instrument_id AND s2.time_point IN ('review', 'exit')
            AND s2.total_score IS NOT NULL AND s2.assessed_on <= %(end)s
            AND (s2.assessed_on > s.assessed_on OR (s2.assessed_on = s.assessed_on AND s2.id > s.id)))
),
pairs AS (
    SELECT l.family_id, i.code,
           CASE WHEN i.higher_is_better THEN l.total_score - b.total_score
                ELSE b.total_score - l.total_score END AS gain,
           i.reliable_change
    FROM later l
    JOIN outcomes_instrument i ON i.id = l.instrument_id
    JOIN outcomes_assessment b ON COALESCE(b.child_id, 0) = COALESCE(l.child_id, 0)
            AND COALESCE(b.adult_id, 0) = COALESCE(l.adult_id, 0)
            AND b.instrument_id = l.instrument_id
         AND b.time_point = 'baseline' AND b.total_score IS NOT NULL AND b.assessed_on <= l.assessed_on
    WHERE NOT EXISTS (
          SELECT 1 FROM outcomes_assessment b2
          WHERE COALESCE(b2.child_id, 0) = COALESCE(l.child_id, 0)
            AND COALESCE(b2.adult_id, 0) = COALESCE(l.adult_id, 0)
            AND b2.instrument_id = l.instrument_id AND b2.time_point = 'baseline'
            AND b2.total_score IS NOT NULL AND b2.assessed_on <= l.assessed_on
            AND (b2.assessed_on > b.assessed_on OR (b2.assessed_on = b.assessed_on AND b2.id > b.id)))
)
SELECT r.centre_id, p.code, COUNT(*) AS pairs,
       SUM(CASE WHEN p.reliable_change IS NOT NULL AND p.gain >= p.reliable_change THEN 1
                WHEN p.reliable_change IS NULL AND p.gain > 0 THEN 1 ELSE 0 END) AS improved,
       SUM(p.gain) AS gain, SUM(p.gain * p.gain) AS gain_squared
FROM pairs p
JOIN residence r ON r.family_id = p.family_id
GROUP BY r.centre_id, p.code
"""
)

PLACES = Decimal("0.0001")


def effect_size(total: Decimal, squares: Decimal, n: Decimal) -> Decimal | None:
    """Mean / sample standard deviation, from the sum and sum of squares of n values."""
    if n < 2:
        return None
    variance = (squares - total * total / n) / (n - 1)
    if variance <= 0:
        return None
    return (total / n / variance.sqrt()).quantize(PLACES)


def compute_instrument_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots

    improved, gains, squares = Tally(), Tally(), Tally()
    for centre_id, code, pairs, better, gain, gain_squared in fetch(PAIRS_SQL, residence_params(period)):
        for split in ("", f"instrument:{code}"):
            improved.add_area(int(centre_id), split, better, pairs)
        gains.add_area(int(centre_id), f"instrument:{code}", gain, pairs)
        squares.add_area(int(centre_id), f"instrument:{code}", gain_squared, pairs)
    scopes = area_scopes(reach_area_centre_ids())
    instruments = sorted(improved.splits("instrument"))
    rows: list[Row] = improved.rows("O1", scopes, splits=["", *instruments])
    rows += gains.rows("O1M", scopes, splits=instruments)
    for scope, scope_id in scopes:
        for split in instruments:
            total, n = gains.get(scope, scope_id, split)
            effect = effect_size(total, squares.get(scope, scope_id, split)[0], n)
            rows.append(gap_row(scope, scope_id, "O1E", effect, split))
    return write_snapshots(period=period, rows=rows)
