from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from centres.api.services import MAX_TOKEN_DAYS
from centres.models import ApiClient, Centre, Scope


class ApiClientForm(forms.ModelForm):
    centres = forms.ModelMultipleChoiceField(
        queryset=Centre.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The centres whose families it may read or change. Leave empty if it acts for all centres.",
    )

    class Meta:
        model = ApiClient
        fields = ["name", "system", "contact_email", "all_centres", "centres"]
        labels = {"system": "System identifier", "all_centres": "It acts for every centre"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("system", field_width=20),
            Field.text("contact_email"),
            Field.checkbox("all_centres"),
            Field.checkboxes("centres", small=True),
            Button("submit", "Register the client"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all_centres") and not data.get("centres"):
            self.add_error("centres", "Choose the centres the client acts for, or tick 'It acts for every centre'")
        return data


class ApiTokenForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        choices=[Choice(value, f"{value}: {label}") for value, label in Scope.choices],
        widget=forms.CheckboxSelectMultiple,
        help_text="Give only the scopes the system needs.",
    )
    expires_on = forms.DateField(
        label="Expires on", help_text=f"For example, 31/3/2027. At most {MAX_TOKEN_DAYS} days from today."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.checkboxes("scopes", small=True),
                Field.text("expires_on", field_width=10),
                legend="Scopes and expiry",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Issue the token"),
        )

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError("The expiry date must be in the future")
        if day > today + timedelta(days=MAX_TOKEN_DAYS):
            raise forms.ValidationError(f"A token lasts at most {MAX_TOKEN_DAYS} days")
        return day

    def expires_at(self) -> datetime:
        """The end of the chosen day, in the authority's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["expires_on"], time(23, 59, 59)))
