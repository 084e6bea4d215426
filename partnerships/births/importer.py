"""Reading a file of birth notifications and writing it in batches (see the package docstring)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from centres.imports.base import ImportSummary, TabularImporter
from centres.imports.errors import RowError
from centres.imports.values import cell, find_column, require_column
from centres.models import Postcode, ReachAreaLSOA
from centres.postcodes import InvalidPostcode, normalise_postcode
from families.choices import Sex
from families.nhs import is_valid_nhs_number, normalise_nhs_number
from partnerships.births.matching import fold_name, match_births
from partnerships.models import BirthNotification, MatchMethod

DOB_HEADERS = ("date_of_birth", "date of birth", "dob", "baby date of birth", "baby dob", "birth date")
POSTCODE_HEADERS = ("postcode", "post code", "mother postcode", "mother's postcode")
NHS_HEADERS = ("nhs_number", "nhs number", "baby nhs number", "nhs no")
MOTHER_HEADERS = ("mother_name", "mother name", "mother's name", "mothers name", "mother surname", "mother_surname")
SEX_HEADERS = ("sex", "gender", "baby sex")
NOTIFIED_HEADERS = ("notified_on", "notified on", "notification date", "date notified")
SEXES = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "2": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "1": Sex.MALE,
    "u": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
    "not known": Sex.UNKNOWN,
    "0": Sex.UNKNOWN,
    "9": Sex.UNKNOWN,
    "": Sex.UNKNOWN,
}


@dataclass(slots=True)
class BirthRow:
    date_of_birth: date
    postcode: str
    nhs_number: str
    mother_name: str
    sex: str
    notified_on: date | None


# The columns by their own names: a JSON row's fields (partnerships/api/uploads.py).
FIELDS = ("date_of_birth", "postcode", "nhs_number", "mother_name", "sex", "notified_on")


class FieldError(RowError):
    """A row's error in one of its values, `field` naming which."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def read_date(value: str, *, what: str, field: str) -> date:
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    if not text:
        raise FieldError(f"the {what} is blank", field=field)
    raise FieldError(f"the {what} “{text}” is not a date like 27/03/2026", field=field)


class BirthNotificationImporter(TabularImporter[BirthRow]):
    kind = "birth_notifications"

    def __init__(self, *, options: Mapping[str, Any], summary: ImportSummary) -> None:
        super().__init__(options=options, summary=summary)
        self.today: date = options.get("today") or timezone.localdate()
        self.birth_import_id: int | None = options.get("birth_import_id")
        self.tally: Counter[str] = Counter()
        self._built: list[BirthNotification] = []

    # --- reading ---------------------------------------------------------------------------
    def is_header(self, headers: list[str]) -> bool:
        return find_column(headers, names=DOB_HEADERS) is not None

    def bind(self, headers: list[str]) -> None:
        self.dob_col = require_column(
            headers, find_column(headers, names=DOB_HEADERS), "date of birth (“date_of_birth”)"
        )
        self.postcode_col = require_column(headers, find_column(headers, names=POSTCODE_HEADERS), "postcode")
        self.nhs_col = find_column(headers, names=NHS_HEADERS)
        self.mother_col = find_column(headers, names=MOTHER_HEADERS)
        self.sex_col = find_column(headers, names=SEX_HEADERS)
        self.notified_col = find_column(headers, names=NOTIFIED_HEADERS)

    def parse(self, raw: list[str]) -> BirthRow:
        born = read_date(cell(raw, self.dob_col), what="date of birth", field="date_of_birth")
        if born > self.today:
            raise FieldError(f"the date of birth {born:%d/%m/%Y} is in the future", field="date_of_birth")
        text = cell(raw, self.postcode_col)
        try:
            postcode = normalise_postcode(text)
        except InvalidPostcode:
            raise FieldError(f"“{text}” is not a postcode", field="postcode") from None
        nhs_number = normalise_nhs_number(cell(raw, self.nhs_col))
        if nhs_number and not is_valid_nhs_number(nhs_number):
            raise FieldError(f"“{cell(raw, self.nhs_col)}” is not a valid NHS number", field="nhs_number")
        sex_text = cell(raw, self.sex_col).lower()
        if sex_text not in SEXES:
            raise FieldError(f"sex “{cell(raw, self.sex_col)}” is not F, M or U", field="sex")
        notified_text = cell(raw, self.notified_col)
        notified = read_date(notified_text, what="notification date", field="notified_on") if notified_text else None
        if notified is not None and notified < born:
            raise FieldError("the notification date is before the date of birth", field="notified_on")
        return BirthRow(
            date_of_birth=born,
            postcode=postcode,
            nhs_number=nhs_number,
            mother_name=" ".join(cell(raw, self.mother_col).split())[:200],
            sex=SEXES[sex_text],
            notified_on=notified,
        )

    def key(self, record: BirthRow) -> Hashable:
        return ("nhs", record.nhs_number) if record.nhs_number else self.fallback_key(record)

    @staticmethod
    def fallback_key(record: BirthRow | BirthNotification) -> Hashable:
        return ("birth", record.date_of_birth, record.postcode, fold_name(record.mother_name), record.sex)

    def label(self, record: BirthRow) -> str:
        # No names or NHS numbers: administrators see the preview and see no personal data.
        born = record.date_of_birth
        return f"birth on {born.day} {born:%b %Y} in {record.postcode.split()[0]}"

    def describe(self, record: BirthRow) -> str:
        return "NHS number given" if record.nhs_number else "no NHS number"

    # --- writing ---------------------------------------------------------------------------
    def write(self, batch: list[BirthRow]) -> None:
        places = postcode_places(row.postcode for row in batch)
        existing = self._existing(batch)
        items = []
        for row in batch:
            lsoa_id, centre_id = places.get(row.postcode, (None, None))
            if row.postcode not in places:
                self.tally["postcode not in the directory"] += 1
            elif centre_id is None:
                self.tally["in no centre's reach area"] += 1
            values: dict[str, Any] = {
                "date_of_birth": row.date_of_birth,
                "postcode": row.postcode,
                "nhs_number": row.nhs_number,
                "mother_name": row.mother_name,
                "sex": row.sex,
                "lsoa_id": lsoa_id,
                "centre_id": centre_id,
            }
            if row.notified_on is not None:  # else "the day imported", set once when created
                values["notified_on"] = row.notified_on
            items.append((self.key(row), row, values))
        self._built = []
        self.upsert(model=BirthNotification, existing=existing, items=items, build=self._build)
        stored = {n.pk: n for n in existing.values()}
        self.tally["already matched"] += sum(1 for n in stored.values() if n.matched_child_id is not None)
        pending = [n.pk for n in (*stored.values(), *self._built) if n.matched_child_id is None]
        matched = match_births(notification_ids=pending, on=self.today)
        self.tally.update(matched)
        self.tally["not matched: on the outreach lists"] += len(pending) - sum(matched.values())
        self.summary.about.update(self.about())

    def _build(self, key: Any, values: dict[str, Any]) -> BirthNotification:
        notification = BirthNotification(**{"notified_on": self.today, **values}, birth_import_id=self.birth_import_id)
        self._built.append(notification)
        return notification

    def _existing(self, batch: list[BirthRow]) -> dict[Hashable, BirthNotification]:
        """The stored notifications for the batch's rows, by their key. A row that now has an
        NHS number finds the one stored without it."""
        numbers = [row.nhs_number for row in batch if row.nhs_number]
        stored = BirthNotification.objects.filter(
            Q(nhs_number__in=numbers)
            | Q(
                nhs_number="",
                date_of_birth__in={row.date_of_birth for row in batch},
                postcode__in={row.postcode for row in batch},
            )
        )
        by_nhs: dict[Hashable, BirthNotification] = {}
        by_details: dict[Hashable, BirthNotification] = {}
        for notification in stored:
            if notification.nhs_number:
                by_nhs[("nhs", notification.nhs_number)] = notification
            else:
                by_details[self.fallback_key(notification)] = notification
        existing: dict[Hashable, BirthNotification] = {}
        for row in batch:
            found = by_nhs.get(("nhs", row.nhs_number)) if row.nhs_number else None
            found = found or by_details.get(self.fallback_key(row))
            if found is not None:
                existing[self.key(row)] = found
        return existing

    def about(self) -> dict[str, str]:
        labels = {
            MatchMethod.NHS: "Matched now by NHS number",
            MatchMethod.EXACT: "Matched now by date of birth, postcode and surname",
            MatchMethod.NEAR: "Matched now by date of birth, postcode and a similar surname",
        }
        about = {label: f"{self.tally[method]:,}" for method, label in labels.items()}
        for what in (
            "already matched",
            "not matched: on the outreach lists",
            "in no centre's reach area",
            "postcode not in the directory",
        ):
            about[what.capitalize()] = f"{self.tally[what]:,}"
        return about


def check_rows(rows: Iterable[Mapping[str, str]], *, today: date | None = None) -> dict[str, dict[str, list[str]]]:
    """Rows given by their fields (FIELDS; an API's JSON) checked as the importer checks a file's
    rows, all of them rather than up to the first bad one: each bad row's messages by its index
    and field ("non_field_errors" for a row that repeats another). Nothing is written."""
    summary = ImportSummary(kind=BirthNotificationImporter.kind, dry_run=True)
    importer = BirthNotificationImporter(options={"today": today}, summary=summary)
    importer.bind(list(FIELDS))
    errors: dict[str, dict[str, list[str]]] = {}
    for index, row in enumerate(rows):
        try:
            record = importer.parse([row.get(name) or "" for name in FIELDS])
        except FieldError as error:
            message = str(error)
            errors[str(index)] = {error.field: [message[:1].upper() + message[1:]]}
            continue
        if not importer.seen.add(importer.key(record)):
            errors[str(index)] = {"non_field_errors": [f"The {importer.label(record)} is in the request twice."]}
    return errors


def postcode_places(postcodes: Iterable[str]) -> dict[str, tuple[int | None, int | None]]:
    """postcode -> (LSOA id, reach-area centre id) for the postcodes in the directory: two
    queries for a whole batch (centres.area_selectors.postcode_area does one postcode)."""
    lsoa_field = "lsoa_2021_id" if settings.LSOA_VINTAGE == 2021 else "lsoa_2011_id"
    lsoas: dict[str, int | None] = dict(
        Postcode.objects.filter(postcode__in=set(postcodes)).values_list("postcode", lsoa_field)
    )
    centres = dict(
        ReachAreaLSOA.objects.filter(
            lsoa_id__in={lsoa for lsoa in lsoas.values() if lsoa}, removed_on__isnull=True
        ).values_list("lsoa_id", "reach_area__centre_id")
    )
    return {postcode: (lsoa, centres.get(lsoa) if lsoa else None) for postcode, lsoa in lsoas.items()}
