"""Writes of the alerts a person makes: reading notifications, choosing how to get them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest

from .models import AlertPreference, Notification


def notifications_of(user):
    """A person's own notifications, newest first: nobody else's is ever found (404)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def preference_of(user) -> AlertPreference:
    """The person's choice, unsaved default (immediate) until they make one."""
    return AlertPreference.objects.filter(user=user).first() or AlertPreference(user=user)


def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def choose_delivery(*, request: AuthenticatedRequest, delivery: str) -> AlertPreference:
    """Keep the person's choice (the row is made on first use) and audit it."""
    preference, created = AlertPreference.objects.select_for_update().get_or_create(user=request.user)
    was = "" if created else preference.delivery
    preference.delivery = delivery
    preference.save(update_fields=["delivery", "updated_at"])
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=preference,
        summary=_("Changed how they get notifications by e-mail"),
        detail={"event": "alert_delivery_changed", "was": was, "now": delivery},
    )
    return preference
