"""P1, referrals: per centre (the centre that received or sent them) and for the authority.

Referrals received (in) or sent (out) during the period:
- P1  how many, split by `direction:in|out` and `partner:<id>` (only partners with referrals);
- P1T with a first contact within REFERRAL_FIRST_CONTACT_TARGET_DAYS / with a first contact
      (those closed without one, declined or not accepted, are left out);
- P1D the median days from referral to first contact, of those with one (0 of 0: none yet).
Two queries: one grouped count, and the day counts of the period's contacted referrals, whose
medians are taken here (bounded by the referrals of one period, whatever the families).
"""

from __future__ import annotations

import statistics
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q

from outcomes.indicators.definitions.base import AUTHORITY, CENTRE
from outcomes.indicators.periods import Period
from outcomes.indicators.tally import AUTHORITY_ID, Row, Tally, all_centre_ids, centre_scopes, gap_row

DIRECTIONS = ["", "direction:in", "direction:out"]


def compute_partnership_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots
    from partnerships.models import Referral

    target = int(settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS)
    referrals = Referral.objects.received_between(period.start, period.end)
    counts, timely = Tally(), Tally()
    groups = (
        referrals.values("centre_id", "direction", "partner_id")
        .order_by()
        .annotate(
            referrals=Count("pk"),
            contacted=Count("pk", filter=Q(days_to_first_contact__isnull=False)),
            within=Count("pk", filter=Q(days_to_first_contact__lte=target)),
        )
    )
    for group in groups:
        centre, direction = group["centre_id"], f"direction:{group['direction']}"
        for split in ("", direction, f"partner:{group['partner_id']}"):
            counts.add_centre(centre, split, group["referrals"])
        for split in ("", direction):
            timely.add_centre(centre, split, group["within"], group["contacted"])
    days: dict[tuple[str, int, str], list[int]] = {}
    for centre, direction, waited in referrals.filter(days_to_first_contact__isnull=False).values_list(
        "centre_id", "direction", "days_to_first_contact"
    ):
        for scope, scope_id in ((CENTRE, centre), (AUTHORITY, AUTHORITY_ID)):
            for split in ("", f"direction:{direction}"):
                days.setdefault((scope, scope_id, split), []).append(waited)

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = counts.rows("P1", scopes, splits=DIRECTIONS, denominator=False)
    rows += counts.present_rows("P1", "partner", denominator=False)
    rows += timely.rows("P1T", scopes, splits=DIRECTIONS)
    for scope, scope_id in scopes:
        for split in DIRECTIONS:
            waited_days = days.get((scope, scope_id, split))
            median = Decimal(str(statistics.median(waited_days))) if waited_days else None
            rows.append(gap_row(scope, scope_id, "P1D", median, split))
    return write_snapshots(period=period, rows=rows)
