"""The versions the draft editor reaches: a draft to edit or delete, a frozen version to make a new
draft from. Anything else (another role, another status, an id that does not exist) is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from indicators.models import DRAFT, InstrumentVersion


def _version(user, pk) -> InstrumentVersion:
    if not user.has_perm("studio.edit_drafts"):
        raise Http404
    return get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=pk)


def get_draft_for_user(user, pk) -> InstrumentVersion:
    """Draft ``pk`` for a person who may edit drafts; a published or retired version is a 404."""
    version = _version(user, pk)
    if version.status != DRAFT:
        raise Http404
    return version


def get_frozen_for_user(user, pk) -> InstrumentVersion:
    """Published or retired version ``pk``, to make a new draft from; a draft is a 404."""
    version = _version(user, pk)
    if version.status == DRAFT:
        raise Http404
    return version
