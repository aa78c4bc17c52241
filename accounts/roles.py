"""The roles of the product, as Django groups (created by a data migration).

System administrators are superusers, not a group. A person may hold several roles.
"""

from django.utils.translation import gettext_lazy as _

CASEWORKER = "Caseworker"
SUPERVISOR = "Supervisor"
INSTRUMENT_ADMIN = "Instrument administrator"
# Sees the figures of the teams it is given (Team.program_managers) or, with the permission
# accounts.view_agency_figures, of the whole agency; never a youth's record (no case role).
PROGRAM_MANAGER = "Program manager"

ROLE_LABELS = {
    CASEWORKER: _("Caseworker"),
    SUPERVISOR: _("Supervisor"),
    INSTRUMENT_ADMIN: _("Instrument administrator"),
    PROGRAM_MANAGER: _("Program manager"),
}


def role_names(user) -> frozenset[str]:
    """The names of the user's roles, read once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)
