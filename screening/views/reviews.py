"""Supervisor review pages: the queue, one screening's review, the caseworker's response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from cases import paging

from .. import presenters, review
from ..access import get_screening_for_user
from ..forms import DecisionForm, ResponseForm
from .fragments import login_required_htmx
from .results import result_page

QUEUE_PER_PAGE = 50


def queue(request):
    if not request.user.has_perm("screening.view_review_queue"):
        raise PermissionDenied
    # A page of the oldest first (the partial index of pending reviews), with a capped count.
    page = paging.paginate(
        presenters.with_tiers(review.queue_for(request.user)),
        request.GET.get("page"),
        per_page=QUEUE_PER_PAGE,
        counted=review.waiting_for(request.user),
    )
    screenings = presenters.summarise(page.object_list)
    now = timezone.now()
    for s in screenings:
        s.waited = now - s.review_waiting_since
    if screenings:
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("Review queue"),
            detail={"page": page.number, "cases": sorted({s.case_id for s in screenings})},
        )
    return render(request, "screening/review_queue.html", {"screenings": screenings, "page": page})


@login_required_htmx(swap="afterbegin")
def review_page(request, pk):
    """The review of one screening; the decision is a plain post (back to the queue) or an htmx
    post that gets the decision panel back (screening/_decision.html)."""
    screening = get_screening_for_user(request.user, pk)
    if screening.has_outcome:
        screening = screening.root  # one review per screening, whichever tier was opened
    if not request.user.has_perm("screening.review_screening", screening):
        raise PermissionDenied
    if screening.is_draft:
        # Nothing is decided on a draft: the answers may still change.
        messages.info(request, _("This screening is still a draft: it can be reviewed once it is submitted."))
        return redirect("screening:detail", pk=screening.pk)
    form = DecisionForm(request.POST or None, initial={"round": review.token(screening)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                row = review.decide(
                    request=request,
                    screening=screening,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data.get("comment", ""),
                    round_token=form.cleaned_data["round"],
                )
            except review.AlreadyDecided as taken:
                if request.htmx:  # the panel as the other supervisor left it, and why
                    return _decision_panel(request, screening, alert=taken.message, status=409)
                messages.warning(request, taken.message)
                return redirect("screening:review", pk=screening.pk)
            except review.ReviewRefused as refused:
                form.add_error(None, refused.message)
                status = 400
            else:
                recorded = _("Decision recorded: %(decision)s.") % {"decision": row.get_decision_display()}
                if request.htmx:
                    return _decision_panel(request, screening, notice=recorded)
                messages.success(request, recorded)
                return redirect("screening:review_queue")
        else:
            status = 400
    audit.shown(request, case=screening.case, obj=screening, page="review")
    if request.method == "POST" and request.htmx:
        return _decision_panel(request, screening, form=form, status=status)
    outcome_v2 = presenters.outcome_view(screening) if screening.has_outcome else None
    if outcome_v2 is not None:
        context = {"outcome_v2": outcome_v2, "actions": presenters.checklist(screening, outcome_v2)}
    else:
        addenda = presenters.addenda(screening)
        outcome = presenters.outcome(screening, addenda)
        context = {
            "fired_rules": outcome.fired_rules,
            "outcome": outcome,
            "actions": presenters.in_reader_language(
                list(screening.actions.select_related("closed_by").prefetch_related("closures"))
            ),
            "answers_by_section": presenters.answers_by_section(screening, addenda),
            "addenda": addenda,
        }
    return render(
        request,
        "screening/review.html",
        {
            **context,
            "screening": screening,
            "case": screening.case,
            "form": form,
            "history": review.history(screening),
            "pending": screening.review_status == "pending",
        },
        status=status,
    )


def _decision_panel(request, screening, *, form=None, notice="", alert="", status=200):
    """The decision panel as it is now: the history, and the form while the review is pending."""
    screening.refresh_from_db()
    pending = screening.review_status == "pending"
    if form is None and pending:
        form = DecisionForm(initial={"round": review.token(screening)})
    return render(
        request,
        "screening/_decision.html",
        {
            "screening": screening,
            "form": form,
            "history": review.history(screening),
            "pending": pending,
            "notice": notice,
            "alert": alert,
        },
        status=status,
    )


@require_POST
def respond(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if screening.has_outcome:
        screening = screening.root
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    form = ResponseForm(request.POST)
    if not form.is_valid():
        # Shown again with what was written, so a refused response is never lost.
        messages.error(request, _("Your response was not sent; see below."))
        return result_page(request, screening, response_form=form, status=400)
    try:
        review.respond(request=request, screening=screening, comment=form.cleaned_data["comment"])
    except review.ReviewRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your response is sent; the screening is back in the review queue."))
    return redirect(f"{screening.get_absolute_url()}#review")
