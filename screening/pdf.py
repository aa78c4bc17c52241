"""Printable summaries (PDF, WeasyPrint) of a screening and of a case: what they show, and the
rendering. The views that serve them are in views/printouts.py.

A printout is a copy of the record as stored: the answers, the result and its reasons as they
were kept at submission, and the pinned instrument version's content. Nothing is scored again,
so a reprint after the instrument got a new version reads the same.

Nothing is fetched from the network: the print CSS is static/css/print.css and the page's
furniture templates/pdf/page.css (both given to WeasyPrint here, no style in the HTML), fonts are
the system's (fontconfig), and the URL fetcher only serves `data:` URLs and this project's static
files.
"""

import functools
import mimetypes
import re
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.models import age_on
from indicators.levels import Level

from . import deadlines, presenters
from .models import GuidanceAction, one_per_task

# Relative URLs in the print templates (e.g. {% static %}) resolve against this base; the
# `.invalid` top-level domain never resolves, and LocalFetcher answers it from the static files.
LOCAL_BASE_URL = "https://print.invalid/"


@functools.cache
def local_fetcher_class():
    """WeasyPrint is imported on the first print, not with the URLs (half a second at start-up)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """WeasyPrint's URL fetcher, restricted to `data:` URLs and the project's static files."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            local = urlsplit(LOCAL_BASE_URL)
            if (parts.scheme, parts.netloc) == (local.scheme, local.netloc) and parts.path.startswith(prefix):
                try:
                    path = finders.find(unquote(parts.path[len(prefix) :]))
                except SuspiciousFileOperation:
                    path = None
                if path:
                    with open(path, "rb") as file:
                        body = file.read()
                    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": content_type})
            raise ValueError(f"A printout fetches nothing from the network: {url}")

    return LocalFetcher


_CELL_END_SPACE = re.compile(r"\s+</td>")


def render_pdf(template_name: str, context: dict, request) -> tuple[bytes, int]:
    """The PDF of a print template, and its number of pages."""
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    # Whitespace before a cell's end makes WeasyPrint break a line that nearly fits after its
    # first word ("Has / unexplained access to ..."); it means nothing in a cell, so it goes.
    html = _CELL_END_SPACE.sub("</td>", html)
    fetcher = local_fetcher_class()()
    stylesheets = [
        CSS(filename=_print_css_path(), url_fetcher=fetcher),
        CSS(
            string=render_to_string("pdf/page.css", context, request=request),
            base_url=LOCAL_BASE_URL,
            url_fetcher=fetcher,
        ),
    ]
    document = HTML(string=html, base_url=LOCAL_BASE_URL, url_fetcher=fetcher).render(stylesheets=stylesheets)
    return document.write_pdf(), len(document.pages)


def _print_css_path() -> str:
    # The source file, not {% static %}'s URL: in production that names the hashed copy.
    path = finders.find("css/print.css")
    if not path:
        raise FileNotFoundError("static/css/print.css, the print CSS, is missing.")
    return str(path)


# --------------------------------------------------------------------------- page furniture


def css_string(value) -> str:
    """A CSS string literal of `value`: every character but letters, digits and spaces escaped.

    An escape is a backslash, six hex digits and one space, which CSS consumes as its end.
    """
    out = []
    for char in str(value):
        if char.isascii() and (char.isalnum() or char == " "):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x} ")
    return '"' + "".join(out) + '"'


def _css_page_of() -> str:
    """`"Page " counter(page) " of " counter(pages)`, from the translated sentence."""
    parts = []
    for part in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(css_string(part))
    return " ".join(parts)


def print_context(
    request, *, title: str, running_title: str, draft: bool = False, confidential: str | None = None
) -> dict:
    """What every printout carries: who printed it and when, the page size, the page margins.

    ``confidential``: the warning at the foot of each page; by default the one for a youth's
    record (a printout of de-identified figures says what it holds instead)."""
    printed_at = timezone.localtime()
    printed_by = request.user
    printed = _("Printed %(when)s by %(who)s") % {
        "when": f"{date_format(printed_at, 'SHORT_DATETIME_FORMAT')} {printed_at:%Z}",
        "who": f"{printed_by} ({printed_by.get_username()})",
    }
    confidential = confidential or _(
        "CONFIDENTIAL: information about a youth in care. Share only with people who need it for "
        "the youth's case; keep it locked away and shred it when it is no longer needed."
    )
    return {
        "title": title,
        "printed_at": printed_at,
        "printed_by": printed_by,
        "printed": printed,
        "confidential": confidential,
        "draft": draft,
        "page_size": "A4" if settings.PDF_PAGE_SIZE.lower() == "a4" else "letter",
        "css": {
            name: mark_safe(value)  # noqa: S308 (every character outside [A-Za-z0-9 ] is escaped)
            for name, value in {
                "confidential": css_string(confidential),
                "running_title": css_string(running_title),
                "printed": css_string(printed),
                "page_of": _css_page_of(),
                "draft": css_string(_("DRAFT — not submitted")),
            }.items()
        },
    }


# --------------------------------------------------------------------------- a screening


def screening_context(screening) -> dict:
    """Everything the screening summary shows, from the stored record only."""
    case = screening.case
    addenda = presenters.addenda(screening)
    presented = screening.presented_codes()
    return {
        "screening": screening,
        "case": case,
        "age_at_screening": age_on(case.date_of_birth, timezone.localtime(screening.created_at).date()),
        "level": Level(screening.level) if screening.level else None,
        "outcome": presenters.outcome(screening, addenda),
        "fired_rules": presenters.fired_rules(screening),
        "answers_by_section": presenters.answers_by_section(screening, addenda),
        "answered": screening.answered_count(),
        "presented": len(presented),
        "actions": list(screening.actions.select_related("closed_by").prefetch_related("closures")),
        "addenda": addenda,
        "review_history": presenters.review_history(screening),
        "follow_ups": list(screening.follow_ups.select_related("instrument_version__instrument")),
    }


def outcome_context(root) -> dict:
    """A screening submitted since instruments v2: its outcome over its tiers, and every tier."""
    outcome = presenters.outcome_view(root)
    return {
        "screening": root,
        "root": root,
        "case": root.case,
        "age_at_screening": root.youth_age,
        "outcome": outcome,
        "actions": presenters.checklist(root, outcome),
        "review_history": presenters.review_history(root),
        "drafts": list(root.follow_ups.drafts().select_related("instrument_version__instrument")),
    }


# --------------------------------------------------------------------------- a case


def _delay(start, end) -> str:
    """How long after `start` `end` came, in hours and minutes ("" when either is missing)."""
    if not start or not end or end < start:
        return ""
    minutes = int((end - start) / timedelta(minutes=1))
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d h %(minutes)02d min after") % {"hours": hours, "minutes": minutes}


def case_context(case) -> dict:
    episodes = list(case.episodes.all())
    jurisdiction = deadlines.jurisdiction_profile()
    for episode in episodes:
        start = episode.went_missing_at
        episode.law_enforcement_delay = _delay(start, episode.reported_to_law_enforcement_at)
        episode.ncmec_delay = _delay(start, episode.reported_to_ncmec_at)
        episode.law_enforcement_deadline = deadlines.report_deadline(
            episode, deadlines.REPORT_LAW_ENFORCEMENT, jurisdiction
        )
        episode.ncmec_deadline = deadlines.report_deadline(episode, deadlines.REPORT_NCMEC, jurisdiction)
    # One row per screening, its outcome first and each tier beneath (open actions over its tiers).
    screenings = presenters.summarise(
        presenters.with_tiers(case.screenings.screenings())
        .select_related("submitted_by", "determined_by")
        .order_by("-created_at", "-pk")
    )
    for screening in screenings:
        effective = screening.effective_level
        screening.effective_label = Level(effective).label if effective else ""
    open_actions = one_per_task(
        GuidanceAction.objects.filter(screening__case=case, status=GuidanceAction.Status.OPEN)
        .select_related("screening__instrument_version__instrument")
        .most_pressing_first()
    )
    return {
        "case": case,
        "episodes": episodes,
        "screenings": screenings,
        "open_actions": open_actions,
        "notes": list(case.notes.select_related("author")),
    }
