from django.conf import settings


def idle_timeout(request):
    """The session's idle timeout in seconds, for the warning before it ends (static/js/session.js)."""
    return {"idle_seconds": settings.SESSION_COOKIE_AGE}
