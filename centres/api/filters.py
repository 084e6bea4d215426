"""Filters for API lists that hold to what the schema says: integers are whole numbers, booleans
are "true" or "false", a related record is filtered by its id (an unknown id matches nothing,
it is not an error), and a parameter sent blank is an error, except for text, where blank
means "equal to the empty string" (`split=` is the overall figure).

Use ApiFilterSet as the base of every API FilterSet; `filterset_fields` on a view gets it too
(settings: DEFAULT_FILTER_BACKENDS is ApiFilterBackend).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

BLANK = "Give a value, or leave the parameter out."


INT64 = (-(2**63), 2**63 - 1)


@extend_schema_field({"type": "integer", "format": "int64"})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within the database's integer range (a larger one is a 400, not a
    database error)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", INT64[0])
        kwargs.setdefault("max_value", INT64[1])
        super().__init__(*args, **kwargs)


def integer_filter(*, minimum: int | None = None, maximum: int | None = None, **kwargs: Any) -> IntegerFilter:
    """A whole-number filter whose range is checked (400 outside it) and shown in the schema."""
    schema: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
        kwargs["min_value"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
        kwargs["max_value"] = maximum
    return extend_schema_field(schema)(IntegerFilter(**kwargs))


class StrictBooleanField(forms.Field):
    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if value in ("true", "True", "1"):
            return True
        if value in ("false", "False", "0"):
            return False
        raise forms.ValidationError("Give true or false.")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ApiFilterSet(FilterSet):
    FILTER_DEFAULTS = {
        **FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IntegerFilter},
        models.OneToOneField: {"filter_class": IntegerFilter},
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.IntegerField: {"filter_class": IntegerFilter},
        models.PositiveIntegerField: {"filter_class": IntegerFilter},
        models.PositiveSmallIntegerField: {"filter_class": IntegerFilter},
    }

    def _parameters(self, name: str) -> list[str]:
        widget = self.form.fields[name].widget
        suffixes = getattr(widget, "suffixes", None)
        return [f"{name}_{s}" if s else name for s in suffixes] if suffixes else [name]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for parameter, value in self.data.items():
            if "\x00" in str(value):  # PostgreSQL cannot compare with it: a 400, not a 500
                self.form.errors.setdefault(parameter, self.form.error_class()).append("Remove the NUL character.")
                valid = False
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.CharFilter) and not isinstance(filter_, django_filters.ChoiceFilter):
                continue
            for parameter in self._parameters(name):
                if self.data.get(parameter) == "":
                    self.form.errors.setdefault(parameter, self.form.error_class()).append(BLANK)
                    valid = False
        return valid

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        for name, filter_ in self.filters.items():
            if (
                isinstance(filter_, django_filters.CharFilter)
                and not isinstance(filter_, django_filters.ChoiceFilter)
                and self.data.get(name) == ""
                and not filter_.method
            ):
                queryset = queryset.filter(**{f"{filter_.field_name}__{filter_.lookup_expr}": ""})
        return queryset


class ApiFilterBackend(DjangoFilterBackend):
    filterset_base = ApiFilterSet


class ApiOrderingFilter(OrderingFilter):
    """`ordering=<field>` or `-<field>`, one of the fields the view offers (listed in the
    schema); anything else is a 400 rather than silently ignored."""

    def _choices(self, queryset: QuerySet[Any] | None, view: Any, request: Any = None) -> list[str]:
        valid = self.get_valid_fields(queryset, view, {"request": request})  # type: ignore[arg-type]
        fields = [name for name, _ in valid]
        return [f"{sign}{name}" for name in fields for sign in ("", "-")]

    def get_ordering(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return self.get_default_ordering(view)
        choices = self._choices(queryset, view, request)
        if value not in choices:
            raise ValidationError({self.ordering_param: [f"Order by one of: {', '.join(choices)}."]})
        return [value]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # Views list their ordering_fields, so no queryset is needed (nor a database query).
        params = super().get_schema_operation_parameters(view)
        for param in params:
            param["schema"] = {"type": "string", "enum": self._choices(None, view)}
            param["description"] = "A field to order by; '-' before it for descending."
        return params
