"""Instruments and their versions: a draft is edited, publishing freezes it, retiring keeps it
for the screenings that pinned it."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.append_only import RecordIsFinal, refusing_trigger

from ..engine import items_for_context
from .choices import DRAFT, FORMAT_CHOICES, PUBLISHED, RETIRED, STATUS_CHOICES, TIER_CHOICES
from .fields import OptionalTextField, validate_finite_json


class VersionIsFrozen(RecordIsFinal):
    """A published or retired instrument version (or a row of one) cannot change."""


def frozen_message(version_label: str = "") -> str:
    """Why a frozen version (or a row of one) cannot change, and what to do instead."""
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
            raise VersionIsFrozen(frozen_message(str(_("A published or retired version"))))

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
    languages = models.JSONField(
        _("languages"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_(
            'The languages the version can be read in, its own first, e.g. ["en", "es"]. Empty = English.'
        ),
    )
    translations = models.JSONField(
        _("translations"),
        null=True,
        blank=True,
        validators=[validate_finite_json],
        help_text=_("Language -> every text of the version in that language (indicators/translations.py)."),
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
    created_at = models.DateTimeField(pgettext_lazy("instrument version", "created"), auto_now_add=True)
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
                raise VersionIsFrozen(frozen_message(label))
        strip = lambda content: {k: v for k, v in (content or {}).items() if k != "status"}  # noqa: E731
        if strip(self.content) != strip(stored.content):
            raise VersionIsFrozen(frozen_message(label))
        allowed = {(PUBLISHED, PUBLISHED), (PUBLISHED, RETIRED), (RETIRED, RETIRED)}
        if (stored.status, self.status) not in allowed:
            raise VersionIsFrozen(frozen_message(label))
        if stored.status == RETIRED and (
            self.retired_at != stored.retired_at or self.retired_by_id != stored.retired_by_id
        ):
            raise VersionIsFrozen(frozen_message(label))

    def delete(self, *args, **kwargs):
        stored_status = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored_status not in (None, DRAFT):
            raise VersionIsFrozen(frozen_message(f"{self.instrument.slug} v{self.number}"))
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
