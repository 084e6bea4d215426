"""What every app's forms share: GOV.UK markup through crispy-forms-gds, declared on the form
(`layout`, `submit`, `today`) or built by `form_helper` when the layout depends on the form's
arguments, and the one way a date is asked for."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

DATE_HINT = "For example, 27/3/2024"


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    """A day typed as 27/3/2024, with the hint that says so."""
    return forms.DateField(label=label, required=required, help_text=DATE_HINT)


def form_helper(
    *fields: Any, submit: str | Button | None = "Save", method: str = "post", token: bool | None = None
) -> FormHelper:
    """A form with its own tag and submit button (a label, or a Button for another name or
    style), or (submit=None) fields for a larger form. The CSRF token goes with the form's own
    tag unless `token` says otherwise: True for fields a view may give a tag of their own."""
    helper = FormHelper()
    helper.form_method = method
    helper.form_tag = submit is not None
    helper.disable_csrf = not (submit is not None if token is None else token)
    button = [Button("submit", submit) if isinstance(submit, str) else submit] if submit is not None else []
    helper.layout = Layout(*fields, *button)
    return helper


def filter_helper(*fields: Any, legend: str, button: Button) -> FormHelper:
    """A GET form of filters or search terms: the fields under a legend, then the button."""
    return form_helper(Fieldset(*fields, legend=legend, legend_size=Size.MEDIUM), submit=button, method="get")


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> forms.ModelChoiceField:
    """Offer only these rows in a choice of records (this centre's rooms, the user's carers)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
    field.queryset = queryset
    return field


class GdsLayout:
    """Mixed into a Form or ModelForm. `layout` (crispy layout objects: rendering only reads
    them, so one tuple serves every instance) and `submit` (the button's label, or None for
    fields inside a larger form) make each form's helper; the fields named in `today` start
    at today's date."""

    layout: tuple[Any, ...] = ()
    submit: str | None = "Save"
    today: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.today:
            kwargs["initial"] = {**dict.fromkeys(self.today, timezone.localdate()), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.layout, submit=self.submit)
