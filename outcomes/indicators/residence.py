"""Who lives where at a period's end: the SQL the resident-based indicators (R7 aside, the
O-codes) share with the reach figures (outcomes.indicators.area).

`residence` gives every active family registered by the period's end the reach area of its
address on the period's last day (centre 0: in the authority but in no reach area) and whether
that LSOA is in the 30% most deprived. Families living outside the authority, or whose LSOA is
unknown, are in no area and not counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from centres.area_selectors import five_years_before, release_for
from outcomes.indicators.area import AREA_CTE, DEPRIVED_DECILE
from outcomes.indicators.periods import Period

RESIDENCE_CTE = """
residence AS (
    SELECT f.id AS family_id, area.centre_id, area.deprived
    FROM families_family f
    JOIN families_address a ON a.family_id = f.id
         AND a.moved_in <= %(end)s AND (a.moved_out IS NULL OR a.moved_out > %(end)s)
    JOIN area ON area.lsoa_id = a.lsoa_id
    WHERE f.merged_into_id IS NULL AND f.anonymised_at IS NULL AND f.registration_date <= %(end)s
)"""

WITH_RESIDENCE = "WITH " + AREA_CTE + "," + RESIDENCE_CTE


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def residence_params(period: Period) -> dict[str, Any]:
    from django.conf import settings

    vintage = settings.LSOA_VINTAGE
    return {
        "start": period.start,
        "end": period.end,
        "five_before": five_years_before(period.start),
        "vintage": vintage,
        "release": release_for(vintage) or "",
        "deprived": DEPRIVED_DECILE,
    }
