"""The studio's library: each instrument, its versions with their status, and who created,
changed, published or retired what and when (indicators/library.py)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit
from indicators import library as instrument_library

from ..access import require_studio


@require_safe
def library(request):
    require_studio(request.user)
    summary = instrument_library.summary()
    audit.record(request, audit.Action.VIEWED, summary=_("Instrument studio library viewed"))
    return render(request, "studio/library.html", {"library": summary})
