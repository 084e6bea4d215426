"""The shared form layout: which helper gets a form tag, a CSRF token and which method."""

from __future__ import annotations

from datetime import date

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Button, Field
from django import forms
from django.utils import timezone

from centres.forms_layout import DATE_HINT, GdsLayout, date_field, filter_helper, form_helper


class _DayForm(GdsLayout, forms.Form):
    on = date_field("Date")
    note = forms.CharField(required=False)

    layout = (Field.text("on", field_width=10), Field.text("note"))
    submit = "Record it"
    today = ("on",)


def _render(form: forms.Form, helper: object | None = None) -> str:
    return " ".join(render_crispy_form(form, helper, context={"csrf_token": "secret"}).split())


def test_a_declared_layout_renders_its_own_form_with_token_and_button() -> None:
    html = _render(_DayForm())
    assert '<form method="post" >' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="submit"' in html and ">Record it</button> </form>" in html
    assert DATE_HINT in html


def test_today_starts_at_todays_date_unless_the_caller_gives_one() -> None:
    assert _DayForm().initial["on"] == timezone.localdate()
    assert _DayForm(initial={"on": date(2024, 3, 27)}).initial["on"] == date(2024, 3, 27)


def test_fields_inside_a_larger_form_have_no_tag_token_or_button() -> None:
    helper = form_helper(Field.text("note"), submit=None)
    html = _render(_DayForm(), helper)
    assert "<form" not in html and "csrfmiddlewaretoken" not in html and "<button" not in html


def test_fields_a_view_may_give_a_tag_of_their_own_keep_the_token() -> None:
    helper = form_helper(Field.text("note"), submit=None, token=True)
    helper.form_tag = True
    html = _render(_DayForm(), helper)
    assert "<form" in html and 'name="csrfmiddlewaretoken"' in html


def test_a_filter_form_is_a_get_form_with_a_legend_and_its_named_button() -> None:
    helper = filter_helper(Field.text("note"), legend="Filter", button=Button("filter", "Apply filters"))
    html = _render(_DayForm(), helper)
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html
    assert "govuk-fieldset__legend--m" in html and "Filter" in html
    assert 'name="filter"' in html


def test_date_field_is_optional_when_asked() -> None:
    assert date_field("To", required=False).required is False
    assert date_field("From").help_text == DATE_HINT
