"""P2 to P4, the centre as a community hub, sharing expertise and engaging parents: per centre
and for the authority, for the period (its first to its last day).

- P2  room bookings by community groups starting in the period (not cancelled); P2H their hours.
- P2V volunteers active at some time in the period; P2VH hours they gave in it.
- P3  early-years settings supported (distinct settings at one of the centre's training events,
      support visits or network meetings); P3T people from settings who attended.
- P4  parent forum members at the period's end; P4F feedback received; P4S mean satisfaction
      (sum of the 1 to 5 scores / feedback received).
Seven grouped queries; the authority's settings are counted distinct across centres (one more).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from outcomes.indicators.definitions.base import AUTHORITY, CENTRE
from outcomes.indicators.periods import Period
from outcomes.indicators.tally import AUTHORITY_ID, Row, Tally, all_centre_ids, centre_scopes

LENGTH = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


def _hours(length: timedelta | None) -> Decimal:
    return (Decimal(int((length or timedelta(0)).total_seconds())) / 3600).quantize(Decimal("0.01"))


def compute_community_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots
    from services.community.selectors import local_midnight
    from services.models import (
        Feedback,
        ForumMember,
        RoomBooking,
        TrainingAttendance,
        Volunteer,
        VolunteerHours,
    )

    start, end = period.start, period.end
    tally: dict[str, Tally] = {code: Tally() for code in ("P2", "P2H", "P2V", "P2VH", "P3", "P3T", "P4", "P4F", "P4S")}
    bookings = (
        RoomBooking.objects.filter(
            cancelled=False, starts_at__gte=local_midnight(start), starts_at__lt=local_midnight(end + timedelta(days=1))
        )
        .values(centre=F("room__centre_id"))
        .order_by()
        .annotate(n=Count("pk"), length=Sum(LENGTH))
    )
    for row in bookings:
        tally["P2"].add_centre(row["centre"], "", row["n"])
        tally["P2H"].add_centre(row["centre"], "", _hours(row["length"]))
    volunteers = (
        Volunteer.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end)
        .values("centre_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in volunteers:
        tally["P2V"].add_centre(row["centre_id"], "", row["n"])
    given = (
        VolunteerHours.objects.filter(date__range=(start, end))
        .values(centre=F("volunteer__centre_id"))
        .order_by()
        .annotate(hours=Sum("hours"))
    )
    for row in given:
        tally["P2VH"].add_centre(row["centre"], "", row["hours"])
    attendances = TrainingAttendance.objects.filter(event__date__range=(start, end))
    for row in (
        attendances.values(centre=F("event__centre_id"))
        .order_by()
        .annotate(settings=Count("setting", distinct=True), people=Sum("attendees"))
    ):
        tally["P3"].add(CENTRE, row["centre"], "", row["settings"])
        tally["P3T"].add_centre(row["centre"], "", row["people"])
    tally["P3"].add(AUTHORITY, AUTHORITY_ID, "", attendances.aggregate(n=Count("setting", distinct=True))["n"])
    members = (
        ForumMember.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=end), joined_on__lte=end)
        .values(centre=F("forum__centre_id"))
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in members:
        tally["P4"].add_centre(row["centre"], "", row["n"])
    feedback = (
        Feedback.objects.filter(date__range=(start, end))
        .values("centre_id")
        .order_by()
        .annotate(n=Count("pk"), total=Sum("satisfaction"))
    )
    for row in feedback:
        tally["P4F"].add_centre(row["centre_id"], "", row["n"])
        tally["P4S"].add_centre(row["centre_id"], "", row["total"], row["n"])

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = []
    for code, counted in tally.items():
        rows += counted.rows(code, scopes, denominator=code == "P4S")
    return write_snapshots(period=period, rows=rows)
