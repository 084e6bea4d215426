from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.area_selectors import release_for
from centres.models import Centre
from centres.roles import Role, is_active_staff
from families.models import Child
from outcomes.dashboards.selectors import dashboard
from outcomes.indicators.area import numerator_child_ids
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period, current_and_previous_kinds, period_containing
from outcomes.indicators.refresh import current_and_previous, last_refresh, refresh_request
from outcomes.models import PeriodKind, RefreshRun


def sees_dashboards(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) in {Role.MANAGER, Role.ANALYST, Role.ADMIN}


def may_refresh(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) in {Role.MANAGER, Role.ADMIN}


def suppresses(user: Any) -> bool:
    """Small numbers are hidden from everyone but the managers of the centres concerned."""
    return getattr(user, "role", None) != Role.MANAGER


def _period(request: HttpRequest) -> Period:
    kind = request.GET.get("kind", PeriodKind.QUARTER)
    if kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    try:
        day = date.fromisoformat(request.GET.get("period", ""))
    except ValueError:
        from django.utils import timezone

        day = timezone.localdate()
    return period_containing(kind, day)


def _context(request: HttpRequest, period: Period, centres: list[Centre], single: bool = False) -> dict[str, Any]:
    return {
        "period": period,
        "choices": current_and_previous_kinds(period),
        "kinds": PeriodKind.choices,
        "last_refresh": last_refresh(),
        "may_refresh": may_refresh(request.user),
        "suppressed_below": settings.SMALL_NUMBER_THRESHOLD if suppresses(request.user) else None,
        **dashboard(
            user=request.user, period=period, centres=centres, suppress=suppresses(request.user), single_centre=single
        ),
    }


@role_required(sees_dashboards)
def authority_dashboard(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    centres = list(Centre.objects.for_user(request.user).filter(reach_area__isnull=False).order_by("name"))
    return render(request, "outcomes/dashboards/dashboard.html", {"centre": None, **_context(request, period, centres)})


@role_required(sees_dashboards)
def centre_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    period = _period(request)
    context = _context(request, period, [centre], single=True)
    context["drilldown"] = getattr(request.user, "role", None) == Role.MANAGER
    return render(request, "outcomes/dashboards/dashboard.html", {"centre": centre, **context})


def _manages(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) == Role.MANAGER


@role_required(_manages)
def drilldown(request: HttpRequest, pk: int, indicator: str) -> HttpResponse:
    """The children behind a reach figure: managers of the centre only (names are shown)."""
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    if indicator not in {"R2", "R3", "R4"}:
        return render(request, "404.html", status=404)
    period = _period(request)
    vintage = settings.LSOA_VINTAGE
    ids = numerator_child_ids(
        period=period,
        vintage=vintage,
        release=release_for(vintage),
        sustained=settings.INDICATOR_SUSTAINED_CONTACTS,
        centre_id=centre.pk,
        indicator=indicator,
    )
    children = (
        Child.objects.for_user(request.user)
        .filter(pk__in=ids)
        .select_related("family__registered_centre")
        .order_by("last_name")
    )
    return render(
        request,
        "outcomes/dashboards/drilldown.html",
        {
            "centre": centre,
            "period": period,
            "indicator": INDICATORS[indicator],
            "children": children,
            "total": len(ids),
            "hidden": len(ids) - children.count(),
        },
    )


@role_required(may_refresh)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", PeriodKind.QUARTER)
    if kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    from django.utils import timezone

    run = refresh_request(user=request.user, period_kind=kind, periods=current_and_previous(kind, timezone.localdate()))
    messages.success(request, "Refresh started")
    return redirect("indicators:run", pk=run.pk)


@role_required(sees_dashboards)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(RefreshRun, pk=pk)
    template = "outcomes/dashboards/run_status.html" if request.htmx else "outcomes/dashboards/run.html"  # type: ignore[attr-defined]
    return render(request, template, {"run": run})


app_name = "indicators"
urlpatterns = [
    path("", authority_dashboard, name="authority"),
    path("centres/<int:pk>/", centre_dashboard, name="centre"),
    path("centres/<int:pk>/children/<str:indicator>/", drilldown, name="drilldown"),
    path("refresh/", refresh, name="refresh"),
    path("runs/<int:pk>/", run_detail, name="run"),
]
