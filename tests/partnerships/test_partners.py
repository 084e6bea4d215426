"""The partner directory and information-sharing agreements: who may keep them, and the
warnings about partners with no agreement in force."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from centres.models import AuditEvent
from partnerships.models import InformationSharingAgreement, Partner, PartnerKind
from partnerships.selectors import partner_list, partners_without_agreement
from partnerships.services import agreement_save, partner_save
from tests.partnerships.factories import AgreementFactory, PartnerFactory

PARTNER = {"name": "Home-Start Demo Town", "kind": "voluntary", "contact_name": "", "email": "", "phone": "",
           "address": "", "active": "on"}  # fmt: skip
AGREEMENT = {
    "title": "Family support referrals",
    "scope": ["contact", "household"],
    "lawful_basis": "6_1_e",
    "special_category_condition": "",
    "starts_on": "1/4/2026",
    "ends_on": "",
    "document_reference": "ISA-7",
}


def test_a_manager_adds_a_partner_and_only_an_administrator_changes_it(client, authority):
    client.force_login(authority.manager)
    assert client.post(reverse("partnerships:partner_add"), PARTNER).status_code == 302
    partner = Partner.objects.get(name="Home-Start Demo Town")
    assert client.post(reverse("partnerships:partner_edit", kwargs={"pk": partner.pk}), PARTNER).status_code == 403
    with pytest.raises(PermissionDenied):
        partner_save(user=authority.manager, partner=partner, data={"phone": "01234"})
    client.force_login(authority.admin)
    response = client.post(
        reverse("partnerships:partner_edit", kwargs={"pk": partner.pk}), {**PARTNER, "phone": "01234"}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.phone == "01234"
    events = AuditEvent.objects.filter(object_id=str(partner.pk)).order_by("pk")
    assert list(events.values_list("action", flat=True)) == [
        "create",
        "update",
    ]


def test_a_worker_cannot_add_a_partner(authority):
    with pytest.raises(PermissionDenied):
        partner_save(user=authority.worker, data={"name": "X", "kind": PartnerKind.OTHER})


def test_a_partner_name_is_unique(client, authority):
    PartnerFactory(name="Home-Start Demo Town")
    client.force_login(authority.admin)
    response = client.post(reverse("partnerships:partner_add"), PARTNER)
    assert "already exists" in response.content.decode()


def test_an_administrator_records_an_agreement_with_its_scope_and_legal_basis(client, authority):
    partner = PartnerFactory()
    client.force_login(authority.admin)
    response = client.post(reverse("partnerships:agreement_add", kwargs={"pk": partner.pk}), AGREEMENT)
    assert response.status_code == 302
    agreement = InformationSharingAgreement.objects.get()
    assert (agreement.scope, agreement.lawful_basis, agreement.ends_on) == (["contact", "household"], "6_1_e", None)
    assert agreement.scope_labels == ["Names and contact details", "Household, address and circumstances"]


def test_an_agreement_ending_before_it_starts_or_without_a_scope_is_refused(client, authority):
    partner = PartnerFactory()
    client.force_login(authority.admin)
    url = reverse("partnerships:agreement_add", kwargs={"pk": partner.pk})
    page = client.post(url, {**AGREEMENT, "ends_on": "1/3/2026"}).content.decode()
    assert "The end date must be on or after the start date" in page
    page = client.post(url, {**AGREEMENT, "scope": []}).content.decode()
    assert "govuk-error-summary" in page
    assert not InformationSharingAgreement.objects.exists()
    with pytest.raises(PermissionDenied):
        agreement_save(user=authority.manager, partner=partner, data={"title": "x"})


def test_partners_with_no_agreement_in_force_are_warned_about(client, authority):
    covered = PartnerFactory(name="Covered")
    AgreementFactory(partner=covered, starts_on=date(2025, 1, 1))
    expired = PartnerFactory(name="Expired")
    AgreementFactory(partner=expired, starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 1))
    PartnerFactory(name="Never", active=False)
    assert list(partners_without_agreement()) == [expired]
    assert {p.name: p.has_agreement for p in partner_list()} == {"Covered": True, "Expired": False, "Never": False}
    client.force_login(authority.worker)
    page = client.get(reverse("partnerships:agreements")).content.decode()
    assert "govuk-warning-text" in page and "Expired" in page
    page = client.get(reverse("partnerships:partner", kwargs={"pk": expired.pk})).content.decode()
    assert "No information-sharing agreement with this partner is in force" in page


def test_the_partner_and_agreement_lists_are_a_fixed_number_of_queries(
    client, authority, django_assert_max_num_queries
):
    for _ in range(20):
        AgreementFactory()
    client.force_login(authority.analyst)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("partnerships:partners")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("partnerships:agreements")).status_code == 200
