"""What every admin page of the product shares."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.utils.translation import gettext as _

from . import audit


class RefuseBadLookups:
    """A list filter or date drill-down the database cannot answer (a year past 9999, a month 13)
    is refused the way Django refuses an unknown filter: back to the list with a notice, no 500."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as bad:
            raise IncorrectLookupParameters(bad) from bad


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for models this person may open in the admin only.

    Django's own answers for any model, so an instrument administrator could learn whether a case
    or screening id exists (a redirect, or a 404). Here anything else is a 404, as everywhere.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ValueError, ContentType.DoesNotExist, NotRegistered):
        raise Http404 from None
    if not model_admin.has_view_or_change_permission(request):
        raise Http404
    return shortcut(request, content_type_id, object_id)


class AuditedAdmin:
    """Every change made through these admin pages leaves an audit event beside Django's own admin
    log (which the audit trail does not read): who added, changed or deleted which user, group or
    team, and what the admin's change message says (for a user, "Changed password." too)."""

    def _audit(self, request, action, obj, what: str, message="") -> None:
        # `message` is the admin's change message: a list built by construct_change_message.
        audit.record(
            request,
            action,
            obj=obj,
            summary=_("%(what)s %(model)s “%(obj)s” in the admin site")
            % {"what": what, "model": obj._meta.verbose_name, "obj": obj},
            detail={"admin": message or ""},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, audit.Action.CREATED, obj, _("Added"), message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, audit.Action.UPDATED, obj, _("Changed"), message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, audit.Action.DELETED, obj, _("Deleted"))
        return super().log_deletions(request, queryset)


class AuditedReads:
    """Reading the audit trail is itself recorded: who looked at whose activity, and when."""

    def changelist_view(self, request, extra_context=None):
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("Audit log (admin list)"),
            detail={"filters": dict(request.GET.items())},
        )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("Audit log (admin record)"),
            detail={"audit_event": str(object_id)[:40]},
        )
        return super().change_view(request, object_id, form_url, extra_context)
