"""Birth notifications: the import (idempotent, all or nothing, placed in reach areas), matching
to registered children (NHS number, exact and near; never one child twice), the upload
screen, the outreach lists and matching by hand, and R7."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from centres.imports.errors import ImportFileError
from centres.models import AuditEvent, Postcode
from families.choices import Sex
from families.nhs import nhs_check_digit
from partnerships import services
from partnerships.births import birth_import_file, match_births
from partnerships.models import BirthImport, BirthNotification, MatchMethod
from partnerships.selectors import new_births_reached, outreach_list, outreach_rows
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory
from tests.partnerships.factories import BirthNotificationFactory

BORN = date(2026, 9, 1)
HEADER = ["nhs_number", "date_of_birth", "sex", "postcode", "mother_name", "notified_on"]
SAMPLE = Path(__file__).resolve().parents[2] / "partnerships" / "fixtures" / "birth_notifications_sample.csv"


def nhs(n: int) -> str:
    while True:
        first = f"{400_000_000 + n:09d}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        n += 1


@pytest.fixture
def area(authority):
    """Postcodes in centre A's and centre B's reach areas, and one in no reach area."""
    lsoa_a = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    lsoa_b = neighbourhood(centre=authority.centre_b, decile=8, ages=(20, 20, 20, 20, 20))
    lsoa_none = neighbourhood(centre=None, decile=5, ages=(20, 20, 20, 20, 20))
    for postcode, lsoa in (("ZX1 1AA", lsoa_a), ("ZX1 1AB", lsoa_a), ("ZX2 2BB", lsoa_b), ("ZX9 9ZZ", lsoa_none)):
        Postcode.objects.create(postcode=postcode, lsoa_2021=lsoa)
    return {"a": lsoa_a, "b": lsoa_b, "none": lsoa_none}


@pytest.fixture
def newborn(authority, area):
    """A baby registered at centre A: the Khan family at ZX1 1AA."""
    family = authority.family_a
    AddressFactory(family=family, postcode="ZX1 1AA", lsoa=area["a"])
    AdultFactory(family=family, first_name="Amina", last_name="Khan")
    return ChildFactory(family=family, last_name="Khan", date_of_birth=BORN, sex=Sex.FEMALE, nhs_number=nhs(1))


def births_file(tmp_path: Path, rows: list[dict[str, str]], name: str = "births.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({"date_of_birth": BORN.strftime("%d/%m/%Y"), "sex": "F", "notified_on": "", **row})
    return path


def load(tmp_path, rows, **extra):
    return birth_import_file(path_or_file=births_file(tmp_path, rows), **extra)


# --- matching --------------------------------------------------------------------------------------


def test_a_birth_with_the_nhs_number_of_a_registered_child_is_matched_by_it(tmp_path, newborn):
    summary = load(tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX2 2BB", "mother_name": "A Other"}])
    notification = BirthNotification.objects.get()
    assert (notification.matched_child, notification.match_method) == (newborn, MatchMethod.NHS)
    assert summary.about["Matched now by NHS number"] == "1"


def test_without_an_nhs_number_the_same_birthday_postcode_and_surname_is_an_exact_match(tmp_path, newborn):
    summary = load(tmp_path, [{"postcode": "zx11aa", "mother_name": "KHAN, Amina"}])
    notification = BirthNotification.objects.get()
    assert (notification.matched_child, notification.match_method) == (newborn, MatchMethod.EXACT)
    assert notification.postcode == "ZX1 1AA"
    assert summary.about["Matched now by date of birth, postcode and surname"] == "1"


def test_a_misspelt_surname_is_a_near_match(tmp_path, newborn):
    load(tmp_path, [{"postcode": "ZX1 1AA", "mother_name": "Amina Kahn"}])
    notification = BirthNotification.objects.get()
    assert (notification.matched_child, notification.match_method) == (newborn, MatchMethod.NEAR)


@pytest.mark.parametrize(
    "row",
    [
        {"postcode": "ZX1 1AA", "mother_name": "Grace Adeyemi"},  # another mother
        {"postcode": "ZX1 1AB", "mother_name": "Amina Khan"},  # another address
        {"postcode": "ZX1 1AA", "mother_name": "Amina Khan", "sex": "M"},  # a boy: not this girl
        {"postcode": "ZX1 1AA", "mother_name": "Amina Khan", "nhs_number": nhs(50)},  # a different NHS number
    ],
)
def test_a_birth_that_differs_is_not_matched_and_goes_on_the_outreach_list(tmp_path, newborn, row):
    summary = load(tmp_path, [row])
    assert BirthNotification.objects.get().matched_child is None
    assert summary.about["Not matched: on the outreach lists"] == "1"


def test_twins_the_details_cannot_tell_apart_are_left_for_staff(tmp_path, newborn):
    ChildFactory(family=newborn.family, last_name="Khan", date_of_birth=BORN, sex=Sex.FEMALE)
    load(tmp_path, [{"postcode": "ZX1 1AA", "mother_name": "Amina Khan"}])
    assert BirthNotification.objects.get().matched_child is None


def test_without_a_mothers_name_the_only_baby_born_that_day_at_the_postcode_is_a_near_match(tmp_path, newborn):
    load(tmp_path, [{"postcode": "ZX1 1AA", "mother_name": ""}])
    assert BirthNotification.objects.get().match_method == MatchMethod.NEAR


def test_a_child_of_a_merged_or_anonymised_family_is_not_matched(tmp_path, newborn):
    newborn.family.anonymised_at = newborn.family.created_at
    newborn.family.save()
    load(tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA"}])
    assert BirthNotification.objects.get().matched_child is None


# --- idempotence: no double matching ----------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing_and_matches_nobody_twice(tmp_path, newborn):
    rows = [
        {"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA", "mother_name": "Amina Khan"},
        {"postcode": "ZX1 1AB", "mother_name": "Grace Adeyemi"},
    ]
    first = load(tmp_path, rows)
    assert (first.created, first.updated) == (2, 0)
    again = load(tmp_path, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.about["Already matched"] == "1"
    assert sum(int(v) for k, v in again.about.items() if k.startswith("Matched now")) == 0
    assert BirthNotification.objects.count() == 2
    assert BirthNotification.objects.filter(matched_child=newborn).count() == 1


def test_a_second_notification_of_a_matched_child_is_not_matched_to_it(tmp_path, newborn):
    load(tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA"}])
    # The same baby sent again without its NHS number (health's mistake): a new row, unmatched.
    load(tmp_path, [{"postcode": "ZX1 1AA", "mother_name": "Amina Khan", "sex": "F", "notified_on": "20/09/2026"}])
    assert BirthNotification.objects.filter(matched_child=newborn).count() == 1
    assert BirthNotification.objects.filter(matched_child__isnull=True).count() == 1


def test_a_birth_sent_first_without_and_then_with_its_nhs_number_is_the_same_notification(tmp_path, newborn):
    load(tmp_path, [{"postcode": "ZX1 1AB", "mother_name": "Grace Adeyemi"}])
    summary = load(tmp_path, [{"nhs_number": nhs(70), "postcode": "ZX1 1AB", "mother_name": "Grace Adeyemi"}])
    assert (summary.created, summary.updated) == (0, 1)
    assert BirthNotification.objects.get().nhs_number == nhs(70)


def test_the_nightly_task_matches_a_baby_registered_after_the_notification(tmp_path, authority, area):
    load(tmp_path, [{"nhs_number": nhs(9), "postcode": "ZX1 1AB"}])
    assert BirthNotification.objects.get().matched_child is None
    child = ChildFactory(family=authority.family_a, date_of_birth=BORN, nhs_number=nhs(9))
    from partnerships.tasks import match_birth_notifications

    assert match_birth_notifications.delay().get() == 1
    assert BirthNotification.objects.get().matched_child == child
    assert match_births() == {}  # nothing left to do, nothing matched twice


# --- the file ------------------------------------------------------------------------------------------


def test_births_are_placed_in_the_reach_area_of_their_postcode(tmp_path, area, authority):
    summary = load(
        tmp_path,
        [
            {"nhs_number": nhs(1), "postcode": "ZX1 1AB"},
            {"nhs_number": nhs(2), "postcode": "ZX2 2BB"},
            {"nhs_number": nhs(3), "postcode": "ZX9 9ZZ"},
            {"nhs_number": nhs(4), "postcode": "ZX8 8ZZ"},
        ],
    )
    by_nhs = {n.nhs_number: n for n in BirthNotification.objects.all()}
    assert (by_nhs[nhs(1)].centre, by_nhs[nhs(1)].lsoa) == (authority.centre_a, area["a"])
    assert by_nhs[nhs(2)].centre == authority.centre_b
    assert by_nhs[nhs(3)].centre is None and by_nhs[nhs(3)].lsoa == area["none"]
    assert by_nhs[nhs(4)].lsoa is None
    assert summary.about["In no centre's reach area"] == "1"
    assert summary.about["Postcode not in the directory"] == "1"


def test_the_notification_date_defaults_to_the_day_of_the_import_and_is_not_changed_by_a_reimport(tmp_path, area):
    load(tmp_path, [{"nhs_number": nhs(1), "postcode": "ZX1 1AB"}], today=date(2026, 9, 10))
    assert BirthNotification.objects.get().notified_on == date(2026, 9, 10)
    again = load(tmp_path, [{"nhs_number": nhs(1), "postcode": "ZX1 1AB"}], today=date(2026, 9, 17))
    assert again.unchanged == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"postcode": "ZX1 1AB", "date_of_birth": "2099-01-01"},
            "row 3: the date of birth 01/01/2099 is in the future",
        ),
        ({"postcode": "ZX1 1AB", "date_of_birth": "31/02/2026"}, "row 3: the date of birth “31/02/2026” is not a date"),
        ({"postcode": "not a postcode"}, "row 3: “not a postcode” is not a postcode"),
        ({"postcode": "ZX1 1AB", "nhs_number": "1234567890"}, "row 3: “1234567890” is not a valid NHS number"),
        ({"postcode": "ZX1 1AB", "sex": "X"}, "row 3: sex “X” is not F, M or U"),
        (
            {"postcode": "ZX1 1AB", "notified_on": "01/08/2026"},
            "row 3: the notification date is before the date of birth",
        ),
        ({"postcode": "ZX1 1AA", "nhs_number": nhs(1)}, "row 3: birth on 1 Sep 2026 in ZX1 appears more than once"),
    ],
)
def test_a_bad_row_changes_nothing_and_names_its_line(tmp_path, area, row, message):
    rows = [{"postcode": "ZX1 1AA", "nhs_number": nhs(1)}, row]
    with pytest.raises(ImportFileError, match=message):
        load(tmp_path, rows)
    assert not BirthNotification.objects.exists()


def test_a_file_without_a_date_of_birth_column_names_the_columns_it_has(tmp_path, area):
    path = tmp_path / "wrong.csv"
    path.write_text("postcode,mother\nZX1 1AA,Khan\n")
    with pytest.raises(ImportFileError, match=r"no date of birth .* the columns it has are “postcode”, “mother”"):
        birth_import_file(path_or_file=path)


def test_a_dry_run_reports_the_matches_and_keeps_nothing(tmp_path, newborn):
    summary = load(tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA"}], dry_run=True)
    assert summary.created == 1 and summary.about["Matched now by NHS number"] == "1"
    assert not BirthNotification.objects.exists()


def test_the_sample_file_loads_with_its_own_layout(db):
    summary = birth_import_file(path_or_file=SAMPLE)
    assert (summary.rows, summary.created) == (7, 7)
    assert summary.about["Postcode not in the directory"] == "7"  # no postcode directory in this test


def test_the_command_imports_reports_and_refuses_a_bad_file(tmp_path, newborn, capsys):
    path = births_file(tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA"}])
    call_command("import_births", str(path), "--no-progress", "--dry-run")
    assert "Dry run, nothing saved" in capsys.readouterr().out
    assert not BirthNotification.objects.exists()
    call_command("import_births", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "created 1, updated 0" in out and "Matched now by NHS number: 1" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("date_of_birth,postcode\n01/09/2026,nope\n")
    with pytest.raises(CommandError, match=r"row 2.*Nothing was changed"):
        call_command("import_births", str(bad), "--no-progress")


# --- the upload screen -----------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_an_upload_is_previewed_without_names_then_applied_once(
    client, authority, newborn, tmp_path, media_root, role, django_capture_on_commit_callbacks
):
    client.force_login(authority.user(role))
    content = births_file(
        tmp_path, [{"nhs_number": newborn.nhs_number, "postcode": "ZX1 1AA", "mother_name": "Amina Khan"}]
    )
    response = client.post(
        reverse("partnerships:birth_imports"), {"file": SimpleUploadedFile("births.csv", content.read_bytes())}
    )
    birth_import = BirthImport.objects.get()
    assert response.status_code == 302 and birth_import.status == BirthImport.Status.PREVIEWED
    assert not BirthNotification.objects.exists()
    page = client.get(reverse("partnerships:birth_import", kwargs={"pk": birth_import.pk})).content.decode()
    assert "Matched now by NHS number" in page
    assert "Khan" not in page and newborn.nhs_number not in page
    url = reverse("partnerships:birth_import_apply", kwargs={"pk": birth_import.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # a second click does nothing more
    birth_import.refresh_from_db()
    assert birth_import.status == BirthImport.Status.APPLIED
    assert BirthNotification.objects.get().birth_import == birth_import


def test_a_bad_upload_fails_with_its_reason_and_a_worker_cannot_upload(client, authority, area, media_root):
    client.force_login(authority.manager)
    client.post(
        reverse("partnerships:birth_imports"),
        {"file": SimpleUploadedFile("births.csv", b"date_of_birth,postcode\n01/09/2026,nope\n")},
    )
    birth_import = BirthImport.objects.get()
    assert birth_import.status == BirthImport.Status.FAILED and "row 2" in birth_import.error
    client.force_login(authority.worker)
    response = client.post(
        reverse("partnerships:birth_imports"), {"file": SimpleUploadedFile("b.csv", b"date_of_birth,postcode\n")}
    )
    assert response.status_code == 403


# --- the outreach list and matching by hand --------------------------------------------------------------


def test_the_outreach_list_holds_the_centres_unmatched_births_newest_first_flagged_near_eight_weeks(authority, newborn):
    today = date(2026, 10, 20)
    old = BirthNotificationFactory(centre=authority.centre_a, date_of_birth=today - timedelta(weeks=9))
    due = BirthNotificationFactory(centre=authority.centre_a, date_of_birth=today - timedelta(weeks=6, days=3))
    new = BirthNotificationFactory(centre=authority.centre_a, date_of_birth=today - timedelta(weeks=1))
    BirthNotificationFactory(centre=authority.centre_b, date_of_birth=today - timedelta(weeks=2))
    BirthNotificationFactory(centre=authority.centre_a, matched_child=newborn, match_method=MatchMethod.NHS)
    rows = outreach_rows(outreach_list(user=authority.worker), today=today)
    assert [r.notification for r in rows] == [new, due, old]
    assert [(r.weeks, r.due_soon, r.past_window) for r in rows] == [
        (1, False, False),
        (6, True, False),
        (9, False, True),
    ]


def test_the_outreach_screen_is_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for day in range(40):
        BirthNotificationFactory(centre=authority.centre_a, date_of_birth=BORN - timedelta(days=day))
    client.force_login(authority.worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partnerships:outreach"))
    assert response.content.decode().count("Record a contact") == 40


def test_staff_match_a_birth_to_a_child_of_their_centres_by_hand(client, authority, newborn):
    notification = BirthNotificationFactory(centre=authority.centre_a, date_of_birth=BORN + timedelta(days=2))
    client.force_login(authority.worker)
    url = reverse("partnerships:birth_match", kwargs={"pk": notification.pk})
    page = client.get(url).content.decode()
    assert authority.family_a.reference in page
    response = client.post(url, {"child": newborn.pk})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert (notification.matched_child, notification.match_method, notification.matched_by) == (
        newborn,
        MatchMethod.MANUAL,
        authority.worker,
    )
    event = AuditEvent.objects.get(object_id=str(notification.pk))
    assert event.family_id == authority.family_a.pk


def test_a_child_already_matched_or_of_another_centre_cannot_be_matched_by_hand(authority, newborn):
    BirthNotificationFactory(centre=authority.centre_a, matched_child=newborn, match_method=MatchMethod.NHS)
    second = BirthNotificationFactory(centre=authority.centre_a)
    with pytest.raises(Exception, match="already matched to another birth notification"):
        services.birth_notification_match(user=authority.worker, notification=second, child=newborn)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.birth_notification_match(user=authority.worker, notification=second, child=authority.child_b)


def test_recording_a_contact_keeps_the_birth_on_the_list_as_contacted(client, authority):
    notification = BirthNotificationFactory(centre=authority.centre_a)
    client.force_login(authority.worker)
    client.post(reverse("partnerships:birth_contacted", kwargs={"pk": notification.pk}), {"on": "10/9/2026"})
    notification.refresh_from_db()
    assert (notification.contacted_on, notification.contacted_by) == (date(2026, 9, 10), authority.worker)
    assert list(outreach_list(user=authority.worker)) == []
    assert list(outreach_list(user=authority.worker, show="contacted")) == [notification]


# --- R7 -------------------------------------------------------------------------------------------------


def test_r7_counts_births_notified_in_the_period_and_those_registered_within_eight_weeks(authority):
    early = FamilyFactory(registered_centre=authority.centre_a, registration_date=BORN + timedelta(weeks=8))
    late = FamilyFactory(registered_centre=authority.centre_a, registration_date=BORN + timedelta(weeks=8, days=1))
    for family in (early, late):
        child = ChildFactory(family=family, date_of_birth=BORN)
        BirthNotificationFactory(centre=authority.centre_a, matched_child=child, match_method=MatchMethod.NHS)
    BirthNotificationFactory(centre=authority.centre_a)  # never registered
    BirthNotificationFactory(centre=authority.centre_b)  # another centre's area
    BirthNotificationFactory(centre=authority.centre_a, notified_on=date(2026, 12, 1))  # another period
    figures = new_births_reached(centre_ids=[authority.centre_a.pk], start=date(2026, 7, 1), end=date(2026, 9, 30))
    assert figures == {"notified": 3, "reached": 1}
