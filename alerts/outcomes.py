"""The supervisors of the case's team hear when a screening's outcome is Clear concern or
identifies a victim (screening.signals.outcome_recorded, after the submission committed)."""

from django.utils import timezone

from indicators.levels import Level
from screening.models import Screening

from . import delivery
from .models import Notification
from .recipients import team_supervisors


def outcome_recorded(sender, screening_id: int, **kwargs) -> None:
    screening = Screening.objects.select_related("case").get(pk=screening_id)
    notify_outcome(screening)


def notify_outcome(screening: Screening) -> list[int]:
    """Make the notification of this outcome for each supervisor of the case's team (once per
    outcome: the same outcome again makes nothing), and e-mail those who chose immediate.
    Returns the ids of the people notified."""
    identifies = sorted((screening.outcome or {}).get("identifies") or [])
    level = screening.outcome_level
    if level != Level.CLEAR and not identifies:
        return []
    people = team_supervisors([screening.case.team_id]).get(screening.case.team_id, set())
    occasion = f"{level}:{'+'.join(identifies)}"
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.OUTCOME,
                subject=Notification.Subject.SCREENING,
                object_id=screening.pk,
                case_id=screening.case_id,
                occasion=occasion,
                link=screening.get_absolute_url(),
                level=level,
                identifies="+".join(identifies),
            )
            for user_id in sorted(people)
        ],
        ignore_conflicts=True,
    )
    if people:
        delivery.send_immediate(timezone.now(), recipients=people)
    return sorted(people)
