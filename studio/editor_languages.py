"""A bilingual draft's texts in its other languages, in the editor's forms (issue 18, item 1).

A version read in more than one language (``languages: ["en", "es"]``) keeps its other languages'
texts in ``translations``, keyed by code (indicators/translations.py). Each editor form of such a
draft shows, beside an English text, one field per other language ("Text in Español"), pre-filled
from ``translations``; a text given in English must be given in each of them. The texts are saved
into ``translations`` in the same transaction as the row (``put_texts``): a renamed code takes its
texts along, a deleted row takes them away (as the rule builder keeps a rule's reasons).

``missing`` lists what a draft still lacks before it can be published, each with the form that
gives it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import translations
from indicators.models import InstrumentVersion


def other_languages(version: InstrumentVersion) -> list[str]:
    """The languages the version is read in besides its own (English)."""
    return translations.languages({"languages": version.languages})[1:]


def language_name(language: str) -> str:
    return translations.SELF_NAMES.get(language, language)


def given_texts(version: InstrumentVersion, group: str, key: str | None) -> dict[str, dict[str, Any]]:
    """The texts of ``key`` in ``group`` ("items", "sections" ...) in each other language."""
    out: dict[str, dict[str, Any]] = {}
    for language in other_languages(version):
        texts = ((version.translations or {}).get(language) or {}).get(group) or {}
        entry = texts.get(key) if key is not None else None
        out[language] = entry if isinstance(entry, dict) else {}
    return out


def name_in(base: str, language: str) -> str:
    """The field of English field ``base`` in ``language``: ``text_es``; in a row of a list (a name
    ending in its row number), ``label_es_0``."""
    prefix, _sep, n = base.rpartition("_")
    if prefix and n.isdigit():
        return f"{prefix}_{language}_{n}"
    return f"{base}_{language}"


class LanguagesMixin:
    """Fields for a form's texts in the draft's other languages (``add_in_languages``), checked
    against the English ones (``check_in_languages``)."""

    def start_languages(self, version: InstrumentVersion) -> None:
        self.languages = other_languages(version)
        self.in_language_fields: dict[str, list[str]] = {}
        self.in_language_base: dict[str, tuple[str, str]] = {}

    def add_in_languages(
        self,
        base: str,
        label,
        initial: Mapping[str, str | None],
        *,
        max_length: int,
        textarea: bool = False,
    ) -> None:
        """One field per other language for the English field ``base`` (``initial``: its texts by
        language), named by ``name_in``."""
        form: Any = self
        for language in self.languages:
            name = name_in(base, language)
            attrs = {"lang": language}
            widget = forms.Textarea(attrs={"rows": 2, **attrs}) if textarea else forms.TextInput(attrs=attrs)
            form.fields[name] = forms.CharField(
                label=_("%(label)s in %(language)s") % {"label": label, "language": language_name(language)},
                required=False,
                max_length=max_length,
                widget=widget,
            )
            form.initial.setdefault(name, initial.get(language) or "")
            self.in_language_fields.setdefault(base, []).append(name)
            self.in_language_base[name] = (base, language)

    def add_for(self, texts: Mapping[str, Mapping[str, Any]], *bases: str) -> None:
        """The other languages' fields of the English fields ``bases`` (their labels, lengths and
        widgets), pre-filled from ``texts`` ({language: {base: text}}, as ``given_texts``)."""
        form: Any = self
        for base in bases:
            field = form.fields[base]
            self.add_in_languages(
                base,
                field.label,
                {language: entry.get(base) for language, entry in texts.items()},
                max_length=field.max_length,
                textarea=isinstance(field.widget, forms.Textarea),
            )

    @property
    def in_languages(self) -> dict[str, list]:
        """The bound fields beside each English field, for the template: ``form.in_languages.text``."""
        form: Any = self
        return {base: [form[name] for name in names] for base, names in self.in_language_fields.items()}

    def check_in_languages(self, cleaned: dict[str, Any]) -> None:
        """A text given in English is given in each other language too."""
        form: Any = self
        for name, (base, language) in self.in_language_base.items():
            if name not in cleaned or name in form.errors:
                continue
            cleaned[name] = (cleaned.get(name) or "").strip()
            if (cleaned.get(base) or "").strip() and not cleaned[name]:
                form.add_error(
                    name,
                    _("Write it in %(language)s too: the version is read in it.")
                    % {"language": language_name(language)},
                )

    def text_in(self, base: str, language: str) -> str:
        """The cleaned text of ``base`` in ``language`` ("" when absent)."""
        form: Any = self
        return (form.cleaned_data.get(name_in(base, language)) or "").strip()

    def simple_texts(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """{language: {key: text}} for the English fields ``keys`` that are given."""
        form: Any = self
        out: dict[str, dict[str, Any]] = {}
        for language in self.languages:
            out[language] = {
                key: self.text_in(key, language)
                for key in keys
                if (str(form.cleaned_data.get(key) or "")).strip() and self.text_in(key, language)
            }
        return out


def put_texts(
    version: InstrumentVersion,
    group: str,
    old: str | None,
    new: str | None,
    by_language: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """In the (locked) draft's ``translations``: the texts of ``old`` in ``group`` are removed and
    ``by_language`` is kept under ``new`` (None: the row is gone). Saved at once."""
    languages = other_languages(version)
    if not languages or (old is None and new is None):
        return
    out = copy.deepcopy(version.translations or {})
    for language in languages:
        texts = out.setdefault(language, {})
        if old is not None and old in (texts.get(group) or {}):
            texts[group].pop(old)
        entry = dict((by_language or {}).get(language) or {})
        if new is not None and entry:
            texts.setdefault(group, {})[new] = entry
    if out != (version.translations or {}):
        version.translations = out
        version.save(update_fields=["translations"])


def drop_texts(version: InstrumentVersion, group: str, keys: Iterable[str]) -> None:
    """The texts of the rows ``keys`` of ``group`` removed (the rows were deleted)."""
    for key in keys:
        put_texts(version, group, key, None)


# --------------------------------------------------------------------------- what is missing

FIELD_WORDS = {
    ("instrument", "name"): gettext_lazy("Name"),
    ("instrument", "purpose"): gettext_lazy("Purpose"),
    ("answer_scales", "description"): gettext_lazy("Description"),
    ("sections", "title"): gettext_lazy("Title"),
    ("sections", "intro"): gettext_lazy("Introduction"),
    ("items", "text"): gettext_lazy("Text"),
    ("items", "phrasing"): gettext_lazy("Suggested phrasing"),
    ("items", "help"): gettext_lazy("Help for the caseworker"),
    ("rules", "reason"): gettext_lazy("Reason"),
    ("guidance", "title"): gettext_lazy("Title"),
    ("guidance", "description"): gettext_lazy("Steps"),
}
GROUP_WORDS = {
    "instrument": gettext_lazy("The instrument"),
    "answer_scales": gettext_lazy("Answer scale %(code)s"),
    "sections": gettext_lazy("Section %(code)s"),
    "items": gettext_lazy("Item %(code)s"),
    "rules": gettext_lazy("Rule %(code)s"),
    "guidance": gettext_lazy("Guidance action %(code)s"),
}


def _lacks(own: dict[str, Any], given: Any) -> list[tuple[str, str, str]]:
    """(group, code, field name) of each of ``own``'s texts that ``given`` lacks."""
    out = []
    given = given if isinstance(given, dict) else {}
    for group, entries in own.items():
        have_group = given.get(group) if isinstance(given.get(group), dict) else {}
        pairs = [("", entries)] if group == "instrument" else list(entries.items())
        for code, entry in pairs:
            have = have_group if group == "instrument" else have_group.get(code)
            have = have if isinstance(have, dict) else {}
            for key, text in entry.items():
                if key == "options":
                    got = have.get("options") if isinstance(have.get("options"), dict) else {}
                    out += [(group, code, f"option:{v}") for v in text if not _text(got.get(v))]
                elif key == "contacts":
                    got_list = have.get("contacts") if isinstance(have.get("contacts"), list) else []
                    for n, contact in enumerate(text):
                        got = got_list[n] if n < len(got_list) and isinstance(got_list[n], dict) else {}
                        out += [(group, code, f"contact:{n}:{k}") for k in contact if not _text(got.get(k))]
                elif not _text(have.get(key)):
                    out.append((group, code, key))
    return out


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def missing(version: InstrumentVersion, sections: list, guidance: list) -> list[dict[str, str]]:
    """What the draft lacks before it can be published, in words, each with the address of the
    form that gives it: texts in its other languages, and sections without items.
    ``sections`` (each with its ``item_rows``) and ``guidance``: the editor's rows."""
    content = version.content or {}
    out: list[dict[str, str]] = []
    base = reverse("studio:editor", kwargs={"pk": version.pk})
    for section in sections:
        if not section.item_rows:
            out.append(
                {
                    "what": _("Section %(code)s has no items yet") % {"code": section.code},
                    "url": f"{base}item/?section={section.pk}",
                }
            )
    languages = translations.languages(content)[1:]
    if not languages:
        return out
    own = translations.texts(content)
    pks = {
        "sections": {s.code: s.pk for s in sections},
        "items": {i.code: i.pk for s in sections for i in s.item_rows},
        "guidance": {g.code: g.pk for g in guidance},
    }
    rule_pks: dict[str, int] | None = None
    for language in languages:
        given = (content.get("translations") or {}).get(language)
        for group, code, field in _lacks(own, given):
            if group == "rules" and rule_pks is None:
                rule_pks = dict(version.rules.values_list("rule_id", "pk"))
            out.append(
                {
                    "what": _("%(what)s: %(field)s in %(language)s")
                    % {
                        "what": GROUP_WORDS[group] % {"code": code},
                        "field": _field_words(group, field),
                        "language": language_name(language),
                    },
                    "url": _form_url(version, group, code, field, language, pks, rule_pks or {}),
                }
            )
    return out


def _field_words(group: str, field: str) -> str:
    if field.startswith("option:"):
        return _("Label of answer “%(value)s”") % {"value": field.split(":", 1)[1]}
    if field.startswith("contact:"):
        _kind, n, key = field.split(":")
        words = _("Contact %(n)s: name") if key == "name" else _("Contact %(n)s: note")
        return words % {"n": int(n) + 1}
    return str(FIELD_WORDS.get((group, field), field))


def _form_url(version, group, code, field, language, pks, rule_pks) -> str:
    """The form that gives the text, at its field ("" when the editor has none for it)."""
    base = reverse("studio:editor", kwargs={"pk": version.pk})
    if field.startswith("contact:"):
        _kind, n, key = field.split(":")
        anchor = f"id_contact_{key}_{language}_{n}"
    elif field.startswith("option:"):
        values = [o.get("value") for o in ((version.answer_scales or {}).get(code) or {}).get("options", [])]
        value = field.split(":", 1)[1]
        anchor = f"id_label_{language}_{values.index(value) if value in values else 0}"
    else:
        anchor = f"id_{field}_{language}"
    if group == "items" and code in pks["items"]:
        return f"{base}item/?item={pks['items'][code]}#{anchor}"
    if group == "sections" and code in pks["sections"]:
        return f"{base}section/?section={pks['sections'][code]}#{anchor}"
    if group == "guidance" and code in pks["guidance"]:
        return f"{base}guidance/?action={pks['guidance'][code]}#{anchor}"
    if group == "answer_scales":
        return f"{base}scale/?scale={code}#{anchor}"
    if group == "rules" and code in rule_pks:
        return reverse("studio:rule_edit", kwargs={"pk": version.pk, "rule_pk": rule_pks[code]})
    return ""
