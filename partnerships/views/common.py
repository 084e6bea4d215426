"""What the partnership views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def attempt(form: forms.BaseForm, service: Callable[..., Any], **kwargs: Any) -> Any | None:
    """Run a service; a ValidationError becomes the form's errors (on the field it names, when
    the form has that field)."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    heading: str,
    caption: str = "",
    back: tuple[str, str] | None = None,
    warning: str = "",
    intro: str = "",
) -> HttpResponse:
    """The one-form page most screens here are: a heading, an optional warning, the form."""
    context = {"form": form, "heading": heading, "caption": caption, "back": back, "warning": warning, "intro": intro}
    return render(request, "partnerships/form.html", context)
