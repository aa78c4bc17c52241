"""The browser's side of the idle timeout (static/js/session.js)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


@never_cache
@require_POST
def keep_alive(request):
    """Answers "Stay signed in": any request moves the session's end on (SESSION_SAVE_EVERY_REQUEST); this
    one does nothing else, and reads no record, so it leaves no audit event. Anonymous visitors are
    sent to the login page by LoginRequiredMiddleware like everywhere else."""
    return HttpResponse(status=204)
