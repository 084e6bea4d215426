"""Outcome instruments in the admin site: an administrator adds a local instrument (with its
domains and cutoffs) without code, and can retire any instrument. The shipped instruments'
codes and ranges are fixed here: changing them would change the meaning of scores already
recorded (they come from migration 0003)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from centres.admin import AdministratorOnly
from centres.roles import administers
from outcomes.models import DomainCutoff, Instrument, InstrumentDomain

INSTRUMENT_FIELDS = (
    "code",
    "name",
    "description",
    "subject",
    "kind",
    "min_score",
    "max_score",
    "higher_is_better",
    "reliable_change",
    "active",
    "local",
)
# What an administrator may still change on a shipped instrument.
SHIPPED_EDITABLE = ("description", "reliable_change", "active")


class AdministratorOnlyInline(admin.TabularInline):
    """Inline rows follow the role, like AdministratorOnly, and stay fixed on a shipped
    instrument (obj is the instrument, or the domain, being edited)."""

    extra = 0

    def _allowed(self, request: HttpRequest, obj: Any) -> bool:
        if not (administers(request.user) or request.user.is_superuser):
            return False
        instrument = getattr(obj, "instrument", obj)
        return instrument is None or instrument.local

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers(request.user) or request.user.is_superuser

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)


class DomainInline(AdministratorOnlyInline):
    model = InstrumentDomain
    fields = ["order", "code", "name", "min_score", "max_score", "higher_is_better", "in_total", "cutoff"]


class CutoffInline(AdministratorOnlyInline):
    """Editable on shipped instruments too: the ASQ-3 cutoffs must be checked against the
    licensed manual, and intervals added from it."""

    model = DomainCutoff
    fields = ["age_interval_months", "cutoff"]

    def _allowed(self, request: HttpRequest, obj: Any) -> bool:
        return self.has_view_permission(request, obj)


@admin.register(Instrument)
class InstrumentAdmin(AdministratorOnly):
    list_display = ["name", "code", "subject", "kind", "min_score", "max_score", "higher_is_better", "active", "local"]
    list_filter = ["active", "local", "subject", "kind"]
    search_fields = ["name", "code"]
    inlines = [DomainInline]
    fields = INSTRUMENT_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and not obj.local:
            return [name for name in INSTRUMENT_FIELDS if name not in SHIPPED_EDITABLE]
        return ["local"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.local = True  # everything added here is the authority's own
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Shipped instruments are retired (made inactive), never deleted; a local one with
        # assessments is protected by the database.
        return super().has_delete_permission(request, obj) and (obj is None or obj.local)


@admin.register(InstrumentDomain)
class InstrumentDomainAdmin(AdministratorOnly):
    """A domain on its own page, for its cutoffs by age (ASQ-3 style)."""

    list_display = ["instrument", "order", "name", "code", "min_score", "max_score", "cutoff"]
    list_filter = ["instrument"]
    search_fields = ["name", "code", "instrument__name"]
    list_select_related = ["instrument"]
    inlines = [CutoffInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and not obj.instrument.local:
            return ["instrument", "code", "name", "min_score", "max_score", "higher_is_better", "in_total", "order"]
        return []

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # domains are added on their instrument's page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and obj is not None and obj.instrument.local
