"""Writes of the screening workflow. Each is one transaction and leaves an audit event.

Cut by what the caseworker and the supervisor do: ``starting`` a screening or its interview,
``answering`` it (drafts, the interview setting, submitting), its ``outcome`` over the tiers (the
supervisors' review, the caseworker's determination), the ``checklist`` of actions, and
``addenda``; ``jurisdiction`` gives the instruments and deadlines, ``errors`` what is refused.
The names the views and tests use are imported here, so ``services.submit`` keeps working.
"""

from .addenda import add_addendum
from .answering import confirm_setting, missing_items, save_draft, score_answers, submit
from .checklist import action_row, close_action, reopen_action
from .errors import ActionChanged, DraftConflict, Incomplete, ScreeningError
from .jurisdiction import current_jurisdiction, deadline_due, versions_for
from .outcome import REVIEWED_LEVELS, compute_outcome, record_determination, refresh_outcome
from .starting import (
    follow_up_version,
    interview_language,
    not_offered_message,
    record_facts,
    start_follow_up,
    start_screening,
    youth_age,
    youth_language,
)

__all__ = [
    "action_row",
    "REVIEWED_LEVELS",
    "ActionChanged",
    "DraftConflict",
    "Incomplete",
    "ScreeningError",
    "add_addendum",
    "close_action",
    "compute_outcome",
    "confirm_setting",
    "current_jurisdiction",
    "deadline_due",
    "follow_up_version",
    "interview_language",
    "missing_items",
    "not_offered_message",
    "record_determination",
    "record_facts",
    "refresh_outcome",
    "reopen_action",
    "save_draft",
    "score_answers",
    "start_follow_up",
    "start_screening",
    "submit",
    "versions_for",
    "youth_age",
    "youth_language",
]
