"""Referrals: each centre's inbox, recording one received, sending one out from a family's
page (consent checked), the steps of its life, and the timeliness figures (P1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from centres.access import role_required
from centres.attempt import attempt
from centres.models import Centre
from centres.roles import is_active_staff, sees_personal_data, sees_restricted_fields
from families.models import Family
from families.selectors import family_get_for_user
from partnerships import services
from partnerships.forms import (
    FamilyReferenceForm,
    ReferralCloseForm,
    ReferralFilterForm,
    ReferralInForm,
    ReferralOutForm,
    ReferralStepForm,
    TimelinessForm,
)
from partnerships.models import Referral
from partnerships.selectors import (
    ReferralState,
    current_agreement,
    partners_without_agreement,
    referral_get_for_user,
    referral_list,
    referral_timeliness,
    referral_view,
    target_days,
)
from partnerships.views.common import form_page

PAGE_SIZE = 50


def _back(referral: Referral) -> tuple[str, str]:
    return reverse("partnerships:referral", kwargs={"pk": referral.pk}), f"Back to referral {referral.reference}"


@role_required(sees_personal_data)
def inbox(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.for_user(request.user)
    form = ReferralFilterForm(request.GET or None, centres=centres)
    filters = form.cleaned_data if form.is_valid() else {}
    centre = filters.get("centre")
    direction = filters.get("direction") or ""
    state: ReferralState = filters.get("state") or "open"
    referrals = referral_list(
        user=request.user, centre_id=centre.pk if centre else None, direction=direction, state=state
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"state": state, "direction": direction, **({"centre": centre.pk} if centre else {})}
    # A referral may be about a family registered at a centre the user cannot see: only the
    # families they may open are linked.
    family_ids = {referral.family_id for referral in page if referral.family_id}
    linked = set(Family.objects.for_user(request.user).active().filter(pk__in=family_ids).values_list("pk", flat=True))
    context = {
        "form": form,
        "page_obj": page,
        "linked_families": linked,
        "state": state,
        "query_string": urlencode(query),
        "target_days": target_days(),
    }
    return render(request, "partnerships/referral_list.html", context)


@role_required(sees_personal_data)
def referral_in_add(request: HttpRequest) -> HttpResponse:
    form = ReferralInForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = attempt(
            form,
            services.referral_receive,
            user=request.user,
            centre=data["centre"],
            partner=data["partner"],
            partner_contact=data["partner_contact"],
            reason=data["reason"],
            urgency=data["urgency"],
            received_on=data["received_on"],
            family=data["family_reference"],
            subject_name=data["subject_name"],
            subject_date_of_birth=data["subject_date_of_birth"],
            subject_postcode=data["subject_postcode"],
            notes=data["notes"],
            request=request,
        )
        if referral is not None:
            messages.success(request, f"Referral {referral.reference} recorded")
            return redirect("partnerships:referral", pk=referral.pk)
    back = (reverse("partnerships:referrals"), "Referrals")
    return form_page(request, form, heading="Record a referral received", back=back)


@role_required(sees_personal_data)
def referral_out_add(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    form = ReferralOutForm(request.POST or None, restricted=sees_restricted_fields(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = attempt(
            form,
            services.referral_send_out,
            user=request.user,
            family=family,
            partner=data["partner"],
            partner_contact=data["partner_contact"],
            reason=data["reason"],
            urgency=data["urgency"],
            sent_on=data["sent_on"],
            family_agreed=data["family_agreed"],
            without_consent=data.get("without_consent", False),
            notes=data["notes"],
            request=request,
        )
        if referral is not None:
            messages.success(request, f"Referral {referral.reference} sent to {referral.partner}")
            if referral.agreement_id is None:
                messages.warning(request, f"No information-sharing agreement with {referral.partner} is in force")
            return redirect("partnerships:referral", pk=referral.pk)
    gaps = ", ".join(str(p) for p in partners_without_agreement())
    warning = (
        f"No information-sharing agreement is in force with: {gaps}. You may still refer, but tell your manager."
        if gaps
        else ""
    )
    return form_page(
        request,
        form,
        heading="Refer the family to a partner",
        caption=f"Family {family.reference}",
        back=(reverse("families:detail", kwargs={"pk": family.pk}), f"Back to family {family.reference}"),
        warning=warning,
        intro="The family must have agreed: health and social care partners need the consent on the family's "
        "record; other partners need the family's agreement to this referral.",
    )


@role_required(sees_personal_data)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_view(user=request.user, pk=pk, request=request)
    today = timezone.localdate()
    no_agreement = referral.direction == "out" and referral.agreement_id is None
    context = {
        "referral": referral,
        "restricted": sees_restricted_fields(request.user),
        "no_agreement": no_agreement,
        "agreement_now": current_agreement(partner=referral.partner, on=today) if no_agreement else None,
        "target_days": target_days(),
        "waiting_days": (today - referral.received_on).days if referral.first_contact_on is None else None,
    }
    return render(request, "partnerships/referral_detail.html", context)


STEPS: dict[str, dict[str, Any]] = {
    "accept": {"service": services.referral_accept, "label": "Date accepted", "submit": "Accept the referral"},
    "first_contact": {
        "service": services.referral_first_contact,
        "label": "Date of the first contact with the family",
        "submit": "Record the first contact",
    },
}


@role_required(sees_personal_data)
def referral_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Accept a referral, or record its first contact: a date, then the service."""
    referral = referral_get_for_user(user=request.user, pk=pk)
    spec = STEPS[step]
    form = ReferralStepForm(request.POST or None, label=spec["label"], submit=spec["submit"])
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form, spec["service"], user=request.user, referral=referral, on=form.cleaned_data["on"], request=request
        )
        if done is not None:
            messages.success(request, f"Referral {referral.reference}: {done.get_status_display().lower()}")
            return redirect("partnerships:referral", pk=referral.pk)
    return form_page(
        request, form, heading=spec["submit"], caption=f"Referral {referral.reference}", back=_back(referral)
    )


@role_required(sees_personal_data)
def referral_close(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_get_for_user(user=request.user, pk=pk)
    form = ReferralCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The form's fields are the service's: on, outcome and note.
        closed = attempt(
            form, services.referral_close, user=request.user, referral=referral, request=request, **form.cleaned_data
        )
        if closed is not None:
            messages.success(request, f"Referral {referral.reference} closed")
            return redirect("partnerships:referral", pk=referral.pk)
    return form_page(
        request, form, heading="Close the referral", caption=f"Referral {referral.reference}", back=_back(referral)
    )


@role_required(sees_personal_data)
def referral_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a referral about a person not yet registered to their family."""
    referral = referral_get_for_user(user=request.user, pk=pk)
    form = FamilyReferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        family = form.cleaned_data["reference"]
        linked = attempt(
            form, services.referral_link_family, user=request.user, referral=referral, family=family, request=request
        )
        if linked is not None:
            messages.success(request, f"Referral {referral.reference} linked to family {family.reference}")
            return redirect("partnerships:referral", pk=referral.pk)
    return form_page(
        request,
        form,
        heading="Link the referral to a family",
        caption=f"Referral {referral.reference}",
        back=_back(referral),
        intro="Find the family, or register it, then give its reference here.",
    )


@role_required(is_active_staff)
def timeliness(request: HttpRequest) -> HttpResponse:
    """P1: referrals by partner and direction, median days to first contact and the share
    within the target. Figures only: analysts and administrators see every centre."""
    centres = Centre.objects.for_user(request.user)
    form = TimelinessForm(request.GET or None, centres=centres)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    end = filters.get("end") or today
    start = filters.get("start") or end - timedelta(days=364)
    centre = filters.get("centre")
    centre_ids = [centre.pk] if centre else list(centres.values_list("pk", flat=True))
    context = {
        "form": form,
        "by_partner": referral_timeliness(centre_ids=centre_ids, start=start, end=end, by=("direction", "partner")),
        "by_centre": referral_timeliness(centre_ids=centre_ids, start=start, end=end, by=("direction", "centre")),
        "totals": referral_timeliness(centre_ids=centre_ids, start=start, end=end, by=("direction",)),
        "centre": centre,
    }
    return render(request, "partnerships/timeliness.html", context)


urlpatterns = [
    path("referrals/", inbox, name="referrals"),
    path("referrals/received/add/", referral_in_add, name="referral_in_add"),
    path("referrals/timeliness/", timeliness, name="timeliness"),
    path("referrals/<int:pk>/", referral_detail, name="referral"),
    path("referrals/<int:pk>/accept/", referral_step, {"step": "accept"}, name="referral_accept"),
    path("referrals/<int:pk>/first-contact/", referral_step, {"step": "first_contact"}, name="referral_first_contact"),
    path("referrals/<int:pk>/close/", referral_close, name="referral_close"),
    path("referrals/<int:pk>/link/", referral_link, name="referral_link"),
    path("families/<int:family_pk>/refer/", referral_out_add, name="referral_out_add"),
]
