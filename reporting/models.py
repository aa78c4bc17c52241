"""The agency's figures kept per team and calendar month (docs/performance.md, "Pre-aggregated
figures"): `python manage.py aggregate_figures` writes the closed months and the open month up to
the current hour (`--open-month`: that one only, hourly); a change to a record of
a closed month marks its team's month stale (reporting/invalidation.py), computed live until the
next run."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Team


class AggregatedMonth(models.Model):
    """A month whose pieces are stored: every team with a record in it has a piece, and the whole
    agency has one (unless a change made it stale). A closed month is stored whole (`until`
    empty); the open month up to `until` (the start of the hour of the last run), the rest of it
    read live."""

    month = models.DateField(_("month"), unique=True)
    computed_at = models.DateTimeField(_("computed at"))
    until = models.DateTimeField(_("stored up to"), null=True, blank=True)
    # New at every write of the month's pieces (a rebuild, a stale mark): a report process keeps
    # the stored pieces it added up under the versions they came from (reporting/aggregates.py).
    version = models.UUIDField(_("version"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("aggregated month")
        verbose_name_plural = _("aggregated months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class MonthFigures(models.Model):
    """The facts of one team's month (team empty: the whole agency's), reporting/pieces.py.
    `facts` empty: the month changed after it was stored, computed live until the next run."""

    month = models.DateField(_("month"))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    facts = models.JSONField(_("facts"), null=True, blank=True)

    class Meta:
        verbose_name = _("figures of a month")
        verbose_name_plural = _("figures of months")
        constraints = [
            models.UniqueConstraint(fields=["month", "team"], name="month_figures_one_per_team"),
            models.UniqueConstraint(
                fields=["month"], condition=models.Q(team__isnull=True), name="month_figures_one_agency"
            ),
        ]
        # The stale pieces (aggregate_figures --stale looks for them every few minutes).
        indexes = [
            models.Index(fields=["month"], condition=models.Q(facts__isnull=True), name="month_figures_stale")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.team_id or 'agency'}"
