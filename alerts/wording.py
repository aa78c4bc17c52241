"""A notification in words, made when shown (in the reader's language and time zone): what it
is about and when, never a youth's name or case number (the link leads to the record, in scope)."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Notification

Subject = Notification.Subject

WHAT = {
    Subject.MANDATED_REPORT: gettext_lazy("A mandated report called for by a screening"),
    Subject.SCREENING_AFTER_RETURN: gettext_lazy("A screening after a youth's return from missing"),
    Subject.SCREENING_AT_OPENING: gettext_lazy("A screening of a case opened with a runaway history"),
    Subject.REPORT_LAW_ENFORCEMENT: gettext_lazy("The report of a missing youth to law enforcement"),
    Subject.REPORT_NCMEC: gettext_lazy("The report of a missing youth to NCMEC"),
}

EXPLOITATION = {
    "sex": gettext_lazy("sex trafficking"),
    "labor": gettext_lazy("labor trafficking"),
}


def shown_at(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


# A publication request of the studio (alerts/publication.py): what happened, what to do.
PUBLICATION_MESSAGES = {
    Subject.PUBLICATION_REQUESTED: gettext_lazy(
        "Another instrument administrator asks for an instrument version to be published. "
        "Review the request: approve it or send it back."
    ),
    Subject.PUBLICATION_APPROVED: gettext_lazy(
        "Your publication request was approved: the instrument version is published."
    ),
    Subject.PUBLICATION_SENT_BACK: gettext_lazy(
        "Your publication request was sent back. Read the comment, change the draft and ask again."
    ),
}
PUBLICATION_TITLES = {
    Subject.PUBLICATION_REQUESTED: gettext_lazy("A publication waits for your approval"),
    Subject.PUBLICATION_APPROVED: gettext_lazy("Your publication request was approved"),
    Subject.PUBLICATION_SENT_BACK: gettext_lazy("Your publication request was sent back"),
}


def message(notification: Notification) -> str:
    """One sentence saying what happened and what to do."""
    if notification.kind == Notification.Kind.PUBLICATION:
        return str(PUBLICATION_MESSAGES.get(notification.subject, _("A publication request changed.")))
    if notification.kind == Notification.Kind.OUTCOME:
        kinds = [str(EXPLOITATION[k]) for k in notification.identifies.split("+") if k in EXPLOITATION]
        if kinds:
            return _(
                "A screening on a case of your team identifies the youth as a victim of %(kinds)s. "
                "Review it and the reports it calls for."
            ) % {"kinds": _(" and ").join(kinds)}
        return _("A screening on a case of your team has the outcome Clear concern. Review it.")
    what = str(WHAT.get(notification.subject, _("A deadline")))
    when = shown_at(notification.due_at) if notification.due_at else ""
    if notification.kind == Notification.Kind.OVERDUE:
        return _("%(what)s is overdue: it was due %(when)s.") % {"what": what, "when": when}
    return _("%(what)s is due soon: by %(when)s.") % {"what": what, "when": when}


def title(notification: Notification) -> str:
    """The e-mail's subject line (short, no name)."""
    if notification.kind == Notification.Kind.PUBLICATION:
        return str(PUBLICATION_TITLES.get(notification.subject, _("A publication request changed")))
    if notification.kind == Notification.Kind.OUTCOME:
        if notification.identifies:
            return _("A screening identifies a victim: review it")
        return _("A screening's outcome is Clear concern: review it")
    if notification.kind == Notification.Kind.OVERDUE:
        return _("Overdue: %(what)s") % {"what": str(WHAT.get(notification.subject, _("A deadline")))}
    return _("Due soon: %(what)s") % {"what": str(WHAT.get(notification.subject, _("A deadline")))}


def absolute(link: str) -> str:
    """The link as an address to open from an e-mail (ALERTS_BASE_URL, the site's address)."""
    return settings.ALERTS_BASE_URL.rstrip("/") + link
