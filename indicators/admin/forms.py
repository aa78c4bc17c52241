"""The forms, fields and widgets of the instrument library's admin pages."""

from __future__ import annotations

import json

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..engine import CONTEXTS, DEADLINE_KEYS
from ..models import InstrumentVersion, Item, Jurisdiction
from ..schema import JURISDICTION_FORMAT, validate_jurisdiction

# Far above any real rule, scale or list of vignettes, far below what strains the server: deeper
# nesting makes the JSON parser recurse until Python refuses (a server error, not a message).
MAX_JSON_CHARACTERS = 200_000
MAX_JSON_DEPTH = 40


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, without parsing it (brackets inside
    strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def json_too_large(value) -> str | None:
    """Why ``value`` (JSON as typed) is refused before parsing, or None."""
    if not isinstance(value, str):
        return None
    if len(value) > MAX_JSON_CHARACTERS:
        return _("This JSON is %(n)s characters long; at most %(max)s are accepted.") % {
            "n": f"{len(value):,}",
            "max": f"{MAX_JSON_CHARACTERS:,}",
        }
    if json_depth(value) > MAX_JSON_DEPTH:
        return _("This JSON nests lists and objects more than %(max)s levels deep; simplify it.") % {
            "max": MAX_JSON_DEPTH
        }
    return None


class PrettyJSONField(forms.JSONField):
    """JSON shown indented, so a rule's condition or a list of vignettes can be read and edited.
    Too long or too deeply nested JSON is refused with a message before it is parsed."""

    def to_python(self, value):
        problem = json_too_large(value)
        if problem:
            raise forms.ValidationError(problem, code="too_large")
        return super().to_python(value)

    def bound_data(self, data, initial):
        if json_too_large(data):
            return forms.fields.InvalidJSONInput(data)  # shown back as typed, not parsed
        return super().bound_data(data, initial)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value is None:
            return ""  # empty = absent from the content
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


def json_overrides(rows: int = 6, cols: int = 90, text_rows: int = 3):
    """Indented JSON editors, and text areas sized for a sentence or two rather than a page."""
    return {
        models.JSONField: {
            "form_class": PrettyJSONField,
            "widget": forms.Textarea(
                attrs={"rows": rows, "cols": cols, "class": "vLargeTextField", "spellcheck": "false"}
            ),
        },
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": text_rows, "cols": 90, "class": "vLargeTextField"})
        },
    }


class OptionalBooleanSelect(forms.NullBooleanSelect):
    """Yes / No / not set: "not set" leaves the key out of the content (it reads as No)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (
            ("unknown", gettext_lazy("— (not set: no)")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        )


DEFAULT_SCALES = {
    "yes_no_unknown": {
        "description": "Unknown means not known yet; it is never treated as Yes or as No.",
        "options": [
            {"value": "yes", "label": "Yes"},
            {"value": "no", "label": "No"},
            {"value": "unknown", "label": "Unknown"},
        ],
    }
}


class VersionAddForm(forms.ModelForm):
    class Meta:
        model = InstrumentVersion
        fields = (
            "instrument",
            "format",
            "change_note",
            "ages",
            "not_completed",
            "answer_scales",
            "vignettes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].required = False  # omitted: the model's default, format 1

    def clean_format(self):
        return self.cleaned_data.get("format") or InstrumentVersion._meta.get_field("format").default


class ItemFormSet(forms.BaseInlineFormSet):
    """Item codes are unique in the whole version, not only in the section."""

    def clean(self):
        super().clean()
        section = self.instance
        if section is None or section.pk is None:
            return
        elsewhere = set(
            Item.objects.filter(version_id=section.version_id)
            .exclude(section=section)
            .values_list("code", flat=True)
        )
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            code = form.cleaned_data.get("code")
            if not code:
                continue
            if code in elsewhere or code in seen:
                form.add_error(
                    "code", _('Item code "%(code)s" is already used in this version.') % {"code": code}
                )
            seen.add(code)


class JurisdictionForm(forms.ModelForm):
    """A jurisdiction takes effect at once (it is not versioned), so it is checked against the schema
    before it is saved: a malformed mandated report would otherwise reach every screening's outcome.
    Blank reports or definitions mean none (the columns hold an empty list / object, never null).
    """

    class Meta:
        model = Jurisdiction
        fields = ("legal_definitions", "mandated_reports")  # the admin adds its fieldsets' fields

    def clean_legal_definitions(self):
        value = self.cleaned_data.get("legal_definitions")
        return {} if value is None else value

    def clean_mandated_reports(self):
        value = self.cleaned_data.get("mandated_reports")
        return [] if value is None else value

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the fields' own errors first
        value = lambda name: cleaned[name] if name in cleaned else getattr(self.instance, name)  # noqa: E731
        data = {
            "format": JURISDICTION_FORMAT,
            "slug": value("slug"),
            "name": value("name"),
            "deadlines_hours": {key: value(key) for key in DEADLINE_KEYS},
            "oldest_age_served": value("oldest_age_served"),
            "legal_definitions": value("legal_definitions"),
            "mandated_reports": value("mandated_reports"),
            # The inline below edits the contexts; errors about them are left out.
            "contexts": self.instance.contexts_map() if self.instance.pk else {c: [] for c in CONTEXTS},
        }
        for key in ("description", "source"):
            if value(key) is not None:
                data[key] = value(key)
        for error in validate_jurisdiction(data, value("slug") or "jurisdiction"):
            field = _jurisdiction_field(error.path)
            if field in self.fields:
                self.add_error(field, f"{error.path}: {error.message}")
            elif field is not None:
                self.add_error(None, f"{error.path}: {error.message}")
        return cleaned


def _jurisdiction_field(path: str) -> str | None:
    """The form field a schema error's JSON path is about (None: the contexts, checked elsewhere)."""
    parts = path.replace("[", ".").split(".")
    if len(parts) < 2:
        return ""  # the whole jurisdiction: a form-wide error
    if parts[1] == "contexts":
        return None
    if parts[1] == "deadlines_hours" and len(parts) > 2:
        return parts[2]
    return parts[1]
