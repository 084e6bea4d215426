"""Managers' and analysts' dashboards read the stored figures; small numbers are suppressed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import period_starting
from outcomes.models import RefreshRun

Q = period_starting("quarter", date(2026, 4, 1))
URL = {"kind": "quarter", "period": "2026-04-01"}


def test_a_manager_sees_the_figures_with_numerator_and_denominator(client, authority, figures):
    client.force_login(authority.manager)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
    assert "2.0%" in page and "2 of 100" in page  # R3
    assert "3.0%" in page and "3 of 100" in page  # R2
    assert "Computed" in page and "Reach rate" in page


def test_analysts_see_small_numbers_suppressed(client, authority, figures):
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
    assert "Fewer than 5" in page
    assert "2 of 100" not in page and "3 of 100" not in page
    assert "100" in page  # the population itself is not a small number


def test_the_drilldown_lists_exactly_the_children_behind_the_figure(client, authority, figures):
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "R3"]), URL)
    assert set(response.context["children"]) == set(figures)
    assert response.context["total"] == 2
    assert client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "R9"]), URL).status_code == 404


def test_a_manager_starts_a_refresh_and_sees_it_finish(client, authority, django_capture_on_commit_callbacks):
    client.force_login(authority.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:refresh"), {"kind": "month"})
    run = RefreshRun.objects.get()
    assert response["Location"] == reverse("indicators:run", args=[run.pk])
    assert (run.status, run.period_kind, len(run.periods), run.requested_by) == ("done", "month", 2, authority.manager)
    assert "Finished" in client.get(response["Location"]).content.decode()


def test_a_bad_period_in_the_address_falls_back_to_the_current_one(client, authority, figures):
    client.force_login(authority.analyst)
    response = client.get(reverse("indicators:authority"), {"kind": "fortnight", "period": "yesterday"})
    assert response.status_code == 200
    assert response.context["period"].kind == "quarter"


@pytest.mark.parametrize("section", ["reach", "outcomes", "partnerships", "spend", "activity", "quality", "pbr"])
def test_every_section_reads_the_same_number_of_queries_for_one_centre_or_many(
    client, authority, figures, section, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.centres.factories import CentreFactory, ReachAreaFactory

    client.force_login(authority.analyst)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("indicators:authority"), {**URL, "section": section}).status_code == 200
    for _ in range(10):
        ReachAreaFactory(centre=CentreFactory())
    compute_period(period=Q)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("indicators:authority"), {**URL, "section": section}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("indicators:authority"), {**URL, "section": section}).status_code == 200


def test_the_dashboard_shows_target_group_reach(client, authority, figures):
    from families.models import FamilyTargetGroup

    family = figures[0].family
    FamilyTargetGroup.objects.create(family=family, group="lone_parent", source="derived", started_on=date(2026, 1, 1))
    compute_period(period=Q)
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL)
    groups = {g["label"]: g["figure"] for g in response.context["groups"]}
    assert (groups["Lone parent"].numerator, groups["Lone parent"].denominator) == (2, 2)
    assert "Target-group reach" in response.content.decode()
