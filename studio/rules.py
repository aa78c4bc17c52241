"""Who may use the instrument studio: instrument administrators only (PRODUCT.md, "Who uses it").

A system administrator holds it only with the role: the studio shows no case, but it is where the
screening instruments are tried and (later) changed, the instrument administrators' work.
"""

import rules

from accounts import roles
from accounts.rules import is_active_user


@rules.predicate(name="holds_instrument_admin_role")
def holds_instrument_admin_role(user) -> bool:
    return roles.has_role(user, roles.INSTRUMENT_ADMIN)


is_instrument_admin = is_active_user & holds_instrument_admin_role

rules.add_perm("studio.use_studio", is_instrument_admin)

# The draft editor (issue 18, item 1): the same people; which version may be edited (a draft) is
# the editor's lookup (studio/editor_access.py).
rules.add_perm("studio.edit_drafts", is_instrument_admin)


@rules.predicate(name="asked_for_it")
def asked_for_it(user, publication_request) -> bool:
    """The person who requested the publication (a studio.models.PublicationRequest)."""
    return publication_request is not None and publication_request.requested_by_id == user.pk


# Four-eyes: a publication is approved or sent back by an instrument administrator other than the
# one who asked for it (studio/publication.py asks it of the request it locked).
rules.add_perm("studio.decide_publication", is_instrument_admin & ~asked_for_it)
