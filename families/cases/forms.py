from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from centres.models import User
from families.forms import DATE_HINT
from families.models import CaseOutcome, CaseReason, GoalStatus

STATUS_CHOICES = [("open", "Open cases"), ("closed", "Closed cases"), ("all", "All cases")]


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=DATE_HINT)


class CaseOpenForm(forms.Form):
    key_worker = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None, label="Key worker")
    reason = forms.ChoiceField(choices=CaseReason.choices, widget=forms.RadioSelect, label="Main reason for the work")
    opened_on = _date("Date the case opened")
    referral_source = forms.CharField(
        label="Referred by (optional)",
        max_length=200,
        required=False,
        help_text="For example, health visitor, school, self-referral",
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("opened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].queryset = staff  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.select("key_worker"),
            Field.radios("reason", legend_size=Size.SMALL),
            Field.text("opened_on", field_width=10),
            Field.text("referral_source", field_width=30),
            submit="Open the case",
        )


class CaseCloseForm(forms.Form):
    closed_on = _date("Date the case closed")
    closing_outcome = forms.ChoiceField(choices=CaseOutcome.choices, widget=forms.RadioSelect, label="Outcome")
    closing_note = forms.CharField(
        label="Closing note (optional)", required=False, widget=forms.Textarea, help_text="Needed for “Other”"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("closed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("closed_on", field_width=10),
            Field.radios("closing_outcome", legend_size=Size.SMALL),
            Field.textarea("closing_note", rows=4),
            submit="Close the case",
        )


class GoalForm(forms.Form):
    goal = forms.CharField(label="Goal", max_length=300, help_text="What the family wants to change")
    actions = forms.CharField(label="Actions (optional)", required=False, widget=forms.Textarea)
    owner = forms.CharField(
        label="Who does it", max_length=100, help_text="For example, parent, key worker, health visitor"
    )
    review_on = _date("Review by (optional)", required=False)
    status = forms.ChoiceField(choices=GoalStatus.choices, widget=forms.RadioSelect, label="Progress")

    def __init__(self, *args: Any, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [
            Field.text("goal"),
            Field.textarea("actions", rows=4),
            Field.text("owner", field_width=20),
            Field.text("review_on", field_width=10),
        ]
        if editing:
            fields.append(Field.radios("status", legend_size=Size.SMALL))
        else:
            del self.fields["status"]
        self.helper = _helper(*fields, submit="Save the goal" if editing else "Add the goal")


class ReviewForm(forms.Form):
    reviewed_on = _date("Date of the review")
    summary = forms.CharField(label="Summary", widget=forms.Textarea, help_text="What was agreed with the family")
    next_review_on = _date("Next review (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("reviewed_on", field_width=10),
            Field.textarea("summary", rows=6),
            Field.text("next_review_on", field_width=10),
            submit="Record the review",
        )


class CaseloadFilterForm(forms.Form):
    """The caseload's filters (GET). Only managers choose the key worker."""

    key_worker = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Key worker", empty_label="All key workers"
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label="Show")

    def __init__(self, *args: Any, staff: Any | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.select("status")]
        if staff is None:
            del self.fields["key_worker"]
        else:
            self.fields["key_worker"].queryset = staff  # type: ignore[attr-defined]
            fields.insert(0, Field.select("key_worker"))
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Fieldset(*fields, legend="Filter", legend_size=Size.MEDIUM), Button("filter", "Apply filters")
        )
