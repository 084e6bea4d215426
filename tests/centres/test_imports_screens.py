"""The reference-data upload screen: who may use it, preview then apply, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centres.imports.tasks import apply_reference_import
from centres.models import Postcode, ReferenceImport
from tests.centres.data import counts, sample

ROLES = ["worker", "manager", "analyst", "admin", "inactive"]
# (url name, method) -> expected status per role. Only local-authority administrators load
# reference data; everyone else is refused, and a deactivated account is signed out (302).
MATRIX = [
    ("reference_data:list", "get", {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}),
    ("reference_data:detail", "get", {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}),
    ("reference_data:apply", "post", {"worker": 403, "manager": 403, "analyst": 403, "admin": 302, "inactive": 302}),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(path: Path, *, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def an_import(authority, **fields) -> ReferenceImport:
    fields = {
        "kind": "postcodes",
        "original_filename": "onspd.csv",
        "uploaded_by": authority.admin,
        "file": "imports/onspd.csv",
        **fields,
    }
    return ReferenceImport.objects.create(**fields)


def url_for(name: str, reference: ReferenceImport) -> str:
    return reverse(name) if name.endswith(":list") else reverse(name, kwargs={"pk": reference.pk})


@pytest.mark.parametrize(("url_name", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_matrix_says(client, authority, url_name, method, expected, role):
    # An applied import: applying it again only redirects, so the admin's 302 changes nothing.
    reference = an_import(authority, status=ReferenceImport.Status.APPLIED)
    client.force_login(authority.user(role))
    response = getattr(client, method)(url_for(url_name, reference))
    assert response.status_code == expected[role]


@pytest.mark.parametrize(("url_name", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_anonymous_visitors_are_sent_to_sign_in(client, authority, url_name, method, expected):
    response = getattr(client, method)(url_for(url_name, an_import(authority)))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_apply_only_answers_a_post(client, authority):
    client.force_login(authority.admin)
    assert client.get(reverse("reference_data:apply", kwargs={"pk": an_import(authority).pk})).status_code == 405


def test_an_upload_is_previewed_then_applied(client, authority, media_root, django_capture_on_commit_callbacks):
    client.force_login(authority.admin)
    response = client.post(
        reverse("reference_data:list"),
        {"kind": "postcodes", "file": upload(sample("onspd_sample.csv")), "local_authorities": "E06000999"},
    )

    reference = ReferenceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reference_data:detail", kwargs={"pk": reference.pk})
    assert (reference.status, reference.uploaded_by, reference.original_filename) == (
        "previewed",
        authority.admin,
        "onspd_sample.csv",
    )
    assert reference.options == {"local_authorities": ["E06000999"]}
    assert (reference.summary["created"], reference.summary["skipped"]) == (40, 7)
    assert Path(reference.file.path).is_relative_to(media_root / "imports")
    assert not Postcode.objects.exists()  # a preview changes nothing

    page = client.get(response["Location"]).content.decode()
    assert "What applying it will do" in page
    assert "Apply this import" in page
    assert "ZX1 1JL" in page  # an example row

    # The task is enqueued after the commit (and runs eagerly in tests).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reference_data:apply", kwargs={"pk": reference.pk}))
    assert len(callbacks) == 1
    assert response["Location"] == reverse("reference_data:detail", kwargs={"pk": reference.pk})
    reference.refresh_from_db()
    assert reference.status == "applied"
    assert reference.applied_at is not None
    assert Postcode.objects.count() == 40
    page = client.get(response["Location"]).content.decode()
    assert "The file is being applied" in page
    assert "What the import did" in page
    assert "Apply this import" not in page


def test_applying_twice_does_nothing_the_second_time(client, authority, django_capture_on_commit_callbacks):
    client.force_login(authority.admin)
    client.post(reverse("reference_data:list"), {"kind": "postcodes", "file": upload(sample("onspd_sample.csv"))})
    reference = ReferenceImport.objects.get()
    assert apply_reference_import(reference.pk) == "applied"
    reference.refresh_from_db()
    applied_at = reference.applied_at

    assert apply_reference_import(reference.pk) == "applied"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reference_data:apply", kwargs={"pk": reference.pk}), follow=True)
    assert callbacks == []
    assert "This import cannot be applied: it is applied." in response.content.decode()
    reference.refresh_from_db()
    assert reference.applied_at == applied_at
    assert reference.summary["created"] == 47


def test_a_malformed_upload_shows_the_row_error_and_changes_nothing(client, authority):
    client.force_login(authority.admin)
    bad = b"pcds,oslaua,lsoa11\nZX1 1AB,E06000999,E01900001\nNOT A CODE,E06000999,E01900001\n"
    response = client.post(
        reverse("reference_data:list"),
        {"kind": "postcodes", "file": SimpleUploadedFile("bad.csv", bad)},
        follow=True,
    )
    reference = ReferenceImport.objects.get()
    assert (reference.status, reference.error) == ("failed", "row 3: “NOT A CODE” is not a postcode")
    page = response.content.decode()
    assert "row 3: “NOT A CODE” is not a postcode" in page
    assert "Apply this import" not in page
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_file_that_went_bad_after_its_preview_fails_when_applied(authority, client):
    client.force_login(authority.admin)
    client.post(reverse("reference_data:list"), {"kind": "postcodes", "file": upload(sample("onspd_sample.csv"))})
    reference = ReferenceImport.objects.get()
    Path(reference.file.path).write_text("pcds,oslaua\nZX1 1AB,E06000999\n")

    assert apply_reference_import(reference.pk) == "failed"
    reference.refresh_from_db()
    assert reference.error.startswith("the file has no LSOA")
    assert not Postcode.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "postcodes", "file": "onspd.xlsx"}, "file", "must be a .csv file"),
        ({"kind": "boundaries", "file": "b.csv"}, "file", "must be a .geojson or .json file"),
        ({"kind": "population", "file": "p.csv"}, "year", "Enter the mid-year of the population estimates"),
        ({"kind": "population", "file": "p.csv", "year": "twenty"}, "year", "Enter the mid-year as a number"),
        ({"kind": "population", "file": "p.csv", "year": "1066"}, "year", "greater than or equal to 1991"),
        (
            {"kind": "postcodes", "file": "o.csv", "local_authorities": "E06000999, Hartlepool"},
            "local_authorities",
            "“HARTLEPOOL” is not a local authority code",
        ),
        ({"kind": "births", "file": "o.csv"}, "kind", "Select a valid choice"),
        ({"file": "o.csv"}, "kind", "Select what kind of file it is"),
        ({"kind": "postcodes"}, "file", "Choose a file"),
    ],
)
def test_bad_form_input_gives_field_errors_not_a_failure(client, authority, data, field, message):
    client.force_login(authority.admin)
    if "file" in data:
        data = data | {"file": SimpleUploadedFile(data["file"], b"LSOA Code,0,1,2,3,4\nE01900001,1,1,1,1,1\n")}
    response = client.post(reverse("reference_data:list"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert not ReferenceImport.objects.exists()


def test_an_empty_post_is_a_form_error(client, authority):
    client.force_login(authority.admin)
    response = client.post(reverse("reference_data:list"), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "file"}


def test_the_list_shows_past_imports_in_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for number in range(30):
        an_import(authority, original_filename=f"file{number}.csv", status="applied")
    client.force_login(authority.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reference_data:list"))
    page = response.content.decode()
    assert "file29.csv" in page
    assert "file4.csv" not in page  # 25 a page, newest first
    assert response.context["page_obj"].paginator.count == 30


def test_a_large_upload_kept_on_disk_is_previewed_and_applied(client, authority, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # Django streams it to a temporary file, then moves it
    client.force_login(authority.admin)
    with open(sample("onspd_sample.csv"), "rb") as handle:
        client.post(reverse("reference_data:list"), {"kind": "postcodes", "file": handle})
    reference = ReferenceImport.objects.get()
    assert (reference.status, reference.summary["created"]) == ("previewed", 47)
    assert apply_reference_import(reference.pk) == "applied"
    assert Postcode.objects.count() == 47


def test_a_population_workbook_is_uploaded_with_its_year(client, authority):
    client.force_login(authority.admin)
    client.post(
        reverse("reference_data:list"),
        {"kind": "population", "file": upload(sample("population_2021_lsoa_sample.xlsx")), "year": "2022"},
    )
    reference = ReferenceImport.objects.get()
    assert reference.options == {"year": 2022}
    assert (reference.status, reference.summary["created"]) == ("previewed", 12)
    assert reference.summary["about"] == {"Mid-year": "2022", "LSOA boundaries": "2021"}
