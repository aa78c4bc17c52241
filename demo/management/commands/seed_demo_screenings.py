"""`manage.py seed_demo_screenings`: fictional screenings for the demo caseload (after seed_demo).

So that a demo shows every part of the workflow:
- earlier returns from missing were screened in time (no concern), so only recent returns are due;
- flagged screenings wait in the supervisors' queues: a `possible` that an addendum corrected to
  `clear`; a Tier 1 then a Tier 2 with a disclosure (`clear`, identified, questioning stopped); one
  Tier 1 indicator then an interview the youth declined throughout (`possible`, interview not
  completed, to be offered again); a 6-year-old whose parents traded him for drugs (`clear`,
  identified, no interview: the forensic-interview route); one was returned with a comment, one
  was approved with its report made;
- a screening in progress (a draft with half the answers).

Runs through the same services as the app, then dates the rows back to when they would have
happened. Refuses to run where seed_demo may not (known passwords). Running it again adds
nothing when the demo cases already have screenings.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from accounts import audit
from accounts.models import User
from cases.models import Case
from indicators.models import InstrumentVersion
from screening import review, services
from screening.models import GuidanceAction, ReviewDecision, Screening

TIER1, TIER2 = "tier1-indicators", "tier2-interview"
# Answers the scenarios give (codes of the default tier1-indicators and tier2-interview v2).
ONE_INDICATOR = {"T1-RC-04": "yes"}  # significant changes in behavior
TWO_INDICATORS = {"T1-RC-04": "yes", "T1-PS-03": "yes"}  # and expensive things she cannot explain
# Branding she will not explain, with a much older "boyfriend": a combination named clear concern.
BRANDING_AND_CONTROL = {"T1-PS-02": "yes", "T1-RC-01": "yes"}
DISCLOSURE = {"T2-LS-01": "declined", "T2-MW-01": "yes", "T2-DX-01": "yes"}
# Seed 002's first example: the investigation found the parents traded the child for drugs.
EXCHANGE_BY_PARENTS = {
    "T1-SX-03": "yes",
    "T1-FM-01": "yes",
    "T1-RF-01": "yes",
    "T1-RF-06": "yes",
    "T1-RF-14": "yes",
}


def _request(user):
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    request.user = user
    return request


class Command(BaseCommand):
    help = "Add fictional screenings, reviews and guidance actions to the demo caseload."

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError("seed_demo_screenings runs only where DEBUG=true or SEED_DEMO_ALLOWED=true.")
        cases = list(
            Case.objects.filter(case_number__startswith="DEMO-")
            .select_related("team", "assigned_caseworker")
            .order_by("case_number")
        )
        if not cases:
            raise CommandError("No demo cases: run `manage.py seed_demo` first.")
        try:
            self.tier1 = InstrumentVersion.objects.latest_published(TIER1)
            self.tier2 = InstrumentVersion.objects.latest_published(TIER2)
            services.current_jurisdiction()
        except (InstrumentVersion.DoesNotExist, services.ScreeningError) as error:
            raise CommandError(f"{error} Run `manage.py load_instruments` first.") from None
        if Screening.objects.filter(case__in=cases).exists():
            self.stdout.write("Demo screenings: already present, nothing added.")
            return
        with transaction.atomic():
            counts = self._seed(cases)
            audit.record(None, audit.Action.CREATED, summary="seed_demo_screenings", detail=counts)
        self.stdout.write(
            f"Demo screenings: {counts['screenings']} added ({counts['waiting']} waiting for review, "
            f"{counts['returned']} returned, {counts['drafts']} in progress)."
        )

    # ---------------------------------------------------------------------------------------

    def _seed(self, cases):
        now = timezone.now()
        counts = {"screenings": 0, "waiting": 0, "returned": 0, "drafts": 0}
        latest_return = {}
        # Earlier returns were screened within hours: nothing found.
        for case in cases:
            returns = [e for e in case.episodes.order_by("returned_at") if e.returned_at]
            if not returns:
                continue
            latest_return[case.pk] = returns[-1]
            # Returns of more than two weeks ago were screened in time too; recent ones may be due.
            screened = [
                e for e in returns if e is not returns[-1] or e.returned_at < now - timedelta(days=14)
            ]
            if returns[-1] in screened:
                del latest_return[case.pk]
            for episode in screened:
                self._submitted(
                    case,
                    self.tier1,
                    {},
                    context="return_from_missing",
                    episode=episode,
                    at=episode.returned_at + timedelta(hours=5),
                    record=False,
                )
                counts["screenings"] += 1

        supervisors = {}
        for case in cases:
            supervisors.setdefault(case.team_id, case.team.supervisors.order_by("username").first())
        open_cases = [c for c in cases if c.status == "open"]
        by_team = {}
        for case in open_cases:
            by_team.setdefault(case.team_id, []).append(case)
        team_a, *others = sorted(by_team.values(), key=len, reverse=True)
        # The demo's first login (`caseworker`) gets the scenarios first, so signing in shows them;
        # cases with a recent unscreened return are left for last, so "screening due" shows too.
        team_a.sort(
            key=lambda c: (
                c.assigned_caseworker.username != "caseworker",
                c.pk in latest_return,
                c.case_number,
            )
        )

        def take(pool):
            return pool.pop(0) if pool else None

        def where(case, days_ago):
            """Context, episode and time of a scenario's screening on this case."""
            episode = latest_return.get(case.pk)
            if episode is not None:
                return (
                    "return_from_missing",
                    episode,
                    max(episode.returned_at + timedelta(hours=3), now - timedelta(days=days_ago)),
                )
            return "general", None, now - timedelta(days=days_ago)

        # 1. Possible concern, waiting for review for two days; an addendum since corrected two
        #    answers, and the outcome after the correction is clear.
        if case := take(team_a):
            context, episode, at = where(case, 2)
            screening = self._submitted(
                case, self.tier1, TWO_INDICATORS, context=context, episode=episode, at=at
            )
            services.add_addendum(
                request=_request(case.assigned_caseworker),
                screening=screening,
                body="The foster parent told us today that the youth has a new tattoo of a man's name "
                'she will not talk about, and spends weekends with a much older "boyfriend" who buys '
                "her clothes. Answers corrected after talking with the youth.",
                corrections=dict(BRANDING_AND_CONTROL),
            )
            counts["screenings"] += 1
            counts["waiting"] += 1
        # 2. One indicator, then an interview the youth declined throughout: the concern stands,
        #    the interview was not completed and is to be offered again; waiting for review.
        if case := take(team_a):
            context, episode, at = where(case, 1)
            first = self._submitted(case, self.tier1, ONE_INDICATOR, context=context, episode=episode, at=at)
            self._submitted(
                case,
                self.tier2,
                {},
                context=context,
                episode=episode,
                at=at + timedelta(hours=3),
                follows=first,
                every="declined",
            )
            counts["screenings"] += 1
            counts["waiting"] += 1
        # 3. Tier 1 then Tier 2 with a disclosure: clear concern, identified, questioning stopped;
        #    waiting (the oldest in the queue).
        if case := take(team_a):
            context, episode, at = where(case, 3)
            first = self._submitted(case, self.tier1, TWO_INDICATORS, context=context, episode=episode, at=at)
            second = self._submitted(
                case,
                self.tier2,
                DISCLOSURE,
                context=context,
                episode=episode,
                at=at + timedelta(hours=4),
                follows=first,
            )
            self._close(second, "stop-questioning", "", at + timedelta(hours=4, minutes=20))
            self._close(second, "report-law-enforcement", "LCPD-2026-4471", at + timedelta(hours=5))
            counts["screenings"] += 1
            counts["waiting"] += 1
        # 4. A 6-year-old, in the CPS investigation: the exchange is known from the investigation,
        #    the parents the exploiters. Clear, identified, questioning stopped; no interview (he is
        #    younger than the interview is for): the forensic interview at a Child Advocacy Center.
        if young := next((c for c in team_a if c.age < 10), None):
            team_a.remove(young)
            at = now - timedelta(hours=20)
            self._submitted(
                young, self.tier1, EXCHANGE_BY_PARENTS, context="cps_investigation", episode=None, at=at
            )
            counts["screenings"] += 1
            counts["waiting"] += 1
        # 5. Returned by the supervisor with a question.
        if case := take(team_a):
            context, episode, at = where(case, 4)
            screening = self._submitted(
                case, self.tier1, TWO_INDICATORS, context=context, episode=episode, at=at
            )
            self._decide(
                screening,
                supervisors[case.team_id],
                ReviewDecision.Decision.RETURN,
                "Who gave the youth the new clothes? Please ask at your next visit, and start the "
                "in-depth interview if they are willing.",
            )
            counts["screenings"] += 1
            counts["returned"] += 1
        # 6. Approved, with the report made.
        if case := take(team_a):
            context, episode, at = where(case, 9)
            screening = self._submitted(
                case,
                self.tier1,
                {**TWO_INDICATORS, **BRANDING_AND_CONTROL},
                context=context,
                episode=episode,
                at=at,
            )
            self._close(screening, "report-child-abuse-hotline", "CAH-118204", at + timedelta(hours=2))
            self._decide(
                screening,
                supervisors[case.team_id],
                ReviewDecision.Decision.APPROVE,
                "Plan approved. Keep the safety plan current.",
            )
            counts["screenings"] += 1
        # 5. A general screening in progress: half the answers, saved yesterday.
        if case := take(team_a):
            worker = case.assigned_caseworker
            draft = services.start_screening(
                request=_request(worker), case=case, context="general", version=self.tier1
            )
            codes = draft.presented_codes()
            answers = dict.fromkeys(codes[: len(codes) // 2], "no")
            services.save_draft(
                request=_request(worker), screening=draft, answers=answers, notes={}, version=draft.version
            )
            Screening.objects.filter(pk=draft.pk).update(
                created_at=now - timedelta(days=1, hours=2), updated_at=now - timedelta(days=1)
            )
            counts["screenings"] += 1
            counts["drafts"] += 1
        # The other team's supervisor has one waiting too.
        for pool in others:
            if case := take(pool):
                context, episode, at = where(case, 1)
                self._submitted(case, self.tier1, TWO_INDICATORS, context=context, episode=episode, at=at)
                counts["screenings"] += 1
                counts["waiting"] += 1
        return counts

    def _submitted(
        self, case, version, given, *, context, episode, at, follows=None, every="no", record=True
    ) -> Screening:
        """A screening submitted at `at`: every item answered `every` (or the scale's first answer),
        but for the `given` answers and what the record filled in. `record=False` for screenings of
        the past, which the record as it is now could not have filled in."""
        worker = case.assigned_caseworker
        request = _request(worker)
        screening = services.start_screening(
            request=request, case=case, context=context, version=version, episode=episode, follows=follows
        )
        if not record and screening.prefilled:
            Screening.objects.filter(pk=screening.pk).update(answers={}, prefilled={})
            screening.refresh_from_db()
        if screening.is_interview:
            services.confirm_setting(
                request=request,
                screening=screening,
                private=True,
                confidentiality=True,
                purpose=True,
                interpreter="used" if case.interpreter_needed else "not_needed",
            )
            screening.refresh_from_db()
        scales = screening.content["answer_scales"]
        answers = {}
        for item in screening.asked_items():
            values = [o["value"] for o in scales[item["scale"]]["options"]]
            answers[item["code"]] = every if every in values else values[0]
        answers.update(screening.answers)  # filled in from the record
        answers.update({code: value for code, value in given.items() if code in answers})
        stop = answers.get("T2-DX-01") == "yes"
        if stop:  # questioning stopped at the disclosure: later questions were not asked
            asked = set(list(answers)[:6]) | set(given)
            answers = {code: value for code, value in answers.items() if code in asked}
        screening = services.save_draft(
            request=request, screening=screening, answers=answers, notes={}, version=screening.version
        )
        screening = services.submit(request=request, screening=screening, version=screening.version)
        Screening.objects.filter(pk=screening.pk).update(
            created_at=at - timedelta(minutes=40),
            updated_at=at,
            submitted_at=at,
            setting_confirmed_at=at - timedelta(minutes=35) if screening.is_interview else None,
            review_waiting_since=at if screening.review_status else None,
        )
        if follows is not None:  # the review is the screening's: it waits since the interview
            Screening.objects.filter(pk=follows.pk, review_status="pending").update(review_waiting_since=at)
        for action in screening.actions.all():
            if action.deadline_key and action.due_at and action.status == GuidanceAction.Status.OPEN:
                shift = action.due_at - screening.submitted_at
                if not action.deadline_key.startswith("report_missing"):
                    GuidanceAction.objects.filter(pk=action.pk).update(due_at=at + shift)
        screening.refresh_from_db()
        return screening

    def _close(self, screening, code, reference, at):
        action = screening.actions.filter(code=code).first()
        if action is None:
            return
        services.close_action(
            request=_request(screening.case.assigned_caseworker),
            action=action,
            status=GuidanceAction.Status.DONE,
            done_at=at,
            reference=reference,
            version=action.version,
        )
        GuidanceAction.objects.filter(screening__case=screening.case, code=code).update(closed_at=at)

    def _decide(self, screening, supervisor: User, decision, comment):
        screening.refresh_from_db()
        # Decisions are kept as made (the database refuses to change them), so they carry today's date.
        review.decide(
            request=_request(supervisor),
            screening=screening,
            decision=decision,
            comment=comment,
            round_token=review.token(screening),
        )
