"""Forms of the screening workflow. The answers form is generated from the pinned version."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import LanguageSelect
from cases.forms import HiddenFieldErrorsShown
from indicators import translations
from indicators.engine import stop_answers
from indicators.levels import Level
from indicators.models import CONTEXT_CHOICES

from .models import ReviewDecision, Screening
from .presenters.results import from_record

RETURN = "return_from_missing"
# The hidden version of a page is missing or mangled: the page is out of date.
STALE_PAGE = {
    "required": _("This page is out of date: reload it and try again."),
    "invalid": _("This page is out of date: reload it and try again."),
}


class StartForm(forms.Form):
    context = forms.ChoiceField(
        label=_("Why are you screening now?"),
        choices=CONTEXT_CHOICES,
        widget=forms.RadioSelect,
        initial="general",
    )
    episode = forms.ModelChoiceField(
        label=_("Which return from missing?"),
        queryset=None,
        required=False,
        empty_label=_("Choose the episode"),
        help_text=_(
            "Needed for a return-from-missing screening: the questions about the time away refer to it."
        ),
    )
    version = forms.ChoiceField(label=_("Instrument"), widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Language of the interview"),
        required=False,
        widget=LanguageSelect,
        help_text=_(
            "The questions you ask the youth are shown in this language. It changes no answer or result."
        ),
    )

    def __init__(self, *args, case, versions_by_context: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.versions_by_context = versions_by_context
        self.fields["episode"].queryset = case.episodes.filter(returned_at__isnull=False).order_by(
            "-returned_at"
        )
        self.fields["episode"].label_from_instance = lambda e: (
            _("Returned %(returned)s (missing since %(went)s)")
            % {
                "returned": date_format(timezone.localtime(e.returned_at), "SHORT_DATETIME_FORMAT"),
                "went": date_format(timezone.localtime(e.went_missing_at), "SHORT_DATETIME_FORMAT"),
            }
        )
        seen, choices = set(), []
        for versions in versions_by_context.values():
            for v in versions:
                if v.pk not in seen:
                    seen.add(v.pk)
                    choices.append((str(v.pk), f"{v.instrument.name} (v{v.number})"))
        self.fields["version"].choices = choices
        if choices and not self.is_bound:
            self.fields["version"].initial = choices[0][0]
        # Every language one of the instruments offered has, each named in itself.
        offered = {
            code
            for versions in versions_by_context.values()
            for v in versions
            for code in translations.languages(v.content)
        }
        names = translations.SELF_NAMES
        self.fields["language"].choices = [(code, names.get(code, code)) for code in sorted(offered)]
        if not self.is_bound:
            youth = translations.language_code(case.primary_language)
            self.fields["language"].initial = youth if youth in offered else translations.BASE_LANGUAGE
        if len(offered) < 2:
            self.fields["language"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        context, episode, version_pk = data.get("context"), data.get("episode"), data.get("version")
        if context == RETURN and episode is None and "episode" not in self.errors:
            self.add_error(
                "episode",
                _(
                    "Choose the missing-from-care episode the youth returned from. "
                    "If it is not recorded yet, record the episode and its return first."
                ),
            )
        if context and context != RETURN:
            data["episode"] = None
        if context and version_pk:
            allowed = {str(v.pk): v for v in self.versions_by_context.get(context, [])}
            if version_pk not in allowed:
                self.add_error(
                    "version",
                    _("This instrument is not used for this context. Choose one of the instruments listed."),
                )
            else:
                data["version_obj"] = allowed[version_pk]
                language = data.get("language")
                if language and language not in translations.languages(allowed[version_pk].content):
                    self.add_error(
                        "language",
                        _("This instrument has no text in that language: choose another language."),
                    )
        return data


class AnswersForm(HiddenFieldErrorsShown, forms.Form):
    """One radio group and one note per presented item; answers are optional in a draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, screening: Screening, **kwargs):
        super().__init__(*args, **kwargs)
        self.screening = screening
        # The form in the reader's language; what is said to the youth in the interview's, with
        # the reader's beside it when the two differ.
        reader = translations.reader_language()
        asked = {item["code"]: item for s in screening.sections(screening.language) for item in s["items"]}
        scales = screening.content_in(reader).get("answer_scales", {})
        self.sections = []
        for section in screening.sections(reader):
            rows = []
            for item in section["items"]:
                code = item["code"]
                item = _with_phrasing(item, asked.get(code, item), screening.language, reader)
                options = [(o["value"], o["label"]) for o in scales[item["scale"]]["options"]]
                if code in screening.established:
                    # Established by the earlier tier: shown, never asked again.
                    answer = screening.established[code]["answer"]
                    rows.append(
                        {
                            "item": item,
                            "established": {
                                **screening.established[code],
                                "label": dict(options).get(answer, answer),
                            },
                        }
                    )
                    continue
                self.fields[f"a_{code}"] = forms.ChoiceField(
                    label=item["text"],
                    choices=options,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=screening.answers.get(code),
                    help_text=item.get("help", ""),
                )
                self.fields[f"n_{code}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=4000,
                    initial=screening.notes.get(code, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                rows.append(
                    {
                        "item": item,
                        "answer": f"a_{code}",
                        "note": f"n_{code}",
                        "prefilled": from_record(screening.prefilled.get(code)),
                    }
                )
            self.sections.append({"section": section, "rows": rows})
        if not self.is_bound:
            self.fields["version"].initial = screening.version
        self._bound: list[dict] | None = None

    def error_summary(self) -> str:
        """The errors in one line for the autosave status: which question, and what is wrong."""
        parts = []
        for name, errors in self.errors.items():
            message = " ".join(errors)
            field = self.fields.get(name)
            if field is None or field.widget.is_hidden:
                parts.append(message)
            elif name.startswith("n_"):
                item = self.fields[f"a_{name[2:]}"].label
                parts.append(_("Note on “%(item)s”: %(message)s") % {"item": item, "message": message})
            else:
                parts.append(f"{field.label}: {message}")
        return "; ".join(parts)

    def bound_sections(self) -> list[dict]:
        """The sections as shown: each item's fields and whether it has an answer (as posted, else
        as saved), the count answered, the neighbours (interview mode). Built once per form."""
        if self._bound is not None:
            return self._bound
        # Answers that end the interview at once (a disclosure), from the pinned version's rules.
        stops = stop_answers(self.screening.content)
        blocks: list[dict] = []
        for section in self.sections:
            rows = []
            for row in section["rows"]:
                if "established" in row:
                    rows.append(row)
                    continue
                answer = self[row["answer"]]
                rows.append(
                    {
                        "item": row["item"],
                        "answer": answer,
                        "note": self[row["note"]],
                        "prefilled": row["prefilled"],
                        "stop_on": stops.get(row["item"]["code"], []),
                        "answered": _has_answer(answer),
                    }
                )
            asked = [row for row in rows if "established" not in row]
            answered = sum(1 for row in asked if row["answered"])
            blocks.append(
                {"section": section["section"], "rows": rows, "total": len(asked), "answered": answered}
            )
        for number, block in enumerate(blocks, start=1):
            block["number"] = number
            block["previous"] = blocks[number - 2]["section"] if number > 1 else None
            block["next"] = blocks[number]["section"] if number < len(blocks) else None
        self._bound = blocks
        return blocks

    def progress(self) -> dict:
        """How many of the items asked have an answer, and the first that has none ("" if none)."""
        blocks = self.bound_sections()
        rows = (row for block in blocks for row in block["rows"] if "established" not in row)
        unanswered = (row["item"]["code"] for row in rows if not row["answered"])
        return {
            "answered": sum(block["answered"] for block in blocks),
            "total": sum(block["total"] for block in blocks),
            "first_unanswered": next(unanswered, ""),
        }

    def answers(self) -> dict:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("a_") and value
        }

    def notes(self) -> dict:
        return {
            name[2:]: value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("n_") and value and value.strip()
        }


def _with_phrasing(item: dict, asked: dict, language: str, reader: str) -> dict:
    """The item as the reader reads it, with the suggested phrasing in the interview's language
    (`phrasing_language`) and, when the reader reads another one, its meaning beside."""
    phrasing = asked.get("phrasing")
    beside = item.get("phrasing") if language != reader and item.get("phrasing") != phrasing else None
    return {**item, "phrasing": phrasing, "phrasing_language": language, "phrasing_beside": beside}


def _has_answer(field: forms.BoundField) -> bool:
    """The radio group holds one of its choices (as posted, else as saved)."""
    value = field.value()
    return value not in (None, "") and str(value) in {str(v) for v, _label in field.field.choices}


class SettingForm(forms.Form):
    """Before the first interview question (seeds 000 and 002)."""

    private = forms.BooleanField(
        label=_(
            "We are in a private setting: nobody who came with the youth, and no one they may "
            "fear, can hear us."
        ),
        error_messages={"required": _("Find a private setting before the interview.")},
    )
    confidentiality = forms.BooleanField(
        label=_("I explained what I must share and with whom (the limits of confidentiality)."),
        error_messages={"required": _("Explain the limits of confidentiality before the interview.")},
    )
    purpose = forms.BooleanField(
        label=_(
            "I told the youth why I am asking these questions, that they may skip any of them, "
            "and what happens next."
        ),
        error_messages={"required": _("Tell the youth why the questions are asked and what happens next.")},
    )
    interpreter = forms.ChoiceField(
        label=_("Interpreter"), choices=Screening.Interpreter.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if case.interpreter_needed:
            self.fields["interpreter"].help_text = _(
                "The case record says this youth needs an interpreter (%(language)s)."
            ) % {"language": case.primary_language or _("language not recorded")}

    def clean_interpreter(self):
        value = self.cleaned_data["interpreter"]
        if self.case.interpreter_needed and value != Screening.Interpreter.USED:
            raise forms.ValidationError(
                _(
                    "The case record says this youth needs an interpreter. Arrange "
                    "one before the interview (not a family member or the person "
                    "who brought the youth)."
                )
            )
        return value


class DeterminationForm(forms.Form):
    determination = forms.ChoiceField(
        label=_("Your determination"), choices=Screening.Determination.choices, widget=forms.RadioSelect
    )
    level = forms.ChoiceField(
        label=_("The level you determine"), choices=[("", "—"), *Level.choices], required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when your determination differs from the computed level."),
    )

    def __init__(self, *args, screening: Screening, **kwargs):
        super().__init__(*args, **kwargs)
        self.screening = screening
        # The level agreed with is the one that counts now (after a correction, the corrected one).
        self.computed_level = screening.effective_level
        if self.computed_level:
            computed = Level(self.computed_level).label
            self.fields["determination"].choices = [
                (
                    value,
                    _("I agree with the computed level (%(level)s)") % {"level": computed}
                    if value == Screening.Determination.AGREE
                    else label,
                )
                for value, label in Screening.Determination.choices
            ]

    def clean(self):
        data = super().clean()
        if data.get("determination") == Screening.Determination.DIFFER:
            level = data.get("level")
            if not level:
                self.add_error("level", _("Choose the level you determine."))
            elif level == self.computed_level:
                self.add_error(
                    "level", _("This is the computed level; choose “I agree” instead, or another level.")
                )
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why your determination differs from the computed level."))
        return data


class AddendumForm(forms.Form):
    body = forms.CharField(
        label=_("What is added or corrected, and why"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, screening: Screening, **kwargs):
        super().__init__(*args, **kwargs)
        self.screening = screening
        scales = screening.content_in(translations.reader_language()).get("answer_scales", {})
        current = screening.current_answers()
        self.correction_fields = []
        for item in screening.presented_items():
            labels = {o["value"]: o["label"] for o in scales[item["scale"]]["options"]}
            now = labels.get(current.get(item["code"]), _("not answered"))
            options = [("", _("(unchanged: %(answer)s)") % {"answer": now})] + list(labels.items())
            name = f"c_{item['code']}"
            self.fields[name] = forms.ChoiceField(label=item["text"], choices=options, required=False)
            self.correction_fields.append(name)

    def corrections(self) -> dict:
        return {
            name[2:]: self.cleaned_data[name]
            for name in self.correction_fields
            if self.cleaned_data.get(name)
        }


class DecisionForm(HiddenFieldErrorsShown, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the screening: say what more information is needed."),
    )
    round = forms.CharField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def clean(self):
        data = super().clean()
        if data.get("decision") == ReviewDecision.Decision.RETURN and not (data.get("comment") or "").strip():
            self.add_error(
                "comment", gettext("Say what more information is needed when you return a screening.")
            )
        return data


class ResponseForm(forms.Form):
    comment = forms.CharField(
        label=_("Your response"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your response to the supervisor's comment.")},
        help_text=_(
            "What you found out or did. Add an addendum to correct "
            "answers, and record actions on the checklist."
        ),
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(gettext("Write your response to the supervisor's comment."))
        return comment
