"""Strand 7: the parent forum, feedback, and "you said, we did"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.access import role_required
from services.community.access import manages_centres, works_at_centres
from services.community.forms import (
    EndDateForm,
    FeedbackForm,
    ForumForm,
    ForumMeetingForm,
    ForumMemberForm,
    YouSaidWeDidForm,
)
from services.community.selectors import (
    community_centre_get,
    feedback_list,
    feedback_summary,
    forum_get,
    forum_list,
    forum_member_get,
    linkable_carers,
    services_of_centres,
    you_said_we_did_get,
    you_said_we_did_list,
)
from services.community.services import (
    feedback_record,
    forum_add,
    forum_meeting_record,
    forum_member_add,
    forum_member_leave,
    you_said_we_did_add,
    you_said_we_did_publish,
)
from services.community.views.common import (
    apply_errors,
    carer_initial,
    form_page,
    requested_year,
    year_context,
)

# ---------------------------------------------------------------------------------------------
# The parent forum
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def forums(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return render(request, "services/community/forums.html", {"centre": centre, "forums": forum_list(centre=centre)})


def _back_to_forums(centre_pk: int) -> str:
    return reverse("community:forums", args=[centre_pk])


@role_required(works_at_centres)
def forum_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = ForumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forum = forum_add(centre=centre, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error, {"__all__": "name"})
        else:
            messages.success(request, f"{forum.name} set up")
            return redirect("community:forums", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Set up a parent forum",
        back_url=_back_to_forums(centre.pk),
        back_label="Back to the parent forum",
    )


@role_required(works_at_centres)
def forum_member_add_view(request: HttpRequest, centre_pk: int, forum_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    forum = forum_get(centre=centre, pk=forum_pk)
    carers = linkable_carers(user=request.user)
    initial = {"joined_on": timezone.localdate(), **carer_initial(request, carers)}
    form = ForumMemberForm(request.POST or None, adults=carers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = forum_member_add(
                user=request.user,
                forum=forum,
                role=data["role"],
                joined_on=data["joined_on"],
                name=data["name"],
                adult=data["adult"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, {"__all__": "name"})
        else:
            messages.success(request, f"{member} joined {forum.name}")
            return redirect("community:forums", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading=f"Add a member to {forum.name}",
        back_url=_back_to_forums(centre.pk),
        back_label="Back to the parent forum",
        intro=(
            "Linked to the carer's record in their family."
            if initial.get("adult")
            else "For a parent registered with the centre, open their family's record and add them from there."
        ),
    )


@role_required(works_at_centres)
def forum_member_leave_view(request: HttpRequest, centre_pk: int, forum_pk: int, pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    member = forum_member_get(forum=forum_get(centre=centre, pk=forum_pk), pk=pk)
    form = EndDateForm(request.POST or None, label="Left the forum on", submit="Save")
    if request.method == "POST" and form.is_valid():
        try:
            forum_member_leave(member=member, left_on=form.cleaned_data["on"])
        except ValidationError as error:
            apply_errors(form, error, {"left_on": "on", "__all__": "on"})
        else:
            messages.success(request, f"{member} has left the forum")
            return redirect("community:forums", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading=f"{member} has left the forum",
        back_url=_back_to_forums(centre.pk),
        back_label="Back to the parent forum",
    )


@role_required(works_at_centres)
def forum_meeting_add(request: HttpRequest, centre_pk: int, forum_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    forum = forum_get(centre=centre, pk=forum_pk)
    form = ForumMeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            forum_meeting_record(
                forum=forum, date=data["date"], attendees=data["attendees"], minutes_summary=data["minutes_summary"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Meeting recorded")
            return redirect("community:forums", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading=f"Record a meeting of {forum.name}",
        back_url=_back_to_forums(centre.pk),
        back_label="Back to the parent forum",
    )


# ---------------------------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def feedback(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    context = year_context(year)
    rows = feedback_list(centre=centre, start=context["year_start"], end=context["year_end"])
    return render(
        request,
        "services/community/feedback.html",
        {
            "centre": centre,
            "page_obj": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query_string": f"year={year}",
            "summary": feedback_summary(centres=[centre], start=context["year_start"], end=context["year_end"]),
            **context,
        },
    )


@role_required(works_at_centres)
def feedback_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = FeedbackForm(request.POST or None, services=services_of_centres(centres=[centre]).filter(active=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback_record(user=request.user, centre=centre, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Feedback recorded")
            return redirect("community:feedback", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Record feedback",
        back_url=reverse("community:feedback", args=[centre.pk]),
        back_label="Back to feedback",
    )


# ---------------------------------------------------------------------------------------------
# You said, we did
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def you_said_we_did(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    page = Paginator(you_said_we_did_list(centre=centre), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "services/community/you_said_we_did.html",
        {"centre": centre, "page_obj": page, "may_publish": manages_centres(request.user)},
    )


@role_required(works_at_centres)
def you_said_we_did_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = YouSaidWeDidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            you_said_we_did_add(centre=centre, you_said=data["you_said"], we_did=data["we_did"], date=data["date"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved as a draft: a centre manager publishes it")
            return redirect("community:you_said_we_did", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Add to “you said, we did”",
        back_url=reverse("community:you_said_we_did", args=[centre.pk]),
        back_label="Back to “you said, we did”",
    )


@role_required(manages_centres)
@require_POST
def you_said_we_did_publish_view(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    you_said_we_did_publish(entry=you_said_we_did_get(centre=centre, pk=pk))
    messages.success(request, "Published")
    return redirect("community:you_said_we_did", centre_pk=centre.pk)
