"""A centre's own activity (A1 to A3): who came to it during the period, wherever they live.

Per DOMAIN.md these are separate from the area figures: a centre counts every family it saw,
and `area:out` counts those living outside its reach area at the period's end (elsewhere in
the authority, outside it, or with no known LSOA). A linked site serves its main centre's
reach area. For the authority, `area:out` is families
living outside every LSOA of the authority.

- A1 contacts at the centre in the period (attendances at sessions, visits, calls ...);
- A2 under-fives (as in the reach figures) for whom a contact at the centre counted;
- A3 families with a contact at the centre.
One query for every centre and the authority (distinct people across centres).
"""

from __future__ import annotations

from outcomes.indicators.area import AREA_CTE
from outcomes.indicators.definitions.base import AUTHORITY
from outcomes.indicators.periods import Period
from outcomes.indicators.residence import residence_params
from outcomes.indicators.tally import AUTHORITY_ID, Row, Tally, all_centre_ids, centre_scopes, fetch

# One query for the centres and the authority. `visits` is the period's contacts grouped once
# by centre and family (how many, and whether any was with the family's adults); `visited`
# places each such family by its home at the period's end (the reach area's centre id, 0 for
# the rest of the authority, -1 outside it or not known) and marks it `outside` the centre's
# area (a linked site serves its main centre's). `named` is the children who took part in a
# contact without their carers; `seen` the under-fives counted at a centre: all of a family's
# after a contact with its adults, otherwise those named. Rows: (scope, centre id, outside,
# contacts, families, children), the authority's counting each family and child once.
ACTIVITY_SQL = (
    "WITH "
    + AREA_CTE
    + """,
visits AS (
    SELECT k.centre_id, k.family_id, COUNT(*) AS contacts,
           MAX(CASE WHEN k.with_adult THEN 1 ELSE 0 END) AS with_adult
    FROM services_contact k
    WHERE k.date >= %(start)s AND k.date <= %(end)s
    GROUP BY k.centre_id, k.family_id
),
visited AS (
    SELECT v.centre_id, v.family_id, v.contacts, v.with_adult, v.home,
           CASE WHEN v.home = v.centre_id OR v.home = cc.main_centre_id THEN 0 ELSE 1 END AS outside
    FROM (
        SELECT v.centre_id, v.family_id, v.contacts, v.with_adult, COALESCE(MAX(area.centre_id), -1) AS home
        FROM visits v
        LEFT JOIN families_address a ON a.family_id = v.family_id
             AND a.moved_in <= %(end)s AND (a.moved_out IS NULL OR a.moved_out > %(end)s)
        LEFT JOIN area ON area.lsoa_id = a.lsoa_id
        GROUP BY v.centre_id, v.family_id, v.contacts, v.with_adult
    ) v
    JOIN centres_centre cc ON cc.id = v.centre_id
),
named AS (
    SELECT DISTINCT k.centre_id, k.family_id, x.child_id
    FROM services_contact k
    JOIN services_contactchild x ON x.contact_id = k.id
    WHERE k.date >= %(start)s AND k.date <= %(end)s AND NOT k.with_adult
),
seen AS (
    SELECT v.centre_id, v.home, v.outside, c.id AS child_id
    FROM visited v
    JOIN families_child c ON c.family_id = v.family_id
    LEFT JOIN named n ON n.centre_id = v.centre_id AND n.family_id = v.family_id AND n.child_id = c.id
    WHERE (v.with_adult = 1 OR n.child_id IS NOT NULL)
      AND c.date_of_birth IS NOT NULL AND c.date_of_birth <= %(end)s AND c.date_of_birth > %(five_before)s
)
SELECT 'centre', v.centre_id, v.outside, SUM(v.contacts), COUNT(*), 0
FROM visited v
GROUP BY v.centre_id, v.outside
UNION ALL
SELECT 'authority', 0, CASE WHEN v.home = -1 THEN 1 ELSE 0 END, SUM(v.contacts), COUNT(DISTINCT v.family_id), 0
FROM visited v
GROUP BY CASE WHEN v.home = -1 THEN 1 ELSE 0 END
UNION ALL
SELECT 'centre', s.centre_id, s.outside, 0, 0, COUNT(*)
FROM seen s
GROUP BY s.centre_id, s.outside
UNION ALL
SELECT 'authority', 0, CASE WHEN s.home = -1 THEN 1 ELSE 0 END, 0, 0, COUNT(DISTINCT s.child_id)
FROM seen s
GROUP BY CASE WHEN s.home = -1 THEN 1 ELSE 0 END
"""
)
SPLITS = ["", "area:out"]


def compute_activity_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots

    params = residence_params(period)
    tally = {code: Tally() for code in ("A1", "A2", "A3")}

    def add(code: str, scope: str, scope_id: int, outside: int, value: int) -> None:
        for split in ("", "area:out") if outside else ("",):
            tally[code].add(scope, scope_id, split, value)

    for scope, centre_id, outside, contacts, families, children in fetch(ACTIVITY_SQL, params):
        scope_id = AUTHORITY_ID if scope == AUTHORITY else centre_id
        add("A1", scope, scope_id, outside, contacts)
        add("A2", scope, scope_id, outside, children)
        add("A3", scope, scope_id, outside, families)

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = []
    for code, counted in tally.items():
        rows += counted.rows(code, scopes, splits=SPLITS, denominator=False)
    return write_snapshots(period=period, rows=rows)
