"""R7, new births reached: births notified during the period, per reach area and authority.

A notification's reach area is the one its postcode's LSOA was in when it was imported (the
outreach list uses the same). Reached: the child was matched to a registration made within
eight weeks of the birth (partnerships.selectors.reached_in_time). One grouped query.
"""

from __future__ import annotations

from django.db.models import Count

from outcomes.indicators.periods import Period
from outcomes.indicators.tally import Tally, area_scopes, reach_area_centre_ids


def compute_birth_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots
    from partnerships.models import BirthNotification
    from partnerships.selectors import reached_in_time

    tally = Tally()
    groups = (
        BirthNotification.objects.filter(notified_on__range=(period.start, period.end))
        .values("centre_id")
        .order_by()
        .annotate(notified=Count("pk"), reached=Count("pk", filter=reached_in_time()))
    )
    for group in groups:
        tally.add_area(group["centre_id"] or 0, "", group["reached"], group["notified"])
    rows = tally.rows("R7", area_scopes(reach_area_centre_ids()))
    return write_snapshots(period=period, rows=rows)
