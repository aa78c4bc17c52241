"""The instrument library: instruments, their versions, and jurisdiction profiles.

A version's *content* (the fixture JSON of docs/instrument-format.md) is what the engine scores
with. While a version is a **draft** its sections, items, rules and guidance actions are rows that
instrument administrators edit; indicators/services.py rebuilds ``content`` and ``checksum`` from
the rows after every change. Publishing freezes the version: from then on nothing about it may
change except the step published -> retired. The models refuse it (``save``/``delete`` and
queryset ``update``/``delete``), and on PostgreSQL so does the database: the triggers in the
models' ``Meta.triggers`` (django-pgtrigger; see accounts/append_only.py).

An optional text field that is ``None`` is absent from the content; an empty string is kept as
``""``. Optional JSON fields work the same way, so content -> rows -> content is lossless.
"""

from __future__ import annotations

import math

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.append_only import RecordIsFinal, refusing_trigger

from .engine import (
    CONTEXTS,
    DEADLINE_KEYS,
    KINDS,
    LEVELS,
    PRIORITIES,
    TRAFFICKING_TYPES,
    items_for_context,
)
from .schema import STATUSES

# --------------------------------------------------------------------------- choices

TIER_CHOICES = [(1, _("Brief indicator tool")), (2, _("In-depth interview tool"))]
STATUS_LABELS = {"draft": _("draft"), "published": _("published"), "retired": _("retired")}
STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in STATUSES]
KIND_LABELS = {"indicator": _("indicator"), "risk_factor": _("risk factor"), "question": _("question")}
KIND_CHOICES = [(k, KIND_LABELS[k]) for k in KINDS]
TYPE_LABELS = {
    "sex": _("sex"),
    "labor": _("labor"),
    "both": _("sex and labor"),
    "vulnerability": _("vulnerability"),
}
TRAFFICKING_TYPE_CHOICES = [(t, TYPE_LABELS[t]) for t in TRAFFICKING_TYPES]
LEVEL_LABELS = {
    "none": _("No concern indicated"),
    "possible": _("Possible concern"),
    "clear": _("Clear concern"),
}
LEVEL_CHOICES = [(lv, LEVEL_LABELS[lv]) for lv in LEVELS]
PRIORITY_LABELS = {"immediate": _("immediate"), "urgent": _("urgent"), "routine": _("routine")}
PRIORITY_CHOICES = [(p, PRIORITY_LABELS[p]) for p in PRIORITIES]
CONTEXT_LABELS = {
    "general": _("General"),
    "cps_investigation": _("CPS investigation"),
    "entry_into_care": _("Entry into care"),
    "return_from_missing": _("Return from a missing-from-care episode"),
}
CONTEXT_CHOICES = [(c, CONTEXT_LABELS[c]) for c in CONTEXTS]
DEADLINE_LABELS = {
    "screening_after_return_from_missing": _("screening after a return from missing"),
    "screening_after_opening_with_runaway_history": _("screening after case opening with a runaway history"),
    "report_missing_to_law_enforcement": _("report a missing youth to law enforcement"),
    "report_missing_to_ncmec": _("report a missing youth to NCMEC"),
    "report_trafficking_to_law_enforcement": _("report trafficking to law enforcement"),
    "notify_hhs_foreign_national_child": _("notify HHS of a foreign-national child who may be a victim"),
    "report_online_exploitation_to_ncmec": _("report online sexual exploitation to NCMEC's CyberTipline"),
    "offer_interview_again": _("offer an interview that was not completed again"),
}
DEADLINE_CHOICES = [(k, DEADLINE_LABELS[k]) for k in DEADLINE_KEYS]
FORMAT_CHOICES = [
    (1, _("1 (instruments v1)")),
    (2, _("2 (instruments v2: ages, identification, record facts)")),
]
IDENTIFIES_CHOICES = [("sex", _("sex trafficking")), ("labor", _("labor trafficking"))]

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"


class VersionIsFrozen(RecordIsFinal):
    """A published or retired instrument version (or a row of one) cannot change."""


def validate_finite_json(value):
    """JSON numbers must be finite (the checksum and PostgreSQL refuse NaN and infinity)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(_("NaN and infinite numbers are not allowed."))
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def validate_json_object(value):
    if not isinstance(value, dict):
        raise ValidationError(_("Enter a JSON object ({...})."))


def validate_json_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Enter a JSON list ([...])."))


AGES_HELP = _(
    'Whole years of age on the screening date, inclusive, e.g. {"min": 12, "max": 21} or '
    '{"min": 10}; empty = every age.'
)


def _frozen_message(version_label: str = "") -> str:
    return str(
        _(
            "%(version)s is published or retired and never changes; make a new draft from it "
            "(a new version number) instead."
        )
        % {"version": version_label or _("This version")}
    )


# The database's side of the freeze (PostgreSQL). What a frozen version may change is the step
# published -> retired, as InstrumentVersion._check_frozen_change says: its status, the "status"
# key of its content and, while published, retired_at/by. Every other column is compared as part
# of the whole row (to_jsonb), so a column added later is protected without touching this.
_FROZEN_VERSION_CHANGED = f"""
OLD.status <> '{DRAFT}' AND (
    NOT ((OLD.status = '{PUBLISHED}' AND NEW.status IN ('{PUBLISHED}', '{RETIRED}'))
         OR (OLD.status = '{RETIRED}' AND NEW.status = '{RETIRED}'))
    OR (to_jsonb(NEW) - ARRAY['status', 'content', 'retired_at', 'retired_by_id'])
       IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'content', 'retired_at', 'retired_by_id'])
    OR (NEW.content - 'status') IS DISTINCT FROM (OLD.content - 'status')
    OR (OLD.status = '{RETIRED}' AND (NEW.retired_at IS DISTINCT FROM OLD.retired_at
                                      OR NEW.retired_by_id IS DISTINCT FROM OLD.retired_by_id))
)
"""
_FROZEN_VERSION_TRIGGERS = [
    refusing_trigger(
        "frozen_version_update",
        pgtrigger.Update,
        "'instrument version % is % and never changes (UPDATE refused); make a new version', "
        "OLD.id, OLD.status",
        condition=pgtrigger.Condition(_FROZEN_VERSION_CHANGED),
    ),
    refusing_trigger(
        "frozen_version_delete",
        pgtrigger.Delete,
        "'instrument version % is % and never changes (DELETE refused); make a new version', "
        "OLD.id, OLD.status",
        condition=~pgtrigger.Q(old__status=DRAFT),
    ),
]

# A row of a version (section, item, rule, guidance action) is written only while the version is
# a draft: before and after the write, when it moves to another version. A trigger's condition
# cannot read another table, hence a function.
_DRAFT_ROWS_ONLY = pgtrigger.Trigger(
    name="draft_rows_only",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
    declare=[("version_status", "text")],
    func="""
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO version_status FROM indicators_instrumentversion WHERE id = OLD.version_id;
        IF version_status IS NOT NULL AND version_status <> 'draft' THEN
            RAISE EXCEPTION '% of instrument version % refused: the version is % and never changes',
                TG_OP, OLD.version_id, version_status;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO version_status FROM indicators_instrumentversion WHERE id = NEW.version_id;
        IF version_status IS NOT NULL AND version_status <> 'draft' THEN
            RAISE EXCEPTION '% of instrument version % refused: the version is % and never changes',
                TG_OP, NEW.version_id, version_status;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
    """,
)


class OptionalTextField(models.TextField):
    """A text that may be absent (``None``): a blank form input means absent, not ``""``."""

    def formfield(self, **kwargs):
        kwargs.setdefault("empty_value", None)
        return super().formfield(**kwargs)


# --------------------------------------------------------------------------- instruments


class Instrument(models.Model):
    """A screening tool; its content lives in its versions."""

    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("Lowercase letters, digits and single hyphens, e.g. tier1-indicators. Never changes."),
    )
    name = models.CharField(_("name"), max_length=200)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=TIER_CHOICES)
    purpose = OptionalTextField(
        _("purpose"), null=True, blank=True, help_text=_("How the tool is used; shown above the form.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["tier", "slug"]

    def __str__(self):
        return f"{self.name} ({self.slug})"

    def latest_published(self) -> InstrumentVersion | None:
        return self.versions.filter(status=PUBLISHED).order_by("-number").first()


class InstrumentVersionQuerySet(models.QuerySet):
    """Bulk writes may touch drafts only."""

    def published(self):
        return self.filter(status=PUBLISHED)

    def drafts(self):
        return self.filter(status=DRAFT)

    def latest_published(self, slug: str) -> InstrumentVersion:
        """The highest-numbered published version of instrument ``slug``.

        This is the version a new screening uses (and pins). Raises
        ``InstrumentVersion.DoesNotExist`` when the instrument has no published version.
        """
        version = (
            self.filter(instrument__slug=slug, status=PUBLISHED)
            .select_related("instrument")
            .order_by("-number")
            .first()
        )
        if version is None:
            raise self.model.DoesNotExist(f'instrument "{slug}" has no published version')
        return version

    def pinned(self, slug: str, number: int) -> InstrumentVersion:
        """Version ``number`` of instrument ``slug``, whatever its status (old screenings)."""
        return self.select_related("instrument").get(instrument__slug=slug, number=number)

    def _refuse_frozen(self):
        if self.exclude(status=DRAFT).exists():
            raise VersionIsFrozen(_frozen_message(str(_("A published or retired version"))))

    def update(self, **kwargs):
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen()
        return super().delete()


class InstrumentVersion(models.Model):
    """One version of an instrument: draft (editable), published (frozen) or retired (frozen)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    format = models.PositiveSmallIntegerField(
        _("format"),
        choices=FORMAT_CHOICES,
        default=1,
        help_text=_(
            "The fixture format: 2 may use ages, identification, record facts and the other "
            "instruments v2 keys (and is held to their rules)."
        ),
    )
    change_note = OptionalTextField(
        _("change note"), null=True, blank=True, help_text=_("What changed in this version.")
    )
    ages = models.JSONField(
        _("ages"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'The ages the instrument is used with, e.g. {"min": 12}; outside '
            "them it is not offered. Empty = every age."
        ),
    )
    not_completed = models.JSONField(
        _("not completed when"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'When the screening counts as not completed, e.g. {"share_above": 0.5, "answers": '
            '["declined"], "guidance": ["offer-interview-again"]}. Empty = never.'
        ),
    )
    answer_scales = models.JSONField(
        _("answer scales"),
        default=dict,
        validators=[validate_finite_json],
        help_text=_(
            'Named answer scales, e.g. {"yes_no_unknown": '
            '{"options": [{"value": "yes", "label": "Yes"}, ...]}}'
        ),
    )
    vignettes = models.JSONField(
        _("test vignettes"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_("Worked examples that must score as they say (a list); checked before publishing."),
    )
    content = models.JSONField(
        _("content"), default=dict, editable=False, help_text=_("The fixture JSON the engine scores with.")
    )
    checksum = models.CharField(_("checksum"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        editable=False,
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired by"),
        editable=False,
    )

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__tier", "instrument__slug", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="indicators_version_unique"),
        ]
        permissions = [
            ("publish_instrumentversion", _("Can publish and retire instrument versions")),
            ("export_instrumentversion", _("Can export instrument versions")),
        ]
        triggers = _FROZEN_VERSION_TRIGGERS

    def __str__(self):
        slug = self.instrument.slug if self.instrument_id else "?"
        return f"{slug} v{self.number} ({self.get_status_display()})"

    # -- immutability

    # What may differ between the stored row and a save of a frozen version.
    _MUTABLE_WHEN_FROZEN = frozenset({"status", "retired_at", "retired_by", "content"})

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None and stored.status != DRAFT:
                self._check_frozen_change(stored)
        super().save(*args, **kwargs)

    def _check_frozen_change(self, stored: InstrumentVersion) -> None:
        label = f"{stored.instrument.slug} v{stored.number}"
        for field in self._meta.concrete_fields:
            if field.attname in ("id",) or field.name in self._MUTABLE_WHEN_FROZEN:
                continue
            if getattr(self, field.attname) != getattr(stored, field.attname):
                raise VersionIsFrozen(_frozen_message(label))
        strip = lambda content: {k: v for k, v in (content or {}).items() if k != "status"}  # noqa: E731
        if strip(self.content) != strip(stored.content):
            raise VersionIsFrozen(_frozen_message(label))
        allowed = {(PUBLISHED, PUBLISHED), (PUBLISHED, RETIRED), (RETIRED, RETIRED)}
        if (stored.status, self.status) not in allowed:
            raise VersionIsFrozen(_frozen_message(label))
        if stored.status == RETIRED and (
            self.retired_at != stored.retired_at or self.retired_by_id != stored.retired_by_id
        ):
            raise VersionIsFrozen(_frozen_message(label))

    def delete(self, *args, **kwargs):
        stored_status = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored_status not in (None, DRAFT):
            raise VersionIsFrozen(_frozen_message(f"{self.instrument.slug} v{self.number}"))
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status != DRAFT

    @property
    def export_filename(self) -> str:
        return f"{self.instrument.slug}.v{self.number}.json"

    def previous(self) -> InstrumentVersion | None:
        """The version with the next lower number, if any."""
        return (
            InstrumentVersion.objects.filter(instrument_id=self.instrument_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )

    def items_for_context(self, context: str, age: int | None = None) -> list[str]:
        """Item codes this version presents in a screening ``context`` to a youth of ``age``
        (engine.items_for_context; ``None``: age unknown, every age's items)."""
        return items_for_context(self.content, context, age=age)


# --------------------------------------------------------------------------- rows of a draft


def _require_drafts(version_ids) -> None:
    ids = {v for v in version_ids if v is not None}
    if ids and InstrumentVersion._base_manager.filter(pk__in=ids).exclude(status=DRAFT).exists():
        raise VersionIsFrozen(_frozen_message(str(_("A published or retired version"))))


class DraftRowQuerySet(models.QuerySet):
    """Bulk writes may touch the rows of drafts only."""

    def _refuse_frozen(self):
        if self.exclude(version__status=DRAFT).exists():
            raise VersionIsFrozen(_frozen_message(str(_("A published or retired version"))))

    def update(self, **kwargs):
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen()
        return super().delete()


class DraftRow(models.Model):
    """A row that belongs to one version and may change only while that version is a draft."""

    objects = DraftRowQuerySet.as_manager()

    class Meta:
        abstract = True
        triggers = [_DRAFT_ROWS_ONLY]

    def save(self, *args, **kwargs):
        _require_drafts(self._version_ids())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_drafts(self._version_ids())
        return super().delete(*args, **kwargs)

    def _version_ids(self) -> set:
        ids = {self.version_id}
        if not self._state.adding and self.pk is not None:
            ids.add(type(self)._base_manager.filter(pk=self.pk).values_list("version_id", flat=True).first())
        return ids


class Section(DraftRow):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_('Unique in the version, e.g. "sex-indicators".')
    )
    title = models.CharField(_("title"), max_length=255)
    intro = OptionalTextField(_("introduction"), null=True, blank=True)
    contexts = models.JSONField(
        _("screening contexts"),
        null=True,
        blank=True,
        help_text=_('Shown only in these contexts, e.g. ["return_from_missing"]; empty = every context.'),
    )
    ages = models.JSONField(
        _("ages"), null=True, blank=True, validators=[validate_finite_json], help_text=AGES_HELP
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta(DraftRow.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_section_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"


class Item(DraftRow):
    """An indicator, risk factor or interview question. ``version`` follows ``section``."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("version"),
        editable=False,
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_('Stable within the instrument, e.g. "T1-SX-01".')
    )
    text = models.TextField(_("text"))
    phrasing = OptionalTextField(
        _("suggested phrasing"),
        null=True,
        blank=True,
        help_text=_("Trauma-informed words for asking the youth."),
    )
    help = OptionalTextField(_("help for the caseworker"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    trafficking_type = models.CharField(
        _("trafficking type"), max_length=20, choices=TRAFFICKING_TYPE_CHOICES
    )
    scale = models.CharField(_("answer scale"), max_length=60)
    points = models.JSONField(
        _("points per answer"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_('e.g. {"yes": 1}'),
    )
    tags = models.JSONField(_("tags"), null=True, blank=True, help_text=_('e.g. ["missing"]'))
    ages = models.JSONField(
        _("ages"), null=True, blank=True, validators=[validate_finite_json], help_text=AGES_HELP
    )
    fact = models.CharField(
        _("fact"),
        max_length=60,
        null=True,
        blank=True,
        help_text=_('Items with the same fact count once, e.g. "exchange-for-sex".'),
    )
    prefill = models.JSONField(
        _("prefill from the record"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'Answer from the youth\'s record, e.g. {"from": "missing_episodes", "at_least": 3} or '
            '{"from": "recovery_locations", "any_of": ["hotel", "truck_stop"]}.'
        ),
    )
    established_by = models.JSONField(
        _("established by"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'Recorded, not asked, when the earlier tier answered Yes, e.g. {"instrument": '
            '"tier1-indicators", "items": ["T1-SX-01"]}.'
        ),
    )
    source = models.JSONField(
        _("source"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"seed": "003_960e6c1bdefe39dc.txt", "section": "Indicators"}'),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta(DraftRow.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["version", "section__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_item_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.section_id is not None:
            self.version_id = Section._base_manager.values_list("version_id", flat=True).get(
                pk=self.section_id
            )
        super().save(*args, **kwargs)


class Rule(DraftRow):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="rules", verbose_name=_("version")
    )
    rule_id = models.CharField(_("rule id"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=LEVEL_CHOICES)
    reason = models.TextField(_("reason"), help_text=_("The plain-language reason shown when it fires."))
    when = models.JSONField(
        _("condition"),
        validators=[validate_finite_json],
        help_text=_('An expression, e.g. {"count_at_least": 1, "where": {"kind": "indicator"}}'),
    )
    identifies = models.CharField(
        _("identifies"),
        max_length=10,
        choices=IDENTIFIES_CHOICES,
        null=True,
        blank=True,
        help_text=_("Firing this rule marks a specific identification fact of this kind (clear rules only)."),
    )
    trafficking_types = models.JSONField(
        _("trafficking types"),
        null=True,
        blank=True,
        help_text=_(
            'The kinds the rule points to, e.g. ["sex"] or ["sex", "labor"]; empty = from '
            '"identifies" or the items that made it fire.'
        ),
    )
    flags = models.JSONField(
        _("flags"), null=True, blank=True, help_text=_('e.g. ["tier2_recommended"] or ["stop_disclosure"]')
    )
    guidance = models.JSONField(
        _("guidance codes"), null=True, blank=True, help_text=_('e.g. ["report-law-enforcement"]')
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta(DraftRow.Meta):
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "rule_id"], name="indicators_rule_id_unique"),
        ]

    def __str__(self):
        return self.rule_id


class GuidanceAction(DraftRow):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="guidance", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    priority = models.CharField(_("priority"), max_length=10, choices=PRIORITY_CHOICES)
    deadline = models.CharField(
        _("deadline"),
        max_length=60,
        choices=DEADLINE_CHOICES,
        null=True,
        blank=True,
        help_text=_("Which of the jurisdiction's deadlines applies."),
    )
    contacts = models.JSONField(
        _("contacts"),
        null=True,
        blank=True,
        help_text=_('e.g. [{"name": "Emergency services", "phone": "911"}]'),
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    applies_if = models.JSONField(
        _("applies if"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'On the checklist only when the outcome meets it, e.g. {"signals_any": '
            '["foreign_national"], "ages": {"max": 17}}. Empty = whenever a rule calls for it.'
        ),
    )
    # None: the key is absent from the content (not the same as false, for the checksum).
    continues_screening = models.BooleanField(
        _("continues the screening"),
        null=True,
        blank=True,
        help_text=_(
            "Dropped when questioning stops (an interview, more information, offering the interview again)."
        ),
    )
    source = models.JSONField(_("source"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta(DraftRow.Meta):
        verbose_name = _("guidance action")
        verbose_name_plural = _("guidance actions")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicators_guidance_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"


# --------------------------------------------------------------------------- jurisdictions


class Jurisdiction(models.Model):
    """Deadlines (hours) and the instruments each screening context uses."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = OptionalTextField(_("description"), null=True, blank=True)
    screening_after_return_from_missing = models.PositiveIntegerField(
        _("screening after a return from missing (hours)")
    )
    screening_after_opening_with_runaway_history = models.PositiveIntegerField(
        _("screening after case opening with a runaway history (hours)")
    )
    report_missing_to_law_enforcement = models.PositiveIntegerField(
        _("report a missing youth to law enforcement (hours)")
    )
    report_missing_to_ncmec = models.PositiveIntegerField(_("report a missing youth to NCMEC (hours)"))
    report_trafficking_to_law_enforcement = models.PositiveIntegerField(
        _("report trafficking to law enforcement (hours)")
    )
    notify_hhs_foreign_national_child = models.PositiveIntegerField(
        _("notify HHS of a foreign-national child who may be a victim (hours)")
    )
    report_online_exploitation_to_ncmec = models.PositiveIntegerField(
        _("report online sexual exploitation to NCMEC's CyberTipline (hours)")
    )
    offer_interview_again = models.PositiveIntegerField(
        _("offer an interview that was not completed again (hours)")
    )
    oldest_age_served = models.PositiveSmallIntegerField(
        _("oldest age served"),
        default=25,
        validators=[MinValueValidator(18), MaxValueValidator(30)],
        help_text=_("The oldest age of a youth the agency serves (18 to 30)."),
    )
    legal_definitions = models.JSONField(
        _("legal definitions"),
        default=dict,
        blank=True,
        validators=[validate_json_object, validate_finite_json],
        help_text=_(
            'From which age force, fraud or coercion is needed, e.g. {"sex_trafficking_victim": '
            '{"force_fraud_coercion_needed_from_age": null, "citation": "22 U.S.C. 7102"}, '
            '"severe_form": {"force_fraud_coercion_needed_from_age": 18}}'
        ),
    )
    mandated_reports = models.JSONField(
        _("mandated reports"),
        default=list,
        blank=True,
        validators=[validate_json_list, validate_finite_json],
        help_text=_(
            'The reports the law requires and what triggers them, e.g. [{"code": '
            '"report-law-enforcement", "title": "Report to law enforcement", "description": "...", '
            '"priority": "urgent", "deadline": "report_trafficking_to_law_enforcement", '
            '"applies_if": {"signals_any": ["identified_sex"]}}]'
        ),
    )
    source = models.JSONField(_("source"), null=True, blank=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def deadlines_hours(self) -> dict[str, int]:
        """Deadline key (engine.DEADLINE_KEYS) -> hours."""
        return {key: getattr(self, key) for key in DEADLINE_KEYS}

    def deadline_hours(self, key: str) -> int:
        if key not in DEADLINE_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def profile(self) -> dict:
        """The jurisdiction as the engine reads it (engine.outcome's ``profile``): fixture form."""
        return {
            "slug": self.slug,
            "name": self.name,
            "deadlines_hours": self.deadlines_hours,
            "oldest_age_served": self.oldest_age_served,
            "legal_definitions": self.legal_definitions,
            "mandated_reports": self.mandated_reports,
        }

    def instruments_for(self, context: str) -> list[Instrument]:
        """The instruments a screening in ``context`` uses, in order (tier 1 first)."""
        if context not in CONTEXTS:
            raise ValueError(f"unknown screening context {context!r}")
        return [
            link.instrument
            for link in self.context_instruments.filter(context=context)
            .select_related("instrument")
            .order_by("position", "id")
        ]

    def versions_for(self, context: str) -> list[InstrumentVersion]:
        """The latest published version of each of :meth:`instruments_for` (skipping any without)."""
        versions = []
        for instrument in self.instruments_for(context):
            version = instrument.latest_published()
            if version is not None:
                versions.append(version)
        return versions

    def contexts_map(self) -> dict[str, list[str]]:
        """Context -> instrument slugs, as in the fixture file."""
        out: dict[str, list[str]] = {c: [] for c in CONTEXTS}
        for link in self.context_instruments.select_related("instrument").order_by("position", "id"):
            out.setdefault(link.context, []).append(link.instrument.slug)
        return out


class JurisdictionInstrument(models.Model):
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.CASCADE,
        related_name="context_instruments",
        verbose_name=_("jurisdiction"),
    )
    context = models.CharField(_("screening context"), max_length=30, choices=CONTEXT_CHOICES)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("instrument of a screening context")
        verbose_name_plural = _("instruments of each screening context")
        ordering = ["jurisdiction", "context", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "context", "instrument"],
                name="indicators_jurisdiction_context_unique",
            ),
        ]

    def __str__(self):
        return f"{self.get_context_display()}: {self.instrument.slug}"
