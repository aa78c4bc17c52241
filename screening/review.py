"""Supervisor review of flagged screenings: the queue, decisions and the caseworker's responses.

Every screening with a `possible` or `clear` result waits for the supervisors of its case's
team. A decision approves the plan or returns the screening for more information (a comment is
required); the caseworker responds and it waits again. Decisions are never edited or deleted.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import audit
from accounts.rules import is_supervisor
from cases.access import supervised_team_ids
from indicators.levels import Level

from .models import ReviewDecision, ReviewResponse, ReviewStatus, Screening

LEVEL_ORDER = Choose(
    When(current_level="clear", then=Value(0)), default=Value(1), output_field=IntegerField()
)


class AlreadyDecided(Exception):
    """Another supervisor decided this screening first (or it changed since the page was opened)."""

    def __init__(self, screening: Screening, decision: ReviewDecision | None):
        super().__init__("already decided")
        self.screening = screening
        self.decision = decision

    @property
    def message(self) -> str:
        if self.decision is None:
            return _("This screening is no longer waiting for review.")
        return _(
            "%(who)s already decided this screening at %(when)s: %(decision)s. Your decision was "
            "not recorded."
        ) % {
            "who": self.decision.decided_by,
            "when": date_format(timezone.localtime(self.decision.decided_at), "SHORT_DATETIME_FORMAT"),
            "decision": self.decision.get_decision_display(),
        }


class ReviewRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def waiting_for(user):
    """The screenings waiting for this supervisor's decision, unordered and unannotated (to count)."""
    if not is_supervisor.test(user):
        return Screening.objects.none()
    return Screening.objects.filter(
        # The case's team as the database keeps it on the screening (migration 0016): the
        # partial index screening_review_pending_team, not a join of every waiting screening.
        review_status=ReviewStatus.PENDING,
        case_team_id__in=supervised_team_ids(user),
    )


def queue_for(user):
    """Screenings waiting for this supervisor's decision: oldest first, `clear` before
    `possible` at equal age (the level after a correction counts). Only the teams they supervise."""
    return (
        waiting_for(user)
        .select_related(
            "case__team", "case__assigned_caseworker", "submitted_by", "instrument_version__instrument"
        )
        .defer("answers", "notes", "prefilled", "established")
        .with_current_level()
        # A count by subquery: a GROUP BY would group by every column read, JSON included.
        .annotate(
            level_rank=LEVEL_ORDER,
            responses=Coalesce(
                Subquery(
                    ReviewResponse.objects.filter(screening=OuterRef("pk"))
                    .order_by()
                    .values("screening")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        # The partial index screening_review_pending reads the waiting rows oldest first.
        .order_by("review_waiting_since", "level_rank", "pk")
    )


def token(screening: Screening) -> str:
    """Identifies the round of review a decision form was opened for."""
    since = screening.review_waiting_since
    return since.isoformat() if since else ""


@transaction.atomic
def decide(*, request, screening: Screening, decision: str, comment: str, round_token: str) -> ReviewDecision:
    """Record one decision. Two supervisors deciding at once: the row lock lets one through;
    the other gets AlreadyDecided, so there is never a lost or a double decision."""
    current = Screening.objects.select_for_update(of=("self",)).select_related("case").get(pk=screening.pk)
    if not request.user.has_perm("screening.review_screening", current):
        raise ReviewRefused(_("Only a supervisor of this youth's team can decide this review."))
    if current.review_status != ReviewStatus.PENDING or token(current) != round_token:
        raise AlreadyDecided(current, current.reviews.select_related("decided_by").order_by("-pk").first())
    if decision == ReviewDecision.Decision.RETURN and not comment.strip():
        raise ReviewRefused(_("Say what more information is needed when you return a screening."))
    row = ReviewDecision.objects.create(
        screening=current, decision=decision, comment=comment.strip(), decided_by=request.user
    )
    current.review_status = (
        ReviewStatus.APPROVED if decision == ReviewDecision.Decision.APPROVE else ReviewStatus.RETURNED
    )
    current.save(update_fields=["review_status", "updated_at"])
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=row,
        summary=_("Screening review: %(decision)s") % {"decision": row.get_decision_display()},
        detail={"screening": current.pk, "decision": decision},
    )
    return row


@transaction.atomic
def respond(*, request, screening: Screening, comment: str) -> ReviewResponse:
    """The caseworker answers a returned screening; it goes back to the queue."""
    current = Screening.objects.select_for_update(of=("self",)).select_related("case").get(pk=screening.pk)
    if current.review_status != ReviewStatus.RETURNED:
        raise ReviewRefused(_("This screening is not waiting for your response."))
    if not comment.strip():
        raise ReviewRefused(_("Write your response to the supervisor's comment."))
    row = ReviewResponse.objects.create(screening=current, comment=comment.strip(), created_by=request.user)
    current.review_status = ReviewStatus.PENDING
    current.review_waiting_since = timezone.now()
    current.save(update_fields=["review_status", "review_waiting_since", "updated_at"])
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=row,
        summary=_("Response to a returned screening"),
        detail={"screening": current.pk},
    )
    return row


def history(screening: Screening) -> list:
    """Decisions and responses in the order they happened."""
    entries = [("decision", d.decided_at, d) for d in screening.reviews.select_related("decided_by")]
    entries += [
        ("response", r.created_at, r) for r in screening.review_responses.select_related("created_by")
    ]
    entries.sort(key=lambda e: (e[1], e[2].pk))
    return [{"kind": kind, "at": at, "row": row} for kind, at, row in entries]


def month_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def level_counts(user, now=None) -> dict:
    """Screenings by level on the supervisor's teams, this month and last (one query)."""
    now = now or timezone.now()
    this_month = month_start(now)
    last_month = month_start(this_month - timedelta(days=1))
    rows = (
        Screening.objects.submitted()
        .screenings()  # one count per screening: an interview is part of the screening it follows
        .filter(case__team_id__in=supervised_team_ids(user), submitted_at__gte=last_month)
        .with_current_level()
        .aggregate(
            **{
                # By the level that counts now: after a correction, the corrected one.
                f"{period}_{level}": Count("pk", filter=Q(current_level=level) & span)
                for period, span in (
                    ("this", Q(submitted_at__gte=this_month)),
                    ("last", Q(submitted_at__lt=this_month)),
                )
                for level in ("none", "possible", "clear")
            }
        )
    )
    return {
        "this_month": this_month,
        "last_month": last_month,
        "rows": [
            {
                "level": level,
                "label": Level(level).label,
                "this": rows[f"this_{level}"],
                "last": rows[f"last_{level}"],
            }
            for level in ("clear", "possible", "none")
        ],
    }
