"""The draft editor's forms of one row: a section, an item, an answer scale, a guidance action (new
or edited), and deleting one after a confirmation. The row is named in the query string
(``?section=``, ``?item=``, ``?scale=``, ``?action=``); a row of another version is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.models import GuidanceAction, Item, Section

from .. import editor_languages as languages
from .. import editor_services as services
from ..editor_access import get_draft_for_user
from ..editor_forms import ItemForm, SectionForm
from ..scale_guidance_forms import GuidanceForm, ScaleForm
from .editor import editor_url, refused_status, row_for, save

FORM_METHODS = ["GET", "HEAD", "POST"]


def _page(request, template, context, status=200):
    context.setdefault("token", services.token_of(context["version"]))
    form = context.get("form")
    if form is not None and not form.is_bound:
        form.initial["token"] = context["token"]
    return render(request, f"studio/editor/{template}", context, status=status)


def _saved(request, version, form, change, *, summary, detail, anchor):
    """Save a valid form's change; the redirect to the editor, or the problems and status."""
    refused = save(request, version, change, summary=summary, detail=detail)
    if refused is None:
        messages.success(request, _("Saved."))
        return redirect(editor_url(version, anchor)), [], 200
    return None, refused.messages, refused_status(refused)


def _delete(request, version, *, what: str, change, summary, detail, anchor=""):
    """The confirmation page of a deletion, and the deletion."""
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        refused = save(request, version, change, summary=summary, detail=detail)
        if refused is None:
            messages.success(request, _("Deleted: %(what)s.") % {"what": what})
            return redirect(editor_url(version, anchor))
        problems, status = refused.messages, refused_status(refused)
    return _page(request, "delete_row.html", {"version": version, "what": what, "problems": problems}, status)


# --------------------------------------------------------------------------- sections


@require_http_methods(FORM_METHODS)
def section_form(request, pk):
    version = get_draft_for_user(request.user, pk)
    raw = request.GET.get("section")
    section = row_for(version, "section", raw) if raw is not None else None
    form = SectionForm(request.POST or None, version=version, section=section)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        row = section or Section(version=version)
        old = section.code if section else None

        def change(draft):
            services.save_row(row, values)
            languages.put_texts(draft, "sections", old, values["code"], form.simple_texts(["title", "intro"]))

        summary = _("Section %(code)s saved in the studio") % {"code": values["code"]}
        done, problems, status = _saved(
            request,
            version,
            form,
            change,
            summary=summary,
            detail={"event": "section_changed" if section else "section_added", "section": values["code"]},
            anchor="sections",
        )
        if done:
            return done
    context = {"version": version, "form": form, "section": section, "problems": problems}
    return _page(request, "section_form.html", context, status)


@require_http_methods(FORM_METHODS)
def section_delete(request, pk):
    version = get_draft_for_user(request.user, pk)
    section = row_for(version, "section", request.GET.get("section"))
    what = _("section %(code)s and its %(n)s items") % {"code": section.code, "n": section.items.count()}

    def change(draft):
        codes = list(section.items.values_list("code", flat=True))
        section.delete()
        languages.drop_texts(draft, "sections", [section.code])
        languages.drop_texts(draft, "items", codes)

    return _delete(
        request,
        version,
        what=what,
        change=change,
        summary=_("Section %(code)s deleted in the studio") % {"code": section.code},
        detail={"event": "section_deleted", "deleted_section": section.code},
        anchor="sections",
    )


# --------------------------------------------------------------------------- items


@require_http_methods(FORM_METHODS)
def item_form(request, pk):
    version = get_draft_for_user(request.user, pk)
    item = row_for(version, "item", request.GET["item"]) if "item" in request.GET else None
    section = row_for(version, "section", request.GET["section"]) if "section" in request.GET else None
    if item is None and section is None:
        raise Http404
    form = ItemForm(request.POST or None, version=version, item=item, section=section)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        row = item or Item(version=version)
        old = item.code if item else None

        def change(draft):
            services.save_row(row, values)
            texts = form.simple_texts(["text", "phrasing", "help"])
            languages.put_texts(draft, "items", old, values["code"], texts)

        summary = _("Item %(code)s saved in the studio") % {"code": values["code"]}
        done, problems, status = _saved(
            request,
            version,
            form,
            change,
            summary=summary,
            detail={"event": "item_changed" if item else "item_added", "item": values["code"]},
            anchor="sections",
        )
        if done:
            return done
    context = {"version": version, "form": form, "item": item, "problems": problems}
    return _page(request, "item_form.html", context, status)


@require_http_methods(FORM_METHODS)
def item_delete(request, pk):
    version = get_draft_for_user(request.user, pk)
    item = row_for(version, "item", request.GET.get("item"))
    return _delete(
        request,
        version,
        what=_("item %(code)s") % {"code": item.code},
        change=lambda draft: (item.delete(), languages.drop_texts(draft, "items", [item.code])),
        summary=_("Item %(code)s deleted in the studio") % {"code": item.code},
        detail={"event": "item_deleted", "deleted_item": item.code},
        anchor="sections",
    )


# --------------------------------------------------------------------------- answer scales


def _scale_name(version, raw) -> str | None:
    if raw is None:
        return None
    if raw not in (version.answer_scales or {}):
        raise Http404
    return raw


@require_http_methods(FORM_METHODS)
def scale_form(request, pk):
    version = get_draft_for_user(request.user, pk)
    old = _scale_name(version, request.GET.get("scale"))
    form = ScaleForm(request.POST or None, version=version, name=old)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        name, scale = form.cleaned_data["name"], form.scale()

        def change(draft):
            scales = dict(draft.answer_scales or {})
            if old is None:
                scales[name] = scale
            else:  # in its place, under its (new) name
                scales = {
                    (name if key == old else key): (scale if key == old else value)
                    for key, value in scales.items()
                }
                services.rename_scale(draft, old, name)
            draft.answer_scales = scales
            draft.save(update_fields=["answer_scales"])
            languages.put_texts(draft, "answer_scales", old, name, form.texts())

        summary = _("Answer scale %(name)s saved in the studio") % {"name": name}
        done, problems, status = _saved(
            request,
            version,
            form,
            change,
            summary=summary,
            detail={"event": "scale_changed" if old else "scale_added", "scale": name, "was": old or ""},
            anchor="scales",
        )
        if done:
            return done
    context = {"version": version, "form": form, "scale": old, "problems": problems}
    return _page(request, "scale_form.html", context, status)


@require_http_methods(FORM_METHODS)
def scale_delete(request, pk):
    version = get_draft_for_user(request.user, pk)
    name = _scale_name(version, request.GET.get("scale", ""))

    def change(draft):
        draft.answer_scales = {k: v for k, v in (draft.answer_scales or {}).items() if k != name}
        draft.save(update_fields=["answer_scales"])
        languages.drop_texts(draft, "answer_scales", [name])

    return _delete(
        request,
        version,
        what=_("answer scale %(name)s") % {"name": name},
        change=change,
        summary=_("Answer scale %(name)s deleted in the studio") % {"name": name},
        detail={"event": "scale_deleted", "deleted_scale": name},
        anchor="scales",
    )


# --------------------------------------------------------------------------- guidance actions


@require_http_methods(FORM_METHODS)
def guidance_form(request, pk):
    version = get_draft_for_user(request.user, pk)
    raw = request.GET.get("action")
    action = row_for(version, "guidance", raw) if raw is not None else None
    form = GuidanceForm(request.POST or None, version=version, action=action)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        row = action or GuidanceAction(version=version)
        old = action.code if action else None

        def change(draft):
            services.save_row(row, values)
            languages.put_texts(draft, "guidance", old, values["code"], form.texts())

        summary = _("Guidance action %(code)s saved in the studio") % {"code": values["code"]}
        done, problems, status = _saved(
            request,
            version,
            form,
            change,
            summary=summary,
            detail={"event": "guidance_changed" if action else "guidance_added", "guidance": values["code"]},
            anchor="guidance",
        )
        if done:
            return done
    context = {"version": version, "form": form, "action": action, "problems": problems}
    return _page(request, "guidance_form.html", context, status)


@require_http_methods(FORM_METHODS)
def guidance_delete(request, pk):
    version = get_draft_for_user(request.user, pk)
    action = row_for(version, "guidance", request.GET.get("action"))
    return _delete(
        request,
        version,
        what=_("guidance action %(code)s") % {"code": action.code},
        change=lambda draft: (action.delete(), languages.drop_texts(draft, "guidance", [action.code])),
        summary=_("Guidance action %(code)s deleted in the studio") % {"code": action.code},
        detail={"event": "guidance_deleted", "deleted_guidance": action.code},
        anchor="guidance",
    )
