"""The rule builder (issue 18, item 2): a draft's rules, each read as a sentence; add, change,
delete and move a rule; build its condition from choices (groups nest; "add condition", "add
group" and "remove" are plain submit buttons, so it works without JavaScript); and the advanced
view of a rule's JSON, checked live (htmx) and again on save.

A published or retired version's rules are read on the list only: every page that changes them
answers 404. Writes go through studio/rule_services.py (one transaction each).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import audit
from indicators import translations
from indicators.models import InstrumentVersion, Rule
from indicators.schema import parse_json_text
from screening.views.fragments import login_required_htmx

from .. import history, rule_builder, rule_form, rule_sentence, rule_services
from ..access import get_version_for_user

JSON_LIMIT = 100_000


def get_draft_for_user(user, pk) -> InstrumentVersion:
    """A draft the person may edit; a published or retired version's rules never change: 404."""
    version = get_version_for_user(user, pk)
    if not version.is_draft:
        raise Http404
    return version


def get_rule(version: InstrumentVersion, rule_pk) -> Rule:
    return get_object_or_404(Rule, pk=rule_pk, version=version)


def list_url(version) -> str:
    return reverse("studio:rules", kwargs={"pk": version.pk})


@require_safe
def rules(request, pk):
    version = get_version_for_user(request.user, pk)
    content, language = history.readable(version)
    rows = {r.rule_id: r for r in version.rules.all()} if version.is_draft else {}
    listed = []
    for rule in content.get("rules", []):
        listed.append(
            {
                "rule": rule,
                "row": rows.get(rule.get("id")),
                "sentence": rule_sentence.sentence(rule, content),
                "advanced_only": rule_builder.representable(rule.get("when"))[0] is None,
                "flags": [rule_form.FLAG_LABELS.get(f, f) for f in rule.get("flags") or []],
            }
        )
    audit.record(request, audit.Action.VIEWED, obj=version, summary=_("Rules of the version viewed"))
    return render(
        request,
        "studio/rules/list.html",
        {"version": version, "rules": listed, "content_language": language, "editable": version.is_draft},
    )


def _builder_page(request, version, rule, *, data, reasons, root, seen, problems=(), status=200):
    content = version.content
    return render(
        request,
        "studio/rules/builder.html",
        {
            "version": version,
            "rule": rule,
            "fields": rule_form.rule_view(data, reasons, content),
            "tree": rule_form.node_view(root, rule_form.Choices.of(content)),
            # In the reader's language when the version has it (its item texts too).
            "sentence": rule_sentence.sentence(
                {**data, "when": rule_builder.to_json(root)}, history.readable(version)[0]
            ),
            "content_language": translations.languages(content)[0],
            "seen": seen,
            "problems": list(problems),
        },
        status=status,
    )


def _advanced_page(request, version, rule, *, text, reasons, seen, note="", problems=(), status=200):
    return render(
        request,
        "studio/rules/advanced.html",
        {
            "version": version,
            "rule": rule,
            "text": text,
            "fields": rule_form.rule_view({}, reasons, version.content),
            "seen": seen,
            "note": note,
            "problems": list(problems),
        },
        status=status,
    )


def _saved(request, version, rule, data, reasons, seen) -> tuple[Rule | None, list[str]]:
    try:
        saved = rule_services.save_rule(
            request=request, version=version, rule=rule, data=data, reasons=reasons, seen=seen
        )
    except rule_services.RuleRefused as exc:
        return None, exc.problems
    messages.success(request, _("Rule %(id)s saved.") % {"id": saved.rule_id})
    return saved, []


@require_http_methods(["GET", "HEAD", "POST"])
def rule_new(request, pk):
    version = get_draft_for_user(request.user, pk)
    return _builder(request, version, None)


@require_http_methods(["GET", "HEAD", "POST"])
def rule_edit(request, pk, rule_pk):
    version = get_draft_for_user(request.user, pk)
    return _builder(request, version, get_rule(version, rule_pk))


def _builder(request, version, rule):
    content = version.content
    if request.method != "POST":
        if rule is None:
            data: dict[str, Any] = {"id": "", "level": "possible", "reason": ""}
            root = rule_builder.new_node("answered")
            return _builder_page(request, version, None, data=data, reasons={}, root=root, seen="")
        data = rule_services.rule_json(rule)
        reasons = rule_form.reasons_of(content, rule.rule_id)
        seen = rule_services.fingerprint(rule, content)
        audit.record(
            request, audit.Action.VIEWED, obj=version, summary=_("Rule %(id)s opened") % {"id": rule.rule_id}
        )
        node, why = rule_builder.representable(data["when"])
        if node is None:
            note = _("The builder cannot show this rule's condition: %(why)s Change it here.") % {"why": why}
            text = json.dumps(data, indent=2, ensure_ascii=False)
            return _advanced_page(request, version, rule, text=text, reasons=reasons, seen=seen, note=note)
        return _builder_page(request, version, rule, data=data, reasons=reasons, root=node, seen=seen)
    root, problems = rule_form.tree_from_post(request.POST)
    seen = request.POST.get("seen", "")
    action = request.POST.get("builder", "")
    if action:
        root = rule_form.apply_action(root, action, request.POST)
    data, reasons = rule_form.rule_from_post(request.POST, root, content)
    if action:
        return _builder_page(request, version, rule, data=data, reasons=reasons, root=root, seen=seen)
    if "advanced" in request.POST:
        text = json.dumps(data, indent=2, ensure_ascii=False)
        return _advanced_page(request, version, rule, text=text, reasons=reasons, seen=seen)
    problems += rule_form.rule_problems(data, reasons)
    if not problems:
        saved, problems = _saved(request, version, rule, data, reasons, seen)
        if saved is not None:
            return redirect(list_url(version))
    return _builder_page(
        request,
        version,
        rule,
        data=data,
        reasons=reasons,
        root=root,
        seen=seen,
        problems=problems,
        status=400,
    )


def _parsed(version, text: str, reasons, rule) -> tuple[dict | None, list[str]]:
    """The rule a text holds and its problems (JSON, the form's checks, the schema's)."""
    if len(text) > JSON_LIMIT:
        return None, [_("The text is too long for one rule.")]
    data, errors = parse_json_text(text, "rule")
    if errors:
        return None, [f"{e.path}: {e.message}" for e in errors]
    if not isinstance(data, dict):
        return None, [_('A rule is a JSON object: {"id": …, "level": …, "reason": …, "when": …}.')]
    problems = rule_form.rule_problems(data, reasons)
    problems += rule_services.check_rule(version, data, reasons, replacing=rule)
    return data, problems


@require_http_methods(["GET", "HEAD", "POST"])
def rule_advanced_new(request, pk):
    version = get_draft_for_user(request.user, pk)
    return _advanced(request, version, None)


@require_http_methods(["GET", "HEAD", "POST"])
def rule_advanced(request, pk, rule_pk):
    version = get_draft_for_user(request.user, pk)
    return _advanced(request, version, get_rule(version, rule_pk))


def _advanced(request, version, rule):
    content = version.content
    if request.method != "POST":
        if rule is None:
            data: dict[str, Any] = {
                "id": "",
                "level": "possible",
                "reason": "",
                "when": {"count_at_least": 1},
            }
            reasons: dict[str, str] = {}
            seen = ""
        else:
            data = rule_services.rule_json(rule)
            reasons = rule_form.reasons_of(content, rule.rule_id)
            seen = rule_services.fingerprint(rule, content)
        text = json.dumps(data, indent=2, ensure_ascii=False)
        return _advanced_page(request, version, rule, text=text, reasons=reasons, seen=seen)
    text = request.POST.get("rule_json", "")
    seen = request.POST.get("seen", "")
    _data, reasons = rule_form.rule_from_post(request.POST, rule_builder.new_node("answered"), content)
    data, problems = _parsed(version, text, reasons, rule)
    if data is not None and not problems:
        saved, problems = _saved(request, version, rule, data, reasons, seen)
        if saved is not None:
            return redirect(list_url(version))
    return _advanced_page(
        request, version, rule, text=text, reasons=reasons, seen=seen, problems=problems, status=400
    )


@login_required_htmx()
@require_POST
def rule_check(request, pk):
    """The advanced view's live check: the problems of the JSON as typed (nothing is saved)."""
    version = get_draft_for_user(request.user, pk)
    rule = None
    rule_pk = request.POST.get("rule", "")
    if rule_pk.isdigit() and len(rule_pk) < 12:
        rule = Rule.objects.filter(pk=int(rule_pk), version=version).first()
    _data, reasons = rule_form.rule_from_post(
        request.POST, rule_builder.new_node("answered"), version.content
    )
    _rule, problems = _parsed(version, request.POST.get("rule_json", ""), reasons, rule)
    return render(request, "studio/rules/_problems.html", {"problems": problems, "checked": True})


@require_http_methods(["GET", "HEAD", "POST"])
def rule_delete(request, pk, rule_pk):
    version = get_draft_for_user(request.user, pk)
    rule = get_rule(version, rule_pk)
    if request.method == "POST":
        try:
            rule_services.delete_rule(
                request=request, version=version, rule=rule, seen=request.POST.get("seen", "")
            )
        except rule_services.RuleRefused as exc:
            return _delete_page(request, version, rule, exc.problems, status=409)
        messages.success(request, _("Rule %(id)s deleted.") % {"id": rule.rule_id})
        return redirect(list_url(version))
    return _delete_page(request, version, rule, [])


def _delete_page(request, version, rule, problems, status=200):
    content = version.content
    data = rule_services.rule_json(rule)
    return render(
        request,
        "studio/rules/delete.html",
        {
            "version": version,
            "rule": rule,
            "sentence": rule_sentence.sentence(data, history.readable(version)[0]),
            "content_language": translations.languages(content)[0],
            "seen": rule_services.fingerprint(rule, content),
            "problems": problems,
        },
        status=status,
    )


@require_POST
def rule_move(request, pk, rule_pk):
    version = get_draft_for_user(request.user, pk)
    rule = get_rule(version, rule_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose Move up or Move down."))
        return redirect(list_url(version))
    try:
        rule_services.move_rule(request=request, version=version, rule=rule, direction=direction)
    except rule_services.RuleRefused as exc:
        messages.error(request, " ".join(exc.problems))
    return redirect(list_url(version) + f"#rule-{rule.pk}")
