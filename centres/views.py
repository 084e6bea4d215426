from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from centres.access import role_required
from centres.area_selectors import area_profile
from centres.forms import AuditSearchForm, ReachAreaForm
from centres.home import figures_status, upkeep, work_to_do
from centres.maps import reach_area_map
from centres.models import Centre
from centres.roles import administers, is_active_staff, sees_all_centres, sees_personal_data
from centres.selectors import audit_event_list, centre_list, current_reach_area_lsoas
from centres.services import reach_area_change
from families.selectors import family_list
from outcomes.dashboards.views import sees_dashboards


@role_required(is_active_staff)
def home(request: HttpRequest) -> HttpResponse:
    centres = centre_list(user=request.user)
    sees_families = sees_personal_data(request.user)
    work = work_to_do(user=request.user, today=timezone.localdate()) if sees_families else None
    return render(
        request,
        "centres/home.html",
        {
            "centres": centres,
            "sees_families": sees_families,
            "work": work,
            "figures": figures_status() if sees_dashboards(request.user) else None,
            "upkeep": upkeep(now=timezone.now()) if administers(request.user) else None,
        },
    )


@role_required(is_active_staff)
def centre_index(request: HttpRequest) -> HttpResponse:
    return render(request, "centres/centre_list.html", {"centres": centre_list(user=request.user)})


@role_required(is_active_staff)
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_object_or_404(centre_list(user=request.user), pk=pk)
    families = None
    if sees_personal_data(request.user):
        families = family_list(user=request.user, centre_id=centre.pk)[:25]
    staff = centre.staff.filter(is_active=True).order_by("last_name", "first_name")
    linked = Centre.objects.filter(main_centre=centre).order_by("name")
    return render(
        request,
        "centres/centre_detail.html",
        {"centre": centre, "families": families, "staff": staff, "linked_sites": linked},
    )


@role_required(administers)
def audit_search(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_event_list(filters=filters) if not form.is_bound or form.is_valid() else audit_event_list(filters={})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/audit_search.html",
        {"form": form, "page_obj": page, "query_string": query.urlencode()},
    )


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@role_required(is_active_staff)
def centre_area(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    profile = area_profile(centre=centre, year=_year(request))
    return render(
        request,
        "centres/area_profile.html",
        {
            "centre": centre,
            "profile": profile,
            "map": reach_area_map(profile.rows, profile.boundaries),
            "can_edit": administers(request.user),
        },
    )


@role_required(sees_all_centres)
def authority_area(request: HttpRequest) -> HttpResponse:
    profile = area_profile(centre=None, year=_year(request))
    return render(
        request,
        "centres/area_profile.html",
        {"centre": None, "profile": profile, "map": reach_area_map(profile.rows, profile.boundaries)},
    )


@role_required(administers)
def reach_area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    current = current_reach_area_lsoas(centre=centre)
    form = ReachAreaForm(request.POST or None, current=[(lsoa.pk, f"{lsoa.code} {lsoa.name}") for lsoa in current])
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = reach_area_change(
                user=request.user,
                centre=centre,
                add_codes=form.cleaned_data["add_codes"],
                remove_lsoa_ids=form.cleaned_data["remove"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("add_codes", error)
        else:
            messages.success(request, f"Reach area saved: {len(added)} added, {len(removed)} removed")
            return redirect("centres:area", pk=centre.pk)
    return render(request, "centres/reach_area_form.html", {"centre": centre, "form": form, "current": current})
