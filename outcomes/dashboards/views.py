from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.audit import audit_record_many
from centres.models import AuditEvent, Centre
from centres.roles import Role, is_active_staff
from families.models import Adult, Child, Family
from outcomes.dashboards.csv import filename, table_response
from outcomes.dashboards.numerators import ADULT_NUMERATORS, DRILLABLE, NUMERATORS
from outcomes.dashboards.public import transparency
from outcomes.dashboards.selectors import (
    HEADLINE,
    SECTION,
    SECTIONS,
    active_targets,
    dashboard,
    period_from,
    section_tables,
)
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period, current_and_previous_kinds
from outcomes.indicators.refresh import current_and_previous, last_refresh, refresh_request
from outcomes.models import PeriodKind, RefreshRun
from outcomes.pbr import views as pbr_views
from outcomes.pbr.selectors import ledger

DRILLDOWN_PAGE = 100  # children or carers a page on a drill-down


def sees_dashboards(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) in {Role.MANAGER, Role.ANALYST, Role.ADMIN}


def may_refresh(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) in {Role.MANAGER, Role.ADMIN}


def suppresses(user: Any) -> bool:
    """Small numbers are hidden from everyone but the managers of the centres concerned."""
    return getattr(user, "role", None) != Role.MANAGER


def _period(request: HttpRequest) -> Period:
    return period_from(request.GET, default_kind=PeriodKind.QUARTER)


def _section(request: HttpRequest) -> str:
    slug = request.GET.get("section", "reach")
    return slug if slug in SECTION else "reach"


def _sections(
    request: HttpRequest, period: Period, centres: list[Centre], *, single: bool, slugs: list[str]
) -> list[dict[str, Any]]:
    """The tables of each section asked for; each section a fixed number of queries."""
    suppress = suppresses(request.user)
    targets = active_targets(period)
    drill = single and getattr(request.user, "role", None) == Role.MANAGER
    ids = [c.pk for c in centres]
    common: dict[str, Any] = {
        "period": period,
        "centres": centres,
        "suppress": suppress,
        "single_centre": single,
        "targets": targets,
    }
    sections = []
    for slug in slugs:
        extra: dict[str, Any] = {}
        if slug == "reach":
            reach = dashboard(user=request.user, drilldown=drill, **common)
            rest = section_tables(slug="reach", exclude=(*HEADLINE, "R5"), drilldown=drill, **common)
            part = {
                "tables": reach["tables"] + rest["tables"],
                "missing": rest["missing"],
                "definitions": reach["definitions"] + rest["definitions"],
                "computed_at": max((t for t in (reach["computed_at"], rest["computed_at"]) if t), default=None),
            }
            extra["groups"] = reach["groups"]
        elif slug == "pbr":
            part = {"missing": [], "definitions": []} | ledger(
                period=period, centre_ids=ids, authority=not single, suppress=suppress
            )
            extra["pbr_total"] = part["total"]
        else:
            part = section_tables(slug=slug, drilldown=drill, **common)
        sections.append({"section": SECTION[slug], **part, **extra})
    return sections


def _render(
    request: HttpRequest, period: Period, centres: list[Centre], *, centre: Centre | None = None
) -> HttpResponse:
    single = centre is not None
    board = request.GET.get("view") == "board"
    slug = _section(request)
    slugs = [s.slug for s in SECTIONS] if board else [slug]
    sections = _sections(request, period, centres, single=single, slugs=slugs)
    if request.GET.get("format") == "csv":
        wanted = request.GET.get("table", "")
        for table in (t for s in sections for t in s["tables"]):
            if table.id == wanted:
                scope = centre.name if centre else "authority"
                return table_response(
                    table, name=filename("core-purpose", scope, table.id, period.kind, str(period.start))
                )
        raise Http404("No such table")
    times = [s["computed_at"] for s in sections if s["computed_at"]]
    context = {
        "centre": centre,
        "period": period,
        "choices": current_and_previous_kinds(period),
        "kinds": PeriodKind.choices,
        "last_refresh": last_refresh(),
        "may_refresh": may_refresh(request.user),
        "suppressed_below": settings.SMALL_NUMBER_THRESHOLD if suppresses(request.user) else None,
        "sections": sections,
        "section": SECTION[slug],
        "all_sections": SECTIONS,
        "computed_at": max(times) if times else None,
        "query": f"kind={period.kind}&period={period.start:%Y-%m-%d}",
        "board": board,
        **{k: v for s in sections for k, v in s.items() if k in ("groups", "pbr_total")},
    }
    template = "outcomes/dashboards/board.html" if board else "outcomes/dashboards/dashboard.html"
    return render(request, template, context)


@role_required(sees_dashboards)
def authority_dashboard(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    centres = list(Centre.objects.for_user(request.user).filter(reach_area__isnull=False).order_by("name"))
    return _render(request, period, centres)


@role_required(sees_dashboards)
def centre_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    return _render(request, _period(request), [centre], centre=centre)


def _manages(user: Any) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) == Role.MANAGER


@role_required(_manages)
def drilldown(request: HttpRequest, pk: int, indicator: str) -> HttpResponse:
    """The children behind a reach figure: managers of the centre only (names are shown)."""
    centre = get_object_or_404(Centre.objects.for_user(request.user), pk=pk)
    if indicator not in DRILLABLE:
        return render(request, "404.html", status=404)
    period = _period(request)
    people: QuerySet[Any]
    if indicator in ADULT_NUMERATORS:
        ids = ADULT_NUMERATORS[indicator](period, centre.pk)
        people = Adult.objects.filter(pk__in=ids, family__in=Family.objects.for_user(request.user))
    else:
        ids = NUMERATORS[indicator](period, centre.pk)
        people = Child.objects.for_user(request.user).filter(pk__in=ids)
    # A reach figure counts hundreds of children: a page of them at a time, like every other list.
    page = Paginator(
        people.select_related("family__registered_centre").order_by("last_name", "first_name", "pk"), DRILLDOWN_PAGE
    ).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # Names on a screen are a view of each person's record: audited like the family page.
    audit_record_many(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        objects=shown,
        family_ids=[p.family_id for p in shown],
        detail=f"Indicator drill-down {indicator}, {period.kind} from {period.start}",
        request=request,
    )
    return render(
        request,
        "outcomes/dashboards/drilldown.html",
        {
            "centre": centre,
            "period": period,
            "indicator": INDICATORS[indicator],
            "children": shown,
            "adults": indicator in ADULT_NUMERATORS,
            "total": len(ids),
            "hidden": len(ids) - page.paginator.count,
            "page_obj": page,
            "query_string": urlencode({"kind": period.kind, "period": period.start.isoformat()}),
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
    path("public/", transparency, name="public"),
    path("targets/", pbr_views.target_list, name="targets"),
    path("targets/new/", pbr_views.target_edit, name="target_new"),
    path("targets/<int:pk>/", pbr_views.target_edit, name="target_edit"),
    path("payment-by-results/", pbr_views.measure_list, name="pbr_measures"),
    path("payment-by-results/new/", pbr_views.measure_edit, name="pbr_measure_new"),
    path("payment-by-results/<int:pk>/", pbr_views.measure_edit, name="pbr_measure_edit"),
]
