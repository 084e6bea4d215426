"""F1, spend: per centre and for the authority, for the period (spend dated in it).

A centre answers for the services it provides and for partners' services with sessions at it
(as the spend screen does, services.community.selectors.services_of_centres): a partner's
service at two centres counts in both, and once for the authority.

- F1  spend in pounds; split `service:<id>` (only services with spend).
- F1E spend per engaged family: F1 / families with a contact at the centre in the period (the
      authority: with a contact at any centre).
- F1T targeted share: spend on targeted services (parenting support, evidence-based
      programmes, specialist links) / all spend; the rest is universal.
Four queries: spend by service, the services' providers, partners' services' centres, and
families with a contact (one per centre and one for the authority: five in all).
"""

from __future__ import annotations

from django.db.models import Count, Sum

from outcomes.indicators.definitions.base import AUTHORITY, CENTRE
from outcomes.indicators.periods import Period
from outcomes.indicators.tally import AUTHORITY_ID, Row, Tally, all_centre_ids, centre_scopes


def compute_spend_indicators(*, period: Period) -> int:
    from outcomes.indicators.engine import write_snapshots
    from services.models import Contact, Service, Session, Spend
    from services.models.catalogue import TARGETED_CATEGORIES

    spent = dict(
        Spend.objects.filter(date__range=(period.start, period.end))
        .values("service_id")
        .order_by()
        .annotate(total=Sum("amount"))
        .values_list("service_id", "total")
    )
    services = Service.objects.filter(pk__in=list(spent))
    centres_of: dict[int, set[int]] = {}
    targeted: set[int] = set()
    for pk, centre, category in services.values_list("pk", "provider_centre_id", "category"):
        centres_of[pk] = {centre} if centre else set()
        if category in TARGETED_CATEGORIES:
            targeted.add(pk)
    for pk, centre in (
        Session.objects.filter(service__in=services, service__provider_partner__isnull=False)
        .values_list("service_id", "centre_id")
        .distinct()
    ):
        centres_of[pk].add(centre)

    money, share, per_family = Tally(), Tally(), Tally()
    for pk, total in spent.items():
        places = [(AUTHORITY, AUTHORITY_ID)] + [(CENTRE, centre) for centre in sorted(centres_of.get(pk, ()))]
        for scope, scope_id in places:
            for split in ("", f"service:{pk}"):
                money.add(scope, scope_id, split, total)
            share.add(scope, scope_id, "", total if pk in targeted else 0, total)
            per_family.add(scope, scope_id, "", total)
    contacts = Contact.objects.filter(date__range=(period.start, period.end))
    for centre, families in (
        contacts.values("centre_id").order_by().annotate(n=Count("family", distinct=True)).values_list("centre_id", "n")
    ):
        per_family.add(CENTRE, centre, "", 0, families)
    per_family.add(AUTHORITY, AUTHORITY_ID, "", 0, contacts.aggregate(n=Count("family", distinct=True))["n"])

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = money.rows("F1", scopes, denominator=False)
    rows += money.present_rows("F1", "service", denominator=False)
    rows += per_family.rows("F1E", scopes)
    rows += share.rows("F1T", scopes)
    return write_snapshots(period=period, rows=rows)
