"""The act of screening: a screening of one youth with one pinned instrument version, its answers,
its result, the guidance actions that follow, addenda, and the supervisors' review.

One module per part (``screenings``, ``checklist``, ``reviews``); every model is imported here,
where Django looks for them and where the rest of the project imports them from.
"""

from .checklist import ActionClosure, ClosureIsFinal, GuidanceAction, GuidanceActionQuerySet, one_per_task
from .reviews import KeptAsMade, ReviewDecision, ReviewRecordIsFinal, ReviewResponse
from .screenings import Addendum, ReviewStatus, Screening, ScreeningQuerySet

__all__ = [
    "ActionClosure",
    "Addendum",
    "ClosureIsFinal",
    "GuidanceAction",
    "GuidanceActionQuerySet",
    "KeptAsMade",
    "ReviewDecision",
    "ReviewRecordIsFinal",
    "ReviewResponse",
    "ReviewStatus",
    "Screening",
    "ScreeningQuerySet",
    "one_per_task",
]
