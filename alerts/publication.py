"""The studio's four-eyes publication, heard by the people who act on it
(studio.signals.publication_changed, after the write committed): a request goes to the OTHER
instrument administrators (one of them approves or sends it back); the decision goes to the person
who asked. Only ids and a link: an instrument version, never a case or a youth."""

from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from studio import signals
from studio.models import PublicationRequest

from . import delivery
from .models import Notification

SUBJECTS = {
    signals.REQUESTED: Notification.Subject.PUBLICATION_REQUESTED,
    signals.APPROVED: Notification.Subject.PUBLICATION_APPROVED,
    signals.SENT_BACK: Notification.Subject.PUBLICATION_SENT_BACK,
}


def publication_changed(sender, request_id: int, happened: str, **kwargs) -> None:
    asked = PublicationRequest.objects.filter(pk=request_id).first()
    if asked is not None:
        notify_publication(asked, happened)


def recipients(asked: PublicationRequest, happened: str) -> set[int]:
    """Who hears: for a request, every other active instrument administrator; for a decision,
    the person who asked (when still active)."""
    if happened == signals.REQUESTED:
        people = User.objects.filter(is_active=True, groups__name=roles.INSTRUMENT_ADMIN).exclude(
            pk=asked.requested_by_id
        )
    else:
        people = User.objects.filter(is_active=True, pk=asked.requested_by_id)
    return set(people.values_list("pk", flat=True))


def notify_publication(asked: PublicationRequest, happened: str) -> list[int]:
    """Make the notification for each person who hears of it (once per request and what
    happened: the same again makes nothing), and e-mail those who chose immediate. Returns the
    ids of the people notified."""
    subject = SUBJECTS.get(happened)
    if subject is None:
        return []
    people = recipients(asked, happened)
    if happened == signals.REQUESTED:
        link = reverse("studio:publication", kwargs={"pk": asked.version_id})
    else:
        link = reverse("studio:version", kwargs={"pk": asked.version_id})
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.PUBLICATION,
                subject=subject,
                object_id=asked.pk,
                occasion=happened,
                link=link,
            )
            for user_id in sorted(people)
        ],
        ignore_conflicts=True,
    )
    if people:
        delivery.send_immediate(timezone.now(), recipients=people)
    return sorted(people)
