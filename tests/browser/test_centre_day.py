"""A centre worker's day, with the keyboard alone, on a tablet-width screen: plan a week of
sessions, take a register, record a home visit and find it on the family's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from services.models import Contact, Session
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory
from tests.services.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_worker_plans_takes_a_register_and_records_a_home_visit_by_keyboard(tablet, live_server, authority):
    page = tablet
    today = timezone.localdate()
    service = ServiceFactory(provider_centre=authority.centre_a, name="Rhyme Time")
    family = FamilyFactory(registered_centre=authority.centre_a)
    AddressFactory(family=family)
    mother = AdultFactory(family=family, first_name="Amara", last_name="Eze")
    child = ChildFactory(family=family, first_name="Obi", last_name="Eze", date_of_birth=today - timedelta(days=500))

    sign_in(page, live_server, "worker")
    assert fits_the_screen(page)

    # Plan a week: weekly sessions of Rhyme Time starting today, by keyboard.
    page.goto(f"{live_server.url}/services/series/add/")
    page.locator("#id_service").focus()
    page.keyboard.press("ArrowDown")  # the first service after the empty choice
    page.locator("#id_weekday").select_option(str(today.weekday()))
    fill(page, "#id_start_time", "09:30")
    fill(page, "#id_end_time", "10:30")
    fill(page, "#id_first_date", today.strftime("%d/%m/%Y"))
    fill(page, "#id_last_date", (today + timedelta(days=6)).strftime("%d/%m/%Y"))
    fill(page, "#id_capacity", "12")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/timetable/**")
    assert "Rhyme Time" in page.content()
    assert fits_the_screen(page)
    session = Session.objects.get(service=service)

    # Take the register: find the family, tick mother and child with the space bar, save.
    page.goto(f"{live_server.url}/services/sessions/{session.pk}/")
    fill(page, "#q", "Eze")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#child-{child.pk}")
    page.locator(f"#adult-{mother.pk}").focus()
    page.keyboard.press("Space")
    page.locator(f"#child-{child.pk}").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save the register").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Register saved")
    contact = Contact.objects.get(session=session)
    assert set(contact.children.all()) == {child} and set(contact.adults.all()) == {mother}
    assert fits_the_screen(page)

    # Record a home visit and see it on the family's timeline.
    page.goto(f"{live_server.url}/services/families/{family.pk}/contact/")
    page.locator("input[name=kind][value=home_visit]").focus()
    page.keyboard.press("Space")
    fill(page, "#id_duration_minutes", "40")
    fill(page, "#id_notes", "Talked about bedtime.")
    page.get_by_role("button", name="Record the contact").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/families/{family.pk}/")
    timeline = page.locator("#contacts ~ ol").inner_text()
    assert "Home visit" in timeline and "Rhyme Time" in timeline
    assert fits_the_screen(page)


def test_a_worker_is_refused_another_centres_family(tablet, live_server, authority):
    sign_in(tablet, live_server, "worker")
    response = tablet.goto(f"{live_server.url}/families/{authority.family_b.pk}/")
    assert response is not None and response.status == 404
    assert "Page not found" in tablet.content()
