"""The dashboards in a real browser, with figures in them: Chart.js (served from static/dist)
draws each chart from its JSON block under the strict CSP, the pages with charts, drill-down
links and targets pass axe, and the public transparency page does so without signing in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import period_containing
from services.models import Contact, ContactKind
from tests.browser.axe import axe_violations, describe, signed_in_context
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(authority: Any) -> str:
    """Two areas with under-fives, some reached, computed for this quarter and the last."""
    today = timezone.localdate()
    for centre, decile in ((authority.centre_a, 2), (authority.centre_b, 8)):
        lsoa = neighbourhood(centre=centre, decile=decile, ages=(30, 30, 30, 30, 30))
        for n in range(8):
            family = FamilyFactory(registered_centre=centre, registration_date=date(2024, 1, 1))
            AddressFactory(family=family, lsoa=lsoa, moved_in=date(2024, 1, 1))
            ChildFactory(family=family, date_of_birth=date(today.year - 2, 1, 1))
            if n % 2:
                Contact.objects.create(family=family, centre=centre, date=today, kind=ContactKind.PHONE)
    period = period_containing("quarter", today)
    for p in (period.previous(), period):
        compute_period(period=p)
    return f"?kind=quarter&period={period.start:%Y-%m-%d}"


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text[:200]) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)[:200]))
    return problems


def test_charts_are_drawn_under_the_csp_and_the_dashboard_passes_axe(browser, live_server, authority, figures):
    context = signed_in_context(browser, live_server, authority.manager)
    page = context.new_page()
    problems = _watch(page)
    try:
        for url in (reverse("indicators:authority"), reverse("indicators:centre", args=[authority.centre_a.pk])):
            page.goto(f"{live_server.url}{url}{figures}")
            canvases = page.locator("canvas[data-chart]")
            assert canvases.count() > 0
            # Chart.js attaches a chart to every canvas it drew on.
            drawn = page.evaluate(
                "[...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))"
            )
            assert drawn, f"a chart was not drawn on {url}"
            violations = axe_violations(page)
            assert not violations, describe(violations)
        page.goto(f"{live_server.url}{reverse('indicators:authority')}{figures}&view=board")
        assert not axe_violations(page)
    finally:
        context.close()
    assert not problems, "errors in the browser (a CSP violation shows here):\n" + "\n".join(problems)


def test_the_public_page_passes_axe_without_signing_in(browser, live_server, authority, figures):
    context = browser.new_context()
    page = context.new_page()
    problems = _watch(page)
    try:
        response = page.goto(f"{live_server.url}{reverse('indicators:public')}{figures}")
        assert response is not None and response.status == 200
        assert "Spend per service" in page.content()
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
