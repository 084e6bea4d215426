"""Running a write service from a staff screen's form (cases, outcome records, partnerships)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def attempt(form: forms.BaseForm, service: Callable[..., Any], /, **kwargs: Any) -> Any | None:
    """Run a service and return what it returns; a ValidationError it raises becomes the form's
    errors instead (None comes back), on the fields it names, or at the top for an error about
    no field or a field the form does not show."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
