"""The public transparency page: what the authority spends on each service and its published
figures. No sign-in; authority-wide figures only, small numbers always suppressed, no personal
data (a council "must publish what they spend")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from centres.models import Centre
from outcomes.dashboards.selectors import HEADLINE, PUBLIC_SECTIONS, SECTION, dashboard, period_from, section_tables
from outcomes.indicators.periods import Period, current_and_previous_kinds
from outcomes.models.indicators import PeriodKind
from services.community.selectors import spend_by_service
from services.models.money import financial_year_label, financial_year_of


def public_figures(*, period: Period) -> list[dict[str, Any]]:
    common: dict[str, Any] = {"period": period, "centres": [], "suppress": True, "single_centre": False, "targets": {}}
    sections = []
    for slug in PUBLIC_SECTIONS:
        part = section_tables(
            slug=slug,
            authority_only=True,
            exclude=(*HEADLINE, "R5") if slug == "reach" else (),
            **common,
        )
        if slug == "reach":
            reach = dashboard(user=None, **common)
            part["tables"] = reach["tables"] + part["tables"]
            part["definitions"] = reach["definitions"] + part["definitions"]
            part["computed_at"] = max((t for t in (reach["computed_at"], part["computed_at"]) if t), default=None)
        sections.append({"section": SECTION[slug], **part})
    return sections


def transparency(request: HttpRequest) -> HttpResponse:
    period = period_from(request.GET, default_kind=PeriodKind.YEAR)
    year = financial_year_of(period.start)
    services = list(spend_by_service(centres=Centre.objects.all(), financial_year=year))
    total = sum((s.spent for s in services), Decimal("0"))  # type: ignore[attr-defined]
    sections = public_figures(period=period)
    times = [s["computed_at"] for s in sections if s["computed_at"]]
    return render(
        request,
        "outcomes/dashboards/public.html",
        {
            "period": period,
            "choices": current_and_previous_kinds(period),
            "kinds": PeriodKind.choices,
            "year_label": financial_year_label(year),
            "services": services,
            "total_spent": total,
            "total_budget": sum((s.budget for s in services if s.budget is not None), Decimal("0")),  # type: ignore[attr-defined]
            "sections": sections,
            "computed_at": max(times) if times else None,
            "suppressed_below": settings.SMALL_NUMBER_THRESHOLD,
            "board": True,  # no drill-down links or exports: the figures as published
        },
    )
