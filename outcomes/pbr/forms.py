"""Administrators' forms for indicator targets and payment-by-results measures."""

from __future__ import annotations

from typing import Any

from django import forms

from centres.forms_layout import form_helper
from centres.models import Centre
from centres.roles import administers
from outcomes.indicators.definitions import INDICATORS
from outcomes.models import IndicatorTarget, PbRMeasure
from outcomes.models.indicators import Scope


def indicator_choices() -> list[tuple[str, str]]:
    return [("", "Choose an indicator")] + [(code, f"{code} {i.name}") for code, i in INDICATORS.items()]


class _MeasuredForm(forms.ModelForm):
    indicator = forms.ChoiceField(choices=indicator_choices)
    centre = forms.ModelChoiceField(
        queryset=Centre.objects.order_by("name"),
        required=False,
        help_text="Empty for the whole authority.",
    )
    active_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    active_to = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A manager sets targets for their own centres only, never the authority's.
        self.limited = user is not None and not administers(user)
        if self.limited:
            centre = self.fields["centre"]
            assert isinstance(centre, forms.ModelChoiceField)  # noqa: S101 - declared above
            centre.queryset = Centre.objects.for_user(user).order_by("name")
            centre.required = True
            centre.help_text = "One of your centres."
            scope = self.fields["scope"]
            assert isinstance(scope, forms.ChoiceField)  # noqa: S101 - a model field with choices
            scope.choices = [(value, label) for value, label in Scope.choices if value != Scope.AUTHORITY]
            if not self.instance.pk:
                self.initial["scope"] = "reach_area"
        self.helper = form_helper(*self.fields)
        self.fields["split"].help_text = (
            'Leave empty for the overall figure, or a split as the engine names it, such as "deprivation:deprived", '
            '"group:lone_parent" or "instrument:WEMWBS".'
        )
        self.fields["target"].help_text = (
            "In the indicator's unit as the dashboard shows it: a percentage for a rate (60 means 60%), "
            "else the number."
        )


class TargetForm(_MeasuredForm):
    class Meta:
        model = IndicatorTarget
        fields = [
            "indicator",
            "split",
            "scope",
            "centre",
            "period_kind",
            "target",
            "direction",
            "active_from",
            "active_to",
        ]


class MeasureForm(_MeasuredForm):
    class Meta:
        model = PbRMeasure
        fields = [
            "name",
            "indicator",
            "split",
            "scope",
            "centre",
            "period_kind",
            "target",
            "direction",
            "payment",
            "amount",
            "active_from",
            "active_to",
        ]
        labels = {"amount": "Amount (£)"}
