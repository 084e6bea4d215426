"""The steps several apps share: save_audited (write services), attempt (form screens), and the
upload steps (reference data and birth files)."""

from __future__ import annotations

from typing import NoReturn

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from centres.attempt import attempt
from centres.imports.base import ImportSummary
from centres.imports.errors import ImportFileError
from centres.imports.uploads import upload_apply_previewed, upload_run
from centres.models import AuditEvent, ReferenceImport
from centres.records import save_audited
from partnerships.models import Referral
from tests.partnerships.factories import PartnerFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _events(obj: Referral) -> list[AuditEvent]:
    object_type = ContentType.objects.get_for_model(obj)
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(obj.pk)))


def test_save_audited_saves_a_new_record_and_audits_it_against_the_family(authority):
    referral = ReferralFactory.build(family=authority.family_a, partner=PartnerFactory(), created_by=authority.worker)
    saved = save_audited(
        referral, user=authority.worker, family_id=authority.family_a.pk, changed_fields=["reason", "notes"]
    )
    assert saved.pk is not None
    [event] = _events(saved)
    assert (event.action, event.user, event.family_id) == (
        AuditEvent.Action.CREATE,
        authority.worker,
        authority.family_a.pk,
    )
    assert event.changed_fields == ["notes", "reason"]


def test_save_audited_moves_the_version_on_only_when_asked(authority):
    referral = ReferralFactory(family=authority.family_a)
    version = referral.version
    save_audited(referral, user=authority.worker, family_id=authority.family_a.pk, action=AuditEvent.Action.UPDATE)
    save_audited(
        referral,
        user=authority.worker,
        family_id=authority.family_a.pk,
        action=AuditEvent.Action.UPDATE,
        new_version=True,
    )
    referral.refresh_from_db()
    assert referral.version == version + 1
    assert [event.action for event in _events(referral)] == [AuditEvent.Action.UPDATE] * 2


def test_save_audited_saves_only_the_fields_named(authority):
    referral = ReferralFactory(family=authority.family_a, notes="before", partner_contact="")
    referral.notes, referral.partner_contact = "after", "Jo at the clinic"
    save_audited(referral, user=authority.worker, family_id=authority.family_a.pk, update_fields=["notes"])
    referral.refresh_from_db()
    assert (referral.notes, referral.partner_contact) == ("after", "")


def test_save_audited_saves_and_audits_nothing_that_fails_its_checks(authority):
    referral = ReferralFactory.build(
        family=authority.family_a, partner=PartnerFactory(), created_by=authority.worker, reason="no such reason"
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        save_audited(referral, user=authority.worker, family_id=authority.family_a.pk)
    assert referral.pk is None
    assert AuditEvent.objects.count() == events


class _Form(forms.Form):
    on = forms.DateField()


def _fail(error: Exception) -> NoReturn:
    raise error


def test_attempt_returns_what_the_service_returns():
    form = _Form({"on": "2026-03-02"})
    assert attempt(form, lambda **kwargs: kwargs, a=1) == {"a": 1}
    assert not form.errors


@pytest.mark.parametrize(
    ("error", "field"),
    [
        (ValidationError({"on": "Too early"}), "on"),
        (ValidationError({"closing_note": "Say why"}), "__all__"),  # a field the form does not show
        (ValidationError("Not now"), "__all__"),
    ],
)
def test_attempt_puts_a_service_error_on_the_field_it_names_or_at_the_top(error, field):
    form = _Form({"on": "2026-03-02"})
    assert form.is_valid()
    assert attempt(form, _fail, error=error) is None
    assert list(form.errors) == [field]


def _upload(status: str = ReferenceImport.Status.PREVIEWED) -> ReferenceImport:
    return ReferenceImport(kind="postcodes", original_filename="a.csv", status=status)


def test_upload_run_notes_a_preview_an_application_or_a_failure():
    summary = ImportSummary(kind="postcodes", rows=3, created=3)
    previewed, applied, failed = _upload(), _upload(), _upload()
    upload_run(previewed, lambda: summary, apply=False)
    upload_run(applied, lambda: summary, apply=True)
    upload_run(failed, lambda: _fail(ImportFileError("row 2: no postcode")), apply=True)
    assert (previewed.status, previewed.summary["created"], previewed.applied_at) == ("previewed", 3, None)
    assert (applied.status, applied.summary["created"]) == ("applied", 3)
    assert applied.applied_at is not None
    assert (failed.status, failed.error, failed.summary, failed.applied_at) == (
        "failed",
        "row 2: no postcode",
        {},
        None,
    )


@pytest.mark.parametrize(("status", "applies"), [("previewed", True), ("applied", False), ("failed", False)])
def test_only_a_previewed_upload_is_applied(authority, status, applies):
    upload = ReferenceImport.objects.create(
        kind="postcodes", original_filename="a.csv", file="a.csv", uploaded_by=authority.admin, status=status
    )
    applied: list[int] = []
    result = upload_apply_previewed(
        ReferenceImport, import_id=upload.pk, apply=lambda locked: applied.append(locked.pk)
    )
    assert result.pk == upload.pk
    assert applied == ([upload.pk] if applies else [])
