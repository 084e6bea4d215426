"""Data quality of the families a user can see: the DQ row of the domain brief (completeness
of postcode/LSOA, date of birth, ethnicity and NHS number), per centre and in total.

Three grouped aggregate queries (families, children, adults) whatever the number of centres
or families; the list of families whose LSOA is unknown is a queryset for the view to page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from families.choices import Ethnicity
from families.models import Address, Adult, Child, Family

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User

# (key, label, denominator key) of each measure, in the order the screen shows them.
MEASURES: list[tuple[str, str, str]] = [
    ("no_current_address", "Families with no current address", "families"),
    ("lsoa_unknown", "Families whose current postcode is not in the postcode directory (LSOA unknown)", "families"),
    ("children_no_date_of_birth", "Children with no date of birth, past their expected date", "children"),
    ("children_no_nhs_number", "Children born but with no NHS number", "children_born"),
    ("children_ethnicity_not_stated", "Children whose ethnicity is not stated", "children"),
    ("adults_ethnicity_not_stated", "Carers whose ethnicity is not stated", "adults"),
]
COUNTS = ("families", "children", "children_born", "adults", *(key for key, _, _ in MEASURES))


def _current_address(**conditions: Any) -> Exists:
    return Exists(Address.objects.current().filter(family=OuterRef("pk"), **conditions))


def _by_centre(rows: Iterable[dict[str, Any]], key: str = "centre") -> dict[int, dict[str, int]]:
    return {row.pop(key): row for row in rows}


def families_lsoa_unknown(*, user: User | AnonymousUser) -> QuerySet[Family]:
    """The user's active families whose current address has no LSOA, with its postcode."""
    return (
        Family.objects.for_user(user)
        .active()
        .filter(_current_address(lsoa__isnull=True))
        .annotate(
            current_postcode=Subquery(Address.objects.current().filter(family=OuterRef("pk")).values("postcode")[:1])
        )
        .select_related("registered_centre")
        .order_by("registered_centre__name", "-registration_date", "-id")
    )


def data_quality_summary(*, user: User | AnonymousUser, on: date | None = None) -> dict[str, Any]:
    """Counts per centre and in total, each with its denominator, and the LSOA-unknown list.

    A child with no date of birth is counted only once the expected date has passed (`on`,
    default today): before that the baby is unborn and no date of birth is expected.
    """
    on = on or timezone.localdate()
    families = Family.objects.for_user(user).active()
    family_rows = _by_centre(
        families.values("registered_centre__name", centre=F("registered_centre"))
        .order_by()
        .annotate(
            families=Count("pk"),
            no_current_address=Count("pk", filter=~Q(_current_address())),
            lsoa_unknown=Count("pk", filter=Q(_current_address(lsoa__isnull=True))),
        )
    )
    child_rows = _by_centre(
        Child.objects.filter(family__in=families)
        .values(centre=F("family__registered_centre"))
        .order_by()
        .annotate(
            children=Count("pk"),
            children_born=Count("pk", filter=Q(date_of_birth__isnull=False)),
            children_no_date_of_birth=Count("pk", filter=Q(date_of_birth__isnull=True, expected_date__lt=on)),
            children_no_nhs_number=Count("pk", filter=Q(date_of_birth__isnull=False, nhs_number="")),
            children_ethnicity_not_stated=Count("pk", filter=Q(ethnicity=Ethnicity.NOT_STATED)),
        )
    )
    adult_rows = _by_centre(
        Adult.objects.filter(family__in=families)
        .values(centre=F("family__registered_centre"))
        .order_by()
        .annotate(adults=Count("pk"), adults_ethnicity_not_stated=Count("pk", filter=Q(ethnicity=Ethnicity.NOT_STATED)))
    )
    centres = []
    # Every child and carer belongs to a family, so the family rows name every centre.
    for centre_id, family_counts in sorted(family_rows.items(), key=lambda item: item[1]["registered_centre__name"]):
        counts = dict.fromkeys(COUNTS, 0)
        for rows in (family_rows, child_rows, adult_rows):
            counts.update(rows.get(centre_id, {}))
        name = counts.pop("registered_centre__name", family_counts["registered_centre__name"])
        centres.append({"centre_id": centre_id, "centre": name, **counts})
    totals = {key: sum(row[key] for row in centres) for key in COUNTS}
    return {
        "on": on,
        "centres": centres,
        "totals": totals,
        "measures": [
            {
                "key": key,
                "label": label,
                "count": totals[key],
                "of": totals[of],
                "percent": _percent(totals[key], totals[of]),
            }
            for key, label, of in MEASURES
        ],
        "lsoa_unknown_families": families_lsoa_unknown(user=user),
    }


def _percent(count: int, of: int) -> float | None:
    return round(100 * count / of, 1) if of else None
