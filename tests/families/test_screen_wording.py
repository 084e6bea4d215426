"""What the family screens say to the worker: errors that name their field, actions that say what they do."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from services.models import Contact, ContactKind
from services.selectors import TIMELINE_LIMIT
from tests.families.test_records import postcodes, register  # noqa: F401 (postcodes is a fixture)


def summary_links(page: str) -> list[str]:
    """The error summary's lines, as the page has them."""
    body = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [item.split(">", 1)[1].split("</a>", 1)[0] for item in body.split("<a ")[1:]]


def test_the_register_error_summary_says_what_to_enter_in_each_empty_field(client, authority, postcodes):  # noqa: F811
    response = register(client, authority, line_1="", **{"adults-0-first_name": ""})
    assert response.status_code == 200
    lines = summary_links(response.content.decode())
    assert "Enter address line 1" in lines
    assert "Carer 1: Enter first name" in lines
    assert not [line for line in lines if "required" in line]


def test_a_registration_with_no_carer_or_child_says_so_in_our_words(client, authority, postcodes):  # noqa: F811
    # Each first row left as the form offers it, like the spare rows: nothing in it counts.
    spare_adult = {"sex": "unknown", "relationship": "mother", "ethnicity": "NOBT"}
    spare_adult |= {"employment": "not_known", "learning": "not_known"}
    blank = {f"adults-0-{name}": value for name, value in spare_adult.items()}
    blank |= {"children-0-sex": "unknown", "children-0-ethnicity": "NOBT"}
    for name in ("first_name", "last_name", "date_of_birth"):
        blank |= {f"adults-0-{name}": None, f"children-0-{name}": None}
    blank |= {"children-0-nhs_number": None}
    lines = summary_links(register(client, authority, **blank).content.decode())
    assert "Enter at least one parent or carer" in lines
    assert "Enter at least one child or expected baby" in lines
    assert not [line for line in lines if "submit at least" in line]


def test_a_forms_own_message_is_not_led_by_the_label_again(client, authority, postcodes):  # noqa: F811
    response = register(client, authority, postcode="not a postcode")
    assert "Enter a real postcode, like SW1A 1AA" in summary_links(response.content.decode())


def test_a_crispy_form_says_what_to_select_in_the_summary_and_beside_the_field(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("services:contact_add", args=[authority.family_a.pk]),
        {"day": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select kind of contact" in summary_links(page)
    # The same words beside the field, as GOV.UK asks.
    assert page.count("Select kind of contact") == 2
    assert "This field is required" not in page


def test_the_record_page_leads_with_recording_a_contact_and_names_the_move_action(client, authority):
    client.force_login(authority.worker)
    page = client.get(reverse("families:detail", args=[authority.family_a.pk])).content.decode()
    contact_add = reverse("services:contact_add", args=[authority.family_a.pk])
    assert page.index(f'href="{contact_add}"') < page.index("<h2")  # before the first section
    assert ">Record a move<" in page and ">Moved<" not in page


def test_a_long_contact_history_says_how_many_the_record_leaves_out(client, authority):
    family, centre, today = authority.family_a, authority.centre_a, timezone.localdate()
    contact = {"family": family, "centre": centre, "kind": ContactKind.PHONE}
    Contact.objects.bulk_create([Contact(date=today - timedelta(days=n), **contact) for n in range(TIMELINE_LIMIT)])
    client.force_login(authority.worker)
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert "The latest" not in page  # every contact is listed
    Contact.objects.create(date=today - timedelta(days=500), **contact)
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert f"The latest {TIMELINE_LIMIT} of {TIMELINE_LIMIT + 1} contacts, newest first." in page


def test_the_register_page_offers_one_spare_carer_and_two_spare_children(client, authority):
    client.force_login(authority.worker)

    response = client.get(reverse("families:register"))

    assert response.context["adults"].total_form_count() == 2
    assert response.context["children"].total_form_count() == 3
    assert "Add more after registering from the family" in response.content.decode()
