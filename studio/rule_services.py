"""The writes of the rule builder: save (add or change), delete and move a draft's rule. Each is
one transaction with the draft's row locked, validates the whole draft as it would be (schema,
items and guidance named exist, reasons present, in every language the version is read in),
saves nothing when something is wrong, then rebuilds the draft's content and audits the change.

Two people editing the same rule: each form carries the rule's fingerprint as it was shown; a save
or delete whose fingerprint is no longer the rule's is refused (:class:`RuleConflict`), never a
silent overwrite.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.requests import AuthenticatedRequest
from indicators import lifecycle, translations
from indicators.content import export_content
from indicators.models import DRAFT, InstrumentVersion, Rule
from indicators.schema import ValidationError, validate_instrument_version


class RuleRefused(Exception):
    """Nothing was saved; ``problems`` say why, each a sentence for the person."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class RuleConflict(RuleRefused):
    """The rule changed (or went) since the person opened it."""


def rule_json(rule: Rule) -> dict[str, Any]:
    """The rule as the fixture writes it (the draft's content is built the same way)."""
    out: dict[str, Any] = {"id": rule.rule_id, "level": rule.level, "reason": rule.reason, "when": rule.when}
    for key in ("identifies", "trafficking_types", "flags", "guidance"):
        if getattr(rule, key) is not None:
            out[key] = getattr(rule, key)
    return out


def fingerprint(rule: Rule, content: Mapping[str, Any] | None = None) -> str:
    """What a form remembers of the rule it showed: its JSON and its reasons in other languages."""
    reasons = {}
    if content is not None:
        for lang in translations.languages(content)[1:]:
            rules = ((content.get("translations") or {}).get(lang) or {}).get("rules") or {}
            reasons[lang] = rules.get(rule.rule_id)
    text = json.dumps([rule_json(rule), reasons], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _locked_draft(version: InstrumentVersion) -> InstrumentVersion:
    locked = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if locked.status != DRAFT:
        raise RuleRefused([_("This version is no longer a draft: its rules never change.")])
    return locked


def _check_fingerprint(rule: Rule | None, version: InstrumentVersion, seen: str) -> Rule | None:
    if rule is None:
        return None
    current = Rule.objects.select_for_update().filter(pk=rule.pk, version=version).first()
    if current is None:
        raise RuleConflict([_("Someone else deleted this rule since you opened it. Nothing was saved.")])
    if seen != fingerprint(current, version.content):
        raise RuleConflict(
            [
                _(
                    "Someone else saved this rule since you opened it. Nothing was saved: open the "
                    "rule again to see their version, then make your change."
                )
            ]
        )
    return current


def _translated(
    translations_by_language: dict | None, old_id: str | None, new_id: str | None, reasons: Mapping[str, str]
) -> dict | None:
    """The version's translations with the rule's reasons (moved to its new id, or removed)."""
    if not translations_by_language:
        return translations_by_language
    out = copy.deepcopy(translations_by_language)
    for lang, texts in out.items():
        rules = texts.setdefault("rules", {})
        if old_id is not None:
            rules.pop(old_id, None)
        if new_id is not None and reasons.get(lang):
            rules[new_id] = {"reason": reasons[lang]}
    return out


def problems_of(content: dict[str, Any], index: int, before: list[ValidationError]) -> list[str]:
    """The problems the rule at ``index`` brings to the content: the errors at the rule and every
    error the content did not have before the change."""
    had = {(e.path, e.message) for e in before}
    prefix = f"$.rules[{index}]"
    out = []
    for error in validate_instrument_version(content, "draft"):
        at_rule = (
            error.path == prefix or error.path.startswith(prefix + ".") or error.path.startswith(prefix + "[")
        )
        if at_rule or (error.path, error.message) not in had:
            where = error.path.replace(prefix, _("the rule"), 1) if at_rule else error.path
            out.append(f"{where}: {error.message}")
    return out


def check_rule(
    version: InstrumentVersion, rule: Mapping[str, Any], reasons: Mapping[str, str], *, replacing: Rule | None
) -> list[str]:
    """The problems of the draft with ``rule`` in place of ``replacing`` (or added at the end)."""
    content = export_content(version)
    before = validate_instrument_version(content, "draft")
    after = copy.deepcopy(content)
    ids = [r["id"] for r in after["rules"]]
    if replacing is not None and replacing.rule_id in ids:
        index = ids.index(replacing.rule_id)
        after["rules"][index] = dict(rule)
    else:
        index = len(after["rules"])
        after["rules"].append(dict(rule))
    if "translations" in after:
        after["translations"] = _translated(
            after["translations"], replacing.rule_id if replacing else None, rule.get("id"), reasons
        )
    return problems_of(after, index, before)


@transaction.atomic
def save_rule(
    *,
    request: AuthenticatedRequest,
    version: InstrumentVersion,
    rule: Rule | None,
    data: Mapping[str, Any],
    reasons: Mapping[str, str],
    seen: str = "",
) -> Rule:
    """Add a rule to the draft (``rule`` None) or change it; RuleRefused with the problems."""
    version = _locked_draft(version)
    current = _check_fingerprint(rule, version, seen)
    problems = check_rule(version, data, reasons, replacing=current)
    if problems:
        raise RuleRefused(problems)
    old_id = current.rule_id if current else None
    if current is None:
        position = (version.rules.aggregate(n=Max("position"))["n"] or 0) + 1
        current = Rule(version=version, position=position)
    current.rule_id = data["id"]
    current.level = data["level"]
    current.reason = data["reason"]
    current.when = data["when"]
    for key in ("identifies", "trafficking_types", "flags", "guidance"):
        setattr(current, key, data.get(key))
    current.save()
    if version.translations:
        version.translations = _translated(version.translations, old_id, current.rule_id, reasons)
        version.save(update_fields=["translations"])
    summary = (_("Rule %(id)s changed") if old_id else _("Rule %(id)s added")) % {"id": current.rule_id}
    lifecycle.record_draft_change(
        version,
        user=request.user,
        request=request,
        summary=summary,
        detail={"event": "rule_changed" if old_id else "rule_added", "rule": current.rule_id},
    )
    return current


@transaction.atomic
def delete_rule(*, request: AuthenticatedRequest, version: InstrumentVersion, rule: Rule, seen: str) -> None:
    version = _locked_draft(version)
    current = _check_fingerprint(rule, version, seen)
    assert current is not None
    current.delete()
    if version.translations:
        version.translations = _translated(version.translations, current.rule_id, None, {})
        version.save(update_fields=["translations"])
    lifecycle.record_draft_change(
        version,
        user=request.user,
        request=request,
        summary=_("Rule %(id)s deleted") % {"id": current.rule_id},
        detail={"event": "rule_deleted", "rule": current.rule_id},
    )


@transaction.atomic
def move_rule(
    *, request: AuthenticatedRequest, version: InstrumentVersion, rule: Rule, direction: str
) -> bool:
    """Move the rule one place up or down; False when it is already first or last. Every rule's
    position is written again (1, 2, 3 ...), so rules with equal positions get a stable order."""
    version = _locked_draft(version)
    rules = list(version.rules.select_for_update().order_by("position", "id"))
    index = next((i for i, r in enumerate(rules) if r.pk == rule.pk), None)
    if index is None:
        raise RuleConflict([_("Someone else deleted this rule since you opened the page.")])
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(rules):
        return False
    rules[index], rules[other] = rules[other], rules[index]
    for position, each in enumerate(rules, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    lifecycle.record_draft_change(
        version,
        user=request.user,
        request=request,
        summary=_("Rule %(id)s moved %(direction)s")
        % {"id": rule.rule_id, "direction": _("up") if direction == "up" else _("down")},
        detail={"event": f"rule_moved_{direction}", "rule": rule.rule_id},
    )
    return True
