from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from centres.forms_layout import GdsLayout, date_field, limit_choices
from centres.models import Centre
from services.models import ContactKind, Service

TIME_HINT = "24-hour clock, for example 09:30"


class ServiceForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "category",
            "description",
            "provider_centre",
            "provider_partner",
            "programme",
            "evidence_rating",
            "min_age_months",
            "max_age_months",
            "capacity",
            "booking_required",
            "charge",
            "fee",
            "concession_fee",
            "cost_per_session",
            "active",
        ]

    layout = (
        Field.text("name"),
        Field.select("category"),
        Field.textarea("description", rows=3),
        Field.select("provider_centre"),
        Field.select("provider_partner"),
        Field.text("programme"),
        Field.select("evidence_rating"),
        Field.text("min_age_months", field_width=4),
        Field.text("max_age_months", field_width=4),
        Field.text("capacity", field_width=4),
        Field.checkbox("booking_required", small=True),
        Field.radios("charge", legend_size=Size.SMALL, inline=True),
        Field.text("fee", field_width=5),
        Field.text("concession_fee", field_width=5),
        Field.text("cost_per_session", field_width=5),
        Field.checkbox("active", small=True),
    )
    submit = "Save the service"

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "provider_centre", centres).required = False


# The layout of the fields that a session and a weekly series share (_SessionTimes).
_SERVICE_AND_CENTRE = (Field.select("service"), Field.select("centre"))
_TIMES = (Field.text("start_time", field_width=5), Field.text("end_time", field_width=5))
_CAPACITY = Field.text("capacity", field_width=4)


class _SessionTimes(GdsLayout, forms.Form):
    service = forms.ModelChoiceField(queryset=Service.objects.none())
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), empty_label=None)
    start_time = forms.TimeField(help_text=TIME_HINT)
    end_time = forms.TimeField(help_text=TIME_HINT)
    capacity = forms.IntegerField(min_value=1, max_value=500)

    def __init__(self, *args: Any, services: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "service", services)
        limit_choices(self, "centre", centres)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", "The session must end after it starts")
        return data


class SessionForm(_SessionTimes):
    day = date_field("Date")
    venue = forms.CharField(required=False, help_text="Only if it is not at the centre itself")

    layout = (*_SERVICE_AND_CENTRE, Field.text("day", field_width=10), *_TIMES, _CAPACITY, Field.text("venue"))
    submit = "Add the session"


class SeriesForm(_SessionTimes):
    weekday = forms.TypedChoiceField(
        coerce=int,
        choices=list(enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])),
    )
    first_date = date_field("First date")
    last_date = forms.DateField(help_text="Up to a year after the first date")

    layout = (
        *_SERVICE_AND_CENTRE,
        Field.select("weekday"),
        *_TIMES,
        Field.text("first_date", field_width=10),
        Field.text("last_date", field_width=10),
        _CAPACITY,
    )
    submit = "Add the weekly sessions"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("first_date") and data.get("last_date") and data["last_date"] < data["first_date"]:
            self.add_error("last_date", "The last date must be on or after the first")
        return data


class DropInForm(GdsLayout, forms.Form):
    carer_name = forms.CharField(label="Parent or carer's name", max_length=100)
    child_name = forms.CharField(label="Child's first name (optional)", max_length=100, required=False)
    child_age_months = forms.IntegerField(
        label="Child's age in months (optional)", min_value=0, max_value=72, required=False
    )
    postcode = forms.CharField(max_length=20, required=False)

    layout = (
        Field.text("carer_name", field_width=20),
        Field.text("child_name", field_width=20),
        Field.text("child_age_months", field_width=3),
        Field.text("postcode", field_width=10),
    )
    submit = "Add the visitor"

    def clean_postcode(self) -> str:
        from centres.postcodes import InvalidPostcode, normalise_postcode

        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error


class ContactForm(GdsLayout, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=[c for c in ContactKind.choices if c[0] != ContactKind.SESSION],
        widget=forms.RadioSelect,
    )
    day = date_field("Date")
    duration_minutes = forms.IntegerField(label="How long (minutes)", min_value=1, max_value=600, required=False)
    adults = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Carers who took part"
    )
    children = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Children who took part"
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Notes are restricted: only staff with restricted access can read them",
    )

    layout = (
        Field.radios("kind", legend_size=Size.SMALL),
        Field.text("day", field_width=10),
        Field.text("duration_minutes", field_width=4),
        Field.checkboxes("adults", small=True),
        Field.checkboxes("children", small=True),
        Field.textarea("notes"),
    )
    submit = "Record the contact"
    today = ("day",)

    def __init__(self, *args: Any, family: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adults"].choices = [(a.pk, str(a)) for a in family.adults.all()]  # type: ignore[attr-defined]
        self.fields["children"].choices = [(c.pk, str(c)) for c in family.children.all()]  # type: ignore[attr-defined]

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of a contact cannot be in the future")
        return day


class BookingForm(GdsLayout, forms.Form):
    reference = forms.CharField(label="Family reference", max_length=12, help_text="For example, F0000123")
    layout = (Field.text("reference", field_width=10),)
    submit = "Book"

    def clean_reference(self) -> str:
        import re

        value = self.cleaned_data["reference"].strip().upper()
        match = re.fullmatch(r"F?0*(\d+)", value)
        if not match:
            raise forms.ValidationError("Enter a family reference, like F0000123")
        self.cleaned_data["family_id"] = int(match.group(1))
        return value
