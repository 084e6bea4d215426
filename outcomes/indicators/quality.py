"""DQ, data quality: how complete the records of each centre's registered families are, per
centre (the family's registered centre) and for the authority. The measures are those of the
data-quality screen (families.data_quality), counted for the families registered by the
period's end (merged and anonymised records left out), with the records as they are now and
the address as it was on the period's last day.

- DQ  complete / checked, split `field:`
      postcode       families whose address at the period's end has a postcode found in the
                     directory (so its LSOA, hence reach, is known) / families;
      date_of_birth  children with a date of birth, or unborn and not yet due / children;
      ethnicity      children and carers whose ethnicity is stated / children and carers;
      nhs_number     children born with an NHS number / children born.
      "" adds up every check.
- DQD suspected duplicates: children who share an NHS number, or a date of birth, last name and
      the first two letters of the first name (Jon and John), with a child of another family /
      children. The registration screen's matching (families.duplicates) scores candidates one
      by one; this is its strongest evidence, counted in the database, to size the problem.
Four grouped queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from outcomes.indicators.periods import Period
from outcomes.indicators.tally import Row, Tally, all_centre_ids, centre_scopes, fetch

# Children of active families grouped by what would make them the same child; a group with
# more than one family is a suspected duplicate. Grouping (hash joins) rather than a lookup per
# child keeps it to seconds for 100,000 children.
DUPLICATES_SQL = """
WITH kids AS (
    SELECT c.id, f.id AS family_id, f.registered_centre_id AS centre, c.nhs_number, c.date_of_birth,
           UPPER(c.last_name) AS last_name, UPPER(SUBSTR(c.first_name, 1, 2)) AS first_letters
    FROM families_child c
    JOIN families_family f ON f.id = c.family_id
    WHERE f.merged_into_id IS NULL AND f.anonymised_at IS NULL AND f.registration_date <= %(end)s
),
same_nhs AS (
    SELECT nhs_number FROM kids WHERE nhs_number <> ''
    GROUP BY nhs_number HAVING COUNT(DISTINCT family_id) > 1
),
same_birth AS (
    SELECT date_of_birth, last_name, first_letters FROM kids WHERE date_of_birth IS NOT NULL
    GROUP BY date_of_birth, last_name, first_letters HAVING COUNT(DISTINCT family_id) > 1
)
SELECT k.centre, COUNT(*),
       SUM(CASE WHEN n.nhs_number IS NOT NULL OR b.date_of_birth IS NOT NULL THEN 1 ELSE 0 END)
FROM kids k
LEFT JOIN same_nhs n ON n.nhs_number = k.nhs_number
LEFT JOIN same_birth b ON b.date_of_birth = k.date_of_birth AND b.last_name = k.last_name
     AND b.first_letters = k.first_letters
GROUP BY k.centre
"""

FIELDS = ["field:postcode", "field:date_of_birth", "field:ethnicity", "field:nhs_number"]


def compute_quality_indicators(*, period: Period) -> int:
    from families.choices import Ethnicity
    from families.models import Address, Adult, Child, Family

    end = period.end
    families = Family.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True, registration_date__lte=end)
    at_end = Address.objects.filter(family=OuterRef("pk"), moved_in__lte=end).filter(
        Q(moved_out__isnull=True) | Q(moved_out__gt=end)
    )
    tally = Tally()

    def add(centre_id: int, field: str, complete: Any, checked: Any) -> None:
        for split in ("", field):
            tally.add_centre(centre_id, split, complete, checked)

    for row in (
        families.values(centre=F("registered_centre_id"))
        .order_by()
        .annotate(n=Count("pk"), known=Count("pk", filter=Q(Exists(at_end.filter(lsoa__isnull=False)))))
    ):
        add(row["centre"], "field:postcode", row["known"], row["n"])
    children = Child.objects.filter(family__in=families)
    for row in (
        children.values(centre=F("family__registered_centre_id"))
        .order_by()
        .annotate(
            n=Count("pk"),
            born=Count("pk", filter=Q(date_of_birth__isnull=False)),
            dated=Count("pk", filter=Q(date_of_birth__isnull=False) | Q(expected_date__gte=end)),
            stated=Count("pk", filter=~Q(ethnicity=Ethnicity.NOT_STATED)),
            nhs=Count("pk", filter=Q(date_of_birth__isnull=False) & ~Q(nhs_number="")),
        )
    ):
        add(row["centre"], "field:date_of_birth", row["dated"], row["n"])
        add(row["centre"], "field:ethnicity", row["stated"], row["n"])
        add(row["centre"], "field:nhs_number", row["nhs"], row["born"])
    for row in (
        Adult.objects.filter(family__in=families)
        .values(centre=F("family__registered_centre_id"))
        .order_by()
        .annotate(n=Count("pk"), stated=Count("pk", filter=~Q(ethnicity=Ethnicity.NOT_STATED)))
    ):
        add(row["centre"], "field:ethnicity", row["stated"], row["n"])

    duplicates = Tally()
    for centre, children_n, suspected in fetch(DUPLICATES_SQL, {"end": end}):
        duplicates.add_centre(int(centre), "", suspected, children_n)

    from outcomes.indicators.engine import write_snapshots

    scopes = centre_scopes(all_centre_ids())
    rows: list[Row] = tally.rows("DQ", scopes, splits=["", *FIELDS]) + duplicates.rows("DQD", scopes)
    return write_snapshots(period=period, rows=rows)
