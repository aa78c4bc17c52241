"""The draft editor's writes (issue 18, item 1): each one transaction, audited, on a locked draft.

Every write names the draft's checksum as the editor showed it (the form's ``token``): when the
draft changed since (another person, another tab, the admin site), the write is refused with
:class:`EditConflict` and nothing is saved, so nobody silently overwrites anybody. After the
change the draft's content is rebuilt from its rows (lifecycle.refresh_draft) and checked with the
fixture schema: a change that brings a new problem is refused with :class:`EditRefused` and
rolled back. Missing translations and a section without items yet do not refuse an edit (a new text
has no translation yet, a section is added before its items); publishing asks for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import User
from indicators import lifecycle
from indicators.content import export_content
from indicators.models import DRAFT, GuidanceAction, InstrumentVersion, Item, Section
from indicators.schema import validate_instrument_version


class EditRefused(Exception):
    """The change would make the draft invalid (or it is not a draft). Nothing was saved."""

    def __init__(self, messages: Sequence[str]):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


class EditConflict(EditRefused):
    """The draft changed since the editor showed it. Nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            [
                _(
                    "This draft was changed by someone else (or in another tab) since you opened it. "
                    "Nothing was saved: reload the editor to see the draft as it is now, then make "
                    "your change again."
                )
            ]
        )


def token_of(version: InstrumentVersion) -> str:
    """What the editor's forms send back to show which state of the draft they were made from."""
    return version.checksum or ""


# What a draft may lack while it is being written (publishing still refuses it): the texts of its
# other languages, and the items of a section just added (a section is added before its items).
UNFINISHED = re.compile(r"^\$\.(translations\b|sections\[\d+\]\.items$)")


def problems(content: dict[str, Any]) -> list[str]:
    """The schema's problems with a draft's content, in words, what is only unfinished left out."""
    errors = validate_instrument_version(content, "draft")
    return [f"{e.message} ({e.path.removeprefix('$.')})" for e in errors if not UNFINISHED.match(e.path)]


def unfinished(content: dict[str, Any]) -> int:
    """How many things the draft lacks before it can be published: texts in its other languages,
    items of an empty section."""
    errors = validate_instrument_version(content, "draft")
    return sum(1 for e in errors if UNFINISHED.match(e.path))


def _without_paths(messages: list[str]) -> Counter:
    # Paths move when a row is added, moved or deleted: a problem is the same by its words.
    return Counter(m.rsplit(" (", 1)[0] for m in messages)


def edit(
    version_pk: int,
    token: str,
    change: Callable[[InstrumentVersion], Any],
    *,
    user: User | None,
    request: HttpRequest | None,
    summary: str,
    detail: dict[str, Any] | None = None,
) -> InstrumentVersion:
    """Lock the draft, check ``token``, apply ``change``, refresh and check the content, audit.
    Raises EditConflict or EditRefused (nothing saved)."""
    with transaction.atomic():
        version = (
            InstrumentVersion.objects.select_for_update(of=("self",))
            .select_related("instrument")
            .get(pk=version_pk)
        )
        if version.status != DRAFT:
            raise EditRefused(
                [
                    _("Only a draft can be edited; this version is %(status)s.")
                    % {"status": version.get_status_display()}
                ]
            )
        if token != token_of(version):
            raise EditConflict()
        before = _without_paths(problems(export_content(version)))
        change(version)
        version.refresh_from_db()
        lifecycle.refresh_draft(version)
        after = problems(version.content)
        new = [m for m in after if _without_paths([m]) - before]
        if new:
            raise EditRefused(new)
        audit.record(
            request,
            audit.Action.UPDATED,
            obj=version,
            user=user,
            summary=summary,
            detail={"checksum": version.checksum, **(detail or {})},
        )
    return version


def _next_position(queryset) -> int:
    top = queryset.aggregate(n=Max("position"))["n"]
    return 0 if top is None else top + 1


# --------------------------------------------------------------------------- rows


def save_row(row, fields: dict[str, Any]) -> None:
    """Set ``fields`` on a section, item or guidance action of the (locked) draft and save it; a
    new row goes last among its siblings."""
    for name, value in fields.items():
        setattr(row, name, value)
    if row.pk is None:
        if isinstance(row, Item):
            row.position = _next_position(Item.objects.filter(section_id=row.section_id))
        else:
            row.position = _next_position(type(row).objects.filter(version_id=row.version_id))
    elif isinstance(row, Item) and "section" in fields:
        stored = Item.objects.filter(pk=row.pk).values_list("section_id", flat=True).first()
        if stored != row.section_id:
            row.position = _next_position(Item.objects.filter(section_id=row.section_id))
    row.save()


def siblings(row) -> list:
    """The rows ``row`` is ordered among: a section's items, a version's sections or actions."""
    if isinstance(row, Item):
        queryset = Item.objects.filter(section_id=row.section_id)
    else:
        queryset = type(row).objects.filter(version_id=row.version_id)
    return list(queryset.order_by("position", "id"))


def place(rows: list) -> None:
    """Number ``rows`` 0, 1, 2 ... in their list order (only the rows whose place changed)."""
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def move(row, direction: str) -> bool:
    """Move ``row`` one place up or down among its siblings. False when it is already at the end."""
    rows = siblings(row)
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    place(rows)
    return True


def reorder(rows: list, ids: Sequence[int]) -> None:
    """Put ``rows`` (all siblings) in the order of ``ids`` (each of their ids once)."""
    by_id = {r.pk: r for r in rows}
    if sorted(ids) != sorted(by_id):
        raise EditRefused([_("The new order must list each row of the list once; reload and try again.")])
    place([by_id[i] for i in ids])


def rename_scale(version: InstrumentVersion, old: str, new: str) -> None:
    """Items on scale ``old`` follow it to its new name."""
    if old and old != new:
        Item.objects.filter(version=version, scale=old).update(scale=new)


# --------------------------------------------------------------------------- drafts


@transaction.atomic
def new_draft(
    version: InstrumentVersion, *, change_note: str, user: User | None, request: HttpRequest | None
) -> InstrumentVersion:
    """A new draft of ``version`` (a published or retired one), with its change note."""
    if version.status == DRAFT:
        raise EditRefused([_("A draft is edited as it is; a new draft is made from a published version.")])
    return lifecycle.new_draft_from(version, user, change_note=change_note, request=request)


@transaction.atomic
def delete_draft(
    version_pk: int, token: str, *, user: User | None, request: HttpRequest | None
) -> InstrumentVersion:
    """Delete a draft with its rows (the audit event keeps what it was)."""
    version = (
        InstrumentVersion.objects.select_for_update(of=("self",))
        .select_related("instrument")
        .get(pk=version_pk)
    )
    if version.status != DRAFT:
        raise EditRefused([_("Only a draft can be deleted; a published or retired version never changes.")])
    if token != token_of(version):
        raise EditConflict()
    audit.record(
        request,
        audit.Action.DELETED,
        obj=version,
        user=user,
        summary=_("Draft %(version)s deleted in the studio") % {"version": version},
        detail={
            "event": "draft_deleted",
            "checksum": version.checksum,
            "number": version.number,
            "change_note": version.change_note,
        },
    )
    for model in (Item, Section, GuidanceAction):
        model.objects.filter(version=version).delete()
    version.rules.all().delete()
    version.delete()
    return version
