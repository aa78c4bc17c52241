"""Which screenings and actions a person sees: exactly those of the cases they see (cases.access).

Who may work on them is an object permission: screening/rules.py."""

from django.http import Http404

from cases.access import cases_visible_to

from .models import GuidanceAction, Screening


def screenings_visible_to(user):
    return Screening.objects.filter(case__in=cases_visible_to(user))


def get_screening_for_user(user, pk) -> Screening:
    """The screening with this id if the user may see its case; 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such screening.") from None
    queryset = screenings_visible_to(user).select_related(
        "case__team",
        "case__assigned_caseworker",
        "episode",
        "instrument_version__instrument",
        "created_by",
        "submitted_by",
        "determined_by",
        "follows",
    )
    try:
        return queryset.get(pk=pk)
    except Screening.DoesNotExist:
        raise Http404("No such screening.") from None


def get_action_for_user(user, pk) -> GuidanceAction:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such action.") from None
    queryset = GuidanceAction.objects.filter(screening__case__in=cases_visible_to(user)).select_related(
        "screening__case", "closed_by"
    )
    try:
        return queryset.get(pk=pk)
    except GuidanceAction.DoesNotExist:
        raise Http404("No such action.") from None
