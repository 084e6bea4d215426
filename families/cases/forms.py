from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from centres.forms_layout import GdsLayout, date_field, filter_helper, form_helper, limit_choices
from centres.models import User
from families.models import CaseOutcome, CaseReason, GoalStatus

STATUS_CHOICES = [("open", "Open cases"), ("closed", "Closed cases"), ("all", "All cases")]


class CaseOpenForm(GdsLayout, forms.Form):
    key_worker = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None, label="Key worker")
    reason = forms.ChoiceField(choices=CaseReason.choices, widget=forms.RadioSelect, label="Main reason for the work")
    opened_on = date_field("Date the case opened")
    referral_source = forms.CharField(
        label="Referred by (optional)",
        max_length=200,
        required=False,
        help_text="For example, health visitor, school, self-referral",
    )

    layout = (
        Field.select("key_worker"),
        Field.radios("reason", legend_size=Size.SMALL),
        Field.text("opened_on", field_width=10),
        Field.text("referral_source", field_width=30),
    )
    submit = "Open the case"
    today = ("opened_on",)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "key_worker", staff)


class CaseCloseForm(GdsLayout, forms.Form):
    closed_on = date_field("Date the case closed")
    closing_outcome = forms.ChoiceField(choices=CaseOutcome.choices, widget=forms.RadioSelect, label="Outcome")
    closing_note = forms.CharField(
        label="Closing note (optional)", required=False, widget=forms.Textarea, help_text="Needed for “Other”"
    )

    layout = (
        Field.text("closed_on", field_width=10),
        Field.radios("closing_outcome", legend_size=Size.SMALL),
        Field.textarea("closing_note", rows=4),
    )
    submit = "Close the case"
    today = ("closed_on",)


class GoalForm(forms.Form):
    goal = forms.CharField(label="Goal", max_length=300, help_text="What the family wants to change")
    actions = forms.CharField(label="Actions (optional)", required=False, widget=forms.Textarea)
    owner = forms.CharField(
        label="Who does it", max_length=100, help_text="For example, parent, key worker, health visitor"
    )
    review_on = date_field("Review by (optional)", required=False)
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
        self.helper = form_helper(*fields, submit="Save the goal" if editing else "Add the goal")


class ReviewForm(GdsLayout, forms.Form):
    reviewed_on = date_field("Date of the review")
    summary = forms.CharField(label="Summary", widget=forms.Textarea, help_text="What was agreed with the family")
    next_review_on = date_field("Next review (optional)", required=False)

    layout = (
        Field.text("reviewed_on", field_width=10),
        Field.textarea("summary", rows=6),
        Field.text("next_review_on", field_width=10),
    )
    submit = "Record the review"
    today = ("reviewed_on",)


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
            limit_choices(self, "key_worker", staff)
            fields.insert(0, Field.select("key_worker"))
        self.helper = filter_helper(*fields, legend="Filter", button=Button("filter", "Apply filters"))
