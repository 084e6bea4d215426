from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from centres.area_selectors import postcode_area
from centres.forms_layout import DATE_HINT, GdsLayout, date_field, form_helper, limit_choices
from centres.models import Centre
from centres.postcodes import InvalidPostcode
from families.choices import Relationship, Sex
from families.models import Adult, Child, ConsentPurpose
from families.nhs import format_nhs_number, normalise_nhs_number, validate_nhs_number
from families.target_groups import age_in_years


class AddressFields(forms.Form):
    """The address part shared by registration and moving house."""

    line_1 = forms.CharField(label="Address line 1", max_length=100)
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=100, required=False)
    town = forms.CharField(label="Town or city", max_length=60, required=False)
    postcode = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    lsoa_unknown_ok = forms.BooleanField(
        label="This postcode is right: record the family with its LSOA unknown",
        required=False,
        help_text="Only if the postcode is new and not yet in the postcode directory",
    )

    address_layout = (
        Field.text("line_1"),
        Field.text("line_2"),
        Field.text("town", field_width=20),
        Field.text("postcode", field_width=10),
        Field.checkbox("lsoa_unknown_ok", small=True),
    )

    def clean_postcode(self) -> str:
        try:
            self.postcode_area = postcode_area(postcode=self.cleaned_data["postcode"])
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error
        return self.postcode_area.postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area = getattr(self, "postcode_area", None)
        if area is not None and not area.found and not data.get("lsoa_unknown_ok"):
            self.add_error(
                "postcode",
                "This postcode is not in the postcode directory. Check it, or tick the box below "
                "to record the family with its LSOA unknown",
            )
        return data


class RegistrationForm(AddressFields):
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), empty_label=None, label="Registering centre")
    registration_date = date_field("Date of registration")
    temporary_accommodation = forms.BooleanField(label="The family lives in temporary accommodation", required=False)
    consents = forms.MultipleChoiceField(
        label="What the family agrees to",
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Registration is needed; each of the others is the family's choice",
    )
    not_a_duplicate = forms.BooleanField(label="None of these is the family: register them as new", required=False)
    drop_in = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("registration_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        limit_choices(self, "centre", centres)
        if centres.count() == 1:
            self.initial.setdefault("centre", centres.first())
        self.helper = form_helper(
            Fieldset(
                Field.select("centre"),
                Field.text("registration_date", field_width=10),
                "drop_in",
                legend="Registration",
            ),
            Fieldset(*self.address_layout, Field.checkbox("temporary_accommodation", small=True), legend="Home"),
            submit=None,
            token=True,
        )
        self.consent_helper = form_helper(Field.checkboxes("consents", small=True), submit=None, token=True)

    def clean_registration_date(self) -> date:
        day = self.cleaned_data["registration_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of registration cannot be in the future")
        return day

    def clean_consents(self) -> list[str]:
        consents = self.cleaned_data["consents"]
        if ConsentPurpose.REGISTRATION not in consents:
            raise forms.ValidationError("The family must agree to be registered")
        return consents


class AdultForm(forms.ModelForm):
    class Meta:
        model = Adult
        fields = list(Adult.EDITABLE_FIELDS)
        labels = {"date_of_birth": "Date of birth (optional)", "disabled": "Has a disability"}
        help_texts = {"date_of_birth": DATE_HINT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("on", None)
        kwargs.pop("restricted", None)
        super().__init__(*args, **kwargs)
        self.fields["relationship"].initial = Relationship.MOTHER
        # Fields of the registration form; the one-carer screen gives them a tag and a button.
        self.helper = form_helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("date_of_birth", field_width=10),
            Field.select("sex"),
            Field.select("relationship"),
            Field.select("ethnicity"),
            Field.select("employment"),
            Field.select("learning"),
            Field.checkbox("disabled", small=True),
            Field.checkbox("english_additional_language", small=True),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=30),
            submit=None,
            token=True,
        )

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        today = timezone.localdate()
        if born and born > today:
            raise forms.ValidationError("Date of birth must be today or in the past")
        if born and not 10 <= age_in_years(born, today) <= 110:
            raise forms.ValidationError("Check the date of birth: a carer is between 10 and 110 years old")
        return born


class ChildForm(forms.ModelForm):
    """A child under five, or an expected baby (expected date instead of date of birth)."""

    # Typed with spaces ("943 476 5919"): room for them here; stored as ten digits.
    nhs_number = forms.CharField(
        label="NHS number (optional)", required=False, max_length=16, help_text="10 digits, like 943 476 5919"
    )

    class Meta:
        model = Child
        fields = list(Child.EDITABLE_FIELDS)
        labels = {
            "first_name": "First name",
            "date_of_birth": "Date of birth",
            "expected_date": "Or, for an unborn baby, the expected date",
            "nhs_number": "NHS number (optional)",
        }
        help_texts = {"date_of_birth": DATE_HINT, "nhs_number": "10 digits, like 943 476 5919"}
        widgets = {"sex": forms.RadioSelect}

    def __init__(self, *args: Any, on: date | None = None, restricted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on = on or timezone.localdate()
        self.restricted = restricted
        if not restricted:
            for name in Child.RESTRICTED_FIELDS:
                del self.fields[name]
        self.fields["sex"].choices = Sex.choices  # type: ignore[attr-defined]
        layout: list[Any] = [
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("date_of_birth", field_width=10),
            Field.text("expected_date", field_width=10),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.select("ethnicity"),
            Field.text("nhs_number", field_width=10),
            Field.checkbox("send", small=True),
            Field.checkbox("funded_two_eligible", small=True),
            Field.checkbox("funded_two_taken_up", small=True),
        ]
        if restricted:
            layout.append(
                Fieldset(
                    *(Field.checkbox(name, small=True) for name in Child.RESTRICTED_FIELDS),
                    legend="Safeguarding (restricted)",
                    legend_size=Size.SMALL,
                )
            )
        self.helper = form_helper(*layout, submit=None, token=True)  # as the carer's fields
        if self.instance.pk and self.instance.nhs_number:
            self.initial["nhs_number"] = format_nhs_number(self.instance.nhs_number)

    def clean_nhs_number(self) -> str:
        digits = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if digits:
            validate_nhs_number(digits)
        return digits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, expected = data.get("date_of_birth"), data.get("expected_date")
        today = timezone.localdate()
        if born and expected:
            self.add_error("expected_date", "Give the date of birth or the expected date, not both")
        elif not born and not expected and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter the date of birth, or the expected date for an unborn baby")
        if born:
            if born > today:
                self.add_error("date_of_birth", "Date of birth must be today or in the past")
            elif age_in_years(born, self.on) >= 5:
                self.add_error(
                    "date_of_birth",
                    "Children's centres register children under five: "
                    f"this child was five or older on {self.on:%-d %B %Y}",
                )
        if expected and not today - timedelta(days=14) <= expected <= today + timedelta(days=300):
            self.add_error("expected_date", "The expected date must be within the next 10 months")
        if not born and data.get("funded_two_taken_up"):
            self.add_error("funded_two_taken_up", "An unborn baby cannot take up a place")
        return data


# The registration page: the first carer and child, and one spare carer and two spare children
# (more are added from the family's page afterwards, so the page needs no script).
AdultFormSet = forms.formset_factory(AdultForm, extra=1, min_num=1, validate_min=True, max_num=8)
ChildFormSet = forms.formset_factory(ChildForm, extra=2, min_num=1, validate_min=True, max_num=10)


class MoveForm(GdsLayout, AddressFields):
    moved_on = date_field("Date they moved")
    version = forms.IntegerField(widget=forms.HiddenInput)

    layout = (Field.text("moved_on", field_width=10), *AddressFields.address_layout, "version")
    submit = "Save the new address"

    def clean_moved_on(self) -> date:
        day = self.cleaned_data["moved_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date they moved cannot be in the future")
        return day


class ConsentForm(GdsLayout, forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, widget=forms.RadioSelect, label="Consent for")
    agreed = forms.TypedChoiceField(
        choices=[("yes", "Agreed"), ("no", "Refused")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="The family's answer",
    )
    given_by = forms.ModelChoiceField(queryset=Adult.objects.none(), required=False, label="Given by")

    layout = (
        Field.radios("purpose", legend_size=Size.SMALL),
        Field.radios("agreed", legend_size=Size.SMALL, inline=True),
        Field.select("given_by"),
    )
    submit = "Record consent"

    def __init__(self, *args: Any, adults: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "given_by", adults)


class HouseholdForm(GdsLayout, forms.Form):
    registered_centre = forms.ModelChoiceField(queryset=Centre.objects.none(), empty_label=None)
    key_worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Centre.objects.none(), required=False, empty_label="None assigned"
    )
    temporary_accommodation = forms.BooleanField(label="Lives in temporary accommodation", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    layout = (
        Field.select("registered_centre"),
        Field.select("key_worker"),
        Field.checkbox("temporary_accommodation", small=True),
        "version",
    )
    submit = "Save changes"

    def __init__(self, *args: Any, centres: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "registered_centre", centres)
        limit_choices(self, "key_worker", staff)


class TargetGroupForm(GdsLayout, forms.Form):
    group = forms.ChoiceField(label="Target group", choices=[])
    started_on = date_field("Since")

    layout = (Field.select("group"), Field.text("started_on", field_width=10))
    submit = "Record the group"
    today = ("started_on",)

    def __init__(self, *args: Any, restricted: bool, **kwargs: Any) -> None:
        from families.models import RESTRICTED_GROUPS, TargetGroup

        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in TargetGroup.choices if restricted or value not in RESTRICTED_GROUPS
        ]
