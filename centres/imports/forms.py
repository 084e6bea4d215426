from __future__ import annotations

from pathlib import Path
from typing import Any

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms

from centres.forms_layout import form_helper
from centres.imports.population import YEARS
from centres.imports.service import allowed_extensions
from centres.imports.values import local_authority_codes
from centres.models import ReferenceImport
from centres.models.areas import DeprivationRelease, Vintage


class ReferenceImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReferenceImport.Kind.choices,
        widget=forms.RadioSelect,
        label="What is the file?",
        error_messages={"required": "Select what kind of file it is"},
    )
    file = forms.FileField(
        label="File",
        help_text="CSV saved as UTF-8. Population estimates may also be an Excel .xlsx workbook; "
        "boundaries are GeoJSON.",
        error_messages={"required": "Choose a file", "empty": "The file is empty"},
    )
    year = forms.IntegerField(
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
        label="Mid-year of the estimates",
        # A text box with a numeric keypad, as the GOV.UK Design System advises for numbers.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="Population estimates only. For example, 2024.",
        error_messages={"invalid": "Enter the mid-year as a number, like 2024"},
    )
    vintage = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Work it out from the file"), *Vintage.choices],
        label="LSOA boundaries",
        help_text="Population estimates only: needed when the LSOA code heading does not give the year.",
    )
    release = forms.ChoiceField(
        required=False,
        choices=[("", "Work it out from the file"), *DeprivationRelease.choices],
        label="Release of the Indices of Deprivation",
        help_text="Deprivation only: needed when the LSOA code heading does not give the year.",
    )
    sheet = forms.CharField(
        required=False,
        max_length=100,
        label="Sheet",
        help_text="Excel workbooks only. Leave blank for the first sheet.",
    )
    local_authorities = forms.CharField(
        required=False,
        max_length=500,
        label="Keep only these local authorities",
        help_text="Postcode directory only: ONS codes separated by commas, for example E06000001. "
        "Leave blank to load every postcode.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Fieldset(
                Field.radios("kind", legend_size=Size.SMALL),
                Field("file"),
                legend="Upload a reference file",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("year", field_width=4),
                Field.select("vintage"),
                Field.select("release"),
                Field.text("sheet", field_width=20),
                Field.text("local_authorities", field_width=30),
                legend="Details for some kinds of file",
                legend_size=Size.SMALL,
            ),
            submit=Button("check", "Check the file"),
        )

    def clean_local_authorities(self) -> list[str]:
        try:
            return local_authority_codes(self.cleaned_data.get("local_authorities") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        upload = data.get("file")
        if kind and upload:
            suffix = Path(upload.name or "").suffix.lower()
            allowed = allowed_extensions(kind)
            if suffix not in allowed:
                label = ReferenceImport.Kind(kind).label
                self.add_error("file", f"The {label} must be a {' or '.join(allowed)} file")
        if kind == ReferenceImport.Kind.POPULATION and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", "Enter the mid-year of the population estimates, like 2024")
        return data

    def options(self) -> dict[str, Any]:
        """The options the service takes for this kind of file, JSON-ready."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == ReferenceImport.Kind.POSTCODES:
            return {"local_authorities": data["local_authorities"]} if data["local_authorities"] else {}
        if kind == ReferenceImport.Kind.DEPRIVATION:
            return {"release": data["release"]} if data["release"] else {}
        if kind == ReferenceImport.Kind.POPULATION:
            options: dict[str, Any] = {"year": data["year"]}
            if data["vintage"]:
                options["vintage"] = data["vintage"]
            if data["sheet"]:
                options["sheet"] = data["sheet"]
            return options
        return {}
