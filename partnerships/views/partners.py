"""The partner directory and information-sharing agreements: every member of staff reads
them; administrators keep them; managers may add a partner they have met."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from centres.access import role_required
from centres.attempt import attempt
from centres.roles import is_active_staff
from partnerships.access import adds_partners, manages_partners
from partnerships.forms import AgreementForm, PartnerForm
from partnerships.models import InformationSharingAgreement, PartnerKind
from partnerships.selectors import (
    agreement_list,
    current_agreement,
    partner_get,
    partner_list,
    partners_without_agreement,
)
from partnerships.services import agreement_save, partner_save
from partnerships.views.common import form_page


@role_required(is_active_staff)
def partner_list_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in PartnerKind.values else ""
    partners = list(partner_list(kind=kind))
    context = {
        "partners": partners,
        "kind": kind,
        "kinds": PartnerKind.choices,
        "without_agreement": [p for p in partners if p.active and not p.has_agreement],  # type: ignore[attr-defined]
        "may_add": adds_partners(request.user),
    }
    return render(request, "partnerships/partner_list.html", context)


@role_required(is_active_staff)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = partner_get(pk=pk)
    today = timezone.localdate()
    context = {
        "partner": partner,
        "agreements": [(a, a.is_current_on(today)) for a in partner.agreements.all()],
        "current": current_agreement(partner=partner, on=today),
        "may_manage": manages_partners(request.user),
    }
    return render(request, "partnerships/partner_detail.html", context)


@role_required(adds_partners)
def partner_add(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = attempt(form, partner_save, user=request.user, data=form.cleaned_data, request=request)
        if partner is not None:
            messages.success(request, f"{partner} added to the partner directory")
            return redirect("partnerships:partner", pk=partner.pk)
    return form_page(request, form, heading="Add a partner", back=(reverse("partnerships:partners"), "Partners"))


@role_required(manages_partners)
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = partner_get(pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if attempt(form, partner_save, user=request.user, partner=partner, data=data, request=request) is not None:
            messages.success(request, f"{partner} saved")
            return redirect("partnerships:partner", pk=partner.pk)
    back = (reverse("partnerships:partner", kwargs={"pk": pk}), str(partner))
    return form_page(request, form, heading="Change the partner", back=back)


@role_required(is_active_staff)
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "agreements": agreement_list(on=today),
        "today": today,
        "without_agreement": partners_without_agreement(on=today),
        "may_manage": manages_partners(request.user),
    }
    return render(request, "partnerships/agreement_list.html", context)


def _agreement_form(request: HttpRequest, form: AgreementForm, partner_pk: int, heading: str) -> HttpResponse:
    back = (reverse("partnerships:partner", kwargs={"pk": partner_pk}), "Back to the partner")
    return form_page(request, form, heading=heading, back=back)


@role_required(manages_partners)
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = partner_get(pk=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        agreement = attempt(form, agreement_save, user=request.user, partner=partner, data=data, request=request)
        if agreement is not None:
            messages.success(request, f"Agreement with {partner} recorded")
            return redirect("partnerships:partner", pk=partner.pk)
    return _agreement_form(request, form, partner.pk, f"Record an information-sharing agreement with {partner}")


@role_required(manages_partners)
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(InformationSharingAgreement.objects.select_related("partner"), pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = attempt(
            form,
            agreement_save,
            user=request.user,
            partner=agreement.partner,
            agreement=agreement,
            data=data,
            request=request,
        )
        if saved is not None:
            messages.success(request, "Agreement saved")
            return redirect("partnerships:partner", pk=agreement.partner_id)
    return _agreement_form(request, form, agreement.partner_id, "Change the information-sharing agreement")


urlpatterns = [
    path("partners/", partner_list_view, name="partners"),
    path("partners/add/", partner_add, name="partner_add"),
    path("partners/<int:pk>/", partner_detail, name="partner"),
    path("partners/<int:pk>/edit/", partner_edit, name="partner_edit"),
    path("partners/<int:pk>/agreements/add/", agreement_add, name="agreement_add"),
    path("agreements/", agreement_list_view, name="agreements"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement_edit"),
]
