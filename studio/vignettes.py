"""A version's vignettes in the studio (issue 18, item 4): read them, run them all, and on a draft
add, edit and delete them.

A vignette is a worked example that must score as it says (indicators/schema.py check_vignettes;
the same check refuses to publish a draft whose vignettes fail). A draft's vignettes are a JSON
list on ``InstrumentVersion.vignettes``; every write here goes through the lifecycle
(``record_draft_change``) so the draft's content and checksum follow, with an audit event on the
version. A published or retired version never changes: its vignettes are read-only, but they can
be run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from indicators import engine
from indicators.exports import current_content
from indicators.lifecycle import record_draft_change
from indicators.models import DRAFT, InstrumentVersion
from indicators.schema import check_vignettes, validate_instrument_version

# Words of the studio's own pages under versions/<pk>/vignettes/: no vignette may take them as id.
RESERVED_IDS = frozenset({"new", "run", "from-try"})


class VignetteRefused(Exception):
    """The vignette cannot be saved (the version is not a draft, or the vignette does not fit it).
    Nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def vignettes_of(version: InstrumentVersion) -> list[dict[str, Any]]:
    """The version's vignettes, in order (a frozen version's from its frozen content)."""
    if version.status == DRAFT:
        return list(version.vignettes or [])
    return list(version.content.get("vignettes") or [])


def outcome_text(vignette: Mapping[str, Any]) -> str:
    """The expected outcome's keys and values on one line (codes, as the file has them)."""
    parts = []
    for key, value in (vignette.get("expected_outcome") or {}).items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def rows(version: InstrumentVersion) -> list[dict[str, Any]]:
    """The list's rows: each vignette with its expected outcome on one line."""
    return [{**v, "outcome_text": outcome_text(v)} for v in vignettes_of(version)]


def find(version: InstrumentVersion, vignette_id: str) -> dict[str, Any] | None:
    return next((v for v in vignettes_of(version) if v.get("id") == vignette_id), None)


# --------------------------------------------------------------------------- run


@dataclass
class Run:
    """One vignette run: passed or not, what it expected and what the engine gave, and the rules
    that fired with their reasons."""

    vignette: dict[str, Any]
    passed: bool
    actual_level: str | None = None
    actual_flags: tuple[str, ...] = ()
    fired_rules: tuple[engine.FiredRule, ...] = ()
    differences: tuple[str, ...] = ()
    error: str = ""

    @property
    def id(self) -> str:
        return str(self.vignette.get("id", ""))

    @property
    def expected_level(self) -> str:
        return str(self.vignette.get("expected_level", ""))

    @property
    def expected_flags(self) -> list[str] | None:
        return self.vignette.get("expected_flags")

    @property
    def missing_flags(self) -> list[str]:
        return [f for f in self.expected_flags or () if f not in self.actual_flags]

    @property
    def unexpected_flags(self) -> list[str]:
        if self.expected_flags is None:
            return []
        return [f for f in self.actual_flags if f not in self.expected_flags]


@dataclass
class RunReport:
    runs: list[Run] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.runs if r.passed)

    @property
    def failed(self) -> int:
        return len(self.runs) - self.passed


def score_vignette(content: Mapping[str, Any], vignette: Mapping[str, Any]) -> engine.ScoreResult:
    """The vignette's answers scored as check_vignettes scores them: at its age, on the items of
    its context, with the items the earlier tier established (``established``)."""
    age = vignette.get("age")
    return engine.score(
        content,
        vignette.get("answers") or {},
        items_presented=engine.items_shown(content, vignette.get("context"), age),
        age=age,
        established=vignette.get("established", ()),
    )


def run_all(version: InstrumentVersion) -> RunReport:
    """Every vignette of the version scored against the version as it stands (a draft's rows now)."""
    content = current_content(version)
    failures = {f.index: f for f in check_vignettes(content)}
    report = RunReport()
    for index, vignette in enumerate(content.get("vignettes") or []):
        failure = failures.get(index)
        try:
            result = score_vignette(content, vignette)
        except (engine.AnswerError, engine.ContentError, ValueError) as exc:
            report.runs.append(Run(vignette, passed=False, error=str(exc)))
            continue
        report.runs.append(
            Run(
                vignette,
                passed=failure is None,
                actual_level=result.level,
                actual_flags=tuple(result.flags),
                fired_rules=tuple(result.fired_rules),
                differences=tuple(failure.outcome_differences) if failure else (),
                error=(failure.error or "") if failure else "",
            )
        )
    return report


# --------------------------------------------------------------------------- writes


def problems_of(version: InstrumentVersion, vignettes: list[dict[str, Any]], index: int) -> list[str]:
    """What is wrong with ``vignettes[index]`` in the draft (the schema's checks of one vignette:
    its answers on the items' scales, shown in its context and at its age, its ids unique)."""
    content = dict(current_content(version))
    content["vignettes"] = vignettes
    where = f"$.vignettes[{index}]"
    return [
        f"{e.path[len(where) :].lstrip('.') or _('vignette')}: {e.message}"
        for e in validate_instrument_version(content, version.export_filename)
        if e.path == where or e.path.startswith(where + ".") or e.path.startswith(where + "[")
    ]


def _locked_draft(version: InstrumentVersion) -> InstrumentVersion:
    locked = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if locked.status != DRAFT:
        raise VignetteRefused(
            [
                _("Only a draft's vignettes change; %(version)s is %(status)s.")
                % {"version": locked, "status": locked.get_status_display()}
            ]
        )
    return locked


def _save(
    version: InstrumentVersion,
    vignettes: list[dict[str, Any]],
    *,
    request: HttpRequest | None,
    summary: str,
    detail: dict[str, Any],
) -> None:
    version.vignettes = vignettes or None
    version.save(update_fields=["vignettes"])
    record_draft_change(version, request=request, summary=summary, detail=detail)


@transaction.atomic
def add(version: InstrumentVersion, vignette: dict[str, Any], *, request: HttpRequest | None = None) -> None:
    """Append ``vignette`` to the draft, or raise VignetteRefused (nothing written)."""
    draft = _locked_draft(version)
    vignettes = list(draft.vignettes or [])
    if any(v.get("id") == vignette.get("id") for v in vignettes):
        raise VignetteRefused([_("This version already has a vignette with this id: choose another id.")])
    vignettes.append(vignette)
    problems = problems_of(draft, vignettes, len(vignettes) - 1)
    if problems:
        raise VignetteRefused(problems)
    _save(
        draft,
        vignettes,
        request=request,
        summary=_("Vignette %(id)s added") % {"id": vignette["id"]},
        detail={"event": "vignette_added", "vignette": vignette["id"]},
    )


@transaction.atomic
def edit(
    version: InstrumentVersion,
    vignette_id: str,
    vignette: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> None:
    """Replace the draft's vignette ``vignette_id`` with ``vignette``, or raise VignetteRefused."""
    draft = _locked_draft(version)
    vignettes = list(draft.vignettes or [])
    index = next((i for i, v in enumerate(vignettes) if v.get("id") == vignette_id), None)
    if index is None:
        raise VignetteRefused([_("This vignette is no longer in the draft.")])
    if vignette.get("id") != vignette_id and any(v.get("id") == vignette.get("id") for v in vignettes):
        raise VignetteRefused([_("This version already has a vignette with this id: choose another id.")])
    vignettes[index] = vignette
    problems = problems_of(draft, vignettes, index)
    if problems:
        raise VignetteRefused(problems)
    _save(
        draft,
        vignettes,
        request=request,
        summary=_("Vignette %(id)s changed") % {"id": vignette["id"]},
        detail={"event": "vignette_changed", "vignette": vignette["id"], "was": vignette_id},
    )


@transaction.atomic
def delete(version: InstrumentVersion, vignette_id: str, *, request: HttpRequest | None = None) -> None:
    draft = _locked_draft(version)
    vignettes = [v for v in draft.vignettes or [] if v.get("id") != vignette_id]
    if len(vignettes) == len(draft.vignettes or []):
        raise VignetteRefused([_("This vignette is no longer in the draft.")])
    _save(
        draft,
        vignettes,
        request=request,
        summary=_("Vignette %(id)s deleted") % {"id": vignette_id},
        detail={"event": "vignette_deleted", "vignette": vignette_id},
    )
