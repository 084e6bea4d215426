"""What the partnership forms share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet

from centres.models import User
from families.models import Family
from partnerships.models import Partner

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


FAMILY_REFERENCE = re.compile(r"^F?0*(\d{1,9})$", re.IGNORECASE)


def family_from_reference(*, user: User | AnonymousUser, text: str) -> Family:
    """The active family a reference like F0000123 names, among those the user may see."""
    match = FAMILY_REFERENCE.match(re.sub(r"\s+", "", text or ""))
    if not match:
        raise forms.ValidationError("Enter a family reference, like F0000123")
    family = Family.objects.for_user(user).active().filter(pk=int(match[1])).first()
    if family is None:  # no hint whether it exists at another centre
        raise forms.ValidationError(f"There is no family F{int(match[1]):07d} among your centres' records")
    return family


def active_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(active=True).order_by("name")
