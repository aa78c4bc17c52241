"""A version's page: what it holds, in words, and its history."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit

from .. import history
from ..access import get_version_for_user


@require_safe
def version(request, pk):
    version = get_version_for_user(request.user, pk)
    page = history.history(version, request.GET.get("page"))
    content, content_language = history.readable(version)
    summary = _("Instrument version viewed in the studio")
    audit.record(request, audit.Action.VIEWED, obj=version, summary=summary)
    return render(
        request,
        "studio/version.html",
        {
            "version": version,
            "sections": history.sections(content),
            "rules": history.rules(content),
            "guidance": history.guidance(content),
            "content_language": content_language,
            "page": page,
            "previous": version.previous(),
        },
    )
