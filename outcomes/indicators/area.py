"""The reach indicators (R1 to R6) for every reach area and the authority, in the database.

One query counts, for each reach area and each side of the deprivation split, the resident
under-fives who were registered, engaged and in sustained contact during the period; one
more sums the population. DOMAIN.md's definitions, exactly:

- under five in P: born on or before P's end, fifth birthday after P's start (unborn not counted);
- resident: the family's address at P's end is in the area (LSOA membership at P's end);
- registered: with any centre on or before P's end, not merged away and not anonymised;
- a contact counts for a child who took part, or for every child of the family when an adult
  of the family took part (`with_adult`); engaged: one or more such contacts in P;
  sustained: at least INDICATOR_SUSTAINED_CONTACTS (default 3) distinct ones.

Plain SQL (CTEs, CASE sums) because the ORM is clumsy here; it runs unchanged on SQLite and
PostgreSQL. The area of an LSOA is its reach area at the period's end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from centres.area_selectors import five_years_before
from outcomes.indicators.periods import Period

DEPRIVED_DECILE = 3

# LSOAs of the authority at the period's end, each with the centre whose reach area holds it
# (0 when none) and whether it is in the 30% most deprived.
AREA_CTE = """
area AS (
    SELECT l.id AS lsoa_id,
           COALESCE(MAX(ra.centre_id), 0) AS centre_id,
           MAX(CASE WHEN d.imd_decile <= %(deprived)s THEN 1 ELSE 0 END) AS deprived
    FROM centres_lsoa l
    LEFT JOIN centres_reacharealsoa m
           ON m.lsoa_id = l.id AND m.added_on <= %(end)s AND (m.removed_on IS NULL OR m.removed_on > %(end)s)
    LEFT JOIN centres_reacharea ra ON ra.id = m.reach_area_id
    LEFT JOIN centres_deprivation d ON d.lsoa_id = l.id AND d.release = %(release)s
    WHERE l.vintage = %(vintage)s
      AND (m.id IS NOT NULL OR l.local_authority_code IN (
            SELECT l2.local_authority_code FROM centres_reacharealsoa m2
            JOIN centres_lsoa l2 ON l2.id = m2.lsoa_id
            WHERE m2.added_on <= %(end)s AND (m2.removed_on IS NULL OR m2.removed_on > %(end)s)
              AND l2.local_authority_code <> ''))
    GROUP BY l.id
)"""

CHILDREN_SQL = (
    "WITH "
    + AREA_CTE
    + """,
residents AS (
    SELECT c.id AS child_id, c.family_id, a.lsoa_id, f.registration_date
    FROM families_child c
    JOIN families_family f ON f.id = c.family_id
    JOIN families_address a ON a.family_id = f.id
         AND a.moved_in <= %(end)s AND (a.moved_out IS NULL OR a.moved_out > %(end)s)
    WHERE c.date_of_birth IS NOT NULL AND c.date_of_birth <= %(end)s AND c.date_of_birth > %(five_before)s
      AND f.merged_into_id IS NULL AND f.anonymised_at IS NULL AND f.registration_date <= %(end)s
),
counted AS (
    SELECT r.child_id, COUNT(DISTINCT k.id) AS contacts
    FROM residents r
    JOIN services_contact k ON k.family_id = r.family_id AND k.date >= %(start)s AND k.date <= %(end)s
    WHERE k.with_adult
       OR EXISTS (SELECT 1 FROM services_contactchild cc WHERE cc.contact_id = k.id AND cc.child_id = r.child_id)
    GROUP BY r.child_id
)
SELECT area.centre_id, area.deprived,
       COUNT(*) AS registered,
       SUM(CASE WHEN counted.contacts >= 1 THEN 1 ELSE 0 END) AS engaged,
       SUM(CASE WHEN counted.contacts >= %(sustained)s THEN 1 ELSE 0 END) AS sustained
FROM residents r
JOIN area ON area.lsoa_id = r.lsoa_id
LEFT JOIN counted ON counted.child_id = r.child_id
GROUP BY area.centre_id, area.deprived
"""
)

POPULATION_SQL = (
    "WITH "
    + AREA_CTE
    + """
SELECT area.centre_id, area.deprived, SUM(p.age_0 + p.age_1 + p.age_2 + p.age_3 + p.age_4) AS population
FROM centres_population p
JOIN area ON area.lsoa_id = p.lsoa_id
WHERE p.year = %(year)s
GROUP BY area.centre_id, area.deprived
"""
)


@dataclass
class AreaCounts:
    population: int = 0
    registered: int = 0
    engaged: int = 0
    sustained: int = 0


# Key: (centre_id, deprived) where centre_id 0 is "in no reach area" and deprived is 0 or 1.
Cells = dict[tuple[int, int], AreaCounts]


def population_year(*, vintage: int, period: Period) -> int | None:
    """The newest mid-year estimate on or before the period's end."""
    from centres.models import Population

    years = Population.objects.filter(lsoa__vintage=vintage, year__lte=period.end.year)
    return years.order_by("-year").values_list("year", flat=True).first()


def area_counts(*, period: Period, vintage: int, release: str | None, sustained: int) -> Cells:
    params: dict[str, Any] = {
        "start": period.start,
        "end": period.end,
        "five_before": five_years_before(period.start),
        "vintage": vintage,
        "release": release or "",
        "deprived": DEPRIVED_DECILE,
        "sustained": sustained,
    }
    cells: Cells = {}
    with connection.cursor() as cursor:
        cursor.execute(CHILDREN_SQL, params)
        for centre_id, deprived, registered, engaged, sustained_n in cursor.fetchall():
            cell = cells.setdefault((int(centre_id), int(deprived)), AreaCounts())
            cell.registered, cell.engaged, cell.sustained = int(registered), int(engaged or 0), int(sustained_n or 0)
        year = population_year(vintage=vintage, period=period)
        if year is not None:
            cursor.execute(POPULATION_SQL, {**params, "year": year})
            for centre_id, deprived, population in cursor.fetchall():
                cells.setdefault((int(centre_id), int(deprived)), AreaCounts()).population = int(population or 0)
    return cells


def numerator_child_ids(
    *, period: Period, vintage: int, release: str | None, sustained: int, centre_id: int, indicator: str
) -> list[int]:
    """The children behind a reach figure of one reach area: for drill-down by staff allowed
    to see names. Uses the same CTEs as the counts, so the list always matches the figure."""
    condition = {
        "R2": "1 = 1",
        "R3": "COALESCE(counted.contacts, 0) >= 1",
        "R4": "COALESCE(counted.contacts, 0) >= %(sustained)s",
    }[indicator]
    sql = CHILDREN_SQL.split("SELECT area.centre_id, area.deprived,")[0] + (
        "SELECT r.child_id FROM residents r JOIN area ON area.lsoa_id = r.lsoa_id "
        "LEFT JOIN counted ON counted.child_id = r.child_id "
        f"WHERE area.centre_id = %(centre)s AND {condition} ORDER BY r.child_id"
    )
    params: dict[str, Any] = {
        "start": period.start,
        "end": period.end,
        "five_before": five_years_before(period.start),
        "vintage": vintage,
        "release": release or "",
        "deprived": DEPRIVED_DECILE,
        "sustained": sustained,
        "centre": centre_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# Target groups (R5): each resident under-five's family's groups at the period's end.
GROUPS_SQL = (
    CHILDREN_SQL.split("SELECT area.centre_id, area.deprived,")[0]
    + """,
grouped AS (
    SELECT DISTINCT r.child_id, g."group" AS grp
    FROM residents r
    JOIN families_familytargetgroup g ON g.family_id = r.family_id
    WHERE g.started_on <= %(end)s AND (g.ended_on IS NULL OR g.ended_on > %(end)s)
)
SELECT area.centre_id, grouped.grp,
       SUM(CASE WHEN counted.contacts >= 1 THEN 1 ELSE 0 END) AS engaged
FROM residents r
JOIN area ON area.lsoa_id = r.lsoa_id
JOIN grouped ON grouped.child_id = r.child_id
LEFT JOIN counted ON counted.child_id = r.child_id
GROUP BY area.centre_id, grouped.grp
"""
)


def group_counts(*, period: Period, vintage: int, release: str | None) -> dict[tuple[int, str], int]:
    """Engaged resident under-fives by (centre, target group); centre 0 is "in no reach area"."""
    params: dict[str, Any] = {
        "start": period.start,
        "end": period.end,
        "five_before": five_years_before(period.start),
        "vintage": vintage,
        "release": release or "",
        "deprived": DEPRIVED_DECILE,
        "sustained": 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(GROUPS_SQL, params)
        return {(int(centre_id), group): int(engaged or 0) for centre_id, group, engaged in cursor.fetchall()}
