"""Birth notifications: the upload, the outreach filter, matching by hand, contacts."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from centres.forms_layout import date_field, form_helper
from centres.models import Centre


class BirthImportForm(forms.Form):
    file = forms.FileField(
        label="File of birth notifications",
        help_text="CSV saved as UTF-8 with the columns date_of_birth and postcode, and where health gives them "
        "nhs_number, mother_name, sex and notified_on.",
        error_messages={"required": "Choose a file", "empty": "The file is empty"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("file"), submit="Check the file")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a .csv file")
        return upload


class OutreachFilterForm(forms.Form):
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), required=False, empty_label="All my centres")
    show = forms.ChoiceField(
        choices=[("to_contact", "Not contacted yet"), ("contacted", "Contacted"), ("all", "All unmatched")],
        required=False,
    )

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.helper = form_helper(Field.select("centre"), Field.select("show"), submit="Show", method="get")


class BirthMatchForm(forms.Form):
    child = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Which registered child is it?")

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {child.pk: child for child in candidates}
        self.fields["child"].choices = [(child.pk, _child_label(child)) for child in candidates]  # type: ignore[attr-defined]
        self.helper = form_helper(Field.radios("child", legend_size=Size.SMALL), submit="Match the birth")


def _child_label(child: Any) -> str:
    current = getattr(child.family, "current", [])
    postcode = current[0].postcode if current else "no current address"
    born = child.date_of_birth
    return f"{child} (born {born.day} {born:%B %Y}), family {child.family.reference}, {postcode}"


class ContactedForm(forms.Form):
    on = date_field("Date the family was contacted")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("on", field_width=10), submit="Record the contact")
