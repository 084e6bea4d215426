"""Forms for outcome records. The assessment form is built from the instrument: a score field
for each of its domains, one total, or a yes/no question. Ranges are checked by the service
(outcomes.records.services), the one place that knows them."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from centres.forms_layout import GdsLayout, date_field, form_helper, limit_choices
from outcomes.models import HealthSource, Instrument, InstrumentKind, ProgressStatus, TimePoint, YesNoUnknown
from outcomes.records.services import score_field


def _yes_no_unknown(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YesNoUnknown.choices, initial=YesNoUnknown.UNKNOWN, widget=forms.RadioSelect
    )


def _score(label: str, hint: str) -> forms.DecimalField:
    # Not required here: the service names every missing and out-of-range score at once.
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


def _range(low: Any, high: Any) -> str:
    return f"From {low.normalize():f} to {high.normalize():f}"


def _yes_no_field(label: str, *, required: bool) -> forms.TypedChoiceField:
    """A yes/no question that gives True, False, or (when optional and unanswered) None."""
    choices = [("yes", "Yes"), ("no", "No")] + ([] if required else [("", "Not known")])
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class InstrumentChoiceForm(forms.Form):
    """Step one of recording an assessment (a GET form): which instrument."""

    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
        label="Which instrument was completed?",
    )

    def __init__(self, *args: Any, instruments: QuerySet[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = limit_choices(self, "instrument", instruments)
        field.label_from_instance = lambda i: f"{i.name} (for {i.get_subject_display().lower()})"  # type: ignore[method-assign,assignment]
        self.helper = form_helper(Field.radios("instrument", legend_size=Size.MEDIUM), submit="Continue", method="get")


class AssessmentForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Instrument.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    time_point = forms.ChoiceField(choices=TimePoint.choices, widget=forms.RadioSelect, label="Time point")
    assessed_on = date_field("Date of the assessment")
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Instrument.objects.none(),
        required=False,
        label="Programme or service (optional)",
        empty_label="None",
        help_text="The service this assessment belongs to, for example a parenting programme",
    )

    def __init__(
        self, *args: Any, instrument: Instrument, people: QuerySet[Any], services: QuerySet[Any], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        person = limit_choices(self, "person", people)
        person.label = "Which child?" if instrument.subject == "child" else "Which parent or carer?"
        limit_choices(self, "service", services)
        self.domain_codes: list[str] = []
        score_fields: list[Any] = []
        if instrument.kind == InstrumentKind.YES_NO:
            self.fields["achieved"] = _yes_no_field(f"{instrument.name}: achieved?", required=True)
            score_fields.append(Field.radios("achieved", legend_size=Size.SMALL, inline=True))
        elif domains := list(instrument.domains.all()):
            for domain in domains:
                name = score_field(domain.code)
                self.fields[name] = _score(domain.name, _range(domain.min_score, domain.max_score))
                self.domain_codes.append(domain.code)
                score_fields.append(Field.text(name, field_width=4))
        else:
            hint = _range(instrument.min_score, instrument.max_score)
            self.fields["total_score"] = _score("Total score", hint)
            score_fields.append(Field.text("total_score", field_width=4))
        self.helper = form_helper(
            Field.radios("person", legend_size=Size.SMALL),
            Field.radios("time_point", legend_size=Size.SMALL),
            Field.text("assessed_on", field_width=10),
            Field.select("service"),
            Fieldset(
                *score_fields,
                legend="Result" if instrument.kind == InstrumentKind.YES_NO else "Scores",
                legend_size=Size.MEDIUM,
            ),
            submit="Save the assessment",
        )

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as assessment_record's keyword arguments."""
        data = self.cleaned_data
        return {
            "person": data["person"],
            "time_point": data["time_point"],
            "assessed_on": data["assessed_on"],
            "service": data.get("service"),
            "total_score": data.get("total_score"),
            "achieved": data.get("achieved"),
            "scores": {code: data.get(score_field(code)) for code in self.domain_codes},
        }


class HealthRecordForm(forms.Form):
    recorded_on = date_field("Date the information was given")
    source = forms.ChoiceField(choices=HealthSource.choices, widget=forms.RadioSelect, label="Who gave it")
    breastfeeding_6_8_weeks = _yes_no_unknown("Breastfed at 6 to 8 weeks")
    immunisations_up_to_date = _yes_no_unknown("Immunisations up to date")
    review_2_2_5_done = _yes_no_field("2 to 2½ year review done", required=False)
    review_2_2_5_on = date_field("Date of the review (optional)", required=False)
    healthy_weight_reception = _yes_no_unknown("Healthy weight at reception")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(recorded_on=timezone.localdate(), review_2_2_5_done="")
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("recorded_on", field_width=10),
            Field.radios("source", legend_size=Size.SMALL),
            Field.radios("breastfeeding_6_8_weeks", legend_size=Size.SMALL, inline=True),
            Field.radios("immunisations_up_to_date", legend_size=Size.SMALL, inline=True),
            Field.radios("review_2_2_5_done", legend_size=Size.SMALL, inline=True),
            Field.text("review_2_2_5_on", field_width=10),
            Field.radios("healthy_weight_reception", legend_size=Size.SMALL, inline=True),
            submit="Save the health information",
        )


class AdultProgressForm(GdsLayout, forms.Form):
    recorded_on = date_field("Date")
    status = forms.ChoiceField(choices=ProgressStatus.choices, widget=forms.RadioSelect, label="Status")
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    layout = (
        Field.text("recorded_on", field_width=10),
        Field.radios("status", legend_size=Size.SMALL),
        Field.textarea("note", rows=4),
    )
    submit = "Save the progress"
    today = ("recorded_on",)

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first:
            self.fields["status"].help_text = "This is the carer's first status: it becomes their baseline"
