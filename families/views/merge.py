"""Duplicate records: finding them (before registering someone again) and merging them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from centres.access import role_required
from centres.roles import sees_personal_data
from families.duplicates import DuplicateSuggestions, duplicate_candidates, family_duplicate_candidates
from families.forms_merge import DuplicateSearchForm, MergeChooseForm, MergeConfirmForm
from families.models import Address, Child, Family
from families.services.merge import family_merge, family_record_counts, may_merge_families


@role_required(sees_personal_data)
def duplicate_search(request: HttpRequest) -> HttpResponse:
    form = DuplicateSearchForm(request.GET or None)
    suggestions = None
    if form.is_bound and form.is_valid():
        suggestions = duplicate_candidates(user=request.user, **form.cleaned_data)
    # htmx asks for the search block only; without JavaScript the whole page comes back.
    htmx = bool(getattr(request, "htmx", False))
    template = "families/merge/_duplicate_search.html" if htmx else "families/merge/duplicates.html"
    return render(request, template, {"form": form, "suggestions": suggestions})


def _family_for_merge(request: HttpRequest, pk: int) -> Family:
    """The user's active family with what the comparison shows, or 404."""
    return get_object_or_404(
        Family.objects.for_user(request.user)
        .active()
        .select_related("registered_centre", "key_worker")
        .prefetch_related(
            "adults",
            Prefetch("children", queryset=Child.objects.order_by("date_of_birth", "id")),
            Prefetch("addresses", queryset=Address.objects.current(), to_attr="current_addresses"),
        ),
        pk=pk,
    )


def _confirmation(
    request: HttpRequest, family: Family, other: Family, form: MergeConfirmForm, errors: list[str] | None = None
) -> HttpResponse:
    other = _family_for_merge(request, other.pk)
    counts = family_record_counts(families=[family, other])
    rows = [(label, counts[family.pk][label], counts[other.pk][label]) for label in counts[family.pk]]
    context = {"family": family, "other": other, "rows": rows, "form": form, "errors": errors or []}
    return render(request, "families/merge/confirm.html", context)


@role_required(may_merge_families)
def family_merge_start(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for_merge(request, pk)
    if request.method == "POST" and "confirm" in request.POST:
        return _merge_confirmed(request, family)
    form = MergeChooseForm(request.POST or None, user=request.user, family=family)
    if form.is_valid():
        other = form.cleaned_data["reference"]
        return _confirmation(request, family, other, MergeConfirmForm(user=request.user, family=family, other=other))
    suggestions: DuplicateSuggestions = family_duplicate_candidates(user=request.user, family=family)
    return render(request, "families/merge/start.html", {"family": family, "form": form, "suggestions": suggestions})


def _merge_confirmed(request: HttpRequest, family: Family) -> HttpResponse:
    form = MergeConfirmForm(request.POST, user=request.user, family=family)
    if form.is_valid():
        keep, remove = form.keep_and_remove()
        try:
            family_merge(user=request.user, keep=keep, remove=remove, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Family {remove.reference} was merged into this record, {keep.reference}")
            return redirect("families:detail", pk=keep.pk)
    if form.other is None:  # the other record is gone from reach: start again, saying why
        start = MergeChooseForm({"reference": request.POST.get("reference", "")}, user=request.user, family=family)
        start.is_valid()
        suggestions = family_duplicate_candidates(user=request.user, family=family)
        return render(
            request, "families/merge/start.html", {"family": family, "form": start, "suggestions": suggestions}
        )
    # Show the records as they are now, with what went wrong.
    fresh = MergeConfirmForm(user=request.user, family=family, other=form.other)
    return _confirmation(request, family, form.other, fresh, errors=[str(e) for e in form.non_field_errors()])


urlpatterns = [
    path("duplicates/", duplicate_search, name="duplicates"),
    path("<int:pk>/merge/", family_merge_start, name="merge"),
]
