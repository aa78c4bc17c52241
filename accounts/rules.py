"""Predicates about the person (who they are, not what they look at), shared by every app's rules.

Each app declares its object permissions in its own `rules.py` from these and its own predicates:
cases/rules.py (a case), screening/rules.py (screening a case, reviewing a screening).

Views ask `request.user.has_perm(name, obj)` and templates `{% has_perm name user obj as x %}`.
A system administrator gets no shortcut on objects (accounts.models.User.has_perm): each rule
names `is_system_admin` where one may act (a closed case is not screened; a system administrator
is not a reviewer).

Predicates are asked on every request, often several times a page: what they read is cached on
the user object (roles, supervised teams, Django's permission cache), so a page reads each once.
"""

import rules

from . import roles

# A deactivated account holds nothing, whatever its roles (as Django's ModelBackend).
is_active_user = rules.is_authenticated & rules.is_active

is_system_admin = is_active_user & rules.is_superuser


def _role(role: str, name: str) -> rules.Predicate:
    @rules.predicate(name=name)
    def holds_role(user) -> bool:
        return roles.has_role(user, role)

    return is_active_user & holds_role


is_caseworker = _role(roles.CASEWORKER, "is_caseworker")
is_supervisor = _role(roles.SUPERVISOR, "is_supervisor")
is_program_manager = _role(roles.PROGRAM_MANAGER, "is_program_manager")


def has_model_perm(perm: str) -> rules.Predicate:
    """The model permission `perm` ("app.codename") as the role groups grant it (data migrations).

    Read from the groups (ModelBackend, cached per user), not through `user.has_perm(perm)`: an
    object permission of the same name would ask this predicate again.
    """

    @rules.predicate(name=f"has_model_perm({perm})")
    def fn(user) -> bool:
        return perm in user.get_all_permissions()

    return fn
