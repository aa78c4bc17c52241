"""The vignette form: what an administrator writes of a vignette (id, description, age, context,
the expected level, flags and outcome) and its answers as a form of the version's items, each with
its own answer scale (never JSON).

The parts of a vignette the form does not show (its source, the earlier tier it ``follows``, the
``interview`` that would follow, the expected outcome's other keys) are kept as they are.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from indicators import engine
from indicators.levels import Level
from indicators.models import CONTEXT_CHOICES, InstrumentVersion

from .history import readable
from .vignettes import RESERVED_IDS, score_vignette

NEXT_STEP_CHOICES = [
    ("", _("(not checked)")),
    ("stop", _("Stop the questions")),
    ("offer_again", _("Offer the interview again")),
    ("interview", _("The in-depth interview")),
    ("forensic_interview", _("A forensic interview")),
    ("gather_information", _("Gather information")),
    ("follow_guidance", _("Follow the guidance")),
    ("observe", _("Observe")),
]
YES_NO_CHOICES = [("", _("(not checked)")), ("yes", _("Yes")), ("no", _("No"))]
ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
# The expected outcome's keys the form edits; the others are kept.
OUTCOME_KEYS = ("next_step", "stop", "identified", "actions_include")


class VignetteForm(forms.Form):
    vignette_id = forms.CharField(
        label=_("Id"),
        max_length=60,
        help_text=_('Lowercase letters, digits and single hyphens, e.g. "return-with-disclosure".'),
        validators=[
            RegexValidator(
                ID_PATTERN,
                _('Use lowercase letters, digits and single hyphens or underscores, e.g. "any-indicator".'),
            )
        ],
        error_messages={"required": _("Give the vignette an id.")},
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Describe the vignette: the youth and what the answers stand for.")},
    )
    context = forms.ChoiceField(label=_("Screening context"), required=False)
    age = forms.IntegerField(
        label=_("Age of the youth"),
        required=False,
        min_value=0,
        max_value=30,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("An age is a whole number of years from 0 to 30.")
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 30}),
    )
    expected_level = forms.ChoiceField(
        label=_("Expected level"),
        choices=Level.choices,
        error_messages={"required": _("Choose the level the vignette expects.")},
    )
    check_flags = forms.BooleanField(label=_("Check the flags exactly"), required=False, initial=True)
    expected_flags = forms.MultipleChoiceField(
        label=_("Expected flags"),
        required=False,
        choices=[(f, f) for f in engine.FLAGS],
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.ChoiceField(label=_("Expected next step"), choices=NEXT_STEP_CHOICES, required=False)
    stop = forms.ChoiceField(label=_("The questions stop"), choices=YES_NO_CHOICES, required=False)
    identified = forms.ChoiceField(label=_("Identification fact"), choices=YES_NO_CHOICES, required=False)
    actions_include = forms.MultipleChoiceField(
        label=_("Guidance actions on the checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )
    established = forms.MultipleChoiceField(
        label=_("Established by the earlier tier"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, version: InstrumentVersion, vignette: dict[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.vignette = vignette or {}
        content, self.content_language = readable(version)
        self.fields["context"].choices = [("", _("Every context"))] + list(CONTEXT_CHOICES)
        self.fields["actions_include"].choices = [
            (g["code"], f"{g['code']}: {g.get('title', '')}") for g in content.get("guidance", [])
        ]
        scales = content.get("answer_scales", {})
        self.answer_blocks: list[tuple[str, list[str]]] = []
        established = []
        for section in content.get("sections", []):
            names = []
            for item in section.get("items", []):
                options = [
                    (o["value"], o["label"]) for o in scales.get(item.get("scale"), {}).get("options", [])
                ]
                name = f"a_{item['code']}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{item['code']} · {item.get('text', '')}",
                    choices=[("", _("(no answer)"))] + options,
                    required=False,
                    error_messages={"invalid_choice": _("Choose an answer on this item's scale.")},
                )
                names.append(name)
                if item.get("established_by"):
                    established.append((item["code"], item["code"]))
            self.answer_blocks.append((section.get("title", section.get("code", "")), names))
        self.fields["established"].choices = established
        if not established:
            del self.fields["established"]
        if vignette and not self.is_bound:
            self.initial.update(initial_of(vignette))
        for bound_field in self.fields.values():
            widget = bound_field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def answer_sections(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in self.answer_blocks]

    def clean_vignette_id(self) -> str:
        value = self.cleaned_data["vignette_id"]
        if value in RESERVED_IDS:
            raise forms.ValidationError(_("This id is a word of the studio's addresses: choose another id."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answers = self.answers()
        if self.is_bound and not answers and not self.errors:
            raise forms.ValidationError(_("Answer at least one item: a vignette scores its answers."))
        missing = [code for code in data.get("established") or () if code not in answers]
        if missing:
            self.add_error(
                "established",
                _("Give the answer the earlier tier established for: %(items)s.")
                % {"items": ", ".join(missing)},
            )
        return data

    def answers(self) -> dict[str, str]:
        return {
            name[2:]: value
            for name, value in (self.cleaned_data or {}).items()
            if name.startswith("a_") and value
        }

    def to_vignette(self) -> dict[str, Any]:
        """The vignette as the form says, the parts it does not show kept as they were."""
        data = self.cleaned_data
        old = self.vignette
        out: dict[str, Any] = {"id": data["vignette_id"], "description": data["description"].strip()}
        if data.get("age") is not None:
            out["age"] = data["age"]
        if data.get("context"):
            out["context"] = data["context"]
        for key in ("follows",):
            if key in old:
                out[key] = old[key]
        if data.get("established"):
            out["established"] = list(data["established"])
        out["answers"] = self.answers()
        if "interview" in old:
            out["interview"] = old["interview"]
        out["expected_level"] = data["expected_level"]
        if data.get("check_flags"):
            out["expected_flags"] = list(data.get("expected_flags") or [])
        outcome = {k: v for k, v in (old.get("expected_outcome") or {}).items() if k not in OUTCOME_KEYS}
        if data.get("next_step"):
            outcome["next_step"] = data["next_step"]
        for key in ("stop", "identified"):
            if data.get(key):
                outcome[key] = data[key] == "yes"
        if data.get("actions_include"):
            outcome["actions_include"] = list(data["actions_include"])
        if outcome:
            out["expected_outcome"] = outcome
        if "source" in old:
            out["source"] = old["source"]
        return out


def initial_of(vignette: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values for a vignette."""
    outcome = vignette.get("expected_outcome") or {}
    initial: dict[str, Any] = {
        "vignette_id": vignette.get("id", ""),
        "description": vignette.get("description", ""),
        "age": vignette.get("age"),
        "context": vignette.get("context", ""),
        "expected_level": vignette.get("expected_level"),
        "check_flags": "expected_flags" in vignette,
        "expected_flags": vignette.get("expected_flags") or [],
        "next_step": outcome.get("next_step", ""),
        "stop": {True: "yes", False: "no"}.get(outcome.get("stop"), ""),
        "identified": {True: "yes", False: "no"}.get(outcome.get("identified"), ""),
        "actions_include": outcome.get("actions_include") or [],
        "established": vignette.get("established") or [],
    }
    initial.update({f"a_{code}": value for code, value in (vignette.get("answers") or {}).items()})
    return initial


def proposed(
    version: InstrumentVersion,
    content: dict[str, Any],
    *,
    answers: dict[str, str],
    age: int | None,
    context: str | None,
    established: list[str],
) -> dict[str, Any]:
    """A vignette of answers just tried, with the outcome the engine gives them proposed as the
    expected one (the administrator names and describes it)."""
    vignette: dict[str, Any] = {"id": "", "description": "", "answers": answers}
    if age is not None:
        vignette["age"] = age
    if context:
        vignette["context"] = context
    if established:
        vignette["established"] = established
    result = score_vignette(content, vignette)
    outcome = engine.vignette_outcome(content, vignette)
    vignette["expected_level"] = result.level
    vignette["expected_flags"] = list(result.flags)
    expected: dict[str, Any] = {
        "next_step": outcome.next_step,
        "stop": outcome.stop,
        "identified": outcome.identified,
    }
    codes = [a.code for a in outcome.actions]
    if codes:
        expected["actions_include"] = codes
    vignette["expected_outcome"] = expected
    return vignette
