"""E-mail through Django's mail settings (README, "Alerts and e-mail"): each notification at
once for people who chose immediate, a daily digest for those who chose digest.

A notification is e-mailed once: the rows to send are locked (skip locked: two concurrent runs
send different rows) and marked sent in the same transaction. A message that fails to send stays
unsent and is tried again by the next run.
"""

import logging
from collections import Counter
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from . import wording
from .models import AlertPreference, Notification

logger = logging.getLogger(__name__)

BATCH = 200
# A digest lists at most this many notifications (the rest: the in-app list, and the next digest).
DIGEST_MAX = 100


def _email(user, subject: str, template: str, context: dict) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = dict(
            context,
            user=user,
            preferences_url=wording.absolute(reverse("alerts:preferences")),
            list_url=wording.absolute(reverse("alerts:list")),
        )
        body = render_to_string(template, context)
        subject = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"
    return EmailMessage(subject=subject, body=body, to=[user.email])


def notification_email(notification: Notification) -> EmailMessage:
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = wording.title(notification)
        lines = {"message": wording.message(notification), "url": wording.absolute(notification.link)}
    return _email(user, subject, "alerts/email/notification.txt", lines)


def digest_email(user, notifications: list[Notification]) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "Your daily digest: %(count)s notification",
            "Your daily digest: %(count)s notifications",
            len(notifications),
        ) % {"count": len(notifications)}
        items = [
            {
                "message": wording.message(n),
                "url": wording.absolute(n.link),
                "made": wording.shown_at(n.created_at),
            }
            for n in notifications
        ]
    return _email(user, subject, "alerts/email/digest.txt", {"items": items})


def digest_users():
    return AlertPreference.objects.filter(delivery=AlertPreference.Delivery.DIGEST).values("user_id")


def send_immediate(now: datetime, *, recipients=None) -> Counter:
    """E-mail every notification not e-mailed yet of people who chose immediate (of `recipients`
    only, when given). Returns {user id: e-mails sent}."""
    sent: Counter = Counter()
    connection = get_connection()
    while True:
        with transaction.atomic():
            pending = (
                Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
                .exclude(recipient__email="")
                .exclude(recipient_id__in=digest_users())
                .select_related("recipient")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
            )
            if recipients is not None:
                pending = pending.filter(recipient_id__in=recipients)
            batch = list(pending[:BATCH])
            if not batch:
                return sent
            done = []
            for notification in batch:
                try:
                    connection.send_messages([notification_email(notification)])
                except Exception:  # the mail server refused or is down: the next run tries again
                    logger.exception("could not e-mail notification %s", notification.pk)
                    continue
                done.append(notification.pk)
                sent[notification.recipient_id] += 1
            Notification.objects.filter(pk__in=done).update(emailed_at=now)
            if len(done) < len(batch):  # what failed stays for the next run, not this loop
                return sent


def digest_due(now: datetime) -> bool:
    """The day's digest goes with the first run at or after the configured hour (local time)."""
    return timezone.localtime(now).hour >= settings.ALERTS_DIGEST_HOUR


def send_digests(now: datetime, *, force: bool = False) -> Counter:
    """One e-mail to each person who chose the digest and has notifications not e-mailed yet,
    once a day (their preference keeps the day; `force`: now, even if one went today: it holds
    only what was not e-mailed yet). Returns {user id: notifications in it}."""
    today = timezone.localdate(now)
    sent: Counter = Counter()
    people = AlertPreference.objects.filter(
        delivery=AlertPreference.Delivery.DIGEST, user__is_active=True
    ).exclude(user__email="")
    if not force:
        people = people.exclude(last_digest_on=today)
    for pk in list(people.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = AlertPreference.objects.select_for_update(skip_locked=True, of=("self",))
            if not force:
                locked = locked.exclude(last_digest_on=today)
            preference = locked.select_related("user").filter(pk=pk).first()
            if preference is None:  # another run has it, or sent it
                continue
            items = list(
                Notification.objects.filter(
                    recipient_id=preference.user_id, emailed_at__isnull=True
                ).order_by("created_at", "pk")[:DIGEST_MAX]
            )
            if items:
                for item in items:
                    item.recipient = preference.user
                try:
                    get_connection().send_messages([digest_email(preference.user, items)])
                except Exception:
                    logger.exception("could not e-mail the digest of person %s", preference.user_id)
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                    emailed_at=now, in_digest=True
                )
                sent[preference.user_id] = len(items)
            preference.last_digest_on = today
            preference.save(update_fields=["last_digest_on", "updated_at"])
    return sent
