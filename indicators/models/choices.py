"""The choices of the instrument library's fields, in words (the codes are the engine's)."""

from django.utils.translation import gettext_lazy as _

from ..engine import CONTEXTS, DEADLINE_KEYS, KINDS, PRIORITIES, TRAFFICKING_TYPES
from ..schema import STATUSES

TIER_CHOICES = [(1, _("Brief indicator tool")), (2, _("In-depth interview tool"))]
STATUS_LABELS = {"draft": _("draft"), "published": _("published"), "retired": _("retired")}
STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in STATUSES]
KIND_LABELS = {"indicator": _("indicator"), "risk_factor": _("risk factor"), "question": _("question")}
KIND_CHOICES = [(k, KIND_LABELS[k]) for k in KINDS]
TYPE_LABELS = {
    "sex": _("sex"),
    "labor": _("labor"),
    "both": _("sex and labor"),
    "vulnerability": _("vulnerability"),
}
TRAFFICKING_TYPE_CHOICES = [(t, TYPE_LABELS[t]) for t in TRAFFICKING_TYPES]
PRIORITY_LABELS = {"immediate": _("immediate"), "urgent": _("urgent"), "routine": _("routine")}
PRIORITY_CHOICES = [(p, PRIORITY_LABELS[p]) for p in PRIORITIES]
CONTEXT_LABELS = {
    "general": _("General"),
    "cps_investigation": _("CPS investigation"),
    "entry_into_care": _("Entry into care"),
    "return_from_missing": _("Return from a missing-from-care episode"),
}
CONTEXT_CHOICES = [(c, CONTEXT_LABELS[c]) for c in CONTEXTS]
DEADLINE_LABELS = {
    "screening_after_return_from_missing": _("screening after a return from missing"),
    "screening_after_opening_with_runaway_history": _("screening after case opening with a runaway history"),
    "report_missing_to_law_enforcement": _("report a missing youth to law enforcement"),
    "report_missing_to_ncmec": _("report a missing youth to NCMEC"),
    "report_trafficking_to_law_enforcement": _("report trafficking to law enforcement"),
    "notify_hhs_foreign_national_child": _("notify HHS of a foreign-national child who may be a victim"),
    "report_online_exploitation_to_ncmec": _("report online sexual exploitation to NCMEC's CyberTipline"),
    "offer_interview_again": _("offer an interview that was not completed again"),
}
DEADLINE_CHOICES = [(k, DEADLINE_LABELS[k]) for k in DEADLINE_KEYS]
FORMAT_CHOICES = [
    (1, _("1 (instruments v1)")),
    (2, _("2 (instruments v2: ages, identification, record facts)")),
]
IDENTIFIES_CHOICES = [("sex", _("sex trafficking")), ("labor", _("labor trafficking"))]

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"
