"""The partner directory and information-sharing agreements."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from centres.forms_layout import DATE_HINT, form_helper
from partnerships.models import DataCategory, InformationSharingAgreement, Partner


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_name", "email", "phone", "address", "active"]
        labels = {"name": "Name of the organisation", "kind": "Kind of partner", "contact_name": "Main contact"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "email", "phone", "address"):
            self.fields[name].label = f"{self.fields[name].label} (optional)"
        self.helper = form_helper(
            Field.text("name"),
            Field.select("kind"),
            Field.text("contact_name", field_width=20),
            Field.text("email", field_width=20),
            Field.text("phone", field_width=10),
            Field.textarea("address", rows=3),
            Field.checkbox("active", small=True),
            submit="Save the partner",
        )


class AgreementForm(forms.ModelForm):
    scope = forms.MultipleChoiceField(
        choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple, label="Data the agreement covers"
    )

    class Meta:
        model = InformationSharingAgreement
        fields = [
            "title",
            "scope",
            "lawful_basis",
            "special_category_condition",
            "starts_on",
            "ends_on",
            "document_reference",
        ]
        help_texts = {"starts_on": DATE_HINT, "ends_on": f"{DATE_HINT}. Leave blank for no end date."}
        widgets = {"lawful_basis": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["special_category_condition"].label = "Special category condition (Article 9), if any"
        self.fields["document_reference"].label = "Document reference (optional)"
        self.helper = form_helper(
            Field.text("title"),
            Field.checkboxes("scope", legend_size=Size.SMALL, small=True),
            Field.radios("lawful_basis", legend_size=Size.SMALL, small=True),
            Field.select("special_category_condition"),
            Field.text("starts_on", field_width=10),
            Field.text("ends_on", field_width=10),
            Field.text("document_reference", field_width=20),
            submit="Save the agreement",
        )
