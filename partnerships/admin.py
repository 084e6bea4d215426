"""Only the partner directory and the agreements are in Django's admin site: it is the
administrators' screen, and administrators see no named family, so referrals, births and
assessments (personal data) are left out of it. Their own screens are under /partnerships/."""

from __future__ import annotations

from django.contrib import admin

from centres.admin import AdministratorOnly
from partnerships.models import InformationSharingAgreement, Partner


@admin.register(Partner)
class PartnerAdmin(AdministratorOnly):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "contact_name"]


@admin.register(InformationSharingAgreement)
class InformationSharingAgreementAdmin(AdministratorOnly):
    list_display = ["title", "partner", "lawful_basis", "starts_on", "ends_on"]
    list_filter = ["lawful_basis"]
    search_fields = ["title", "partner__name", "document_reference"]
    list_select_related = ["partner"]
