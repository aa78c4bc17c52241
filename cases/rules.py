"""Who may do what with one case: object permissions, asked as `user.has_perm(name, case)`.

Which cases a person sees at all is `access.cases_visible_to` (a queryset: rules cannot filter);
`can_see_case` is the same scope asked of one case, and a test keeps the two in agreement.
Every view looks the case up through that scope first, so a case out of scope is a 404 before
any of these is asked.
"""

import rules

from accounts.rules import has_model_perm, is_caseworker, is_supervisor, is_system_admin

from .access import supervised_team_ids


@rules.predicate
def is_assigned_caseworker(user, case) -> bool:
    return case is not None and user.is_authenticated and case.assigned_caseworker_id == user.pk


@rules.predicate
def _supervises_the_case_team(user, case) -> bool:
    if case is None:
        return False
    # Read once per user object (i.e. once per request): a page that asks several permissions of
    # a case, or of many cases, reads it once.
    return case.team_id in supervised_team_ids(user)


# A supervisor of another team, or someone on a team's list without the role, is not one.
is_supervisor_of_the_case_team = is_supervisor & _supervises_the_case_team


@rules.predicate
def case_is_open(_user, case) -> bool:
    return case is not None and case.status == case.Status.OPEN


can_see_case = is_system_admin | (is_caseworker & is_assigned_caseworker) | is_supervisor_of_the_case_team

# Editing the record (and its episodes): whoever sees the case and whose role carries the
# model permission (caseworkers and supervisors; the groups are set by data migrations).
can_change_case = is_system_admin | (can_see_case & has_model_perm("cases.change_case"))

rules.add_perm("cases.view_case", can_see_case)
rules.add_perm("cases.change_case", can_change_case)
# Who carries a case is decided by the supervisors of its team.
rules.add_perm("cases.reassign_case", is_system_admin | is_supervisor_of_the_case_team)
# Who viewed, changed, printed or exported the case, and its change history.
rules.add_perm(
    "cases.view_case_access_log",
    is_system_admin | (is_supervisor_of_the_case_team & has_model_perm("cases.view_case_access_log")),
)
