"""A screening of one youth with one pinned instrument version: its answers, its result, and the
addenda that correct it later.

A screening pins the exact published instrument version it was started with and keeps the
scored result as it was computed, so a later version of the instrument never changes an
old result, its reasons or its printout.
"""

from typing import TYPE_CHECKING, Any

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, MissingEpisode
from indicators import translations
from indicators.engine import sections_for_context
from indicators.levels import Level
from indicators.models import CONTEXT_CHOICES, InstrumentVersion, Jurisdiction

if TYPE_CHECKING:  # the checklist's models refer to Screening: no import at run time
    from .checklist import GuidanceAction


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    RETURNED = "returned", _("returned for more information")
    APPROVED = "approved", _("approved")


class ScreeningQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=Screening.Status.DRAFT)

    def submitted(self):
        return self.filter(status=Screening.Status.SUBMITTED)

    def screenings(self):
        """Screenings, not tiers: a Tier 2 interview is part of the screening it follows."""
        return self.filter(follows__isnull=True)

    def with_current_level(self):
        """Annotates `corrected_level` (the latest correcting addendum's level, if any) and
        `current_level`: the concern that counts now, which is the screening's outcome."""
        latest = (
            Addendum.objects.filter(screening=OuterRef("pk"))
            .exclude(level="")
            .order_by("-created_at", "-pk")
            .values("level")[:1]
        )
        return self.annotate(corrected_level=Subquery(latest)).annotate(
            current_level=Coalesce(NullIf("outcome_level", Value("")), "corrected_level", "level")
        )


class Screening(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    class Interpreter(models.TextChoices):
        USED = "used", _("An interpreter is present")
        NOT_NEEDED = "not_needed", _("Not needed: the youth is interviewed in their own language")

    class Determination(models.TextChoices):
        AGREE = "agree", _("I agree with the computed level")
        DIFFER = "differ", _("My determination differs")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("case")
    )
    context = models.CharField(_("screening context"), max_length=30, choices=CONTEXT_CHOICES)
    episode = models.ForeignKey(
        MissingEpisode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("missing-from-care episode"),
        help_text=_("The episode a return-from-missing screening follows."),
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument version")
    )
    language = models.CharField(
        _("language of the interview"),
        max_length=10,
        default=translations.BASE_LANGUAGE,
        help_text=_("The language the questions are asked in; scoring never depends on it."),
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("jurisdiction")
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows screening"),
        help_text=_("The Tier 1 screening this in-depth interview was started from."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    # Before the first interview question (seeds 000, 002).
    setting_private = models.BooleanField(_("the setting is private"), default=False)
    setting_confidentiality = models.BooleanField(
        _("the limits of confidentiality were explained"), default=False
    )
    setting_purpose = models.BooleanField(
        _("the youth was told why the questions are asked and what happens next"), default=False
    )
    setting_interpreter = models.CharField(
        _("interpreter"), max_length=12, blank=True, choices=Interpreter.choices
    )
    setting_confirmed_at = models.DateTimeField(_("setting confirmed at"), null=True, blank=True)

    # The youth's age on the screening date: the items, rules and guidance follow it.
    youth_age = models.PositiveSmallIntegerField(_("age at the screening"), null=True, blank=True)

    # {item code: answer} and {item code: note}: the whole form, saved at once by a draft save.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.JSONField(_("notes"), default=dict, blank=True)
    # Don't ask twice: {item code: {"answer", "from"}} of answers the record filled in (editable),
    # and of items an earlier tier established (recorded, not asked).
    prefilled = models.JSONField(_("filled in from the record"), default=dict, blank=True)
    established = models.JSONField(_("established by the earlier tier"), default=dict, blank=True)
    # Optimistic locking: a save based on an old copy is refused and shown the difference.
    version = models.PositiveIntegerField(default=1, editable=False)

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("screener")
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )

    # This tier's result as the engine computed it at submission, with its reasons (never recomputed).
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True, db_index=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)

    # The screening's outcome over its tiers (engine.outcome), kept on the first tier and
    # recomputed when a tier is submitted or corrected. Screenings submitted before instruments v2
    # have none: they read as they always did, and `outcome_level` is their level as corrected.
    outcome = models.JSONField(_("outcome"), null=True, blank=True)
    outcome_level = models.CharField(
        _("outcome"), max_length=10, choices=Level.choices, blank=True, db_index=True
    )

    determination = models.CharField(
        _("caseworker's determination"), max_length=10, blank=True, choices=Determination.choices
    )
    determined_level = models.CharField(
        _("determined level"), max_length=10, blank=True, choices=Level.choices
    )
    determination_reason = models.TextField(_("reason"), blank=True)
    determined_at = models.DateTimeField(_("determined at"), null=True, blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("determined by"),
    )

    # Supervisor review (every `possible` or `clear` result): pending -> approved, or
    # pending -> returned -> (caseworker responds) -> pending ...
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, blank=True, db_index=True
    )
    review_waiting_since = models.DateTimeField(_("waiting for review since"), null=True, blank=True)
    # The team of the case now, kept by the database (the trigger below, and cases.Case's when a
    # case moves to another team; on SQLite, those of migration 0016), never written by the app:
    # the review queue and the "waiting now" counts read a team's waiting screenings from one index
    # (screening_review_pending_team) instead of joining every waiting screening to its case.
    case_team_id = models.BigIntegerField(_("team of the case"), null=True, blank=True, editable=False)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "status", "submitted_at"], name="screening_case_status"),
            # The review queue, oldest first: only the screenings waiting, however many there are.
            models.Index(
                fields=["review_waiting_since", "id"],
                condition=models.Q(review_status="pending"),
                name="screening_review_pending",
            ),
            # The same, by the case's team (case_team_id): a supervisor's queue and its count.
            models.Index(
                fields=["case_team_id", "review_waiting_since", "id"],
                condition=models.Q(review_status="pending"),
                name="screening_review_pending_team",
            ),
            # Drafts and returned screenings, for the home pages.
            models.Index(
                fields=["case", "updated_at"], condition=models.Q(status="draft"), name="screening_draft"
            ),
            models.Index(
                fields=["case"], condition=models.Q(review_status="returned"), name="screening_returned"
            ),
        ]
        triggers = [
            # On insert, and when an update changes the case or writes another team than the stored
            # one, the case's team is read (FOR SHARE: a case being moved at the same moment is
            # waited for, so its move sees this row); any other update keeps the stored team.
            pgtrigger.Trigger(
                name="screening_case_team",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=(
                    "IF TG_OP = 'INSERT'"
                    " OR NEW.case_id IS DISTINCT FROM OLD.case_id"
                    " OR NEW.case_team_id IS DISTINCT FROM OLD.case_team_id THEN"
                    " SELECT team_id INTO NEW.case_team_id FROM cases_case WHERE id = NEW.case_id FOR SHARE;"
                    " END IF;"
                    " RETURN NEW;"
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="draft", submitted_at__isnull=True, level="")
                    | models.Q(status="submitted", submitted_at__isnull=False) & ~models.Q(level="")
                ),
                name="screening_submitted_has_result",
            ),
        ]

    def __str__(self):
        return f"{self.instrument_name} · {self.get_context_display()}"

    def get_absolute_url(self):
        return reverse("screening:detail", kwargs={"pk": self.pk})

    # -- the pinned instrument

    @property
    def content(self) -> dict:
        return self.instrument_version.content

    @property
    def instrument(self):
        return self.instrument_version.instrument

    @property
    def instrument_name(self) -> str:
        listed = getattr(self, "listed_instrument_name", None)  # presenters.without_content
        if listed:
            return listed
        return self.read_content.get("instrument", {}).get("name") or self.instrument.name

    @property
    def instrument_purpose(self) -> str:
        return self.read_content.get("instrument", {}).get("purpose") or ""

    @property
    def read_content(self) -> dict:
        """The pinned version's content in the reader's language (the active one)."""
        return self.content_in(translations.reader_language())

    @property
    def tier(self) -> int:
        return self.instrument.tier

    @property
    def is_interview(self) -> bool:
        """Questions asked of the youth: the setting checklist comes first."""
        return self.tier == 2

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def sections(self, language: str | None = None) -> list[dict]:
        """The sections this screening presents: its context selects tailored ones, the youth's age
        the items that suit it. Their texts in `language`, by default the reader's (the active
        language), when the version has it."""
        content = self.content_in(language or translations.reader_language())
        return sections_for_context(content, self.context, self.youth_age)

    def content_in(self, language: str) -> dict:
        """The pinned version's content with its texts in `language` (its own texts when it has
        no such language); read once per language and screening object."""
        if language not in self.languages[1:]:
            return self.content  # its own texts: no copy
        cache = self.__dict__.setdefault("_content_in", {})
        if language not in cache:
            cache[language] = translations.localized(self.content, language)
        return cache[language]

    @property
    def languages(self) -> list[str]:
        """The languages the pinned version can be read in."""
        return translations.languages(self.content)

    def presented_items(self) -> list[dict]:
        return [item for section in self.sections() for item in section["items"]]

    def presented_codes(self) -> list[str]:
        return [item["code"] for item in self.presented_items()]

    def asked_items(self) -> list[dict]:
        """The items the form asks: those presented, less those an earlier tier established."""
        return [item for item in self.presented_items() if item["code"] not in self.established]

    # -- the screening a tier belongs to

    @property
    def root(self) -> "Screening":
        """The screening this tier belongs to: the Tier 1 it follows, or itself."""
        return self.follows if self.follows_id else self

    @property
    def is_root(self) -> bool:
        return self.follows_id is None

    def tiers(self) -> list["Screening"]:
        """The screening's submitted tiers in order (this one first when it is the root)."""
        root = self.root
        return [
            root,
            *root.follow_ups.submitted()
            .select_related("instrument_version__instrument", "submitted_by")
            .order_by("submitted_at", "pk"),
        ]

    def current_result(self) -> dict[str, Any] | None:
        """This tier's result as it counts now: the latest correction's, else the one at submission."""
        corrected = [a.result for a in self.addenda.all() if a.level and a.result]
        return corrected[-1] if corrected else self.result

    @property
    def has_outcome(self) -> bool:
        """Submitted since instruments v2: the screening reads by its outcome over the tiers."""
        return self.root.outcome is not None

    @property
    def setting_confirmed(self) -> bool:
        return self.setting_confirmed_at is not None

    # -- the result

    @property
    def corrected_level_label(self) -> str:
        """The level after a correction, when the queue annotated it and it differs from the original."""
        corrected = getattr(self, "corrected_level", None)
        if not corrected or corrected == self.level:
            return ""
        return str(Level(corrected).label)

    @property
    def effective_level(self) -> str:
        """The level that counts now: the screening's outcome; before instruments v2, the latest
        addendum's re-scored level, else the original."""
        if hasattr(self, "current_level"):  # annotated by with_current_level(): no query
            return self.current_level
        if self.is_root and self.outcome is not None:
            return self.outcome_level
        corrected = [a.level for a in self.addenda.all() if a.level]
        return corrected[-1] if corrected else self.level

    @property
    def flags(self) -> list[str]:
        return list((self.result or {}).get("flags", []))

    @property
    def stopped_on_disclosure(self) -> bool:
        if self.root.outcome is not None:
            return bool(self.root.outcome.get("stop"))
        return "stop_disclosure" in self.flags

    @property
    def tier2_recommended(self) -> bool:
        return "tier2_recommended" in self.flags

    def current_answers(self) -> dict:
        """The answers as they stand now: those submitted, with every addendum's corrections applied."""
        answers = dict(self.answers)
        for addendum in self.addenda.all():
            answers.update(addendum.corrections)
        return answers

    @property
    def declined_count(self) -> int:
        codes = {item["code"] for item in self.asked_items()}
        return sum(1 for code, value in self.answers.items() if code in codes and value == "declined")

    def answered_count(self) -> int:
        codes = set(self.presented_codes())
        return sum(1 for code, value in self.answers.items() if code in codes and value)


class Addendum(models.Model):
    """A correction or later information added to a submitted screening; the original stays.

    An addendum may correct answers: the screening is then scored again with its pinned
    version, and the addendum keeps that result beside the original one.
    """

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="addenda", verbose_name=_("screening")
    )
    body = models.TextField(_("what is added or corrected, and why"))
    corrections = models.JSONField(_("corrected answers"), default=dict, blank=True)
    level = models.CharField(
        _("level after the correction"), max_length=10, choices=Level.choices, blank=True
    )
    result = models.JSONField(_("result after the correction"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )

    # What services.add_addendum did, for the page that follows (not stored).
    new_actions: "list[GuidanceAction]"
    sent_to_review: bool

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{_('Addendum')} {self.created_at:%Y-%m-%d}"
