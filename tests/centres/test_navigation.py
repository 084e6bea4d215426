"""The menu marks the item a screen belongs to, also where its address lives under another app."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.families.factories import FamilyFactory
from tests.services.factories import SessionFactory


def active(client, url: str) -> list[str]:
    return [item["label"] for item in client.get(url).context["nav_items"] if item["active"]]


def test_screens_reached_from_a_menu_item_mark_it(client, authority):
    session = SessionFactory(service__provider_centre=authority.centre_a, date=timezone.localdate())
    client.force_login(authority.worker)
    assert active(client, reverse("services:register", args=[session.pk])) == ["Timetable"]
    assert active(client, reverse("services:contact_add", args=[authority.family_a.pk])) == ["Families"]
    assert active(client, reverse("outcomes:family", args=[authority.family_a.pk])) == ["Families"]
    assert active(client, reverse("services:catalogue")) == ["Services"]
    assert active(client, reverse("families:caseload")) == ["Caseload"]


def test_the_menu_items_own_screens_are_still_marked_by_their_own_address(client, authority):
    FamilyFactory(registered_centre=authority.centre_a)
    client.force_login(authority.worker)
    assert active(client, reverse("families:list")) == ["Families"]
    assert active(client, reverse("families:search")) == ["Find a family"]
    assert active(client, reverse("families:detail", args=[authority.family_a.pk])) == ["Families"]
