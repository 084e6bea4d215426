"""Administrators' forms for indicator targets and payment-by-results measures."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms

from centres.models import Centre
from outcomes.indicators.definitions import INDICATORS
from outcomes.models import IndicatorTarget, PbRMeasure


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.fields, Button("submit", "Save"))
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
