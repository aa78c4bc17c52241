"""The draft editor's forms of a version's answer scales and guidance actions (answers and
contacts as rows of fields, never JSON)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import GuidanceAction, InstrumentVersion
from indicators.models.choices import DEADLINE_CHOICES, PRIORITY_CHOICES

from .editor_forms import LOWER_CODE, LOWER_MESSAGE, SCALE_NAME, TokenForm, optional
from .editor_languages import LanguagesMixin, given_texts

OPTION_ROWS = 3  # blank answer rows offered below a scale's answers
CONTACT_ROWS = 2  # blank contact rows offered below an action's contacts
CONTACT_KEYS = ("name", "phone", "text", "url", "note")
TRANSLATED_CONTACT_KEYS = ("name", "note")  # a contact's texts (the others are numbers, addresses)


def contact_text(entry: dict[str, Any], n: int, key: str) -> str:
    """The text ``key`` of contact ``n`` in a guidance action's translation ("" when absent)."""
    contacts = entry.get("contacts") or []
    contact = contacts[n] if n < len(contacts) and isinstance(contacts[n], dict) else {}
    return contact.get(key) or ""


class ScaleForm(LanguagesMixin, TokenForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, version: InstrumentVersion, name: str | None = None, **kwargs):
        self.version, self.old_name = version, name
        scale = (version.answer_scales or {}).get(name) if name else None
        options = (scale or {}).get("options", [])
        initial: dict[str, Any] = {}
        if scale is not None:
            initial = {"name": name, "description": scale.get("description", "")}
            for i, option in enumerate(options):
                initial[f"value_{i}"] = option.get("value")
                initial[f"label_{i}"] = option.get("label")
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.rows = len(options) + OPTION_ROWS
        for i in range(self.rows):
            self.fields[f"value_{i}"] = forms.CharField(
                label=_("Answer %(n)s: value") % {"n": i + 1}, required=False, max_length=60
            )
            self.fields[f"label_{i}"] = forms.CharField(
                label=_("Answer %(n)s: label") % {"n": i + 1}, required=False, max_length=255
            )
        self.start_languages(version)
        texts = given_texts(version, "answer_scales", name)
        self.add_for(texts, "description")
        for i in range(self.rows):
            value = options[i].get("value") if i < len(options) else None
            labels = {lang: (entry.get("options") or {}).get(value) for lang, entry in texts.items()}
            self.add_in_languages(f"label_{i}", self.fields[f"label_{i}"].label, labels, max_length=255)

    def option_rows(self):
        """Each answer's value, label and label in each other language."""
        return [
            (self[f"value_{i}"], self[f"label_{i}"], self.in_languages.get(f"label_{i}", []))
            for i in range(self.rows)
        ]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not SCALE_NAME.match(name):
            raise forms.ValidationError(
                _(
                    "Use lowercase letters, digits and underscores, starting with a letter, "
                    'e.g. "yes_no_unknown".'
                )
            )
        if name != self.old_name and name in (self.version.answer_scales or {}):
            raise forms.ValidationError(_("Another answer scale of this draft has this name."))
        return name

    def clean(self):
        cleaned = super().clean() or {}
        self.check_in_languages(cleaned)
        options, seen = [], set()
        self.option_texts: list[tuple[str, str]] = []
        for i in range(self.rows):
            value = (cleaned.get(f"value_{i}") or "").strip()
            label = (cleaned.get(f"label_{i}") or "").strip()
            if not value and not label:
                continue
            if not value or not label:
                self.add_error(
                    f"value_{i}" if not value else f"label_{i}", _("Give each answer a value and a label.")
                )
                continue
            if not LOWER_CODE.match(value):
                self.add_error(
                    f"value_{i}", _('Use lowercase letters, digits, "-" or "_", e.g. "yes" or "2".')
                )
                continue
            if value in seen:
                self.add_error(f"value_{i}", _("Each answer of a scale has its own value."))
                continue
            seen.add(value)
            options.append({"value": value, "label": label})
            self.option_texts.append((value, f"label_{i}"))
        if not options and not self.errors:
            raise forms.ValidationError(_("A scale needs at least one answer."))
        self.options = options
        return cleaned

    def scale(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        description = optional(self.cleaned_data["description"])
        if description:
            out["description"] = description
        out["options"] = self.options
        return out

    def texts(self) -> dict[str, dict[str, Any]]:
        """The scale's description and answers' labels in each other language."""
        out = self.simple_texts(["description"])
        for language, entry in out.items():
            entry["options"] = {value: self.text_in(base, language) for value, base in self.option_texts}
        return out


CONTINUES_CHOICES = [("", _("Not set (no)")), ("yes", _("Yes")), ("no", _("No"))]


class GuidanceForm(LanguagesMixin, TokenForm):
    code = forms.CharField(label=_("Code"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Steps"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.ChoiceField(label=_("Priority"), choices=PRIORITY_CHOICES)
    deadline = forms.ChoiceField(
        label=_("The jurisdiction's deadline it follows"),
        required=False,
        choices=[("", _("None"))] + list(DEADLINE_CHOICES),
    )
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False)
    continues_screening = forms.ChoiceField(
        label=_("Continues the screening (kept when questioning stops)"),
        required=False,
        choices=CONTINUES_CHOICES,
    )

    def __init__(self, *args, version: InstrumentVersion, action: GuidanceAction | None = None, **kwargs):
        self.version, self.action = version, action
        contacts = (action.contacts if action is not None else None) or []
        if action is not None:
            initial: dict[str, Any] = {
                "code": action.code,
                "title": action.title,
                "description": action.description,
                "priority": action.priority,
                "deadline": action.deadline or "",
                "mandatory": action.mandatory,
                "continues_screening": {True: "yes", False: "no", None: ""}[action.continues_screening],
            }
            for i, contact in enumerate(contacts):
                for key in CONTACT_KEYS:
                    initial[f"contact_{key}_{i}"] = contact.get(key, "")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.rows = len(contacts) + CONTACT_ROWS
        words = {
            "name": _("Contact %(n)s: name"),
            "phone": _("Contact %(n)s: phone"),
            "text": _("Contact %(n)s: text message number"),
            "url": _("Contact %(n)s: web address"),
            "note": _("Contact %(n)s: note"),
        }
        for i in range(self.rows):
            for key, label in words.items():
                self.fields[f"contact_{key}_{i}"] = forms.CharField(
                    label=label % {"n": i + 1}, required=False, max_length=500
                )
        self.start_languages(version)
        texts = given_texts(version, "guidance", action.code if action is not None else None)
        self.add_for(texts, "title", "description")
        for i in range(self.rows):
            for key in TRANSLATED_CONTACT_KEYS:
                given = {lang: contact_text(entry, i, key) for lang, entry in texts.items()}
                base = f"contact_{key}_{i}"
                self.add_in_languages(base, self.fields[base].label, given, max_length=500)

    def contact_rows(self):
        """Each contact's fields, then its name and note in each other language."""
        return [
            [self[f"contact_{key}_{i}"] for key in CONTACT_KEYS]
            + [f for key in TRANSLATED_CONTACT_KEYS for f in self.in_languages.get(f"contact_{key}_{i}", [])]
            for i in range(self.rows)
        ]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not LOWER_CODE.match(code):
            raise forms.ValidationError(LOWER_MESSAGE)
        taken = GuidanceAction.objects.filter(version=self.version, code=code)
        if self.action is not None:
            taken = taken.exclude(pk=self.action.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another guidance action of this draft has this code."))
        return code

    def clean(self):
        cleaned = super().clean() or {}
        self.check_in_languages(cleaned)
        contacts = []
        self.contact_numbers: list[int] = []
        for i in range(self.rows):
            contact = {key: (cleaned.get(f"contact_{key}_{i}") or "").strip() for key in CONTACT_KEYS}
            if not any(contact.values()):
                continue
            if not contact["name"]:
                self.add_error(f"contact_name_{i}", _("Give the contact a name."))
                continue
            contacts.append({k: v for k, v in contact.items() if v})
            self.contact_numbers.append(i)
        self.contacts = contacts
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "priority": data["priority"],
            "deadline": data["deadline"] or None,
            "mandatory": data["mandatory"],
            "continues_screening": {"yes": True, "no": False}.get(data["continues_screening"]),
            "contacts": self.contacts or None,
        }

    def texts(self) -> dict[str, dict[str, Any]]:
        """The action's title, steps and contacts' names and notes in each other language."""
        out = self.simple_texts(["title", "description"])
        for language, entry in out.items():
            contacts = []
            for i in self.contact_numbers:
                contact = {}
                for key in TRANSLATED_CONTACT_KEYS:
                    if (self.cleaned_data.get(f"contact_{key}_{i}") or "").strip():
                        contact[key] = self.text_in(f"contact_{key}_{i}", language)
                contacts.append(contact)
            if contacts:
                entry["contacts"] = contacts
        return out
