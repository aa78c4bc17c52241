from datetime import date

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Team

from . import policy


def age_on(date_of_birth: date, today: date) -> int:
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


# An open case with a screening due (the condition of the partial indexes; queries repeat it
# exactly so the database can use them).
SCREENING_DUE = models.Q(status="open", screening_due_at__isnull=False)


class Case(models.Model):
    """A youth on a caseworker's caseload."""

    class Placement(models.TextChoices):
        OWN_HOME = "own_home", _("Own home")
        KINSHIP = "kinship", _("Kinship care")
        FOSTER_FAMILY = "foster_family", _("Foster family")
        THERAPEUTIC_FOSTER = "therapeutic_foster", _("Therapeutic foster care")
        CONGREGATE = "congregate", _("Group home or congregate care")
        SHELTER = "shelter", _("Shelter")
        INDEPENDENT_LIVING = "independent_living", _("Supervised independent living")
        DETENTION = "detention", _("Detention")
        MISSING = "missing", _("Missing from care")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    case_number = models.CharField(
        _("case number"),
        max_length=40,
        unique=True,
        help_text=_("The agency's case identifier."),
        error_messages={"unique": _("Another case already has this case number.")},
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    chosen_name = models.CharField(
        _("chosen name"),
        max_length=200,
        blank=True,
        help_text=_("The name the youth asks to be called. Used wherever the youth is named."),
    )
    pronouns = models.CharField(
        _("pronouns"),
        max_length=60,
        blank=True,
        help_text=_("As the youth states them, e.g. she/her, he/him, they/them."),
    )
    date_of_birth = models.DateField(_("date of birth"))
    primary_language = models.CharField(_("primary language"), max_length=60, default="English")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    placement_type = models.CharField(
        _("placement"), max_length=30, choices=Placement.choices, default=Placement.FOSTER_FAMILY
    )
    county = models.CharField(_("county"), max_length=120, blank=True)
    office = models.CharField(_("office"), max_length=120, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"))
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworker"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_on = models.DateField(_("case opened on"), default=timezone.localdate)
    known_runaway_history = models.BooleanField(
        _("known history of running away at case opening"),
        default=False,
        help_text=_("Sets the screening deadline at case opening (per the jurisdiction)."),
    )
    # Optimistic locking: an edit based on an old copy is refused, never silently applied.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )

    # When the clock started for a screening still due (null: none due for that reason): the
    # oldest return from missing with no screening submitted since, and the opening of a case
    # with a runaway history never screened. Derived from the episodes and screenings and
    # recomputed after every save of either (screening/deadlines.py), so that what is due is
    # read from an index whatever the size of the caseload, never typed in.
    return_screening_due_since = models.DateTimeField(null=True, blank=True, editable=False)
    opening_screening_due_since = models.DateTimeField(null=True, blank=True, editable=False)
    # The earlier of the two deadlines by the jurisdiction's hours (recomputed when they change).
    screening_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "version",
            "updated_at",
            "return_screening_due_since",
            "opening_screening_due_since",
            "screening_due_at",
        ]
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["legal_name", "pk"]
        permissions = [
            ("view_case_access_log", _("Can see who accessed a case and its change history")),
        ]
        indexes = [
            models.Index(fields=["assigned_caseworker", "status"], name="case_worker_status"),
            models.Index(fields=["team", "status"], name="case_team_status"),
            # The case list's order for each scope (all, a caseworker's, a team's), so a page is
            # read from the index, not sorted from every visible case.
            models.Index(fields=["legal_name", "id"], name="case_name_order"),
            models.Index(fields=["assigned_caseworker", "legal_name", "id"], name="case_worker_name_order"),
            models.Index(fields=["team", "legal_name", "id"], name="case_team_name_order"),
            # Open cases with a screening due, soonest deadline first, for each scope: the home
            # pages read the first few, whatever the size of the caseload.
            models.Index(
                fields=["assigned_caseworker", "screening_due_at"],
                condition=SCREENING_DUE,
                name="case_worker_screening_due",
            ),
            models.Index(
                fields=["team", "screening_due_at"], condition=SCREENING_DUE, name="case_team_screening_due"
            ),
            models.Index(fields=["screening_due_at"], condition=SCREENING_DUE, name="case_screening_due"),
        ]
        triggers = [
            # A case moved to another team moves the team kept on its screenings
            # (screening.Screening.case_team_id, read by the review queue and the figures). Named by
            # its table only: cases imports nothing of screening. SQLite (the demo): migration
            # screening 0016 has the same trigger.
            pgtrigger.Trigger(
                name="case_team_to_screenings",
                when=pgtrigger.After,
                operation=pgtrigger.UpdateOf("team_id"),
                condition=pgtrigger.Condition("OLD.team_id IS DISTINCT FROM NEW.team_id"),
                func=(
                    "UPDATE screening_screening SET case_team_id = NEW.team_id"
                    " WHERE case_id = NEW.id AND case_team_id IS DISTINCT FROM NEW.team_id;"
                    " RETURN NULL;"
                ),
            ),
        ]
        constraints = [
            # "demo-1012" and "DEMO-1012" are the same agency case.
            models.UniqueConstraint(
                Lower("case_number"),
                name="case_number_unique_ignoring_case",
                violation_error_message=_("Another case already has this case number."),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.case_number})"

    def get_absolute_url(self):
        return reverse("cases:detail", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        """The name to call the youth by: their chosen name when they gave one."""
        return self.chosen_name or self.legal_name

    @property
    def placement_outdated_after_return(self) -> bool:
        """The record says "missing from care" though no episode is open: the youth is back."""
        if self.placement_type != self.Placement.MISSING:
            return False
        return not self.episodes.filter(returned_at=None).exists()

    @property
    def age(self) -> int:
        return age_on(self.date_of_birth, timezone.localdate())

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth cannot be in the future.")
            elif age_on(self.date_of_birth, today) > (oldest := policy.oldest_age_served()):
                errors["date_of_birth"] = _(
                    "This date of birth makes the youth older than %(age)s, the oldest age the agency "
                    "serves; check the year."
                ) % {"age": oldest}
        if self.opened_on and self.opened_on > today:
            errors["opened_on"] = _("The case cannot be opened in the future.")
        if self.opened_on and self.date_of_birth and self.opened_on < self.date_of_birth:
            errors["opened_on"] = _("The case cannot be opened before the youth was born.")
        if errors:
            raise ValidationError(errors)


class MissingEpisode(models.Model):
    """A time the youth was missing from care, its reports, and where they were found."""

    class RecoveryLocation(models.TextChoices):
        HOTEL = "hotel", _("Hotel or motel")
        STREET = "street", _("Street or public place")
        TRUCK_STOP = "truck_stop", _("Truck stop")
        OTHER_CITY = "other_city", _("Another city")
        OTHER_STATE = "other_state", _("Another state")
        UNFAMILIAR_ADULT = "unfamiliar_adult", _("With an adult they don't know well")
        KNOWN_ADULT = "known_adult", _("With a known adult")
        FAMILY = "family", _("Home of a relative")
        FRIEND = "friend", _("Home of a friend or peer")
        RETURNED_SELF = "returned_self", _("Returned on their own")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Unknown")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("case"))
    went_missing_at = models.DateTimeField(_("went missing at"))
    reported_to_law_enforcement_at = models.DateTimeField(
        _("reported to law enforcement at"), null=True, blank=True
    )
    law_enforcement_report_number = models.CharField(
        _("law enforcement report number"), max_length=60, blank=True
    )
    reported_to_ncmec_at = models.DateTimeField(_("reported to NCMEC at"), null=True, blank=True)
    ncmec_case_number = models.CharField(_("NCMEC case number"), max_length=60, blank=True)
    returned_at = models.DateTimeField(_("returned or recovered at"), null=True, blank=True)
    recovery_location_type = models.CharField(
        _("where recovered"), max_length=20, choices=RecoveryLocation.choices, blank=True
    )
    recovery_location_details = models.CharField(
        _("recovery location details"),
        max_length=300,
        blank=True,
        help_text=_("City, state, type of place, who the youth was with."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("missing-from-care episode")
        verbose_name_plural = _("missing-from-care episodes")
        ordering = ["-went_missing_at", "-pk"]
        indexes = [
            # Reports not yet made, oldest first: only those rows, whatever the number of episodes.
            models.Index(
                fields=["went_missing_at"],
                condition=models.Q(reported_to_law_enforcement_at__isnull=True),
                name="episode_unreported_police",
            ),
            models.Index(
                fields=["went_missing_at"],
                condition=models.Q(reported_to_ncmec_at__isnull=True),
                name="episode_unreported_ncmec",
            ),
            # The reports' figures (reporting/): the episodes that began, or ended, in a period.
            models.Index(fields=["went_missing_at"], name="episode_went_missing"),
            models.Index(
                fields=["returned_at"], condition=models.Q(returned_at__isnull=False), name="episode_returned"
            ),
        ]

    def __str__(self):
        return _("Missing from %(start)s") % {
            "start": date_format(timezone.localtime(self.went_missing_at), "SHORT_DATETIME_FORMAT")
        }

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    def clean(self):
        errors = {}
        now = timezone.now()
        start = self.went_missing_at
        fields = {
            "went_missing_at": start,
            "reported_to_law_enforcement_at": self.reported_to_law_enforcement_at,
            "reported_to_ncmec_at": self.reported_to_ncmec_at,
            "returned_at": self.returned_at,
        }
        for name, value in fields.items():
            if value and value > now:
                errors[name] = _("This time is in the future.")
        born = self.case.date_of_birth if self.case_id else None
        if start and born and "went_missing_at" not in errors and timezone.localtime(start).date() < born:
            errors["went_missing_at"] = _("This is before the youth was born (%(born)s); check the date.") % {
                "born": date_format(born, "SHORT_DATE_FORMAT")
            }
        if start:
            if self.returned_at and "returned_at" not in errors and self.returned_at < start:
                errors["returned_at"] = _("The youth cannot return before going missing; check both times.")
            for name in ("reported_to_law_enforcement_at", "reported_to_ncmec_at"):
                value = fields[name]
                if value and name not in errors and value < start:
                    errors[name] = _("A report cannot be made before the youth went missing.")
        if self.law_enforcement_report_number and not self.reported_to_law_enforcement_at:
            errors["reported_to_law_enforcement_at"] = _("Enter when the report to law enforcement was made.")
        if self.ncmec_case_number and not self.reported_to_ncmec_at:
            errors["reported_to_ncmec_at"] = _("Enter when the report to NCMEC was made.")
        if self.recovery_location_type and not self.returned_at:
            errors["returned_at"] = _("Enter when the youth was recovered.")
        if self.case_id and start:
            overlapping = MissingEpisode.objects.filter(case_id=self.case_id).exclude(pk=self.pk)
            for other in overlapping:
                other_end = other.returned_at
                this_end = self.returned_at
                if (other_end is None or start < other_end) and (
                    this_end is None or other.went_missing_at < this_end
                ):
                    errors.setdefault(
                        "went_missing_at",
                        _("This overlaps another missing episode of this youth (%(other)s).")
                        % {"other": other},
                    )
                    break
        if errors:
            raise ValidationError(errors)


class CaseNote(models.Model):
    """A dated note on the case. Notes are added, not rewritten."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), max_length=10000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Note of %(date)s") % {
            "date": date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        }
