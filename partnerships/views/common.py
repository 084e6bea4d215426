"""What the partnership views share."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
