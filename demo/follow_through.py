"""What follows a synthetic screening, as the services do it (screening/services/checklist.py,
outcome.py, review.py), for one case in time order in memory: the guidance actions opened (none
already open on the case, none the screening already had), the missing-report actions the
episode already records, the steps the interview did, those a stop closed, and later closures
by the caseworker; the caseworker's determination; the supervisors' review. Nothing is written
here: ScreeningSeeder inserts the rows of a batch of cases at once.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from demo import data as demo_data
from indicators import engine
from screening import services
from screening.models import GuidanceAction, ReviewDecision, ReviewResponse, ReviewStatus, Screening

FLAGGED = ("possible", "clear")
OPEN, DONE, NOT_APPLICABLE = (
    GuidanceAction.Status.OPEN,
    GuidanceAction.Status.DONE,
    GuidanceAction.Status.NOT_APPLICABLE,
)


def open_at(action: GuidanceAction, at: datetime) -> bool:
    return action.opened_at <= at and (action.closed_at is None or action.closed_at > at)


class FollowThrough:
    """Mixed into ScreeningSeeder: `self.case` (the case's row), `self.state` (its actions so far),
    `self.rng`, `self.now`, `self.jurisdiction`, the lists of rows of the batch, `self.counts`."""

    # --- the checklist ------------------------------------------------------------------------

    def _open_actions(self, root: Screening, tier: Screening, outcome: engine.Outcome, at: datetime) -> None:
        """services.checklist.open_actions, at `at`."""
        open_on_case = {a.code for a in self.state if open_at(a, at)}
        had = {a.code for a in self.state if a.root is root}
        on_tier = [a for a in self.state if a.screening is tier]
        wanted = [
            a
            for a in outcome.actions
            if a.code not in open_on_case
            and a.code not in {t.code for t in on_tier}
            and (a.continues_screening or a.code not in had)
        ]
        first = max((a.position for a in on_tier), default=-1) + 1
        for position, action in enumerate(wanted, start=first):
            row = services.action_row(tier, action, position, jurisdiction=self.jurisdiction, at=at)
            row.opened_at, row.root = at, root
            if not self._recorded_on_episode(row, tier, at):
                self._later_closure(row, at)
            self.state.append(row)
            self.actions.append(row)

    def _recorded_on_episode(self, row: GuidanceAction, tier: Screening, at: datetime) -> bool:
        """A missing-report action is done once the episode records the report (when it was
        recorded after the screening, from then on)."""
        episode = tier.episode
        if episode is None:
            return False
        done = {
            "report_missing_to_law_enforcement": (
                episode.reported_to_law_enforcement_at,
                episode.law_enforcement_report_number,
            ),
            "report_missing_to_ncmec": (episode.reported_to_ncmec_at, episode.ncmec_case_number),
        }.get(row.deadline_key)
        if not done or not done[0]:
            return False
        self._close(row, DONE, max(at, done[0]), done_at=done[0], reference=done[1][:120])
        return True

    def _later_closure(self, row: GuidanceAction, at: datetime) -> None:
        """The caseworker closes the action some days later (by its priority), if that is past."""
        rng = self.rng
        days = demo_data.ACTION_CLOSED_AFTER_DAYS.get(row.priority, 30)
        closed = at + timedelta(days=rng.expovariate(1 / days))
        if closed >= self.now:
            return
        if row.mandated_report or rng.random() >= demo_data.ACTION_NOT_APPLICABLE_SHARE:
            reference = f"R-{rng.randint(100_000, 999_999)}" if row.mandated_report else ""
            self._close(row, DONE, closed, reference=reference)
        else:
            self._close(row, NOT_APPLICABLE, closed, reason=rng.choice(demo_data.NOT_APPLICABLE_REASONS))

    def _close(self, row, status, at, *, done_at=None, reference="", reason="") -> None:
        row.status, row.closed_at, row.closed_by_id = status, at, self.case["assigned_caseworker_id"]
        row.done_at = (done_at or at) if status == DONE else None
        row.reference = reference if status == DONE else ""
        row.not_applicable_reason = reason if status == NOT_APPLICABLE else ""
        row.version = 2

    def _done_by_interview(self, root: Screening, follow_up: Screening, at: datetime) -> None:
        """services.checklist.done_by_this_tier: the interview does "Complete the interview" and,
        after one not completed, "Offer the interview again"."""
        again = set((follow_up.instrument_version.content.get("not_completed") or {}).get("guidance", ()))
        slug = follow_up.instrument_version.instrument.slug
        for row in self.state:
            if (
                row.root is root
                and open_at(row, at)
                and (row.code == slug or (row.code in again and row.continues_screening))
            ):
                self._close(row, DONE, at)
                self.references.append((row, follow_up))  # "Screening <id>", once it has one

    def _close_after_stop(self, root: Screening, outcome: engine.Outcome, at: datetime) -> None:
        """services.checklist.close_after_stop: no step asks for more questions after a stop."""
        if not outcome.stop:
            return
        reason = _(
            "Questioning stopped on the screening of %(date)s (a disclosure, or an exchange already known): "
            "no more screening questions; follow that screening's checklist."
        ) % {"date": timezone.localtime(root.created_at).strftime("%Y-%m-%d")}
        for row in self.state:
            if row.continues_screening and open_at(row, at):
                self._close(row, NOT_APPLICABLE, at, reason=reason)

    # --- determination and review -------------------------------------------------------------

    def _determination(self, root: Screening, outcome: engine.Outcome, at: datetime) -> None:
        """The caseworker agrees with the outcome, now and then (a lower one is not made up)."""
        if self.rng.random() >= demo_data.DETERMINATION_SHARE:
            return
        root.determination = Screening.Determination.AGREE
        root.determined_level = outcome.level
        root.determined_at = min(at + timedelta(minutes=self.rng.uniform(5, 60)), self.now)
        root.determined_by_id = self.case["assigned_caseworker_id"]
        root.updated_at = max(root.updated_at, root.determined_at)

    def _review(self, root: Screening, outcome: engine.Outcome, at: datetime) -> None:
        """A flagged screening waits for the supervisors since its last tier; recent ones and a
        share of the older ones still wait (a backlog); the others were approved or returned (and
        some of those answered, so waiting again)."""
        if outcome.level not in FLAGGED:
            return
        rng, now = self.rng, self.now
        root.review_status, root.review_waiting_since = ReviewStatus.PENDING, at
        supervisors = self.supervisors.get(self.case["team_id"])
        decided = at + timedelta(hours=rng.uniform(2, 240))
        recent = at > now - timedelta(days=3)
        if not supervisors or recent or decided >= now or rng.random() < demo_data.REVIEW_PENDING_SHARE:
            self.counts["waiting_for_review"] += 1
            return
        supervisor, username = rng.choice(supervisors)
        returned = rng.random() < demo_data.REVIEW_RETURN_SHARE
        decision = ReviewDecision(
            screening=root,
            decision=ReviewDecision.Decision.RETURN if returned else ReviewDecision.Decision.APPROVE,
            comment=rng.choice(demo_data.REVIEW_COMMENTS["return" if returned else "approve"]),
            decided_at=decided,
            decided_by_id=supervisor,
        )
        self.decisions.append(decision)
        self._event(
            decision, decided, supervisor, username, "Screening review", {"decision": decision.decision}
        )
        root.review_status = ReviewStatus.RETURNED if returned else ReviewStatus.APPROVED
        root.updated_at = max(root.updated_at, decided)
        if not returned:
            return
        responded = decided + timedelta(hours=rng.uniform(1, 120))
        if rng.random() < demo_data.REVIEW_RESPONSE_SHARE and responded < now:
            response = ReviewResponse(
                screening=root,
                comment=rng.choice(demo_data.REVIEW_COMMENTS["response"]),
                created_at=responded,
                created_by_id=self.case["assigned_caseworker_id"],
            )
            self.responses.append(response)
            self._event(
                response,
                responded,
                self.case["assigned_caseworker_id"],
                self.case["assigned_caseworker__username"],
                _("Response to a returned screening"),
                {},
            )
            root.review_status, root.review_waiting_since = ReviewStatus.PENDING, responded
            root.updated_at = responded
            self.counts["waiting_for_review"] += 1
        else:
            self.counts["returned"] += 1

    def _event(self, row, at, user, username, summary, detail) -> None:
        self.events.append((row, self.case["pk"], at, user, username, summary, detail))
