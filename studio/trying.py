"""Preview and try: a version's form as a caseworker gets it, and answers scored by the engine,
with nothing saved (issue 18, item 3).

The form is screening's own (screening.forms.AnswersForm and templates/screening/_item_row.html)
on a Screening built in memory and never saved: the version, the context, the youth's age and the
language are all a screening needs to present its items. Answers are scored as a submission does
(screening.services.answering.score_answers) and the outcome computed over that one tier, under
the agency's jurisdiction when it is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cases import policy
from indicators import engine, translations
from indicators.models import CONTEXT_CHOICES, InstrumentVersion
from screening.forms import AnswersForm
from screening.models import Screening
from screening.services.answering import score_answers
from screening.services.errors import ScreeningError
from screening.services.jurisdiction import current_jurisdiction

from .history import readable

DEFAULT_CONTEXT = "general"
# The age a preview opens with, when the version serves it (a youth of the age most screened).
DEFAULT_AGE = 15


def ages_served(version: InstrumentVersion) -> tuple[int, int]:
    """The youngest and oldest ages the version is used with (its ``ages``, within the agency's)."""
    ages = version.content.get("ages") or {}
    oldest = policy.oldest_age_served()
    low = ages.get("min", 0)
    high = min(ages.get("max", oldest), oldest)
    return low, max(low, high)


def context_choices(version: InstrumentVersion) -> list[tuple[str, Any]]:
    """Every screening context, each naming the sections the version adds for it (their titles in
    the reader's language when the version has it)."""
    tailored: dict[str, list[str]] = {}
    content, _language = readable(version)
    for section in content.get("sections", []):
        for context in section.get("contexts") or []:
            tailored.setdefault(context, []).append(section.get("title", section.get("code", "")))
    choices: list[tuple[str, Any]] = []
    for code, label in CONTEXT_CHOICES:
        if tailored.get(code):
            words = _("%(context)s (adds: %(sections)s)") % {
                "context": label,
                "sections": ", ".join(tailored[code]),
            }
            choices.append((code, words))
        else:
            choices.append((code, label))
    return choices


class PreviewForm(forms.Form):
    """What the preview shows: the context, the youth's age and the language of the questions."""

    # The fields follow the version (its contexts' sections, its ages, its languages): made in
    # __init__, in this order.
    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        low, high = ages_served(version)
        message = _("Enter an age from %(low)s to %(high)s: the ages this version is used with.") % {
            "low": low,
            "high": high,
        }
        names = translations.SELF_NAMES
        self.fields["context"] = forms.ChoiceField(
            label=_("Screening context"),
            choices=context_choices(version),
            error_messages={"invalid_choice": _("Choose one of the screening contexts listed.")},
        )
        self.fields["age"] = forms.IntegerField(
            label=_("Age of the youth"),
            min_value=low,
            max_value=high,
            error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "required"), message),
            widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
        )
        self.fields["age"].help_text = _("From %(low)s to %(high)s.") % {"low": low, "high": high}
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the questions"),
            choices=[(code, names.get(code, code)) for code in translations.languages(version.content)],
            error_messages={
                "invalid_choice": _(
                    "This version has no text in that language: choose one of the languages listed."
                )
            },
        )
        established = established_choices(version)
        if established:
            # A Tier 2 version's items an earlier tier may establish (their ``established_by``): the
            # try panel, like the vignettes, can take them as the Tier 1 screen would give them.
            self.fields["established"] = forms.MultipleChoiceField(
                label=_("Established by the earlier tier"),
                choices=established,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _("Choose items of this version that an earlier tier establishes.")
                },
            )
            self.initial.setdefault("established", [])
        self.initial.setdefault("context", DEFAULT_CONTEXT)
        self.initial.setdefault("age", min(max(DEFAULT_AGE, low), high))
        self.initial.setdefault("language", translations.languages(version.content)[0])

    def choice(self) -> dict[str, Any] | None:
        """The context, age and language asked for (the defaults when nothing was asked), or
        None when what was asked is not valid."""
        if not self.is_bound:
            return {name: self.initial[name] for name in self.fields}
        if not self.is_valid():
            return None
        return dict(self.cleaned_data)


def established_choices(version: InstrumentVersion) -> list[tuple[str, str]]:
    """(code, words) of the version's items an earlier tier may establish."""
    content, _language = readable(version)
    return [
        (item["code"], f"{item['code']} · {item.get('text', '')}")
        for section in content.get("sections", [])
        for item in section.get("items", [])
        if item.get("established_by")
    ]


def established_of(screening: Screening, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The items of ``codes`` the earlier tier established, as a screening records them (their
    answer and the earlier items), among those the screening presents; others are left out."""
    wanted = set(codes)
    presented = set(screening.presented_codes() or ())
    out: dict[str, dict[str, Any]] = {}
    for section in screening.content.get("sections", []):
        for item in section.get("items", []):
            spec = item.get("established_by")
            if spec and item["code"] in wanted and item["code"] in presented:
                out[item["code"]] = {"answer": spec.get("answer", "yes"), "from": list(spec.get("items", []))}
    return out


def preview_screening(
    version: InstrumentVersion, *, context: str, age: int, language: str, established: Iterable[str] = ()
) -> Screening:
    """A screening of ``version`` in memory, never saved: what the caseworker's form is built from
    (with the items an earlier tier established, when asked)."""
    screening = Screening(instrument_version=version, context=context, youth_age=age, language=language)
    if established:
        screening.established = established_of(screening, established)
    return screening


def answers_form(screening: Screening, data=None) -> AnswersForm:
    """The caseworker's form, its texts in the preview's language (as a caseworker reading in it
    gets them)."""
    with translation.override(screening.language):
        form = AnswersForm(data, screening=screening)
        if data is not None:
            form.is_valid()
        form.bound_sections()
    return form


@dataclass
class Tried:
    """What a try gives: the tier's result and the screening's outcome over it."""

    result: engine.ScoreResult
    outcome: engine.Outcome
    answered: int

    @property
    def identifies(self) -> tuple[str, ...]:
        return self.outcome.identifies

    @property
    def stop(self) -> bool:
        return self.outcome.stop


def jurisdiction_setting(screening: Screening) -> tuple[dict | None, dict | None]:
    """(the jurisdiction's profile, the content of the interview that would follow) as a
    screening in this context gets them; (None, None) when no jurisdiction is loaded."""
    try:
        jurisdiction = current_jurisdiction()
    except ScreeningError:
        return None, None
    next_tier = None
    if screening.instrument_version.instrument.tier < 2:
        for version in jurisdiction.versions_for(screening.context):
            if version.instrument.tier > screening.instrument_version.instrument.tier:
                next_tier = version.content
                break
    return jurisdiction.profile(), next_tier


def score(screening: Screening, answers: dict[str, str]) -> Tried:
    """Score ``answers`` as a submission would, and the outcome over this one tier. Nothing is
    saved. Raises engine.AnswerError for answers that do not fit the version."""
    answers = {**answers, **{code: e["answer"] for code, e in screening.established.items()}}
    result = score_answers(screening, answers)
    profile, next_tier = jurisdiction_setting(screening)
    outcome = engine.outcome(
        [engine.Tier(screening.content, result)],
        age=screening.youth_age,
        profile=profile,
        next_tier=next_tier,
    )
    return Tried(result, outcome, answered=len(result.answers))
