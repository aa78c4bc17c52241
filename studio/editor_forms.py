"""The draft editor's forms: a version's own fields, a section, an item, an answer scale and a
guidance action as ordinary fields (no JSON typed anywhere). Each form checks what it can on its
own (codes, ages, points, sources); the whole draft is then checked by the fixture schema when it
is saved (studio/editor_services.py)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import InstrumentVersion, Item, Section
from indicators.models.choices import (
    CONTEXT_CHOICES,
    FORMAT_CHOICES,
    KIND_CHOICES,
    TRAFFICKING_TYPE_CHOICES,
)

from .editor_languages import LanguagesMixin, given_texts
from .sources import document_choices

ITEM_CODE = re.compile(r"^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$")
LOWER_CODE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SCALE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Answers that mean "not known": they never carry points (the schema's rule).
NOT_KNOWN = ("unknown", "declined")

CODE_MESSAGE = _('Use letters and digits separated by single "-", "_" or ".", at most 40 characters.')
LOWER_MESSAGE = _('Use lowercase letters and digits separated by single "-" or "_".')


class TokenForm(forms.Form):
    """The state of the draft the page was made from (its checksum), sent back with every save."""

    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


def age_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=30,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("Enter an age in whole years from 0 to 30.")
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 30}),
    )


class AgesMixin:
    """Two fields, youngest and oldest, for an ``ages`` range (empty: every age)."""

    def ages(self) -> dict[str, int] | None:
        low, high = self.cleaned_data.get("min_age"), self.cleaned_data.get("max_age")  # type: ignore[attr-defined]
        out = {k: v for k, v in (("min", low), ("max", high)) if v is not None}
        return out or None

    def check_ages(self) -> None:
        low, high = self.cleaned_data.get("min_age"), self.cleaned_data.get("max_age")  # type: ignore[attr-defined]
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("The oldest age must not be below the youngest."))  # type: ignore[attr-defined]

    @staticmethod
    def ages_initial(ages: dict | None) -> dict[str, Any]:
        ages = ages or {}
        return {"min_age": ages.get("min"), "max_age": ages.get("max")}


def optional(value: str | None) -> str | None:
    """A blank text means absent."""
    value = (value or "").strip()
    return value or None


UNCERTAIN_CHOICES = [("unknown", _("Unknown")), ("declined", _("Declined to answer"))]


class VersionFieldsForm(AgesMixin, TokenForm):
    """The version's own fields, and when a screening with it counts as not completed."""

    format = forms.TypedChoiceField(label=_("Format"), choices=FORMAT_CHOICES, coerce=int)
    change_note = forms.CharField(
        label=_("Change note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    min_age = age_field(_("Youngest age served"))
    max_age = age_field(_("Oldest age served"))
    nc_share = forms.DecimalField(
        label=_("Not completed when more than this share of the counted items is uncertain"),
        help_text=_("From 0 to 0.99, e.g. 0.5 for more than half; empty: never."),
        required=False,
        min_value=0,
        max_value=Decimal("0.99"),
        max_digits=3,
        decimal_places=2,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"),
            _("Enter a share from 0 to 0.99, e.g. 0.5."),
        ),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": "0.99"}),
    )
    nc_answers = forms.MultipleChoiceField(
        label=_("Uncertain answers that count (none ticked: both)"),
        choices=UNCERTAIN_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nc_kind = forms.ChoiceField(
        label=_("Items that count"),
        choices=[("", _("Every item presented"))] + list(KIND_CHOICES),
        required=False,
    )
    nc_guidance = forms.MultipleChoiceField(
        label=_("Guidance actions added when not completed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        self.version = version
        nc = version.not_completed or {}
        where = nc.get("where")
        # A condition beyond the kind of item is kept as it is (only the rule builder writes it).
        self.kept_where = where if where and set(where) != {"kind"} else None
        kwargs.setdefault(
            "initial",
            {
                "format": version.format,
                "change_note": version.change_note,
                **self.ages_initial(version.ages),
                "nc_share": nc.get("share_above"),
                "nc_answers": nc.get("answers") or [],
                "nc_kind": (where or {}).get("kind", "") if self.kept_where is None else "",
                "nc_guidance": nc.get("guidance") or [],
            },
        )
        super().__init__(*args, **kwargs)
        codes = list(version.guidance.order_by("position", "id").values_list("code", "title"))
        cast(forms.ChoiceField, self.fields["nc_guidance"]).choices = [(c, f"{c}: {t}") for c, t in codes]
        if self.kept_where is not None:
            del self.fields["nc_kind"]

    def clean(self):
        cleaned = super().clean() or {}
        self.check_ages()
        if cleaned.get("nc_share") is None and (cleaned.get("nc_answers") or cleaned.get("nc_guidance")):
            self.add_error(
                "nc_share",
                _("Give the share first: without it a screening is never counted as not completed."),
            )
        return cleaned

    def not_completed(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("nc_share") is None:
            return None
        share = float(data["nc_share"])
        out: dict[str, Any] = {"share_above": int(share) if share == int(share) else share}
        if data.get("nc_answers"):
            out["answers"] = [v for v, _label in UNCERTAIN_CHOICES if v in data["nc_answers"]][::-1]
        if self.kept_where is not None:
            out["where"] = self.kept_where
        elif data.get("nc_kind"):
            out["where"] = {"kind": data["nc_kind"]}
        if data.get("nc_guidance"):
            out["guidance"] = data["nc_guidance"]
        return out

    def values(self) -> dict[str, Any]:
        return {
            "format": self.cleaned_data["format"],
            "change_note": optional(self.cleaned_data["change_note"]),
            "ages": self.ages(),
            "not_completed": self.not_completed(),
        }


class SectionForm(LanguagesMixin, AgesMixin, TokenForm):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=255)
    intro = forms.CharField(
        label=_("Introduction"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    contexts = forms.MultipleChoiceField(
        label=_("Shown only in these screening contexts (none ticked: every context)"),
        choices=CONTEXT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = age_field(_("Youngest age"))
    max_age = age_field(_("Oldest age"))

    def __init__(self, *args, version: InstrumentVersion, section: Section | None = None, **kwargs):
        self.version, self.section = version, section
        if section is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": section.code,
                    "title": section.title,
                    "intro": section.intro,
                    "contexts": section.contexts or [],
                    **self.ages_initial(section.ages),
                },
            )
        super().__init__(*args, **kwargs)
        self.start_languages(version)
        self.add_for(given_texts(version, "sections", section.code if section else None), "title", "intro")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not ITEM_CODE.match(code):
            raise forms.ValidationError(CODE_MESSAGE)
        taken = Section.objects.filter(version=self.version, code=code)
        if self.section is not None:
            taken = taken.exclude(pk=self.section.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another section of this draft has this code."))
        return code

    def clean(self):
        cleaned = super().clean() or {}
        self.check_ages()
        self.check_in_languages(cleaned)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            "code": self.cleaned_data["code"],
            "title": self.cleaned_data["title"].strip(),
            "intro": optional(self.cleaned_data["intro"]),
            "contexts": self.cleaned_data["contexts"] or None,
            "ages": self.ages(),
        }


def point_field_name(scale: str, value: str) -> str:
    return f"points__{scale}__{value}"


class ItemForm(LanguagesMixin, AgesMixin, TokenForm):
    section = forms.TypedChoiceField(label=_("Section"), coerce=int)
    code = forms.CharField(label=_("Code"), max_length=40)
    text = forms.CharField(label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    phrasing = forms.CharField(
        label=_("Suggested phrasing"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    help = forms.CharField(
        label=_("Help for the caseworker"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    trafficking_type = forms.ChoiceField(label=_("Kind of exploitation"), choices=TRAFFICKING_TYPE_CHOICES)
    scale = forms.ChoiceField(label=_("Answer scale"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_('Separated by commas, e.g. "missing, online".'),
    )
    min_age = age_field(_("Youngest age"))
    max_age = age_field(_("Oldest age"))
    fact = forms.CharField(
        label=_("Fact"),
        required=False,
        max_length=60,
        help_text=_('Items with the same fact count once, e.g. "exchange-for-sex".'),
    )
    source_seed = forms.ChoiceField(label=_("Source document"), required=False)
    source_section = forms.CharField(label=_("Section of the document"), required=False, max_length=500)
    source_citation = forms.CharField(
        label=_("Citation (a source other than the documents listed)"), required=False, max_length=1000
    )
    source_note = forms.CharField(label=_("Note on the source"), required=False, max_length=2000)

    def __init__(self, *args, version: InstrumentVersion, item: Item | None = None, section=None, **kwargs):
        self.version, self.item = version, item
        source = (item.source if item is not None else None) or {}
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "section": item.section_id,
                    "code": item.code,
                    "text": item.text,
                    "phrasing": item.phrasing,
                    "help": item.help,
                    "kind": item.kind,
                    "trafficking_type": item.trafficking_type,
                    "scale": item.scale,
                    "tags": ", ".join(item.tags or []),
                    "fact": item.fact,
                    "source_seed": source.get("seed", ""),
                    "source_section": source.get("section", ""),
                    "source_citation": source.get("citation", ""),
                    "source_note": source.get("note", ""),
                    **self.ages_initial(item.ages),
                    **{
                        point_field_name(item.scale, answer): value
                        for answer, value in (item.points or {}).items()
                    },
                },
            )
        elif section is not None:
            kwargs.setdefault("initial", {"section": section.pk})
        super().__init__(*args, **kwargs)
        self.start_languages(version)
        texts = given_texts(version, "items", item.code if item else None)
        self.add_for(texts, "text", "phrasing", "help")
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            (s.pk, f"{s.code}: {s.title}") for s in version.sections.order_by("position", "id")
        ]
        scales = version.answer_scales or {}
        cast(forms.ChoiceField, self.fields["scale"]).choices = [(name, name) for name in scales]
        cast(forms.ChoiceField, self.fields["source_seed"]).choices = document_choices(source.get("seed"))
        self.point_groups: list[tuple[str, list[str]]] = []
        for name, scale in scales.items():
            names = []
            for option in scale.get("options", []):
                value = option.get("value")
                if not isinstance(value, str) or value in NOT_KNOWN:
                    continue
                field_name = point_field_name(name, value)
                self.fields[field_name] = forms.DecimalField(
                    label=_("Points for “%(answer)s”") % {"answer": option.get("label", value)},
                    required=False,
                    min_value=0,
                    max_value=1000,
                    max_digits=8,
                    decimal_places=3,
                    error_messages=dict.fromkeys(
                        (
                            "invalid",
                            "min_value",
                            "max_value",
                            "max_digits",
                            "max_decimal_places",
                            "max_whole_digits",
                        ),
                        _("Enter a number of points from 0 to 1000."),
                    ),
                    widget=forms.NumberInput(attrs={"step": "any", "min": 0, "max": 1000}),
                )
                names.append(field_name)
            self.point_groups.append((name, names))

    def point_fields(self):
        """(scale name, its bound point fields) for the template."""
        return [(name, [self[f] for f in names]) for name, names in self.point_groups]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not ITEM_CODE.match(code):
            raise forms.ValidationError(CODE_MESSAGE)
        taken = Item.objects.filter(version=self.version, code=code)
        if self.item is not None:
            taken = taken.exclude(pk=self.item.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another item of this draft has this code."))
        return code

    def clean_tags(self):
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        for tag in tags:
            if not LOWER_CODE.match(tag) or len(tag) > 60:
                raise forms.ValidationError(
                    _("Tag “%(tag)s”: use lowercase letters and digits separated by single “-” or “_”.")
                    % {"tag": tag}
                )
        return list(dict.fromkeys(tags))

    def clean_fact(self):
        fact = self.cleaned_data["fact"].strip()
        if fact and not LOWER_CODE.match(fact):
            raise forms.ValidationError(LOWER_MESSAGE)
        return fact or None

    def clean(self):
        cleaned = super().clean() or {}
        self.check_ages()
        self.check_in_languages(cleaned)
        seed, section = cleaned.get("source_seed"), (cleaned.get("source_section") or "").strip()
        citation = (cleaned.get("source_citation") or "").strip()
        if seed and not section:
            self.add_error("source_section", _("Name the section of the document the item comes from."))
        if section and not seed:
            self.add_error("source_seed", _("Choose the document this section is in."))
        if not seed and not citation:
            self.add_error(
                "source_seed", _("Say where the item comes from: a document and its section, or a citation.")
            )
        return cleaned

    def points(self) -> dict[str, int | float] | None:
        scale = self.cleaned_data["scale"]
        names = dict(self.point_groups).get(scale, [])
        out: dict[str, int | float] = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            number = float(value)
            if not math.isfinite(number):
                continue
            out[name.rsplit("__", 1)[1]] = int(number) if number == int(number) else number
        return out or None

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        source = {
            key: value
            for key, value in (
                ("seed", data["source_seed"] or None),
                ("section", optional(data["source_section"])),
                ("citation", optional(data["source_citation"])),
                ("note", optional(data["source_note"])),
            )
            if value
        }
        return {
            "section_id": data["section"],
            "code": data["code"],
            "text": data["text"].strip(),
            "phrasing": optional(data["phrasing"]),
            "help": optional(data["help"]),
            "kind": data["kind"],
            "trafficking_type": data["trafficking_type"],
            "scale": data["scale"],
            "points": self.points(),
            "tags": data["tags"] or None,
            "ages": self.ages(),
            "fact": data["fact"],
            "source": source,
        }

    def clean_section(self):
        section = self.cleaned_data["section"]
        if not Section.objects.filter(version=self.version, pk=section).exists():
            raise forms.ValidationError(_("Choose one of this draft's sections."))
        return section


class NewDraftForm(forms.Form):
    change_note = forms.CharField(
        label=_("What this draft will change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a few words what this draft will change.")},
    )

    def clean_change_note(self):
        note = self.cleaned_data["change_note"].strip()
        if not note:
            raise forms.ValidationError(_("Say in a few words what this draft will change."))
        return note
