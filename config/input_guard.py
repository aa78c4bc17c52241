"""Control characters stop at the edge, before any view, form or audit record sees them.

A NUL byte is never something a person meant to type, and PostgreSQL refuses to store it (the
audit record of a search would fail with a server error): a request carrying one, anywhere in
its path, query, form or cookies, is refused with a 400 page that says why. The other control
characters can arrive in text pasted from a word processor or a PDF (a manual line break is a
vertical tab): they are not refused, which would lose what the person typed, but turned into a
line break (vertical tab, form feed) or dropped (the rest), so no stored text carries them.
"""

import re

from django.http import HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"
# C0 controls except tab, line feed and carriage return; and DEL.
_BREAKS = re.compile("[\x0b\x0c]")
_DROPPED = re.compile("[\x01-\x08\x0e-\x1f\x7f]")


def has_nul(request) -> bool:
    if NUL in request.path:
        return True
    for data in (request.GET, request.COOKIES):
        if any(NUL in key or NUL in str(value) for key, values in _lists(data) for value in values):
            return True
    if request.method == "POST":
        return any(
            NUL in key or NUL in str(value) for key, values in _lists(request.POST) for value in values
        )
    return False


def _lists(data):
    return data.lists() if isinstance(data, QueryDict) else ((k, [v]) for k, v in data.items())


def cleaned(data: QueryDict) -> QueryDict:
    """A copy of ``data`` with vertical tabs and form feeds as line breaks and the other control
    characters removed; ``data`` itself when it has none (the usual case)."""
    if not any(
        _BREAKS.search(v) or _DROPPED.search(v) for _k, vs in data.lists() for v in vs if isinstance(v, str)
    ):
        return data
    copy = data.copy()
    for key, values in data.lists():
        copy.setlist(
            key, [_DROPPED.sub("", _BREAKS.sub("\n", v)) if isinstance(v, str) else v for v in values]
        )
    copy._mutable = False
    return copy


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            body = render_to_string(
                "400.html",
                {
                    "reason": _(
                        "The request contained a character that cannot be stored (a NUL byte). "
                        "Nothing was saved. Remove it (retype the text rather than pasting it) "
                        "and try again."
                    )
                },
                request=None,  # no context processors: nothing here needs the session or the user
            )
            return HttpResponseBadRequest(body)
        request.GET = cleaned(request.GET)
        if request.method == "POST":
            request.POST = cleaned(request.POST)
        return self.get_response(request)
