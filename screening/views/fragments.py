"""What the views answering htmx requests share (the autosave, the checklist, the review decision).

An htmx request (`request.htmx`, from django-htmx's middleware) gets an HTML fragment to swap
into the page; the same view answers a plain form post (no JavaScript) with a redirect or a
whole page, as before. The swap rules (which statuses swap) are in the htmx-config of base.html.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


def page_path(request, default: str = "/") -> str:
    """The path of the page an htmx request came from (HX-Current-URL, same origin only)."""
    current = request.htmx.current_url_abs_path if request.htmx else None
    if not current:
        return default
    parts = urlsplit(current)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def login_required_htmx(*, swap: str | None = None, kept: bool = False):
    """Login required, as LoginRequiredMiddleware does it for a plain request (to the login
    page, then back); an htmx request gets a 401 with a "your session has ended" fragment instead,
    never the login page swapped into a status line.

    `swap` places the fragment (an htmx swap style, e.g. "afterbegin" to keep the form the person
    filled in); `kept`: the page keeps what was entered (the autosave's copy in the tab).
    """

    def decorator(view):
        @login_not_required  # checked here, so an htmx request is answered with a fragment
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if not request.htmx:
                return redirect_to_login(request.get_full_path())
            response = render(
                request,
                "_session_ended.html",
                {"kept": kept, "next": page_path(request)},
                status=401,
            )
            if swap:
                response["HX-Reswap"] = swap
            return response

        return wrapped

    return decorator
