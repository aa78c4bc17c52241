"""The printouts: a screening's summary and a case's summary, as PDF downloads (rendered by pdf.py).

Each print is audited with its number of pages; the file is never cached.
"""

import re

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import audit
from cases.access import get_case_for_user

from .. import pdf
from ..access import get_screening_for_user
from ..interview_mode import tier_in_interview_mode


@require_GET
def screening_pdf(request, pk):
    screening = get_screening_for_user(request.user, pk)
    interview = tier_in_interview_mode(request, screening)
    if interview is not None:  # the youth may see the screen: no printout of the outcome now
        return redirect(interview)
    if screening.has_outcome:
        screening = screening.root  # one summary per screening, whichever tier was printed
    case = screening.case
    context = {
        **pdf.print_context(
            request,
            title=_("Screening summary"),
            running_title=_("Screening summary · case %(number)s") % {"number": case.case_number},
            draft=screening.is_draft,
        ),
        **(pdf.outcome_context(screening) if screening.has_outcome else pdf.screening_context(screening)),
    }
    template = "pdf/screening_outcome.html" if screening.has_outcome else "pdf/screening.html"
    document, pages = pdf.render_pdf(template, context, request)
    audit.record(
        request,
        audit.Action.PRINTED,
        case=case,
        obj=screening,
        summary=_("Screening summary printed (PDF)"),
        detail={
            "format": "pdf",
            "pages": pages,
            "status": screening.status,
            "instrument": screening.instrument.slug,
            "version": screening.instrument_version.number,
        },
    )
    return _pdf_response(document, f"screening-{screening.pk}-{timezone.localdate():%Y-%m-%d}.pdf")


@require_GET
def case_pdf(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    context = {
        **pdf.print_context(
            request,
            title=_("Case summary"),
            running_title=_("Case summary · case %(number)s") % {"number": case.case_number},
        ),
        **pdf.case_context(case),
    }
    document, pages = pdf.render_pdf("pdf/case.html", context, request)
    audit.record(
        request,
        audit.Action.PRINTED,
        case=case,
        obj=case,
        summary=_("Case summary printed (PDF)"),
        detail={"format": "pdf", "pages": pages, "screenings": len(context["screenings"])},
    )
    number = _safe_filename_part(case.case_number) or str(case.pk)
    return _pdf_response(document, f"case-{number}-{timezone.localdate():%Y-%m-%d}.pdf")


def _pdf_response(document: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(document))
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _safe_filename_part(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-")
