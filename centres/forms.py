from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.contrib.contenttypes.models import ContentType

from centres.forms_layout import date_field, filter_helper, form_helper
from centres.models import AuditEvent, User


class AuditSearchForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.order_by("username"), required=False, label="Member of staff", empty_label="Anyone"
    )
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditEvent.Action.choices], required=False)
    object_type = forms.ModelChoiceField(
        queryset=ContentType.objects.filter(app_label__in=["families", "centres"]).order_by("model"),
        required=False,
        label="Kind of record",
        empty_label="Any kind",
    )
    family_id = forms.IntegerField(
        required=False, min_value=1, label="Family number", help_text="For F0000123 enter 123"
    )
    date_from = date_field("From", required=False)
    date_to = forms.DateField(required=False, label="To")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            Field.select("user"),
            Field.select("action"),
            Field.select("object_type"),
            Field.text("family_id", field_width=10),
            Field.text("date_from", field_width=10),
            Field.text("date_to", field_width=10),
            legend="Search the audit trail",
            button=Button("search", "Search"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data


class ReachAreaForm(forms.Form):
    add_codes = forms.CharField(
        label="LSOAs to add",
        help_text="LSOA codes, like E01012345, separated by commas, spaces or new lines",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remove = forms.TypedMultipleChoiceField(
        label="LSOAs to remove",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, current: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remove = self.fields["remove"]
        assert isinstance(remove, forms.TypedMultipleChoiceField)  # noqa: S101 - narrows the type
        remove.choices = current
        self.helper = form_helper(
            Field.textarea("add_codes"),
            *([Field.checkboxes("remove", small=True)] if current else []),
            submit=Button("save", "Save the reach area"),
        )

    def clean_add_codes(self) -> list[str]:
        from centres.services import parse_lsoa_codes

        return parse_lsoa_codes(self.cleaned_data["add_codes"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("add_codes") and not data.get("remove"):
            raise forms.ValidationError("Enter LSOAs to add or choose LSOAs to remove")
        return data
