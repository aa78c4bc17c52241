"""Jurisdiction profiles: deadlines, legal definitions, mandated reports, and the instruments
each screening context uses."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..engine import CONTEXTS, DEADLINE_KEYS
from .choices import CONTEXT_CHOICES
from .fields import OptionalTextField, validate_finite_json, validate_json_list, validate_json_object
from .instruments import Instrument, InstrumentVersion


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
    languages = models.JSONField(
        _("languages"),
        null=True,
        blank=True,
        validators=[validate_json_list, validate_finite_json],
        help_text=_(
            'The languages the reports can be read in, its own first, e.g. ["en", "es"]. Empty = English.'
        ),
    )
    translations = models.JSONField(
        _("translations"),
        null=True,
        blank=True,
        validators=[validate_json_object, validate_finite_json],
        help_text=_("Language -> the mandated reports' texts in that language (indicators/translations.py)."),
    )

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
