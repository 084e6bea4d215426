"""Forms of the duplicate search and the merge screens."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.urls import reverse

from centres.forms_layout import date_field, filter_helper, form_helper
from centres.postcodes import InvalidPostcode, normalise_postcode
from families.models import Family
from families.nhs import normalise_nhs_number, validate_nhs_number

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User

REFERENCE = re.compile(r"^F?0*(\d{1,9})$", re.IGNORECASE)


class DuplicateSearchForm(forms.Form):
    first_name = forms.CharField(required=False, max_length=100)
    last_name = forms.CharField(required=False, max_length=100)
    date_of_birth = date_field("Date of birth", required=False)
    nhs_number = forms.CharField(required=False, max_length=14, label="NHS number")
    postcode = forms.CharField(required=False, max_length=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("date_of_birth", field_width=10),
            Field.text("nhs_number", field_width=10),
            Field.text("postcode", field_width=10),
            legend="Is this person already registered?",
            button=Button("search", "Check for records"),
        )
        self.helper.form_action = reverse("families:duplicates")
        # With JavaScript, htmx swaps in the answer without a page load; without, it is a normal GET.
        self.helper.attrs = {
            "hx-get": reverse("families:duplicates"),
            "hx-target": "#duplicate-search",
            "hx-swap": "outerHTML",
            "hx-push-url": "true",
        }

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        try:
            return normalise_postcode(value)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("last_name", "").strip() or data.get("nhs_number")):
            self.add_error("last_name", "Enter a last name or an NHS number")
        return data


def other_family(*, user: User | AnonymousUser, family: Family, reference: str) -> Family:
    """The family a reference like F0000123 names, if the user may merge it with `family`."""
    match = REFERENCE.match(re.sub(r"\s+", "", reference or ""))
    if not match:
        raise forms.ValidationError("Enter a family reference, like F0000123")
    pk = int(match[1])
    other = Family.objects.for_user(user).select_related("registered_centre").filter(pk=pk).first()
    if other is None:
        # Not "belongs to another centre": a record the user may not see gives no hint that it exists.
        raise forms.ValidationError(f"There is no family F{pk:07d} among your centres' records")
    if other.pk == family.pk:
        raise forms.ValidationError("That is this family: enter the reference of the other record")
    if not other.is_active:
        raise forms.ValidationError(f"Family {other.reference} has already been merged or anonymised")
    return other


class MergeChooseForm(forms.Form):
    reference = forms.CharField(label="Reference of the other record", help_text="For example, F0000123", max_length=20)

    def __init__(self, *args: Any, user: User | AnonymousUser, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.family = user, family
        self.helper = form_helper(
            Field.text("reference", field_width=10), submit=Button("compare", "Compare the records")
        )

    def clean_reference(self) -> Family:
        return other_family(user=self.user, family=self.family, reference=self.cleaned_data["reference"])


class MergeConfirmForm(forms.Form):
    """The second step: which record stays, with the versions that were shown (a change by
    someone else in between is refused rather than merged unseen)."""

    reference = forms.CharField(widget=forms.HiddenInput)
    this_version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.ChoiceField(label="Which record should stay?", widget=forms.RadioSelect)
    confirm = forms.CharField(widget=forms.HiddenInput, initial="yes")

    def __init__(
        self, *args: Any, user: User | AnonymousUser, family: Family, other: Family | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.family, self.other = user, family, other
        if other is not None:
            self.fields["reference"].initial = other.reference
            self.fields["this_version"].initial = family.version
            self.fields["other_version"].initial = other.version
        keep = cast("forms.ChoiceField", self.fields["keep"])
        keep.initial = "this"
        keep.help_text = "The other record is closed, and every old link to it leads here."
        keep.choices = [
            ("this", f"{family.reference} (the record you started from)"),
            ("other", other.reference if other else "The other record"),
        ]
        self.helper = form_helper(
            "reference",
            "this_version",
            "other_version",
            "confirm",
            Field.radios("keep", legend_size=Size.MEDIUM),
            submit=Button("merge", "Merge the records", css_class="govuk-button--warning"),
        )

    def clean_reference(self) -> Family:
        self.other = other_family(user=self.user, family=self.family, reference=self.cleaned_data["reference"])
        return self.other

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other = data.get("reference")
        if other is not None and (
            data.get("this_version") != self.family.version or data.get("other_version") != other.version
        ):
            raise forms.ValidationError("One of the records was changed since you compared them: check them again")
        return data

    def keep_and_remove(self) -> tuple[Family, Family]:
        other = self.cleaned_data["reference"]
        return (self.family, other) if self.cleaned_data["keep"] == "this" else (other, self.family)
