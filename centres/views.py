from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from centres.access import role_required
from centres.forms import AuditSearchForm
from centres.models import Centre
from centres.roles import administers, is_active_staff, sees_personal_data
from centres.selectors import audit_event_list, centre_list
from families.selectors import family_list


@role_required(is_active_staff)
def home(request: HttpRequest) -> HttpResponse:
    centres = centre_list(user=request.user)
    return render(
        request,
        "centres/home.html",
        {"centres": centres, "sees_families": sees_personal_data(request.user)},
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
