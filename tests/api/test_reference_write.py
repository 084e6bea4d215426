"""reference:write: reference files and birth notifications uploaded through the API, the same
files the upload screens take: all or nothing, idempotent, a bad line is a 400 naming it, a file
over the limit is a 413, and every upload is kept naming the client."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centres.models import LSOA, AuditEvent, Deprivation, Postcode, ReferenceImport, Scope
from partnerships.models import BirthImport, BirthNotification
from tests.api.factories import bearer, issue_token

URL = reverse("api:reference-import-upload")
BIRTHS_URL = reverse("api:birth-import-upload")
SAMPLES = Path(settings.BASE_DIR) / "centres" / "fixtures" / "reference"
ONSPD = (SAMPLES / "onspd_sample.csv").read_bytes()
IOD = (SAMPLES / "iod2019_file1_sample.csv").read_bytes()
BIRTHS = (Path(settings.BASE_DIR) / "partnerships" / "fixtures" / "birth_notifications_sample.csv").read_bytes()


@pytest.fixture
def token(db) -> str:
    # Reference data is authority-wide: a client of no centre at all may upload it.
    return issue_token(scopes=[Scope.REFERENCE_WRITE])[1]


def upload(client, token, kind, content, name="file.csv", **fields):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv"), **fields}
    return client.post(URL, data=data, **bearer(token))


def test_a_postcode_directory_is_imported_and_kept_naming_the_client(client, token):
    response = upload(client, token, "postcodes", ONSPD, name="ONSPD_sample.csv")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "applied"
    assert (body["summary"]["rows"], body["summary"]["created"]) == (47, 47)
    assert Postcode.objects.count() == 47
    reference = ReferenceImport.objects.get()
    assert (reference.pk, reference.uploaded_by, reference.original_filename) == (body["id"], None, "ONSPD_sample.csv")
    assert reference.api_client is not None


def test_the_same_file_twice_changes_nothing_the_second_time(client, token):
    upload(client, token, "deprivation", IOD)
    again = upload(client, token, "deprivation", IOD)
    assert again.status_code == 201
    summary = again.json()["summary"]
    assert summary["created"] == summary["updated"] == 0
    assert summary["unchanged"] == summary["rows"] > 0
    assert Deprivation.objects.count() == summary["rows"]


def test_the_csv_may_be_the_body_with_the_options_in_the_query_string(client, token):
    response = client.post(
        f"{URL}?kind=deprivation&release=iod2019", data=IOD, content_type="text/csv", **bearer(token)
    )
    assert response.status_code == 201, response.json()
    assert Deprivation.objects.exists()


def test_a_bad_line_is_a_400_naming_it_and_nothing_is_changed(client, token):
    bad = IOD.replace(b"E01900002,Demo Borough 001B,E06000999,Demo Borough,9365,3", b"E01900002,x,E06000999,x,many,3")
    response = upload(client, token, "deprivation", bad)
    assert response.status_code == 400
    [message] = response.json()["errors"]["file"]
    assert message.startswith("row 3:")
    assert not Deprivation.objects.exists()
    assert not LSOA.objects.exists()
    assert ReferenceImport.objects.get().status == "failed"  # kept, as on the screen


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "planets"}, "kind"),
        ({"kind": "population"}, "year"),
        ({"kind": "postcodes", "local_authorities": "nonsense"}, "local_authorities"),
    ],
)
def test_bad_form_fields_are_400s_naming_them(client, token, fields, field):
    data = {"file": SimpleUploadedFile("f.csv", ONSPD), **fields}
    response = client.post(URL, data=data, **bearer(token))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ReferenceImport.objects.exists()


def test_a_missing_file_wrong_type_or_garbage_is_a_400(client, token):
    assert "file" in client.post(URL, data={"kind": "postcodes"}, **bearer(token)).json()["errors"]
    assert upload(client, token, "postcodes", ONSPD, name="directory.pdf").status_code == 400
    garbage = upload(client, token, "postcodes", b"\xff\xfe\x00garbage\x00\n\x01")
    assert garbage.status_code == 400
    empty_body = client.post(f"{URL}?kind=postcodes", data=b"", content_type="text/csv", **bearer(token))
    assert empty_body.status_code == 400


def test_json_is_not_an_upload(client, token):
    response = client.post(URL, data={"kind": "postcodes"}, content_type="application/json", **bearer(token))
    assert response.status_code == 415


def test_a_file_over_the_limit_is_a_413(client, token, settings):
    settings.API_MAX_UPLOAD_BYTES = 1000
    assert upload(client, token, "postcodes", ONSPD).status_code == 413
    body = client.post(f"{URL}?kind=postcodes", data=ONSPD, content_type="text/csv", **bearer(token))
    assert body.status_code == 413
    assert not ReferenceImport.objects.exists()


def test_uploading_needs_the_reference_write_scope(client, db):
    _, other = issue_token(scopes=[s for s in Scope.values if s != Scope.REFERENCE_WRITE], all_centres=True)
    assert upload(client, other, "postcodes", ONSPD).status_code == 403
    assert (
        client.post(BIRTHS_URL, data={"file": SimpleUploadedFile("b.csv", BIRTHS)}, **bearer(other)).status_code == 403
    )
    assert not ReferenceImport.objects.exists()
    assert not BirthImport.objects.exists()


def test_the_screen_lists_an_api_upload_with_the_clients_name(client, token, authority):
    upload(client, token, "postcodes", ONSPD)
    client.force_login(authority.admin)
    page = client.get(reverse("reference_data:list"))
    reference = ReferenceImport.objects.get()
    assert f"{reference.api_client.name} (API)" in page.content.decode()


def test_birth_notifications_are_imported_matched_kept_and_audited(client, token):
    response = client.post(BIRTHS_URL, data={"file": SimpleUploadedFile("births.csv", BIRTHS)}, **bearer(token))
    assert response.status_code == 201, response.json()
    birth_import = BirthImport.objects.get()
    assert response.json()["status"] == "applied"
    assert birth_import.api_client is not None and birth_import.uploaded_by is None
    rows = BirthNotification.objects.filter(birth_import=birth_import).count()
    assert rows == response.json()["summary"]["created"] > 0
    event = AuditEvent.objects.get(object_id=str(birth_import.pk), action=AuditEvent.Action.CREATE)
    assert event.api_client_id == birth_import.api_client_id
    # The same file again, as the CSV body: nothing new.
    again = client.post(BIRTHS_URL, data=BIRTHS, content_type="text/csv", **bearer(token))
    assert again.status_code == 201
    assert again.json()["summary"]["created"] == 0
    assert BirthNotification.objects.count() == rows


def test_a_bad_birth_file_is_a_400_naming_the_line(client, token):
    bad = BIRTHS.replace(b"02/09/2026", b"31/02/2026", 1)
    response = client.post(BIRTHS_URL, data=bad, content_type="text/csv", **bearer(token))
    assert response.status_code == 400
    assert response.json()["errors"]["file"][0].startswith("row 2:")
    assert not BirthNotification.objects.exists()
    no_file = client.post(BIRTHS_URL, data={}, **bearer(token))
    assert no_file.status_code == 400


# Idempotency-Key on the uploads: a retry replays the first answer and imports nothing.


def test_a_reference_upload_retried_with_its_key_is_imported_once(client, token):
    key = {"HTTP_IDEMPOTENCY_KEY": "ref-1"}
    first = client.post(
        URL, data={"kind": "postcodes", "file": SimpleUploadedFile("a.csv", ONSPD)}, **bearer(token), **key
    )
    again = client.post(
        URL, data={"kind": "postcodes", "file": SimpleUploadedFile("b.csv", ONSPD)}, **bearer(token), **key
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert ReferenceImport.objects.count() == 1
    other_file = client.post(
        URL, data={"kind": "postcodes", "file": SimpleUploadedFile("a.csv", ONSPD + b"\n")}, **bearer(token), **key
    )
    other_kind = client.post(
        URL, data={"kind": "deprivation", "file": SimpleUploadedFile("a.csv", ONSPD)}, **bearer(token), **key
    )
    assert (other_file.status_code, other_kind.status_code) == (422, 422)
    assert other_file.json()["code"] == "idempotency_key_reused"
    assert ReferenceImport.objects.count() == 1


def test_a_csv_body_retried_with_its_key_is_imported_once_and_its_options_count(client, token):
    key = {"HTTP_IDEMPOTENCY_KEY": "ref-2"}
    url = f"{URL}?kind=deprivation&release=iod2019"
    first = client.post(url, data=IOD, content_type="text/csv", **bearer(token), **key)
    again = client.post(url, data=IOD, content_type="text/csv", **bearer(token), **key)
    assert (first.status_code, again.status_code) == (201, 201) and again.json() == first.json()
    assert ReferenceImport.objects.count() == 1
    other = client.post(
        f"{URL}?kind=deprivation&release=iod2025", data=IOD, content_type="text/csv", **bearer(token), **key
    )
    assert other.status_code == 422
    assert ReferenceImport.objects.count() == 1


def test_a_failed_upload_is_not_kept_against_its_key(client, token):
    key = {"HTTP_IDEMPOTENCY_KEY": "ref-3"}
    url = f"{URL}?kind=deprivation&release=iod2019"
    bad = client.post(url, data=b"nonsense\n1\n", content_type="text/csv", **bearer(token), **key)
    assert bad.status_code == 400
    good = client.post(url, data=IOD, content_type="text/csv", **bearer(token), **key)
    assert good.status_code == 201 and "Idempotent-Replayed" not in good


def test_the_uploads_declare_the_idempotency_key_and_json_births(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/reference-imports/", "/api/v1/birth-notification-imports/"):
        operation = schema["paths"][path]["post"]
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert "422" in operation["responses"]
    births = schema["paths"]["/api/v1/birth-notification-imports/"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "text/csv", "application/json"} <= set(births)
    assert births["application/json"]["schema"]["type"] == "array"


# Birth notifications as JSON rows.


def birth_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(BIRTHS.decode())))


def post_births(client, token, rows, **extra):
    return client.post(BIRTHS_URL, data=json.dumps(rows), content_type="application/json", **bearer(token), **extra)


def test_birth_notifications_as_json_rows_go_through_the_same_import(client, token):
    rows = birth_rows()
    response = post_births(client, token, rows)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "applied" and body["summary"]["created"] == len(rows)
    birth_import = BirthImport.objects.get()
    assert birth_import.api_client is not None and birth_import.original_filename == "birth-notifications.csv"
    assert BirthNotification.objects.filter(birth_import=birth_import).count() == len(rows)
    assert AuditEvent.objects.filter(object_id=str(birth_import.pk), action=AuditEvent.Action.CREATE).exists()
    # The same births again, as the CSV file: the same notifications, nothing new.
    again = client.post(BIRTHS_URL, data=BIRTHS, content_type="text/csv", **bearer(token))
    assert again.json()["summary"]["created"] == 0
    assert BirthNotification.objects.count() == len(rows)


def test_bad_json_rows_are_a_400_naming_each_row_and_field_and_nothing_is_imported(client, token):
    rows = birth_rows()
    rows[0] = {**rows[0], "postcode": "NOT A CODE"}
    rows[1] = {**rows[1], "date_of_birth": "01/01/2099"}
    rows[2] = {key: value for key, value in rows[2].items() if key != "date_of_birth"}
    rows[3] = {**rows[3], "nhs_number": "1234567890", "colour": "blue"}
    rows.append(rows[4])
    response = post_births(client, token, [*rows, 42])
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    # Each row's own fields are checked first, for every row ...
    assert set(errors) == {"2", "3", str(len(rows))}
    assert "required" in errors["2"]["date_of_birth"][0]
    assert "colour" in errors["3"] and "non_field_errors" in errors[str(len(rows))]
    # ... then, all of them well formed, their values as the importer checks a file's.
    rows[2] = birth_rows()[2]
    rows[3] = {key: value for key, value in rows[3].items() if key != "colour"}
    errors = post_births(client, token, rows).json()["errors"]["rows"]
    assert set(errors) == {"0", "1", "3", str(len(rows) - 1)}
    assert errors["0"]["postcode"] == ["“NOT A CODE” is not a postcode"]
    assert "in the future" in errors["1"]["date_of_birth"][0]
    assert "NHS number" in errors["3"]["nhs_number"][0]
    assert "twice" in errors[str(len(rows) - 1)]["non_field_errors"][0]
    assert not BirthImport.objects.exists() and not BirthNotification.objects.exists()


@pytest.mark.parametrize("body", [[], {"rows": []}, "births", None])
def test_a_json_body_that_is_not_a_list_of_rows_is_a_400(client, token, body):
    response = post_births(client, token, body)
    assert response.status_code == 400 and "rows" in response.json()["errors"]
    assert not BirthImport.objects.exists()


def test_json_births_need_the_reference_write_scope(client, db):
    _, other = issue_token(scopes=[s for s in Scope.values if s != Scope.REFERENCE_WRITE], all_centres=True)
    assert post_births(client, other, birth_rows()).status_code == 403
    assert not BirthImport.objects.exists()


def test_births_retried_with_their_key_are_imported_once(client, token):
    key = {"HTTP_IDEMPOTENCY_KEY": "births-1"}
    first = post_births(client, token, birth_rows(), **key)
    again = post_births(client, token, birth_rows(), **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert BirthImport.objects.count() == 1
    assert post_births(client, token, birth_rows()[:2], **key).status_code == 422
    file_key = {"HTTP_IDEMPOTENCY_KEY": "births-2"}
    for _ in range(2):
        sent = client.post(BIRTHS_URL, data={"file": SimpleUploadedFile("b.csv", BIRTHS)}, **bearer(token), **file_key)
        assert sent.status_code == 201
    assert BirthImport.objects.count() == 2
