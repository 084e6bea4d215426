"""Early help: starting an assessment, the team, meetings, closing."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from centres.forms_layout import date_field, form_helper
from centres.models import User
from partnerships.forms.common import active_partners
from partnerships.models import AssessmentOutcome, Partner, TAFMember


class EarlyHelpStartForm(forms.Form):
    lead_user = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Lead professional from the centre", empty_label="None"
    )
    lead_partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(), required=False, label="Or: the lead professional's organisation"
    )
    lead_name = forms.CharField(label="Their name", required=False, max_length=150)
    started_on = date_field("Date the assessment started")
    plan_review_on = date_field("First plan review (optional)", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("started_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = staff  # type: ignore[attr-defined]
        self.fields["lead_partner"].queryset = active_partners()  # type: ignore[attr-defined]
        self.helper = form_helper(
            Fieldset(
                Field.select("lead_user"),
                Field.select("lead_partner"),
                Field.text("lead_name", field_width=20),
                legend="Lead professional",
                legend_size=Size.SMALL,
            ),
            Field.text("started_on", field_width=10),
            Field.text("plan_review_on", field_width=10),
            Field.textarea("notes", rows=4),
            submit="Start the assessment",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("lead_user") and not (data.get("lead_partner") and data.get("lead_name", "").strip()):
            self.add_error("lead_user", "Choose a lead professional from the centre, or a partner and their name")
        return data


class TAFMemberForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(), required=False, label="Organisation", empty_label="The centre"
    )
    person_name = forms.CharField(label="Name", max_length=150)
    role = forms.CharField(label="Role", max_length=100, help_text="For example, health visitor, class teacher")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = active_partners()  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("partner"),
            Field.text("person_name", field_width=20),
            Field.text("role", field_width=20),
            submit="Add to the team",
        )


class TAFMeetingForm(forms.Form):
    held_on = date_field("Date of the meeting")
    attendees = forms.ModelMultipleChoiceField(
        queryset=TAFMember.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="Who came"
    )
    family_attended = forms.BooleanField(label="The family came", required=False, initial=True)
    notes = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea)
    next_review_on = date_field("Next plan review (optional)", required=False)

    def __init__(self, *args: Any, members: QuerySet[TAFMember], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.text("held_on", field_width=10),
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.checkbox("family_attended", small=True),
            Field.textarea("notes", rows=4),
            Field.text("next_review_on", field_width=10),
            submit="Record the meeting",
        )


class EarlyHelpCloseForm(forms.Form):
    closed_on = date_field("Date closed")
    outcome = forms.ChoiceField(choices=AssessmentOutcome.choices, widget=forms.RadioSelect, label="Outcome")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("closed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("closed_on", field_width=10),
            Field.radios("outcome", legend_size=Size.SMALL),
            submit="Close the assessment",
        )
