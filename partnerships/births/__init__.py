"""Birth notifications from health: the file, its import, and matching births to registered
children. Built on the reference-data import framework (centres/imports): the same streaming
CSV reader, row errors, all-or-nothing transaction, idempotent summary and preview -> apply.

The file (CSV, UTF-8; headers matched whatever their case, spacing or BOM):

| column                                      | required | value                                       |
|---------------------------------------------|----------|---------------------------------------------|
| `date_of_birth` (`dob`, `baby date of birth`) | yes    | 27/03/2026 or 2026-03-27                    |
| `postcode`                                  | yes      | the mother's postcode at the birth          |
| `nhs_number` (`baby nhs number`)            | no       | ten digits with a valid check digit         |
| `mother_name` (`mother surname`)            | no       | "Amina Khan" or "KHAN, Amina"               |
| `sex`                                       | no       | F, M, U; female, male; 1 male, 2 female, 9  |
| `notified_on` (`notification date`)         | no       | the day health sent it (default: the import) |

A row is the same birth as one already stored when it has the same NHS number or, without
one, the same date of birth, postcode, mother's name and sex; so loading a file again changes
nothing. Two rows alike without NHS numbers (same-sex twins, say) are refused: ask health for
the NHS numbers.

Matching, after each batch is written (and nightly, for babies registered after their
notification arrived): the NHS number first; else a registered child born the same day whose
family lives at the same postcode now, whose family's or own surname is the mother's surname
("exact") or close to it ("near", rapidfuzz Jaro-Winkler). A child is matched to one
notification at most (a unique index), and a candidate that ties with another is left for
staff to match by hand.
"""

from partnerships.births.importer import BirthNotificationImporter
from partnerships.births.matching import match_births
from partnerships.births.service import (
    birth_import_apply,
    birth_import_file,
    birth_import_now,
    birth_import_preview,
    birth_import_rows,
)

__all__ = [
    "BirthNotificationImporter",
    "birth_import_apply",
    "birth_import_file",
    "birth_import_now",
    "birth_import_preview",
    "birth_import_rows",
    "match_births",
]
