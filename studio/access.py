"""The studio's objects as a person may reach them: outside the role, every page is a 404 (never a
403 that tells the page or the version exists)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from indicators.models import InstrumentVersion


def require_studio(user) -> None:
    if not user.has_perm("studio.use_studio"):
        raise Http404


def get_version_for_user(user, pk) -> InstrumentVersion:
    """The instrument version ``pk`` for a person who may use the studio, else a 404."""
    require_studio(user)
    return get_object_or_404(
        InstrumentVersion.objects.select_related("instrument", "created_by", "published_by", "retired_by"),
        pk=pk,
    )
