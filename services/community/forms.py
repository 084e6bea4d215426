"""Forms of the community screens, in GOV.UK markup (crispy-forms-gds). They check what a
person typed; the services in services.py hold the rules (overlaps, dates, constraints)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from centres.forms_layout import DATE_HINT, GdsLayout, limit_choices
from centres.models import User
from centres.roles import Role
from families.models import Adult
from services.models import (
    ForumMeeting,
    ForumMember,
    ParentForum,
    Room,
    Service,
    Setting,
    TrainingEvent,
    VolunteerHours,
    YouSaidWeDid,
    financial_year_label,
    financial_year_of,
)
from services.models.parents import SATISFACTION_CHOICES

# GOV.UK asks for text inputs with an input mode rather than type="number" for numbers.
WHOLE_NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})
TIME_HINT = "Use the 24-hour clock, for example 09:30 or 14:00"
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class MoneyField(forms.DecimalField):
    """Pounds and pence; accepts what people type: "£1,250.50"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DECIMAL)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs["error_messages"] = {
            "invalid": "Enter an amount in pounds and pence, like 125.50",
            "min_value": "Enter an amount of £%(limit_value)s or more",
            "max_digits": "Enter an amount under £10 billion",
            "max_decimal_places": "Enter pence as two digits after the point, like 125.50",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "")
        return super().to_python(value)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def financial_year_choices(*, around: int | None = None) -> list[tuple[int, str]]:
    """The previous, current and next financial years (budgets are set ahead)."""
    year = around if around is not None else financial_year_of(timezone.localdate())
    return [(y, financial_year_label(y)) for y in (year - 1, year, year + 1)]


class CarerLink(GdsLayout, forms.Form):
    """A hidden link to a registered carer, for a parent who volunteers or joins the forum.
    Only carers of families the user may see can be linked (the queryset says so)."""

    adult = forms.ModelChoiceField(queryset=Adult.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, adults: QuerySet[Adult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "adult", adults)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("adult") and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", "Enter their name")
        return data


# ---------------------------------------------------------------------------------------------
# Strand 5
# ---------------------------------------------------------------------------------------------


class RoomForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity"]
        labels = {"name": "Name of the room", "capacity": "How many people it holds"}
        widgets = {"capacity": WHOLE_NUMBER}
        help_texts = {"capacity": ""}
        error_messages = {
            "name": _required("Enter the name of the room"),
            "capacity": _required("Enter how many people it holds"),
        }

    layout = (Field.text("name", field_width=20), Field.text("capacity", field_width=4))


class RoomBookingForm(GdsLayout, forms.Form):
    room = forms.ModelChoiceField(queryset=Room.objects.none(), error_messages=_required("Choose a room"))
    group_name = forms.CharField(
        label="Community group",
        max_length=150,
        help_text="For example, Older people's lunch club",
        error_messages=_required("Enter the name of the community group"),
    )
    contact_name = forms.CharField(
        label="Contact's name", max_length=100, error_messages=_required("Enter the name of the group's contact")
    )
    contact_phone = forms.CharField(label="Contact's phone number (optional)", max_length=20, required=False)
    date = forms.DateField(help_text=DATE_HINT, error_messages=_required("Enter the date"))
    start_time = forms.TimeField(
        input_formats=TIME_FORMATS, help_text=TIME_HINT, error_messages=_required("Enter the start time")
    )
    end_time = forms.TimeField(input_formats=TIME_FORMATS, error_messages=_required("Enter the end time"))
    attendees_expected = forms.IntegerField(
        label="How many people are expected",
        widget=WHOLE_NUMBER,
        min_value=1,
        max_value=10000,
        error_messages=_required("Enter how many people are expected"),
    )
    charge = MoneyField(label="Charge (£)", min_value=Decimal("0"), initial=Decimal("0"), help_text="0 if free")

    layout = (
        Field.select("room"),
        Field.text("group_name"),
        Fieldset(
            Field.text("contact_name", field_width=20),
            Field.text("contact_phone", field_width=20),
            legend="Contact",
            legend_size=Size.SMALL,
        ),
        Fieldset(
            Field.text("date", field_width=10),
            Field.text("start_time", field_width=5),
            Field.text("end_time", field_width=5),
            legend="When",
            legend_size=Size.SMALL,
        ),
        Field.text("attendees_expected", field_width=4),
        Field.text("charge", field_width=10),
    )
    submit = "Book the room"

    def __init__(self, *args: Any, rooms: QuerySet[Room], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "room", rooms)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time")
            else:
                data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
                data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        return data


class VolunteerForm(CarerLink):
    name = forms.CharField(max_length=100, required=False)
    started_on = forms.DateField(
        label="Started volunteering on", help_text=DATE_HINT, error_messages=_required("Enter the date they started")
    )
    roles = forms.CharField(
        label="What they do (optional)",
        required=False,
        help_text="For example, stay and play helper, lunch club",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    layout = (
        Field.text("name", field_width=20),
        Field.text("started_on", field_width=10),
        Field.textarea("roles", rows=3),
        "adult",
    )
    submit = "Add the volunteer"


class VolunteerHoursForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = VolunteerHours
        fields = ["date", "hours", "activity"]
        labels = {"hours": "Hours given", "activity": "What they did"}
        widgets = {"hours": DECIMAL}
        help_texts = {"date": DATE_HINT, "hours": "For example, 2.5 for two and a half hours"}
        error_messages = {
            "date": _required("Enter the date"),
            "hours": _required("Enter the hours given"),
            "activity": _required("Enter what they did"),
        }

    layout = (Field.text("date", field_width=10), Field.text("hours", field_width=5), Field.text("activity"))
    submit = "Log the hours"
    today = ("date",)


class EndDateForm(GdsLayout, forms.Form):
    """The day a volunteer stopped, or a member left the forum."""

    on = forms.DateField(help_text=DATE_HINT, error_messages=_required("Enter the date"))
    layout = (Field.text("on", field_width=10),)
    today = ("on",)

    def __init__(self, *args: Any, label: str, submit: str, **kwargs: Any) -> None:
        self.submit = submit
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


# ---------------------------------------------------------------------------------------------
# Strand 6
# ---------------------------------------------------------------------------------------------


class SettingForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = Setting
        fields = ["name", "kind", "ofsted_urn", "postcode"]
        labels = {"kind": "Kind of setting", "ofsted_urn": "Ofsted URN (optional)", "postcode": "Postcode (optional)"}
        error_messages = {"name": _required("Enter the setting's name"), "kind": _required("Choose the kind")}

    layout = (
        Field.text("name"),
        Field.radios("kind", legend_size=Size.SMALL),
        Field.text("ofsted_urn", field_width=10),
        Field.text("postcode", field_width=10),
    )
    submit = "Add the setting"

    def clean_ofsted_urn(self) -> str:
        return self.cleaned_data["ofsted_urn"].strip().upper()


class TrainingEventForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["title", "kind", "date", "hours", "delivered_by"]
        labels = {"kind": "Kind of event", "hours": "How many hours it lasted"}
        widgets = {"kind": forms.RadioSelect, "hours": DECIMAL}
        help_texts = {"date": DATE_HINT}
        error_messages = {
            "title": _required("Enter the title"),
            "date": _required("Enter the date"),
            "hours": _required("Enter how many hours it lasted"),
            "kind": _required("Choose the kind of event"),
            "delivered_by": _required("Choose who gave it"),
        }

    layout = (
        Field.text("title"),
        Field.radios("kind", legend_size=Size.SMALL, inline=True),
        Field.text("date", field_width=10),
        Field.text("hours", field_width=5),
        Field.select("delivered_by"),
    )
    submit = None

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "delivered_by", staff).empty_label = None


def centre_staff(centre: Any) -> QuerySet[User]:
    return User.objects.filter(centres=centre, is_active=True, role__in=[Role.WORKER, Role.MANAGER]).order_by(
        "first_name", "last_name", "username"
    )


class AttendanceForm(forms.Form):
    setting = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    attendees = forms.IntegerField(
        label="People who came", min_value=1, max_value=1000, required=False, widget=WHOLE_NUMBER
    )

    def __init__(self, *args: Any, setting_choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        setting = self.fields["setting"]
        assert isinstance(setting, forms.TypedChoiceField)  # noqa: S101 - narrows the type
        setting.choices = setting_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("setting") and not data.get("attendees") and "attendees" not in self.errors:
            self.add_error("attendees", "Enter how many people came from this setting")
        if data.get("attendees") and not data.get("setting") and "setting" not in self.errors:
            self.add_error("setting", "Choose the setting")
        return data


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        chosen = [form.cleaned_data["setting"] for form in self.forms if form.cleaned_data.get("setting")]
        if not chosen:
            raise forms.ValidationError("Add at least one setting that took part")
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError("Each setting can be listed only once")

    def attendances(self) -> list[tuple[Setting, int]]:
        rows = [
            (f.cleaned_data["setting"], f.cleaned_data["attendees"])
            for f in self.forms
            if f.cleaned_data.get("setting")
        ]
        settings = Setting.objects.in_bulk([pk for pk, _ in rows])
        return [(settings[pk], attendees) for pk, attendees in rows]


AttendanceFormSet = cast(
    "type[BaseAttendanceFormSet]",
    forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=6, max_num=40),
)


def setting_choices() -> list[tuple[Any, str]]:
    """One query for every row of the formset (a ModelChoiceField per row would run one each)."""
    return [
        ("", "Choose a setting"),
        *((s.pk, f"{s.name} ({s.get_kind_display().lower()})") for s in Setting.objects.all()),
    ]


# ---------------------------------------------------------------------------------------------
# Strand 7
# ---------------------------------------------------------------------------------------------


class ForumForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = ParentForum
        fields = ["name"]
        labels = {"name": "Name of the forum"}
        error_messages = {"name": _required("Enter the name of the forum")}

    layout = (Field.text("name"),)
    submit = "Set up the forum"


class ForumMemberForm(CarerLink):
    name = forms.CharField(max_length=100, required=False)
    role = forms.ChoiceField(choices=ForumMember.Role.choices, initial=ForumMember.Role.MEMBER)
    joined_on = forms.DateField(label="Joined on", help_text=DATE_HINT, error_messages=_required("Enter the date"))

    layout = (
        Field.text("name", field_width=20),
        Field.radios("role", legend_size=Size.SMALL),
        Field.text("joined_on", field_width=10),
        "adult",
    )
    submit = "Add the member"


class ForumMeetingForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = ForumMeeting
        fields = ["date", "attendees", "minutes_summary"]
        labels = {"attendees": "How many came", "minutes_summary": "Summary of the minutes (optional)"}
        widgets = {"attendees": WHOLE_NUMBER}
        help_texts = {"date": DATE_HINT}
        error_messages = {"date": _required("Enter the date"), "attendees": _required("Enter how many came")}

    layout = (
        Field.text("date", field_width=10),
        Field.text("attendees", field_width=4),
        Field.textarea("minutes_summary", rows=5),
    )
    submit = "Record the meeting"
    today = ("date",)


class FeedbackForm(GdsLayout, forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, empty_label="The centre in general", label="About"
    )
    date = forms.DateField(help_text=DATE_HINT, error_messages=_required("Enter the date"))
    satisfaction = forms.TypedChoiceField(
        label="How satisfied were they?",
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how satisfied they were, from 1 to 5",
            "invalid_choice": "Choose how satisfied they were, from 1 to 5",
        },
    )
    comment = forms.CharField(
        label="What they said (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    anonymous = forms.BooleanField(label="They did not want to give their name", required=False, initial=True)
    given_by = forms.CharField(label="Their name (if they gave it)", max_length=100, required=False)

    layout = (
        Field.select("service"),
        Field.text("date", field_width=10),
        Field.radios("satisfaction", legend_size=Size.SMALL),
        Field.textarea("comment", rows=4),
        Field.checkbox("anonymous", small=True),
        Field.text("given_by", field_width=20),
    )
    submit = "Record the feedback"
    today = ("date",)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "service", services)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("given_by") or "").strip()
        if data.get("anonymous") and name:
            self.add_error("given_by", "Leave the name blank for anonymous feedback")
        if not data.get("anonymous") and not name and "given_by" not in self.errors:
            self.add_error("given_by", "Enter their name, or tick that they did not want to give it")
        return data


class YouSaidWeDidForm(GdsLayout, forms.ModelForm):
    class Meta:
        model = YouSaidWeDid
        fields = ["date", "you_said", "we_did"]
        labels = {"you_said": "You said", "we_did": "We did"}
        help_texts = {"date": DATE_HINT}
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "date": _required("Enter the date"),
            "you_said": _required("Enter what parents said"),
            "we_did": _required("Enter what the centre did"),
        }

    layout = (Field.text("date", field_width=10), Field.textarea("you_said", rows=3), Field.textarea("we_did", rows=3))
    submit = "Save as a draft"
    today = ("date",)


# ---------------------------------------------------------------------------------------------
# Budget and spend
# ---------------------------------------------------------------------------------------------


class _ServiceChoice(GdsLayout, forms.Form):
    service = forms.ModelChoiceField(queryset=Service.objects.none(), error_messages=_required("Choose the service"))

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "service", services)


class BudgetForm(_ServiceChoice):
    financial_year = forms.TypedChoiceField(coerce=int, label="Financial year")
    amount = MoneyField(label="Budget (£)", min_value=Decimal("0"), error_messages=_required("Enter the budget"))

    layout = (Field.select("service"), Field.select("financial_year"), Field.text("amount", field_width=10))
    submit = "Set the budget"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["financial_year"]
        assert isinstance(year, forms.TypedChoiceField)  # noqa: S101 - narrows the type
        year.choices = financial_year_choices()


class SpendForm(_ServiceChoice):
    date = forms.DateField(help_text=DATE_HINT, error_messages=_required("Enter the date"))
    amount = MoneyField(label="Amount (£)", min_value=Decimal("0.01"), error_messages=_required("Enter the amount"))
    description = forms.CharField(
        max_length=200,
        help_text="For example, craft materials for stay and play",
        error_messages=_required("Enter what it was spent on"),
    )

    layout = (
        Field.select("service"),
        Field.text("date", field_width=10),
        Field.text("amount", field_width=10),
        Field.text("description"),
    )
    submit = "Record the spend"
    today = ("date",)
