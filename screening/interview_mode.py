"""Interview mode: the screen the youth may see. A person turns it on for one screening in their
own session (views/answers.py); while it is on, nothing of that screening's outcome shows in
that session — not its result, its other tier's result, its printout, nor a form that shows the
level — until the caseworker leaves the mode in two steps."""

from django.db.models import Q

from .models import Screening

# The session's key: the ids of the screenings this person's screen shows in interview mode.
SESSION_KEY = "screening_interview_mode"


def in_interview_mode(request, screening) -> bool:
    return screening.pk in request.session.get(SESSION_KEY, [])


def set_interview_mode(request, screening, on: bool) -> None:
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != screening.pk]
    request.session[SESSION_KEY] = [*ids, screening.pk][-20:] if on else ids


def tier_in_interview_mode(request, screening) -> Screening | None:
    """The tier of this screening (its Tier 1 or a follow-up) that this session shows in
    interview mode, if any; no query when the session has none."""
    ids = request.session.get(SESSION_KEY, [])
    if not ids:
        return None
    if screening.pk in ids:
        return screening
    root_pk = screening.follows_id or screening.pk
    return Screening.objects.filter(Q(pk=root_pk) | Q(follows_id=root_pk), pk__in=ids).order_by("-pk").first()
