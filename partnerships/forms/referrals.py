"""Referrals: the inbox filter, recording, sending, the steps, linking a family, timeliness."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from centres.models import Centre, User
from centres.postcodes import InvalidPostcode, normalise_postcode
from families.models import Family
from partnerships.models import (
    Direction,
    Partner,
    ReferralOutcome,
    ReferralReason,
    Urgency,
)
from partnerships.services import consent_purpose_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


from centres.forms_layout import date_field, form_helper
from partnerships.forms.common import active_partners, family_from_reference


class ReferralFilterForm(forms.Form):
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), required=False, empty_label="All my centres")
    direction = forms.ChoiceField(choices=[("", "In and out"), *Direction.choices], required=False)
    state = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False, label="Status"
    )

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("centre"), Field.select("direction"), Field.select("state"), submit="Show", method="get"
        )


class ReferralInForm(forms.Form):
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), empty_label=None, label="Centre it was sent to")
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), label="Referred by")
    partner_contact = forms.CharField(label="Professional who referred (optional)", max_length=150, required=False)
    received_on = date_field("Date received")
    reason = forms.ChoiceField(choices=ReferralReason.choices, label="Reason")
    urgency = forms.ChoiceField(choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.ROUTINE)
    family_reference = forms.CharField(
        label="Family reference, if the family is registered", required=False, max_length=20, help_text="F0000123"
    )
    subject_name = forms.CharField(label="Name of the person referred", required=False, max_length=200)
    subject_date_of_birth = date_field("Their date of birth (optional)", required=False)
    subject_postcode = forms.CharField(label="Their postcode (optional)", required=False, max_length=10)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["centre"].queryset = Centre.objects.for_user(user)  # type: ignore[attr-defined]
        self.fields["partner"].queryset = active_partners()  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("centre"),
            Field.select("partner"),
            Field.text("partner_contact", field_width=20),
            Field.text("received_on", field_width=10),
            Field.select("reason"),
            Field.radios("urgency", legend_size=Size.SMALL, inline=True),
            Fieldset(
                Field.text("family_reference", field_width=10),
                Field.text("subject_name", field_width=20),
                Field.text("subject_date_of_birth", field_width=10),
                Field.text("subject_postcode", field_width=10),
                legend="Who is referred",
                legend_size=Size.SMALL,
            ),
            Field.textarea("notes", rows=4),
            submit="Record the referral",
        )

    def clean_family_reference(self) -> Family | None:
        text = self.cleaned_data.get("family_reference", "")
        return family_from_reference(user=self.user, text=text) if text.strip() else None

    def clean_subject_postcode(self) -> str:
        value = self.cleaned_data.get("subject_postcode", "")
        try:
            return normalise_postcode(value) if value.strip() else ""
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("family_reference") and not data.get("subject_name", "").strip() and not self.errors:
            self.add_error("subject_name", "Give the family's reference, or the name of the person referred")
        return data


class ReferralOutForm(forms.Form):
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), label="Refer to")
    partner_contact = forms.CharField(label="Professional it goes to (optional)", max_length=150, required=False)
    sent_on = date_field("Date sent")
    reason = forms.ChoiceField(choices=ReferralReason.choices, label="Reason")
    urgency = forms.ChoiceField(choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.ROUTINE)
    family_agreed = forms.BooleanField(
        label="The family agreed to this referral",
        required=False,
        help_text="Needed for partners other than health and social care, whose consents are on the family's record",
    )
    without_consent = forms.BooleanField(
        label="Safeguarding: refer without the family's consent",
        required=False,
        help_text="Only for a safeguarding concern. Say why in the notes.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, restricted: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        partners = active_partners()
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["partner"].label_from_instance = _partner_label  # type: ignore[attr-defined]
        fields: list[Any] = [
            Field.select("partner"),
            Field.text("partner_contact", field_width=20),
            Field.text("sent_on", field_width=10),
            Field.select("reason"),
            Field.radios("urgency", legend_size=Size.SMALL, inline=True),
            Field.checkbox("family_agreed", small=True),
        ]
        if restricted:
            fields.append(Field.checkbox("without_consent", small=True))
        else:
            del self.fields["without_consent"]
        self.helper = form_helper(*fields, Field.textarea("notes", rows=4), submit="Send the referral")


def _partner_label(partner: Partner) -> str:
    purpose = consent_purpose_for(partner.kind)
    needs = "the family's consent to share with health" if purpose == "share_health" else ""
    needs = "the family's consent to share with social care" if purpose == "share_social_care" else needs
    return f"{partner.name} ({partner.get_kind_display()}{'; needs ' + needs if needs else ''})"


class ReferralStepForm(forms.Form):
    on = date_field("Date")

    def __init__(self, *args: Any, label: str, submit: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.helper = form_helper(Field.text("on", field_width=10), submit=submit)


class ReferralCloseForm(forms.Form):
    on = date_field("Date closed")
    outcome = forms.ChoiceField(choices=ReferralOutcome.choices, widget=forms.RadioSelect, label="Outcome")
    note = forms.CharField(label="Closing note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("on", field_width=10),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("note", rows=3),
            submit="Close the referral",
        )


class FamilyReferenceForm(forms.Form):
    reference = forms.CharField(label="Family reference", max_length=20, help_text="For example, F0000123")

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = form_helper(Field.text("reference", field_width=10), submit="Link the family")

    def clean_reference(self) -> Family:
        return family_from_reference(user=self.user, text=self.cleaned_data["reference"])


class TimelinessForm(forms.Form):
    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), required=False, empty_label="All centres")
    start = date_field("From", required=False)
    end = date_field("To", required=False)

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("centre"),
            Field.text("start", field_width=10),
            Field.text("end", field_width=10),
            submit="Show",
            method="get",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end must be on or after the start")
        return data
