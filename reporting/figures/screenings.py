"""Figures about screenings: by level, kind of exploitation, context and tier; interviews not
completed; youth identified as victims (each youth once per kind and period).

A screening here is a first tier (a Tier 2 interview is part of the screening it follows),
submitted in the period, of a case of the scope's teams. Its level is its outcome over its tiers
(`outcome_level`; for screenings before instruments v2, the level at submission).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case
from indicators.levels import Level
from indicators.models.choices import CONTEXT_CHOICES

from .base import Cell, Figure, Row, counts, share

KINDS = ("sex", "labor")
# Age at identification: the screening's recorded age of the youth.
AGE_BANDS = ((0, 11, "0–11"), (12, 14, "12–14"), (15, 17, "15–17"), (18, 99, "18–21"))


def kind_label(kind: str) -> str:
    return _("Sex trafficking") if kind == "sex" else _("Labor trafficking")


def by_level(c: dict) -> Figure:
    rows = [Row(str(label), counts(c["levels"].get(value, 0))) for value, label in Level.choices]
    rows.append(Row(_("All screenings"), counts(c["total"])))
    rows.append(Row(_("Youth screened (each youth once)"), counts(len(set(c["youth"])))))
    return Figure(
        "screenings_by_level",
        _("Screenings by level"),
        _(
            "Screenings submitted in the period on cases of the chosen teams, by their outcome over "
            "their tiers (a Tier 2 interview counts with the screening it follows; before "
            "instruments v2, the level at submission). Youth screened counts each youth once."
        ),
        [_("Screenings")],
        rows,
    )


def by_kind(c: dict) -> Figure:
    rows = [Row(kind_label(kind), counts(c["kinds"].get(kind, 0))) for kind in KINDS]
    rows.append(Row(_("Both sex and labor trafficking"), counts(c["both"])))
    return Figure(
        "screenings_by_kind",
        _("Screenings by kind of exploitation"),
        _(
            "Screenings of the period (as above) whose outcome points to each kind of exploitation "
            "(possible or clear concern, or identification); a screening that points to both "
            "counts in each row and in the last."
        ),
        [_("Screenings")],
        rows,
    )


def by_context(c: dict) -> Figure:
    rows = [Row(str(label), counts(c["contexts"].get(value, 0))) for value, label in CONTEXT_CHOICES]
    return Figure(
        "screenings_by_context",
        _("Screenings by context"),
        _("Screenings of the period (as above), by the context they were started in."),
        [_("Screenings")],
        rows,
    )


def not_completed(c: dict) -> Figure:
    return Figure(
        "interviews_not_completed",
        _("Interviews not completed"),
        _(
            "Screenings of the period (as above) whose outcome says the interview was not "
            "completed: the youth declined (or could not answer) more questions than the "
            "instrument allows, so the interview is to be offered again. Share of all screenings."
        ),
        [_("Screenings"), _("Share of screenings")],
        [
            Row(
                _("Interview not completed (declined)"),
                [Cell(c["not_completed"]), Cell(share(c["not_completed"], c["total"]), "percent")],
                base=c["total"],
            )
        ],
    )


def by_tier(c: dict) -> Figure:
    found = {int(tier): n for tier, n in c["tiers"].items()}
    return Figure(
        "screenings_by_tier",
        _("Tiers submitted"),
        _(
            "Each tier submitted in the period on cases of the chosen teams, by tier: Tier 1 "
            "brief indicator tools and Tier 2 in-depth interviews (an interview counts here, "
            "though it is part of the screening it follows)."
        ),
        [_("Tiers submitted")],
        [Row(_("Tier %(n)s") % {"n": tier}, counts(found.get(tier, 0))) for tier in (1, 2)],
    )


# -- identifications


@dataclass(frozen=True)
class Identification:
    case_id: int
    team_id: int
    kind: str
    at: datetime
    age: int | None
    placement: str


def age_band(age: int | None) -> str:
    if age is None:
        return _("Age not recorded")
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return _("Age not recorded")


def _by_kind(found: list[Identification], key) -> dict:
    table: dict = {}
    for item in found:
        table.setdefault(key(item), dict.fromkeys(KINDS, 0))[item.kind] += 1
    return table


IDENTIFIED_DEFINITION = gettext_noop(
    "Youth whose screening outcome identified them as a victim (an identification fact, not "
    "circumstantial signs), in screenings submitted in the period on cases of the chosen teams. "
    "Each youth counts once per kind (sex, labor) in the period, at their first identification "
    "of that kind in it; a youth identified as both counts in both columns."
)


def identified(found: list[Identification]) -> Figure:
    per_kind = {kind: sum(1 for i in found if i.kind == kind) for kind in KINDS}
    youth = len({i.case_id for i in found})
    return Figure(
        "youth_identified",
        _("Youth identified as victims"),
        _(IDENTIFIED_DEFINITION),
        [_("Youth")],
        [Row(kind_label(kind), counts(per_kind[kind])) for kind in KINDS]
        + [Row(_("Either kind (each youth once)"), counts(youth))],
    )


def identified_by_age(found: list[Identification]) -> Figure:
    table = _by_kind(found, lambda i: age_band(i.age))
    labels = [label for _low, _high, label in AGE_BANDS]
    if _("Age not recorded") in table:
        labels.append(_("Age not recorded"))
    zero = dict.fromkeys(KINDS, 0)
    return Figure(
        "youth_identified_by_age",
        _("Youth identified, by age at identification"),
        _(IDENTIFIED_DEFINITION) + " " + _("Age: the youth's age recorded on that screening."),
        [kind_label(kind) for kind in KINDS],
        [Row(label, counts(*table.get(label, zero).values())) for label in labels],
    )


def identified_by_placement(found: list[Identification]) -> Figure:
    table = _by_kind(found, lambda i: i.placement)
    rows = [
        Row(str(label), counts(*table.get(value, dict.fromkeys(KINDS, 0)).values()))
        for value, label in Case.Placement.choices
    ]
    return Figure(
        "youth_identified_by_placement",
        _("Youth identified, by placement type"),
        _(IDENTIFIED_DEFINITION) + " " + _("Placement: the case's placement type as recorded now."),
        [kind_label(kind) for kind in KINDS],
        rows,
    )
