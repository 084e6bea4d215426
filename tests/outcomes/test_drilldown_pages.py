"""Finding the way through the dashboards: drill-downs a page at a time, and a way back."""

from __future__ import annotations

from django.urls import reverse

from centres.models import AuditEvent
from outcomes.dashboards import views

URL = {"kind": "quarter", "period": "2026-04-01"}


def test_a_drilldown_pages_its_children_and_keeps_the_period_in_the_page_links(
    client, authority, figures, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(views, "DRILLDOWN_PAGE", 1)
    client.force_login(authority.manager)
    link = reverse("indicators:drilldown", args=[authority.centre_a.pk, "R3"])
    with django_assert_max_num_queries(25):
        first = client.get(link, URL)
    second = client.get(link, {**URL, "page": "2"})
    shown = first.context["children"] + second.context["children"]
    assert len(first.context["children"]) == 1 and sorted(c.pk for c in shown) == sorted(c.pk for c in figures)
    page = first.content.decode()
    assert "2 children" in page and "Showing 1 to 1 of 2." in page
    assert "?kind=quarter&amp;period=2026-04-01&amp;page=2" in page
    assert first.context["hidden"] == 0


def test_only_the_names_on_the_page_are_audited_as_viewed(client, authority, figures, monkeypatch):
    monkeypatch.setattr(views, "DRILLDOWN_PAGE", 1)
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "R3"]), URL)
    events = AuditEvent.objects.filter(action="view", user=authority.manager)
    assert [int(e.object_id) for e in events] == [response.context["children"][0].pk]


def test_a_centre_dashboard_leads_back_to_the_authority_one_for_the_same_period_and_section(client, authority, figures):
    client.force_login(authority.manager)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), {**URL, "section": "outcomes"})
    back = f'href="{reverse("indicators:authority")}?kind=quarter&amp;period=2026-04-01&amp;section=outcomes"'
    assert back in page.content.decode()
    authority_page = client.get(reverse("indicators:authority"), URL).content.decode()
    assert "govuk-breadcrumbs" not in authority_page
