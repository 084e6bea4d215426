"""GOV.UK's wording for a missing answer, from a field's own label and widget."""

from __future__ import annotations

import pytest
from django import forms

from centres.templatetags.govuk_errors import in_words


class Example(forms.Form):
    line_1 = forms.CharField(label="Address line 1")
    nhs_number = forms.CharField(label="NHS number")
    kind = forms.ChoiceField(label="Kind of contact", choices=[("a", "A")], widget=forms.RadioSelect)
    centre = forms.ChoiceField(label="Centre", choices=[("a", "A")])
    agreed = forms.BooleanField(label="The family agreed")
    keep = forms.ChoiceField(label="Which record should stay?", choices=[("a", "A")], widget=forms.RadioSelect)
    postcode = forms.CharField(label="Postcode", error_messages={"required": "Enter the family's postcode"})


@pytest.mark.parametrize(
    ("name", "wording"),
    [
        ("line_1", "Enter address line 1"),
        ("nhs_number", "Enter NHS number"),
        ("kind", "Select kind of contact"),
        ("centre", "Select centre"),
        ("agreed", "Answer “The family agreed”"),
        ("keep", "Answer “Which record should stay?”"),
        ("postcode", "Enter the family's postcode"),  # the form's own words, as they are
    ],
)
def test_an_empty_required_field_says_what_to_do(name, wording):
    form = Example(data={})
    assert not form.is_valid()

    assert [in_words(error, form[name]) for error in form.errors[name]] == [wording]


def test_other_errors_are_left_as_the_form_words_them():
    form = Example(data={"line_1": "x" * 3})
    field = form["line_1"]

    assert in_words("Enter a real address", field) == "Enter a real address"
