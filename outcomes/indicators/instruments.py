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

One query for the period, whatever the number of assessments. Each person's later score is
the newest of their scores in the period (a newer one on or before its end is in the period
too), their baseline the newest before or on its day: both picked by ROW_NUMBER() in one
ordered pass, ties on a day going to the one entered last (the higher id).
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
    SELECT x.child_id, x.adult_id, x.family_id, x.instrument_id, x.assessed_on, x.total_score
    FROM (
        SELECT s.child_id, s.adult_id, s.family_id, s.instrument_id, s.assessed_on, s.total_score,
               ROW_NUMBER() OVER (PARTITION BY s.child_id, s.adult_id, s.instrument_id
                                  ORDER BY s.assessed_on DESC, s.id DESC) AS newest
        FROM outcomes_assessment s
        WHERE s.time_point IN ('review', 'exit') AND s.total_score IS NOT NULL
          AND s.assessed_on >= %(start)s AND s.assessed_on <= %(end)s
    ) x
    WHERE x.newest = 1
),
pairs AS (
    SELECT x.family_id, i.code,
           CASE WHEN i.higher_is_better THEN x.later_score - x.baseline_score
                ELSE x.baseline_score - x.later_score END AS gain,
           i.reliable_change
    FROM (
        SELECT l.family_id, l.instrument_id, l.total_score AS later_score, b.total_score AS baseline_score,
               ROW_NUMBER() OVER (PARTITION BY l.child_id, l.adult_id, l.instrument_id
                                  ORDER BY b.assessed_on DESC, b.id DESC) AS newest
        FROM later l
        JOIN outcomes_assessment b ON b.instrument_id = l.instrument_id
             AND COALESCE(b.child_id, 0) = COALESCE(l.child_id, 0) AND COALESCE(b.adult_id, 0) = COALESCE(l.adult_id, 0)
             AND b.time_point = 'baseline' AND b.total_score IS NOT NULL AND b.assessed_on <= l.assessed_on
    ) x
    JOIN outcomes_instrument i ON i.id = x.instrument_id
    WHERE x.newest = 1
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
