"""The unread count of the "Notifications" link on every page: one query, made only when a page
shows it, and once per request."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        cached = getattr(request, "_unread_notifications", None)
        if cached is None:
            # Counted up to 100 ("99+" past that): the partial index of unread rows.
            cached = Notification.objects.filter(recipient=user, read_at__isnull=True)[:100].count()
            request._unread_notifications = cached
        return cached

    return {"unread_notifications": SimpleLazyObject(count)}
