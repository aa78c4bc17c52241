"""How a screening is presented: its answers in words, by section, and the reasons of its result.

Shared by the result page (views/results.py) and the printed summary (pdf.py). Everything comes
from the stored answers and result and the pinned version's content: nothing is scored again.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators.engine import level_label, level_rank

from .models import GuidanceAction, Screening


def answer_labels(screening) -> dict:
    """{item code: {answer value: answer label}} for the items the screening presents."""
    scales = {
        name: {o["value"]: o["label"] for o in scale.get("options", [])}
        for name, scale in screening.content.get("answer_scales", {}).items()
    }
    return {item["code"]: scales.get(item["scale"], {}) for item in screening.presented_items()}


def fired_rules(screening, result=None):
    """The fired rules as stored at submission, with the level and answers in words.

    `result` is another stored result of the same screening (an addendum's re-scored one).
    """
    labels = answer_labels(screening)
    result = screening.result if result is None else result
    return [
        dict(
            rule,
            level_label=level_label(rule["level"]).label,
            answers=[
                dict(a, answer_label=labels.get(a["item"], {}).get(a["answer"], a["answer"]))
                for a in rule.get("answers", [])
            ],
        )
        for rule in (result or {}).get("fired_rules", [])
    ]


def answers_by_section(screening, addenda):
    """Every presented item with its answer (label) and note, and any later correction."""
    labels_of = answer_labels(screening)
    corrected = {}
    for addendum in addenda:
        for code, value in addendum.corrections.items():
            corrected[code] = (value, addendum)
    fired_on = {}
    for rule in (screening.result or {}).get("fired_rules", []):
        for ref in rule.get("answers", []):
            fired_on.setdefault(ref["item"], []).append(rule["id"])
    out = []
    for section in screening.sections():
        rows = []
        for item in section["items"]:
            code, labels = item["code"], labels_of.get(item["code"], {})
            answer = screening.answers.get(code)
            correction = corrected.get(code)
            rows.append(
                {
                    "item": item,
                    "prefilled": screening.prefilled.get(code),
                    "established": code in screening.established,
                    "answer": answer,
                    "answer_label": labels.get(answer) if answer else None,
                    "note": screening.notes.get(code, ""),
                    "fired": fired_on.get(code, []),
                    "correction": (
                        {"label": labels.get(correction[0], correction[0]), "addendum": correction[1]}
                        if correction
                        else None
                    ),
                }
            )
        out.append({"section": section, "rows": rows})
    return out


def addendum_corrections(screening, addendum) -> list[dict]:
    """An addendum's corrected answers in words: item text, the answer before and after."""
    labels_of = answer_labels(screening)
    texts = {item["code"]: item["text"] for item in screening.presented_items()}
    out = []
    for code, value in addendum.corrections.items():
        labels = labels_of.get(code, {})
        before = screening.answers.get(code)
        out.append(
            {
                "code": code,
                "text": texts.get(code, code),
                "before": labels.get(before, before) if before else None,
                "after": labels.get(value, value),
            }
        )
    return out


def addenda(screening) -> list:
    """The screening's addenda, oldest first, each with its corrected answers and the rules after them."""
    out = list(screening.addenda.select_related("created_by"))
    for addendum in out:
        addendum.correction_rows = addendum_corrections(screening, addendum)
        addendum.fired_rules = fired_rules(screening, addendum.result) if addendum.result else []
        addendum.level_label = level_label(addendum.level).label if addendum.level else ""
    return out


def latest_correction(addenda: list):
    """The last addendum that corrected answers (and so has a level), or None."""
    return next((a for a in reversed(addenda) if a.level), None)


@dataclass
class Outcome:
    """The result that counts now: the latest correction's, else the one kept at submission."""

    level: str
    label: object  # indicators.engine.LevelLabel
    fired_rules: list
    flags: list
    corrected_by: object = None  # the Addendum, when a correction gave this result
    original_rules: list = field(default_factory=list)

    @property
    def tier2_recommended(self) -> bool:
        return "tier2_recommended" in self.flags


def outcome(screening, addenda: list) -> Outcome | None:
    if screening.is_draft or not screening.level:
        return None
    original = fired_rules(screening)
    correction = latest_correction(addenda)
    if correction is None:
        return Outcome(screening.level, level_label(screening.level), original, screening.flags)
    return Outcome(
        correction.level,
        level_label(correction.level),
        fired_rules(screening, correction.result),
        list((correction.result or {}).get("flags", [])),
        corrected_by=correction,
        original_rules=original,
    )


def review_history(screening) -> list[dict]:
    """Supervisors' decisions and caseworkers' responses, oldest first."""
    entries = [
        {
            "kind": "decision",
            "decision": review.decision,
            "label": review.get_decision_display(),
            "comment": review.comment,
            "at": review.decided_at,
            "by": review.decided_by,
        }
        for review in screening.reviews.select_related("decided_by")
    ] + [
        {
            "kind": "response",
            "decision": "",
            "label": "",
            "comment": response.comment,
            "at": response.created_at,
            "by": response.created_by,
        }
        for response in screening.review_responses.select_related("created_by")
    ]
    return sorted(entries, key=lambda entry: entry["at"])


# --------------------------------------------------------------------------- the outcome (v2)

KIND_NAMES = {"sex": _("sex trafficking"), "labor": _("labor trafficking")}

OUTCOME_TEXT = {
    "none": _(
        "No rule for a possible or clear concern fired on the answers given. This is not proof that "
        "the youth is safe: keep observing, and screen again when circumstances change."
    ),
    "possible": _(
        "One or more signs associated with trafficking are present. Signs alone, however many, do not "
        "establish trafficking; a supervisor reviews the plan."
    ),
    "clear": _(
        "A specific fact, or a combination of signs the instrument names, shows clear concern of "
        "trafficking. Follow the checklist now, including the required reports."
    ),
}

NEXT_STEP_TEXT = {
    "stop": _(
        "Questioning stops here: ask no further questions about what happened. The next steps and the "
        "required reports are on the checklist."
    ),
    "offer_again": _(
        "The interview was not completed. Offer it again: another day, with another trusted adult, or "
        "with an interpreter. The concern found so far stands."
    ),
    "interview": _("Complete the in-depth interview with the youth, in a private setting."),
    "forensic_interview": _(
        "The youth is younger than the in-depth interview is for: do not interview them about this. "
        "Refer them for a forensic interview (on the checklist)."
    ),
    "gather_information": _(
        "Too much is unknown to assess concern: check records and collateral contacts (caregivers, "
        "placement staff, school), then screen again."
    ),
    "follow_guidance": _("Follow the checklist below. A supervisor reviews the screening."),
    "observe": _(
        "Keep observing, follow any prevention guidance below, and screen again when circumstances "
        "change (for example after a missing episode)."
    ),
}


def _kind_names(kinds) -> str:
    return " · ".join(str(KIND_NAMES[k]) for k in kinds if k in KIND_NAMES)


def tier_status(result: dict, tier: int) -> str:
    """A tier's result in words: its level, or that it was not completed and why. A tier that was
    not completed never reads "No concern indicated"."""
    level = level_label(result["level"]).label
    if not result.get("not_completed"):
        return str(level)
    counts = result.get("uncertain") or {}
    declined, unknown, counted = counts.get("declined", 0), counts.get("unknown", 0), counts.get("counted", 0)
    if tier >= 2:
        what = ngettext(
            "the youth declined %(declined)s of %(counted)s question",
            "the youth declined %(declined)s of %(counted)s questions",
            counted,
        ) % {"declined": declined, "counted": counted}
        if unknown:
            what += _(" and was not sure of %(unknown)s") % {"unknown": unknown}
    else:
        what = ngettext(
            "%(unknown)s of %(counted)s indicator unknown",
            "%(unknown)s of %(counted)s indicators unknown",
            counted,
        ) % {"unknown": unknown + declined, "counted": counted}
    text = _("Not completed: %(what)s") % {"what": what}
    if result["level"] != "none":
        text += f" · {level}"
    return text


@dataclass
class TierView:
    """One tier of a screening, as it reads now (after any correction)."""

    screening: object
    result: dict
    status: str
    addenda: list
    uncertain_rows: list  # (item text, answer label) of the Declined and Unknown answers
    established_rows: list  # (item text, answer label, the earlier items that established it)
    answers_by_section: list = field(default_factory=list)
    corrected_by: object = None  # the addendum whose correction gave `result`
    original_rules: list = field(default_factory=list)  # the rules at submission, when corrected

    @property
    def level(self) -> str:
        return self.result["level"]

    @property
    def original_status(self) -> str:
        """The tier's result at submission, in words (kept as it was)."""
        return tier_status(self.screening.result, self.screening.tier)

    @property
    def not_completed(self) -> bool:
        return bool(self.result.get("not_completed"))


def tier_view(screening) -> TierView:
    adds = addenda(screening)
    correction = latest_correction(adds)
    result = (correction.result if correction else None) or screening.result or {}
    labels = answer_labels(screening)
    answers = screening.current_answers()
    uncertain_rows = [
        (item["text"], labels.get(item["code"], {}).get(answers[item["code"]], answers[item["code"]]))
        for item in screening.asked_items()
        if answers.get(item["code"]) in ("unknown", "declined")
    ]
    earlier_texts = {}
    if screening.follows_id and screening.established:
        earlier_texts = {i["code"]: i["text"] for i in screening.follows.presented_items()}
    established_rows = [
        (
            item["text"],
            labels.get(item["code"], {}).get(answers.get(item["code"]), ""),
            [earlier_texts.get(code, code) for code in screening.established[item["code"]].get("from", [])],
        )
        for item in screening.presented_items()
        if item["code"] in screening.established
    ]
    return TierView(
        screening,
        result,
        tier_status(result, screening.tier),
        adds,
        uncertain_rows,
        established_rows,
        answers_by_section(screening, adds),
        corrected_by=correction,
        original_rules=fired_rules(screening) if correction else [],
    )


@dataclass
class OutcomeView:
    """The screening's outcome over its tiers, for the page, the review and the printout."""

    data: dict
    tiers: list
    reasons: list = field(default_factory=list)
    also_noted: list = field(default_factory=list)

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def label(self):
        return level_label(self.data["level"])

    @property
    def headline(self) -> str:
        """Never "No concern indicated" for a screening that was not completed."""
        if self.data["level"] == "none" and self.data.get("not_completed"):
            return str(_("Not completed: concern could not be assessed"))
        return str(self.label.label)

    @property
    def explanation(self) -> str:
        return str(OUTCOME_TEXT[self.data["level"]])

    @property
    def next_step_text(self) -> str:
        return str(NEXT_STEP_TEXT.get(self.data.get("next_step"), ""))

    @property
    def kinds(self) -> str:
        return _kind_names(self.data.get("trafficking_types", ()))

    @property
    def identified_kinds(self) -> str:
        return _kind_names(self.data.get("identifies", ()))

    @property
    def interview_not_completed(self) -> bool:
        last = self.tiers[-1].screening if self.tiers else None
        return bool(self.data.get("not_completed")) and last is not None and last.tier >= 2

    @property
    def required_steps(self) -> list[str]:
        """The required urgent steps of the checklist, in order (what follows a stop)."""
        return [
            a["title"]
            for a in self.data.get("actions", ())
            if a.get("mandatory") and a.get("priority") == "urgent"
        ]

    @property
    def uncertain_count(self) -> int:
        return sum(len(t.uncertain_rows) for t in self.tiers)

    @property
    def immediate_danger(self) -> bool:
        return "immediate_danger" in self.data.get("signals", ())


def _reason_rows(reasons: list, labels_by_instrument: dict, names: dict) -> list:
    return [
        dict(
            reason,
            tier_name=names.get(reason["instrument"], ""),
            # A rule of level none only notes something (and may add guidance): it is not a verdict.
            level_label=level_label(reason["level"]).label if reason["level"] != "none" else _("Noted"),
            answers=[
                dict(
                    a,
                    answer_label=labels_by_instrument.get(reason["instrument"], {})
                    .get(a["item"], {})
                    .get(a["answer"], a["answer"]),
                )
                for a in reason.get("answers", [])
            ],
        )
        for reason in reasons
    ]


def outcome_view(root) -> OutcomeView | None:
    """The outcome kept on the screening's first tier, with its tiers beneath (None before v2)."""
    if root.outcome is None:
        return None
    tiers = [tier_view(t) for t in root.tiers()]
    labels = {t.screening.instrument.slug: answer_labels(t.screening) for t in tiers}
    names = {t.screening.instrument.slug: t.screening.instrument_name for t in tiers}
    return OutcomeView(
        root.outcome,
        tiers,
        reasons=_reason_rows(root.outcome.get("reasons", []), labels, names),
        also_noted=_reason_rows(root.outcome.get("also_noted", []), labels, names),
    )


def checklist(root, outcome: OutcomeView) -> list:
    """The screening's checklist: the actions its tiers opened, most pressing first, and the ones its
    outcome calls for that were already open on the case from another screening (not opened twice)."""
    rows = list(
        GuidanceAction.objects.filter(Q(screening=root) | Q(screening__follows=root))
        .select_related("closed_by", "screening")
        .prefetch_related("closures")  # the earlier closures each row shows
        .most_pressing_first()
    )
    have = {a.code for a in rows}
    wanted = [a["code"] for a in outcome.data.get("actions", []) if a["code"] not in have]
    if wanted:
        elsewhere = list(
            GuidanceAction.objects.filter(
                screening__case_id=root.case_id, code__in=wanted, status=GuidanceAction.Status.OPEN
            )
            .exclude(Q(screening=root) | Q(screening__follows=root))
            .select_related("closed_by", "screening")
            .prefetch_related("closures")
            .most_pressing_first()
        )
        for action in elsewhere:
            action.elsewhere = True
        rows += elsewhere
    return rows


@dataclass
class Summary:
    """A screening in one line, for lists (case panel, queue, home page, timeline, case printout):
    the outcome first, each tier's own result beneath it. Built without a query from the stored
    outcome (and, before instruments v2, from the prefetched follow-ups)."""

    level: str
    headline: str
    identified: str = ""
    interview_not_completed: bool = False
    stop: bool = False
    tiers: list = field(default_factory=list)  # (tier number, level, status in words)
    determined_lower: str = ""  # the caseworker's lower determination, in words
    corrected: bool = False  # an addendum corrected answers of a tier

    @property
    def label(self) -> str:
        return self.headline


def outcome_summary(root, follow_ups=None) -> Summary | None:
    """``follow_ups``: the root's submitted follow-ups when already fetched (legacy screenings)."""
    if root.is_draft:
        return None
    outcome = root.outcome
    if outcome is not None:
        level = outcome["level"]
        tiers = [(t.get("tier", 1), t["level"], tier_status(t, t.get("tier", 1))) for t in outcome["tiers"]]
        last = outcome["tiers"][-1] if outcome["tiers"] else {}
        headline = (
            _("Not completed: concern could not be assessed")
            if level == "none" and outcome.get("not_completed")
            else level_label(level).label
        )
        summary = Summary(
            level=level,
            headline=str(headline),
            identified=_kind_names(outcome.get("identifies", ())),
            interview_not_completed=bool(outcome.get("not_completed")) and last.get("tier", 1) >= 2,
            stop=bool(outcome.get("stop")),
            tiers=tiers,
        )
    else:
        level = root.outcome_level or root.level
        rows = [root, *(follow_ups if follow_ups is not None else [])]
        summary = Summary(
            level=level,
            headline=str(level_label(level).label),
            stop="stop_disclosure" in root.flags,
            tiers=[
                (r.tier, r.effective_level, str(level_label(r.effective_level).label))
                for r in rows
                if not r.is_draft
            ],
        )
    if root.determined_level and level_rank(root.determined_level) < level_rank(summary.level):
        summary.determined_lower = str(level_label(root.determined_level).label)
    if outcome is not None:  # (before v2, the corrected level is shown beside the original)
        tiers = [root, *(follow_ups or [])]
        summary.corrected = any(a.level for t in tiers for a in t.addenda.all())
    return summary


def with_tiers(screenings):
    """Screenings (not tiers), each with its follow-ups and open actions counted over its tiers."""
    tiers = (
        Screening.objects.select_related("instrument_version__instrument", "submitted_by")
        .prefetch_related("addenda")
        .order_by("created_at", "pk")
    )
    return screenings.select_related(
        "instrument_version__instrument", "created_by", "episode"
    ).prefetch_related(Prefetch("follow_ups", to_attr="tier_rows", queryset=tiers), "addenda")


def summarise(screenings) -> list:
    """Each screening with its one-line summary (presenters.Summary) and open actions counted."""
    screenings = list(screenings)
    open_counts = (
        dict(
            GuidanceAction.objects.filter(
                Q(screening__in=screenings) | Q(screening__follows__in=screenings),
                status=GuidanceAction.Status.OPEN,
            )
            .annotate(root=Coalesce("screening__follows_id", "screening_id"))
            .values("root")
            .annotate(n=Count("pk"))
            .values_list("root", "n")
        )
        if screenings
        else {}
    )
    for s in screenings:
        rows = getattr(s, "tier_rows", [])
        s.summary = outcome_summary(s, [r for r in rows if not r.is_draft])
        s.tier_drafts = [r for r in rows if r.is_draft]
        s.open_actions = open_counts.get(s.pk, 0)
    return screenings
