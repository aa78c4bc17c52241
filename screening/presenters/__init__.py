"""How a screening is presented: its answers in words, by section, and the reasons of its result.

Shared by the result page (views/results.py) and the printed summary (pdf.py). Everything comes
from the stored answers and result and the pinned version's content: nothing is scored again.
A tier's ``results``, the ``outcomes`` over the tiers (instruments v2), and the one-line
``summaries`` of the lists; the names the views use are imported here.
"""

from .languages import in_reader_language
from .outcomes import (
    KIND_NAMES,
    NEXT_STEP_TEXT,
    OUTCOME_TEXT,
    OutcomeView,
    TierView,
    checklist,
    kind_names,
    outcome_view,
    tier_status,
    tier_view,
)
from .results import (
    Outcome,
    addenda,
    addendum_corrections,
    answer_labels,
    answers_by_section,
    fired_rules,
    latest_correction,
    outcome,
    review_history,
)
from .summaries import Summary, name_instruments, outcome_summary, summarise, with_tiers, without_content

__all__ = [
    "KIND_NAMES",
    "NEXT_STEP_TEXT",
    "OUTCOME_TEXT",
    "Outcome",
    "OutcomeView",
    "Summary",
    "TierView",
    "addenda",
    "addendum_corrections",
    "answer_labels",
    "answers_by_section",
    "checklist",
    "fired_rules",
    "in_reader_language",
    "kind_names",
    "name_instruments",
    "latest_correction",
    "outcome",
    "outcome_summary",
    "outcome_view",
    "review_history",
    "summarise",
    "tier_status",
    "tier_view",
    "with_tiers",
    "without_content",
]
