"""The rows of a draft version that instrument administrators edit: sections, items, rules and
guidance actions. They change only while their version is a draft."""

from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..levels import Level
from .choices import (
    DEADLINE_CHOICES,
    DRAFT,
    IDENTIFIES_CHOICES,
    KIND_CHOICES,
    PRIORITY_CHOICES,
    TRAFFICKING_TYPE_CHOICES,
)
from .fields import AGES_HELP, OptionalTextField, validate_finite_json
from .instruments import InstrumentVersion, VersionIsFrozen, frozen_message

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


def require_drafts(version_ids) -> None:
    """Refuse a write to a row of any of these versions unless each is a draft."""
    ids = {v for v in version_ids if v is not None}
    if ids and InstrumentVersion._base_manager.filter(pk__in=ids).exclude(status=DRAFT).exists():
        raise VersionIsFrozen(frozen_message(str(_("A published or retired version"))))


class DraftRowQuerySet(models.QuerySet):
    """Bulk writes may touch the rows of drafts only."""

    def _refuse_frozen(self):
        if self.exclude(version__status=DRAFT).exists():
            raise VersionIsFrozen(frozen_message(str(_("A published or retired version"))))

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
        require_drafts(self._version_ids())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        require_drafts(self._version_ids())
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
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
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
