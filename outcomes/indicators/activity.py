"""A centre's own activity (A1 to A3): who came to it during the period, wherever they live.

Per DOMAIN.md these are separate from the area figures: a centre counts every family it saw,
and `area:out` counts those living outside its reach area at the period's end (elsewhere in
the authority, outside it, or with no known LSOA). A linked site serves its main centre's
reach area. For the authority, `area:out` is families
living outside every LSOA of the authority.

- A1 contacts at the centre in the period (attendances at sessions, visits, calls ...);
- A2 under-fives (as in the reach figures) for whom a contact at the centre counted;
- A3 families with a contact at the centre.
Two queries for the centres and two for the authority (distinct people across centres).
"""

from __future__ import annotations

from outcomes.indicators.area import AREA_CTE
from outcomes.indicators.definitions.base import AUTHORITY, CENTRE
from outcomes.indicators.periods import Period
from outcomes.indicators.residence import residence_params
from outcomes.indicators.tally import AUTHORITY_ID, Row, Tally, all_centre_ids, centre_scopes, fetch

# Every family's reach area at the period's end: the centre id, 0 for the rest of the
# authority, -1 for outside it or not known.
HOME_CTE = (
    "WITH "
    + AREA_CTE
    + """,
home AS (
    SELECT f.id AS family_id, COALESCE(MAX(area.centre_id), -1) AS centre_id
    FROM families_family f
    LEFT JOIN families_address a ON a.family_id = f.id
         AND a.moved_in <= %(end)s AND (a.moved_out IS NULL OR a.moved_out > %(end)s)
    LEFT JOIN area ON area.lsoa_id = a.lsoa_id
    GROUP BY f.id
),
visits AS (
    SELECT k.id, k.centre_id, k.family_id, k.with_adult, h.centre_id AS home,
           CASE WHEN h.centre_id = k.centre_id OR h.centre_id = cc.main_centre_id THEN 0 ELSE 1 END AS outside
    FROM services_contact k
    JOIN home h ON h.family_id = k.family_id
    JOIN centres_centre cc ON cc.id = k.centre_id
    WHERE k.date >= %(start)s AND k.date <= %(end)s
),
seen AS (
    SELECT DISTINCT v.centre_id, v.home, v.outside, c.id AS child_id
    FROM visits v
    JOIN families_child c ON c.family_id = v.family_id
    WHERE c.date_of_birth IS NOT NULL AND c.date_of_birth <= %(end)s AND c.date_of_birth > %(five_before)s
      AND (v.with_adult OR EXISTS (
          SELECT 1 FROM services_contactchild cc WHERE cc.contact_id = v.id AND cc.child_id = c.id))
)"""
)

CENTRE_CONTACTS_SQL = (
    HOME_CTE
    + """
SELECT v.centre_id, v.outside, COUNT(*), COUNT(DISTINCT v.family_id)
FROM visits v
GROUP BY v.centre_id, v.outside
"""
)
CENTRE_CHILDREN_SQL = (
    HOME_CTE
    + """
SELECT s.centre_id, s.outside, COUNT(*)
FROM seen s
GROUP BY s.centre_id, s.outside
"""
)
AUTHORITY_CONTACTS_SQL = (
    HOME_CTE
    + """
SELECT CASE WHEN v.home = -1 THEN 1 ELSE 0 END AS outside, COUNT(*), COUNT(DISTINCT v.family_id)
FROM visits v
GROUP BY CASE WHEN v.home = -1 THEN 1 ELSE 0 END
"""
)
AUTHORITY_CHILDREN_SQL = (
    HOME_CTE
    + """
SELECT CASE WHEN s.home = -1 THEN 1 ELSE 0 END AS outside, COUNT(DISTINCT s.child_id)
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

    for centre_id, outside, contacts, families in fetch(CENTRE_CONTACTS_SQL, params):
        add("A1", CENTRE, centre_id, outside, contacts)
        add("A3", CENTRE, centre_id, outside, families)
    for centre_id, outside, children in fetch(CENTRE_CHILDREN_SQL, params):
        add("A2", CENTRE, centre_id, outside, children)
    for outside, contacts, families in fetch(AUTHORITY_CONTACTS_SQL, params):
        add("A1", AUTHORITY, AUTHORITY_ID, outside, contacts)
        add("A3", AUTHORITY, AUTHORITY_ID, outside, families)
    for outside, children in fetch(AUTHORITY_CHILDREN_SQL, params):
        add("A2", AUTHORITY, AUTHORITY_ID, outside, children)

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = []
    for code, counted in tally.items():
        rows += counted.rows(code, scopes, splits=SPLITS, denominator=False)
    return write_snapshots(period=period, rows=rows)
