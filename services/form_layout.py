"""What the services app's forms share: GOV.UK markup through crispy-forms-gds, declared on the
form (`layout`, `submit`, `today`) instead of built in each form's __init__."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.db.models import QuerySet
from django.utils import timezone


def form_helper(*fields: Any, submit: str | None = "Save") -> FormHelper:
    """A form with its own tag and submit button, or (submit=None) fields for a larger form."""
    helper = FormHelper()
    helper.form_tag = submit is not None
    helper.disable_csrf = submit is None  # the larger form has its own token
    helper.layout = Layout(*fields, *([Button("submit", submit)] if submit else []))
    return helper


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
