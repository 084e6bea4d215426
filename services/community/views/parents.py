"""Strand 7: the parent forum, feedback, and "you said, we did"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.models import Centre
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
    T,
    carer_initial,
    carer_intro,
    centre_form,
    page_of,
    requested_year,
    year_list,
)
from services.models import financial_year_bounds

# ---------------------------------------------------------------------------------------------
# The parent forum
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def forums(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return render(request, "services/community/forums.html", {"centre": centre, "forums": forum_list(centre=centre)})


def _forum_form(
    request: HttpRequest, centre: Centre, form: forms.BaseForm, save: Callable[[dict[str, Any]], T], **page: Any
) -> HttpResponse:
    """Every forum form returns to the forum page."""
    back_url = reverse("community:forums", args=[centre.pk])
    return centre_form(
        request, centre=centre, form=form, save=save, back_url=back_url, back_label="Back to the parent forum", **page
    )


@role_required(works_at_centres)
def forum_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return _forum_form(
        request,
        centre,
        ForumForm(request.POST or None),
        lambda data: forum_add(centre=centre, **data),
        fields={"__all__": "name"},
        message=lambda forum: f"{forum.name} set up",
        heading="Set up a parent forum",
    )


@role_required(works_at_centres)
def forum_member_add_view(request: HttpRequest, centre_pk: int, forum_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    forum = forum_get(centre=centre, pk=forum_pk)
    carers = linkable_carers(user=request.user)
    initial = {"joined_on": timezone.localdate(), **carer_initial(request, carers)}
    return _forum_form(
        request,
        centre,
        ForumMemberForm(request.POST or None, adults=carers, initial=initial),
        lambda data: forum_member_add(user=request.user, forum=forum, request=request, **data),
        fields={"__all__": "name"},
        message=lambda member: f"{member} joined {forum.name}",
        heading=f"Add a member to {forum.name}",
        intro=carer_intro(initial),
    )


@role_required(works_at_centres)
def forum_member_leave_view(request: HttpRequest, centre_pk: int, forum_pk: int, pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    member = forum_member_get(forum=forum_get(centre=centre, pk=forum_pk), pk=pk)
    return _forum_form(
        request,
        centre,
        EndDateForm(request.POST or None, label="Left the forum on", submit="Save"),
        lambda data: forum_member_leave(member=member, left_on=data["on"]),
        fields={"left_on": "on", "__all__": "on"},
        message=f"{member} has left the forum",
        heading=f"{member} has left the forum",
    )


@role_required(works_at_centres)
def forum_meeting_add(request: HttpRequest, centre_pk: int, forum_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    forum = forum_get(centre=centre, pk=forum_pk)
    return _forum_form(
        request,
        centre,
        ForumMeetingForm(request.POST or None),
        lambda data: forum_meeting_record(forum=forum, **data),
        message="Meeting recorded",
        heading=f"Record a meeting of {forum.name}",
    )


# ---------------------------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def feedback(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    start, end = financial_year_bounds(year)
    return year_list(
        request,
        "services/community/feedback.html",
        centre=centre,
        year=year,
        rows=feedback_list(centre=centre, start=start, end=end),
        summary=feedback_summary(centres=[centre], start=start, end=end),
    )


@role_required(works_at_centres)
def feedback_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return centre_form(
        request,
        centre=centre,
        form=FeedbackForm(request.POST or None, services=services_of_centres(centres=[centre]).filter(active=True)),
        save=lambda data: feedback_record(user=request.user, centre=centre, **data),
        message="Feedback recorded",
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
    page = page_of(request, you_said_we_did_list(centre=centre))
    return render(
        request,
        "services/community/you_said_we_did.html",
        {"centre": centre, "page_obj": page, "may_publish": manages_centres(request.user)},
    )


@role_required(works_at_centres)
def you_said_we_did_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return centre_form(
        request,
        centre=centre,
        form=YouSaidWeDidForm(request.POST or None),
        save=lambda data: you_said_we_did_add(centre=centre, **data),
        message="Saved as a draft: a centre manager publishes it",
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
