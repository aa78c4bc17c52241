"""Who may screen a youth and who reviews a screening: object permissions (see accounts/rules.py).

A system administrator may screen while the case is open, but is not a reviewer.
"""

import rules

from accounts.rules import is_supervisor
from cases.rules import can_change_case, case_is_open, is_supervisor_of_the_case_team


@rules.predicate
def supervises_the_screening_team(user, screening) -> bool:
    return screening is not None and is_supervisor_of_the_case_team.test(user, screening.case)


# On a case: start a screening, answer it, record the determination, work through the checklist,
# add an addendum, answer a supervisor. Whoever may edit the case, while it is open.
rules.add_perm("screening.screen_case", can_change_case & case_is_open)
# On a screening: approve it or return it. Supervisors of the case's team only.
rules.add_perm("screening.review_screening", supervises_the_screening_team)
# Not of an object: the review queue (of the teams the person supervises).
rules.add_perm("screening.view_review_queue", is_supervisor)
