from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .admin_tools import AuditedAdmin, AuditedReads, RefuseBadLookups
from .models import AuditEvent, Team, User


@admin.register(User)
class UserAdmin(AuditedAdmin, RefuseBadLookups, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups")


@admin.register(Team)
class TeamAdmin(AuditedAdmin, RefuseBadLookups, admin.ModelAdmin):
    list_display = ("name", "office", "county")
    search_fields = ("name", "office", "county")
    filter_horizontal = ("supervisors", "caseworkers", "program_managers")


# The roles are groups: who changes a role's permissions (or deletes a role) is on the audit trail.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, RefuseBadLookups, BaseGroupAdmin):
    """Django's group admin, audited and refusing impossible filters like every admin list."""


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedReads, RefuseBadLookups, admin.ModelAdmin):
    """Read-only: audit rows are never added, edited or deleted by hand."""

    list_display = ("at", "username", "action", "case_id", "object_type", "summary", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "summary", "path", "=case_id")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


admin.site.site_header = _("Trafficking screening administration")
