"""The draft editor (issue 18, item 1): a draft's own fields, its sections and items, answer
scales and guidance actions, in order; a new draft from a published or retired version, and
deleting a draft. The forms of one row are in editor_rows.py.

Every save sends the draft's state as the page showed it (``token``); when the draft changed in
between, nothing is saved and the page says so (studio/editor_services.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import audit
from indicators.models import GuidanceAction, Item, Section

from .. import editor_languages as languages
from .. import editor_services as services
from ..editor_access import get_draft_for_user, get_frozen_for_user
from ..editor_forms import NewDraftForm, TokenForm, VersionFieldsForm
from ..history import ages_text

ROW_KINDS = {"section": Section, "item": Item, "guidance": GuidanceAction}


def editor_url(version, anchor: str = "") -> str:
    url = reverse("studio:editor", kwargs={"pk": version.pk})
    return f"{url}#{anchor}" if anchor else url


def save(request, version, change, *, summary, detail=None):
    """Apply ``change`` to the draft as the form's token says it was; the problems, or []."""
    form = TokenForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    try:
        services.edit(
            version.pk, token, change, user=request.user, request=request, summary=summary, detail=detail
        )
    except services.EditRefused as exc:
        return exc
    return None


def refused_status(exc) -> int:
    return 409 if isinstance(exc, services.EditConflict) else 400


def editor_context(version) -> dict:
    """The draft's rows in order, each section with its items (four queries, whatever their number)."""
    sections = list(version.sections.order_by("position", "id"))
    items: dict[int, list] = {}
    for item in version.items.order_by("position", "id").only(
        "id",
        "version_id",
        "section_id",
        "code",
        "text",
        "kind",
        "trafficking_type",
        "scale",
        "points",
        "ages",
        "position",
    ):
        items.setdefault(item.section_id, []).append(item)
    for section in sections:
        section.item_rows = items.get(section.pk, [])
        section.ages_text = ages_text(section.ages)
    guidance = list(version.guidance.order_by("position", "id"))
    # What is missing, each with its form; the schema's count when it finds more (what the editor
    # cannot name, e.g. a translation of something the draft no longer has).
    missing = languages.missing(version, sections, guidance)
    return {
        "version": version,
        "token": services.token_of(version),
        "sections": sections,
        "scales": list((version.answer_scales or {}).items()),
        "guidance": guidance,
        "unfinished": max(len(missing), services.unfinished(version.content) if version.content else 0),
        "missing": missing,
    }


@require_safe
def editor(request, pk):
    version = get_draft_for_user(request.user, pk)
    audit.record(request, audit.Action.VIEWED, obj=version, summary=_("Draft opened in the studio's editor"))
    context = editor_context(version)
    context["fields_form"] = VersionFieldsForm(version=version)
    context["fields_form"].initial["token"] = context["token"]
    return render(request, "studio/editor/editor.html", context)


@require_POST
def edit_version(request, pk):
    version = get_draft_for_user(request.user, pk)
    form = VersionFieldsForm(request.POST, version=version)
    problems: list[str] = []
    status = 400
    if form.is_valid():
        values = form.values()

        def change(draft):
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save(update_fields=list(values))

        refused = save(
            request,
            version,
            change,
            summary=_("The draft's own fields edited in the studio"),
            detail={"event": "fields_changed", "fields": sorted(values)},
        )
        if refused is None:
            messages.success(request, _("The draft's fields were saved."))
            return redirect(editor_url(version))
        problems, status = refused.messages, refused_status(refused)
    context = editor_context(version)
    context.update(fields_form=form, problems=problems)
    return render(request, "studio/editor/editor.html", context, status=status)


def row_for(version, kind: str, raw_id):
    """The section, item or guidance action ``raw_id`` of the draft, else a 404."""
    model = ROW_KINDS.get(kind)
    try:
        row_id = int(raw_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if model is None or not 0 < row_id < 2**31:
        raise Http404
    row = model.objects.filter(version=version, pk=row_id).first()
    if row is None:
        raise Http404
    return row


@require_POST
def move(request, pk):
    """Move a section, an item or an action one place up or down (the keyboard's way; no script)."""
    version = get_draft_for_user(request.user, pk)
    kind, direction = request.POST.get("kind", ""), request.POST.get("direction", "")
    if direction not in ("up", "down") or kind not in ROW_KINDS:
        messages.error(request, _("Nothing was moved: the request did not say what to move where."))
        return redirect(editor_url(version))
    row = row_for(version, kind, request.POST.get("id"))
    label = getattr(row, "code", "")

    def change(draft):
        services.move(row, direction)

    summary = _("%(code)s moved %(direction)s in the studio") % {"code": label, "direction": direction}
    refused = save(
        request,
        version,
        change,
        summary=summary,
        detail={"event": f"moved_{direction}", "moved": label, "direction": direction},
    )
    if refused is None:
        words = _("%(code)s moved up.") if direction == "up" else _("%(code)s moved down.")
        messages.success(request, words % {"code": label})
    else:
        for message in refused.messages:
            messages.error(request, message)
    return redirect(editor_url(version, f"{kind}-{row.pk}"))


@require_POST
def reorder(request, pk):
    """A new order of a list, as dragging and dropping leaves it (ids in order)."""
    version = get_draft_for_user(request.user, pk)
    kind = request.POST.get("kind", "")
    try:
        ids = [int(i) for i in request.POST.get("order", "").split(",") if i.strip()]
    except ValueError:
        ids = []
    if kind not in ROW_KINDS or not ids or len(ids) > 1000:
        messages.error(request, _("Nothing was moved: the new order was not understood."))
        return redirect(editor_url(version))
    first = row_for(version, kind, ids[0])

    def change(draft):
        services.reorder(services.siblings(first), ids)

    refused = save(
        request,
        version,
        change,
        summary=_("A list reordered in the studio"),
        detail={"event": f"{kind}s_reordered" if kind != "guidance" else "guidance_reordered", "order": ids},
    )
    if refused is None:
        messages.success(request, _("The new order was saved."))
    else:
        for message in refused.messages:
            messages.error(request, message)
    return redirect(editor_url(version, f"{kind}-{first.pk}"))


@require_http_methods(["GET", "HEAD", "POST"])
def new_draft(request, pk):
    version = get_frozen_for_user(request.user, pk)
    form = NewDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = services.new_draft(
            version, change_note=form.cleaned_data["change_note"], user=request.user, request=request
        )
        messages.success(request, _("Draft version %(n)s was made; edit it below.") % {"n": draft.number})
        return redirect(editor_url(draft))
    status = 400 if request.method == "POST" else 200
    return render(request, "studio/editor/new_draft.html", {"version": version, "form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def delete_draft(request, pk):
    version = get_draft_for_user(request.user, pk)
    problems: list[str] = []
    if request.method == "POST":
        form = TokenForm(request.POST)
        token = form.cleaned_data["token"] if form.is_valid() else ""
        try:
            services.delete_draft(version.pk, token, user=request.user, request=request)
        except services.EditRefused as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Draft version %(n)s was deleted.") % {"n": version.number})
            return redirect("studio:library")
    context = {"version": version, "token": services.token_of(version), "problems": problems}
    return render(request, "studio/editor/delete_draft.html", context, status=409 if problems else 200)
