"""Synthetic screenings for `seed_demo --screenings M`: submitted screenings in bulk, with the rows
a screening submitted in the app has (screening/services): its answers (and what the record
filled in, or the Tier 1 established), its result and outcome as the engine computes them, the
guidance actions the outcome calls for (due by the jurisdiction's deadlines; none opened twice on
a case; closed by the interview that follows, by a stop, or later by the caseworker), the review
(waiting since, decisions and responses: append-only, inserted once), and an audit event for
each submission and decision. Some drafts too. The shares are in demo/data.py.

Each case's screenings are made in time order in memory (so what was open when is known), a
batch of cases at a time, then inserted with bulk_create: no service call and no query per row.
"""

import random
import time
from array import array
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import reset_queries
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, Team
from cases.models import Case, MissingEpisode, age_on
from demo import data as demo_data
from demo.answers import Library, Scorer
from demo.bulk import Writer, weighted
from demo.follow_through import FollowThrough
from indicators import engine
from screening import deadlines, services
from screening.models import GuidanceAction, ReviewDecision, ReviewResponse, Screening

CASES_PER_BATCH = 1_000
SEEDED = "seed_demo --screenings"


class LibraryMissing(Exception):
    """The instrument library or the jurisdiction profile is not loaded."""


class Instruments:
    """The loaded library as a new screening uses it: per context, the jurisdiction's latest
    published Tier 1 version and the interview that follows it."""

    def __init__(self):
        try:
            self.jurisdiction = services.current_jurisdiction()
        except services.ScreeningError as error:
            raise LibraryMissing(str(error)) from None
        self.profile = self.jurisdiction.profile()
        self.by_context = {}
        for context in engine.CONTEXTS:
            versions = self.jurisdiction.versions_for(context)
            tier1 = next((v for v in versions if v.instrument.tier == 1), None)
            tier2 = next((v for v in versions if v.instrument.tier > 1), None)
            if tier1 is None:
                raise LibraryMissing(f"No published Tier 1 instrument for the context {context!r}.")
            self.by_context[context] = (tier1, tier2)
        self.libraries: dict[int, Library] = {}
        self.presented: dict[tuple, tuple] = {}
        self.cache: dict[tuple, object] = {}

    def _cached(self, key: tuple, compute):
        # engine.prefill, established and stop_answers read the whole content each time: once
        # per distinct input is enough.
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def prefill(self, version, record: dict, presented: tuple[str, ...]) -> dict[str, str]:
        key = (
            "prefill",
            version.pk,
            presented,
            record["missing_episodes"],
            tuple(record["recovery_locations"]),
        )
        return self._cached(key, lambda: engine.prefill(version.content, record, items_presented=presented))

    def established(self, version, earlier, answers: dict[str, str], presented: tuple[str, ...]) -> dict:
        yes = frozenset(code for code, answer in answers.items() if answer == "yes")
        key = ("established", version.pk, earlier.pk, yes, presented)
        return self._cached(
            key,
            lambda: engine.established(
                version.content,
                earlier_instrument=earlier.instrument.slug,
                earlier_answers=answers,
                items_presented=presented,
            ),
        )

    def stop_answers(self, version) -> dict[str, list[str]]:
        return self._cached(("stops", version.pk), lambda: engine.stop_answers(version.content))

    def library(self, version) -> Library:
        if version.pk not in self.libraries:
            self.libraries[version.pk] = Library(version.content, f"seed_demo:answers:{version.pk}")
        return self.libraries[version.pk]

    def items(
        self, version, context: str, age: int
    ) -> tuple[tuple[str, ...], dict[str, dict], dict[str, list]]:
        """The codes presented to a youth of `age` in `context`, the items by code, and the
        answers each item's scale allows."""
        key = (version.pk, context, age)
        if key not in self.presented:
            scales = version.content.get("answer_scales", {})
            items = {
                i["code"]: i
                for s in engine.sections_for_context(version.content, context, age)
                for i in s["items"]
            }
            values = {code: [o["value"] for o in scales[i["scale"]]["options"]] for code, i in items.items()}
            self.presented[key] = (tuple(items), items, values)
        return self.presented[key]


def candidates_query():
    """Open synthetic cases with no screening yet: where synthetic screenings go."""
    return Case.objects.filter(
        case_number__startswith=demo_data.SYNTHETIC_PREFIX, status=Case.Status.OPEN
    ).exclude(Exists(Screening.objects.filter(case=OuterRef("pk"))))


class _Record:
    """Stands for a case in services.record_facts: the episodes known at the screening's time, so
    that what the record filled in reads as it does in the app."""

    def __init__(self, episodes: list[MissingEpisode]):
        self.episodes = self
        self.known = episodes

    def order_by(self, *fields: str) -> list[MissingEpisode]:
        return self.known  # already in the order record_facts asks for


class ScreeningSeeder(FollowThrough):
    def __init__(self, instruments: Instruments, *, now: datetime, say: Callable[[str], None]):
        self.instruments = instruments
        self.jurisdiction = instruments.jurisdiction
        self.scorer = Scorer(instruments.profile)
        self.now = now
        self.say = say
        self.counts: Counter = Counter()
        self.writer = Writer(now)

    # --- the run ------------------------------------------------------------------------------

    def run(self, count: int, drafts: int) -> dict:
        started = time.monotonic()
        ids = array(
            "q", candidates_query().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=20_000)
        )
        self.rng = rng = random.Random(f"seed_demo:screenings:{ids[0] if ids else 0}:{count}")
        # A random order of the candidates: the cases screened are spread over every caseload.
        order = rng.sample(range(len(ids)), min(len(ids), count))
        left, drafts_left = count, drafts
        next_report = count / 10
        for start in range(0, len(order), CASES_PER_BATCH):
            if left <= 0:
                break
            chunk = [ids[i] for i in order[start : start + CASES_PER_BATCH]]
            left, drafts_left = self._batch(chunk, left, drafts_left)
            reset_queries()
            done = count - left
            if done >= next_report or left <= 0:
                next_report += count / 10
                self.say(f"  {done:,} / {count:,} screenings ({time.monotonic() - started:.1f} s)")
        self.counts["seconds"] = round(time.monotonic() - started, 1)
        self.counts["distinct_answer_sets_scored"] = self.scorer.calls
        return dict(self.counts)

    def _batch(self, case_ids: list[int], left: int, drafts_left: int) -> tuple[int, int]:
        cases = {
            row["pk"]: row
            for row in Case.objects.filter(pk__in=case_ids).values(
                "pk",
                "date_of_birth",
                "opened_on",
                "team_id",
                "interpreter_needed",
                "assigned_caseworker_id",
                "assigned_caseworker__username",
            )
        }
        for row in cases.values():
            row["episodes"] = []
        for episode in MissingEpisode.objects.filter(case_id__in=case_ids).order_by("went_missing_at", "pk"):
            cases[episode.case_id]["episodes"].append(episode)
        self.supervisors: dict[int, list[tuple[int, str]]] = {}
        for team_id, user_id, username in Team.supervisors.through.objects.filter(
            team_id__in={row["team_id"] for row in cases.values()}
        ).values_list("team_id", "user_id", "user__username"):
            self.supervisors.setdefault(team_id, []).append((user_id, username))

        self.roots: list[Screening] = []
        self.follow_ups: list[Screening] = []
        self.actions: list[GuidanceAction] = []
        self.decisions: list[ReviewDecision] = []
        self.responses: list[ReviewResponse] = []
        self.references: list[tuple[GuidanceAction, Screening]] = []
        self.events: list[tuple] = []  # (row, case id, when, user id, username, summary, detail)
        for pk in case_ids:
            if left <= 0:
                break
            left -= self._case(cases[pk], left, draft=drafts_left > 0)
            drafts_left -= 1
        self._insert()
        # What is due on these cases changed (their returns are screened): the facts kept on the
        # case, recomputed as a save would (bulk inserts send no signal).
        deadlines.refresh(case_ids)
        return left, drafts_left

    def _insert(self) -> None:
        writer = self.writer
        writer.insert(Screening, self.roots)
        writer.insert(Screening, self.follow_ups)  # after the screenings they follow
        for action, follow_up in self.references:
            action.reference = _("Screening %(pk)s") % {"pk": follow_up.pk}
        writer.insert(GuidanceAction, self.actions)
        writer.insert(ReviewDecision, self.decisions)
        writer.insert(ReviewResponse, self.responses)
        writer.insert(
            AuditEvent,
            [
                AuditEvent(
                    at=at,
                    user_id=user,
                    username=username,
                    action=AuditEvent.Action.UPDATED,
                    case_id=case,
                    object_type=row._meta.label_lower,
                    object_id=str(row.pk),
                    summary=summary,
                    detail={**detail, "seeded": SEEDED},
                )
                for row, case, at, user, username, summary, detail in self.events
            ],
        )
        self.counts["actions"] += len(self.actions)
        self.counts["actions_open"] += sum(1 for a in self.actions if a.status == GuidanceAction.Status.OPEN)
        self.counts["review_decisions"] += len(self.decisions)
        self.counts["review_responses"] += len(self.responses)
        self.counts["audit_events"] += len(self.events)

    # --- one case -----------------------------------------------------------------------------

    def _case(self, case: dict, left: int, *, draft: bool) -> int:
        """Screen one case, in time order, within `left` submitted screenings; how many were made."""
        rng, now = self.rng, self.now
        self.case, self.state = case, []  # state: the case's guidance actions so far
        opened = timezone.make_aware(datetime.combine(case["opened_on"], datetime.min.time()))
        start = max(now - timedelta(days=demo_data.SCREENING_DAYS), opened)
        end = now - timedelta(minutes=30)
        if end <= start:
            start = end - timedelta(hours=1)
        wanted = weighted(rng, demo_data.SCREENINGS_PER_CASE)
        plans = []
        for episode in case["episodes"]:  # a return is screened first, mostly within the day
            if episode.returned_at and start < episode.returned_at < end and rng.random() > 0.05:
                late = rng.random() < 0.25
                at = episode.returned_at + timedelta(
                    hours=rng.uniform(24, 120) if late else rng.uniform(2, 23)
                )
                if at < end:
                    plans.append((at, "return_from_missing", episode))
        if opened >= start and rng.random() < demo_data.ENTRY_INTO_CARE_SHARE:
            plans.append((min(end, opened + timedelta(days=rng.uniform(0, 14))), "entry_into_care", None))
        while len(plans) < wanted:
            at = start + (end - start) * rng.random()
            plans.append((at, weighted(rng, demo_data.SCREENING_CONTEXTS), None))
        plans = sorted(plans[:wanted], key=lambda p: p[0])

        made = 0
        last = None
        for i, (at, context, episode) in enumerate(plans):
            if made >= left:
                break
            following = plans[i + 1][0] if i + 1 < len(plans) else end
            last, used = self._screening(at, context, episode, following, left - made)
            made += used
        if draft and last is not None:
            self._draft(*last)
        return made

    def _screening(self, at, context, episode, following, left):
        """A Tier 1 screening submitted at `at` and, when its outcome offers it, the interview."""
        rng, case = self.rng, self.case
        tier1, tier2 = self.instruments.by_context[context]
        age = age_on(case["date_of_birth"], timezone.localdate(at))
        presented, items, values = self.instruments.items(tier1, context, age)
        drawn = self.instruments.library(tier1).draw(rng, weighted(rng, demo_data.SCREENING_CLASSES))
        answers = self._answers(presented, values, drawn)
        prefilled = self._from_record(tier1, items, presented, at)
        answers.update({code: p["answer"] for code, p in prefilled.items()})
        key1, _result, stored1 = self.scorer.score(
            tier1.pk, tier1.content, answers, presented=presented, age=age
        )
        next_tier = (tier2.pk, tier2.content) if tier2 else None
        outcome, stored_outcome = self.scorer.outcome([(key1, tier1.content)], age=age, next_tier=next_tier)
        root = self._submitted(tier1, context, episode, at, age, answers, stored1, prefilled=prefilled)
        root.outcome, root.outcome_level = stored_outcome, outcome.level
        self.roots.append(root)
        self._open_actions(root, root, outcome, at)
        self._close_after_stop(root, outcome, at)
        used, last_at = 1, at
        interview_offered = outcome.next_step == "interview" and tier2 is not None
        if interview_offered and left > 1 and rng.random() < demo_data.INTERVIEW_SHARE:
            low, high = at + timedelta(hours=1), min(at + timedelta(days=5), following - timedelta(hours=1))
            if high > low:
                at2 = low + (high - low) * rng.random()
                outcome, stored_outcome = self._interview(
                    root, tier2, context, episode, at2, key1, tier1, age
                )
                root.outcome, root.outcome_level = stored_outcome, outcome.level
                used, last_at, interview_offered = 2, at2, False
        root.updated_at = last_at
        self._determination(root, outcome, last_at)
        self._review(root, outcome, last_at)
        self.counts[f"outcome_{outcome.level}"] += 1
        return (root, tier2 if interview_offered else None, context, last_at), used

    def _interview(self, root, tier2, context, episode, at, key1, tier1, root_age):
        """The interview that follows `root`, submitted at `at`; the outcome over both tiers."""
        rng = self.rng
        age = age_on(self.case["date_of_birth"], timezone.localdate(at))
        presented, _items, values = self.instruments.items(tier2, context, age)
        established = self.instruments.established(tier2, tier1, root.answers, presented)
        asked = [code for code in presented if code not in established]
        drawn = self.instruments.library(tier2).draw(rng, weighted(rng, demo_data.INTERVIEW_CLASSES))
        answers = self._answers(asked, values, drawn)
        stops = self.instruments.stop_answers(tier2)
        stopped_at = next((c for c in asked if answers.get(c) in stops.get(c, ())), None)
        if stopped_at is not None:  # questioning stopped there: the rest was not asked
            answers = {c: answers[c] for c in asked[: asked.index(stopped_at) + 1]}
        answers.update({code: e["answer"] for code, e in established.items()})
        key2, _result, stored2 = self.scorer.score(
            tier2.pk, tier2.content, answers, presented=presented, age=age, established=tuple(established)
        )
        outcome, stored_outcome = self.scorer.outcome(
            [(key1, tier1.content), (key2, tier2.content)], age=root_age, next_tier=None
        )
        follow_up = self._submitted(
            tier2, context, episode, at, age, answers, stored2, established=established
        )
        follow_up.follows = root
        follow_up.setting_private = follow_up.setting_confidentiality = follow_up.setting_purpose = True
        follow_up.setting_interpreter = (
            Screening.Interpreter.USED
            if self.case["interpreter_needed"]
            else Screening.Interpreter.NOT_NEEDED
        )
        follow_up.setting_confirmed_at = at - timedelta(minutes=35)
        self.follow_ups.append(follow_up)
        self._done_by_interview(root, follow_up, at)
        self._open_actions(root, follow_up, outcome, at)
        self._close_after_stop(root, outcome, at)
        self.counts["interviews"] += 1
        return outcome, stored_outcome

    @staticmethod
    def _answers(codes, values: dict[str, list], drawn: dict[str, str]) -> dict[str, str]:
        """Every item of `codes` answered: "no" (or its scale's first answer) but for those drawn."""
        answers = {}
        for code in codes:
            allowed = values[code]
            wanted = drawn.get(code, "no")
            answers[code] = wanted if wanted in allowed else ("no" if "no" in allowed else allowed[0])
        return answers

    def _from_record(self, version, items, presented, at) -> dict[str, dict]:
        """What the record filled in when the screening started (editable; kept as the app does)."""
        known = []
        for e in self.case["episodes"]:
            if e.went_missing_at >= at:
                continue
            if e.returned_at and e.returned_at > at:  # still missing then: no recovery recorded
                e = MissingEpisode(pk=e.pk, went_missing_at=e.went_missing_at)
            known.append(e)
        record, grounds = services.record_facts(_Record(known))
        filled = self.instruments.prefill(version, record, presented)
        return {code: {"answer": a, **grounds[items[code]["prefill"]["from"]]} for code, a in filled.items()}

    def _submitted(
        self, version, context, episode, at, age, answers, result, *, prefilled=None, established=None
    ):
        worker = self.case["assigned_caseworker_id"]
        screening = Screening(
            case_id=self.case["pk"],
            context=context,
            episode=episode,
            instrument_version=version,
            jurisdiction=self.jurisdiction,
            status=Screening.Status.SUBMITTED,
            youth_age=age,
            answers=answers,
            prefilled=prefilled or {},
            established=established or {},
            version=3,  # started, saved, submitted
            created_at=at - timedelta(minutes=40),
            created_by_id=worker,
            updated_at=at,
            updated_by_id=worker,
            submitted_at=at,
            submitted_by_id=worker,
            level=result["level"],
            points=float(result["points"]),
            result=result,
        )
        self.events.append(
            (
                screening,
                self.case["pk"],
                at,
                worker,
                self.case["assigned_caseworker__username"],
                _("Screening submitted"),
                {"level": result["level"]},
            )
        )
        self.counts["submitted"] += 1
        return screening

    def _draft(self, root: Screening, tier2, context: str, last_at: datetime) -> None:
        """A screening in progress on the case: the interview its last screening offered, or a new
        Tier 1 screening; about half answered, saved a while ago."""
        rng, now, case = self.rng, self.now, self.case
        if tier2 is not None and rng.random() < 0.5:
            at = min(last_at + timedelta(hours=rng.uniform(1, 72)), now - timedelta(minutes=10))
            age = age_on(case["date_of_birth"], timezone.localdate(at))
            presented, _items, values = self.instruments.items(tier2, context, age)
            established = self.instruments.established(
                tier2, root.instrument_version, root.answers, presented
            )
            asked = [code for code in presented if code not in established]
            answers = self._answers(asked[: len(asked) // 2], values, {})
            answers.update({code: e["answer"] for code, e in established.items()})
            draft = self._draft_row(tier2, context, root.episode, at, age, answers, established=established)
            draft.follows = root
            draft.setting_private = draft.setting_confidentiality = draft.setting_purpose = True
            draft.setting_interpreter = (
                Screening.Interpreter.USED if case["interpreter_needed"] else Screening.Interpreter.NOT_NEEDED
            )
            draft.setting_confirmed_at = at
            self.follow_ups.append(draft)
            return
        at = min(
            max(last_at + timedelta(hours=1), now - timedelta(days=rng.uniform(0, 14))),
            now - timedelta(minutes=10),
        )
        tier1 = self.instruments.by_context["general"][0]
        age = age_on(case["date_of_birth"], timezone.localdate(at))
        presented, items, values = self.instruments.items(tier1, "general", age)
        prefilled = self._from_record(tier1, items, presented, at)
        answers = self._answers(presented[: len(presented) // 2], values, {})
        answers.update({code: p["answer"] for code, p in prefilled.items()})
        self.roots.append(self._draft_row(tier1, "general", None, at, age, answers, prefilled=prefilled))

    def _draft_row(self, version, context, episode, at, age, answers, *, prefilled=None, established=None):
        worker = self.case["assigned_caseworker_id"]
        self.counts["drafts"] += 1
        return Screening(
            case_id=self.case["pk"],
            context=context,
            episode=episode,
            instrument_version=version,
            jurisdiction=self.jurisdiction,
            status=Screening.Status.DRAFT,
            youth_age=age,
            answers=answers,
            prefilled=prefilled or {},
            established=established or {},
            version=2,
            created_at=at,
            created_by_id=worker,
            updated_at=min(at + timedelta(minutes=self.rng.uniform(5, 60)), self.now),
            updated_by_id=worker,
        )
