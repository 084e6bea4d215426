"""Early help assessments: started from the family's page; the team, meetings and closing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from centres.access import role_required
from centres.attempt import attempt
from centres.roles import sees_personal_data, sees_restricted_fields
from families.cases.selectors import centre_staff
from families.selectors import family_get_for_user
from partnerships import services
from partnerships.forms import EarlyHelpCloseForm, EarlyHelpStartForm, TAFMeetingForm, TAFMemberForm
from partnerships.models import EarlyHelpAssessment
from partnerships.selectors import assessment_get_for_user, assessment_view
from partnerships.views.common import form_page


def _back(assessment: EarlyHelpAssessment) -> tuple[str, str]:
    return reverse("partnerships:early_help", kwargs={"pk": assessment.pk}), f"Back to {assessment}"


def _change(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    service: Callable[..., Any],
    heading: str,
    done: str,
    with_members: bool = False,
) -> HttpResponse:
    """A form that changes an open assessment through `service`; a closed one is not changed."""
    assessment = assessment_get_for_user(user=request.user, pk=pk)
    if not assessment.is_open:
        messages.info(request, f"{assessment} is closed: it can no longer be changed")
        return redirect("partnerships:early_help", pk=pk)
    form_kwargs: dict[str, Any] = {"members": assessment.members.all()} if with_members else {}
    form = form_class(request.POST or None, **form_kwargs)
    saved = request.method == "POST" and form.is_valid()
    if saved and attempt(form, service, user=request.user, assessment=assessment, request=request, **form.cleaned_data):
        messages.success(request, done)
        return redirect("partnerships:early_help", pk=pk)
    return form_page(request, form, heading=heading, caption=str(assessment), back=_back(assessment))


@role_required(sees_personal_data)
def early_help_start(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    staff = centre_staff(centre_ids=[family.registered_centre_id])
    form = EarlyHelpStartForm(request.POST or None, staff=staff, initial={"lead_user": request.user.pk})
    if request.method == "POST" and form.is_valid():
        assessment = attempt(
            form, services.early_help_start, user=request.user, family=family, request=request, **form.cleaned_data
        )
        if assessment is not None:
            messages.success(request, f"{assessment} started")
            return redirect("partnerships:early_help", pk=assessment.pk)
    back = (reverse("families:detail", kwargs={"pk": family.pk}), f"Back to family {family.reference}")
    return form_page(
        request, form, heading="Start an early help assessment", caption=f"Family {family.reference}", back=back
    )


@role_required(sees_personal_data)
def early_help_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, meetings = assessment_view(user=request.user, pk=pk, request=request)
    context = {
        "assessment": assessment,
        "members": list(assessment.members.select_related("partner")),
        "meetings": meetings,
        "restricted": sees_restricted_fields(request.user),
    }
    return render(request, "partnerships/early_help_detail.html", context)


@role_required(sees_personal_data)
def taf_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        form_class=TAFMemberForm,
        service=services.taf_member_add,
        heading="Add a member of the team",
        done="Added to the Team Around the Family",
    )


@role_required(sees_personal_data)
def taf_meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        form_class=TAFMeetingForm,
        service=services.taf_meeting_record,
        heading="Record a Team Around the Family meeting",
        done="Meeting recorded",
        with_members=True,
    )


@role_required(sees_personal_data)
def early_help_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        form_class=EarlyHelpCloseForm,
        service=services.early_help_close,
        heading="Close the assessment",
        done="Assessment closed",
    )


urlpatterns = [
    path("families/<int:family_pk>/early-help/start/", early_help_start, name="early_help_start"),
    path("early-help/<int:pk>/", early_help_detail, name="early_help"),
    path("early-help/<int:pk>/members/add/", taf_member_add, name="taf_member_add"),
    path("early-help/<int:pk>/meetings/add/", taf_meeting_add, name="taf_meeting_add"),
    path("early-help/<int:pk>/close/", early_help_close, name="early_help_close"),
]
