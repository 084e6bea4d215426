"""Django's admin site is the local-authority administrators' screen for users, centres and
clusters. Access follows the role (centres.roles.administers), not Django's per-model
permissions, so that granting the role is the one step an administrator takes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from centres.models import AuditEvent, Centre, Cluster, User
from centres.roles import administers


class AdministratorOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers(request.user) or request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Cluster)
class ClusterAdmin(AdministratorOnly):
    search_fields = ["name"]


@admin.register(Centre)
class CentreAdmin(AdministratorOnly):
    list_display = ["name", "ofsted_urn", "kind", "cluster", "status"]
    list_filter = ["status", "kind", "cluster"]
    search_fields = ["name", "ofsted_urn", "postcode"]
    autocomplete_fields = ["cluster", "main_centre"]


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "restricted_access", "is_active", "last_login"]
    list_filter = ["role", "restricted_access", "is_active", "centres"]
    filter_horizontal = ["centres"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role and centres", {"fields": ("role", "centres", "restricted_access", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("Role and centres", {"fields": ("first_name", "last_name", "email", "role", "centres")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(AuditEvent)
class AuditEventAdmin(AdministratorOnly):
    """Read-only: the trail is never edited in the app."""

    list_display = ["occurred_at", "user", "action", "object_type", "object_id", "family_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "user__username"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
