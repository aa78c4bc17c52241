"""The screening's outcome over its tiers (instruments v2), for the page, the review and the
printout: each tier as it reads now, the reasons, the next step and the checklist."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators.levels import Level

from ..models import GuidanceAction
from .languages import in_reader_language
from .results import (
    addenda,
    answer_labels,
    answers_by_section,
    fired_rules,
    latest_correction,
    reader_texts,
)

KIND_NAMES = {"sex": _("sex trafficking"), "labor": _("labor trafficking")}

# What an outcome over the tiers means. It says more than Level.explanation (the words of one
# tier's result, as screenings before instruments v2 read): who reviews, and that signs alone
# never establish trafficking.
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


def kind_names(kinds) -> str:
    """The kinds of exploitation (sex, labor) in words."""
    return " · ".join(str(KIND_NAMES[k]) for k in kinds if k in KIND_NAMES)


def tier_status(result: dict, tier: int) -> str:
    """A tier's result in words: its level, or that it was not completed and why. A tier that was
    not completed never reads "No concern indicated"."""
    level = Level(result["level"]).label
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
    if result["level"] != Level.NONE:
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
    def label(self) -> Level:
        return Level(self.data["level"])

    @property
    def headline(self) -> str:
        """Never "No concern indicated" for a screening that was not completed."""
        if self.data["level"] == Level.NONE and self.data.get("not_completed"):
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
        return kind_names(self.data.get("trafficking_types", ()))

    @property
    def identified_kinds(self) -> str:
        return kind_names(self.data.get("identifies", ()))

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


def _reason_rows(reasons: list, labels_by_instrument: dict, names: dict, texts_by_instrument: dict) -> list:
    """The outcome's reasons as kept (in each version's own language), read in the reader's."""
    return [
        dict(
            reason,
            reason=texts_by_instrument.get(reason["instrument"], ({}, {}))[0].get(reason["id"])
            or reason.get("reason", ""),
            tier_name=names.get(reason["instrument"], ""),
            # A rule of level none only notes something (and may add guidance): it is not a verdict.
            level_label=Level(reason["level"]).label if reason["level"] != Level.NONE else _("Noted"),
            answers=[
                dict(
                    a,
                    text=texts_by_instrument.get(reason["instrument"], ({}, {}))[1].get(a["item"])
                    or a.get("text", ""),
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
    texts = {t.screening.instrument.slug: reader_texts(t.screening) for t in tiers}
    return OutcomeView(
        root.outcome,
        tiers,
        reasons=_reason_rows(root.outcome.get("reasons", []), labels, names, texts),
        also_noted=_reason_rows(root.outcome.get("also_noted", []), labels, names, texts),
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
    in_reader_language(rows)
    return rows
