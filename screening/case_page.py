"""What screening adds to the case page: a panel (deadlines, open actions, screenings) and
timeline entries. Registered with cases at start-up (cases never imports screening)."""

from django.utils.translation import gettext as _

from cases import panels, timeline

from . import deadlines, presenters
from .models import Addendum, GuidanceAction, ReviewDecision, ReviewResponse, one_per_task


def screening_panel(request, case):
    screenings = presenters.summarise(
        presenters.with_tiers(case.screenings.screenings()).order_by("-created_at")
    )
    open_actions = list(
        GuidanceAction.objects.filter(screening__case=case, status=GuidanceAction.Status.OPEN)
        .select_related("screening__instrument_version__instrument")
        .most_pressing_first()
    )
    open_actions = one_per_task(open_actions)
    presenters.in_reader_language(open_actions)
    jurisdiction = deadlines.jurisdiction_profile()
    due = deadlines.due_for(type(case).objects.filter(pk=case.pk), jurisdiction)
    return panels.Panel(
        "screening/_case_panel.html",
        lead="screening/_case_lead.html",
        context={
            "case": case,
            "screenings": screenings,
            "open_actions": open_actions,
            "due": due,
        },
    )


def screening_entries(case):
    """One entry per screening, at its latest tier: the outcome first, each tier beneath. Before
    instruments v2 each tier read on its own, and still does."""
    entries = []
    screenings = presenters.summarise(
        presenters.with_tiers(case.screenings.submitted()).select_related("submitted_by", "follows")
    )
    for s in screenings:
        tiers = [t for t in getattr(s, "tier_rows", []) if not t.is_draft]
        if s.outcome is not None:
            latest = max([s, *tiers], key=lambda t: t.submitted_at)
            entries.append(
                timeline.Entry(
                    latest.submitted_at,
                    "screening",
                    _("Screening outcome: %(outcome)s") % {"outcome": _outcome_words(s.summary)},
                    body="; ".join(
                        f"{t.instrument_name} v{t.instrument_version.number}: {status}"
                        for t, (_tier, _level, status) in zip([s, *tiers], s.summary.tiers, strict=False)
                    )
                    + f" · {s.get_context_display()}",
                    url=s.get_absolute_url(),
                    by=str(latest.submitted_by or ""),
                )
            )
        elif not (s.follows_id and s.follows.outcome is not None):
            entries.append(
                timeline.Entry(
                    s.submitted_at,
                    "screening",
                    _("Screening: %(level)s") % {"level": s.get_level_display()},
                    body=f"{s.instrument_name} v{s.instrument_version.number} · {s.get_context_display()}",
                    url=s.get_absolute_url(),
                    by=str(s.submitted_by or ""),
                )
            )
    return entries


def _outcome_words(summary) -> str:
    words = [summary.headline]
    if summary.identified:
        words.append(_("identified: %(kinds)s") % {"kinds": summary.identified})
    if summary.interview_not_completed:
        words.append(_("interview not completed"))
    if summary.stop:
        words.append(_("questioning stopped"))
    return " · ".join(words)


def action_entries(case):
    closed = presenters.in_reader_language(
        list(
            GuidanceAction.objects.filter(screening__case=case)
            .exclude(status=GuidanceAction.Status.OPEN)
            .select_related("closed_by", "screening")
        )
    )
    return [
        timeline.Entry(
            a.closed_at,
            "action",
            (
                _("Done: %(title)s")
                if a.status == GuidanceAction.Status.DONE
                else _("Not applicable: %(title)s")
            )
            % {"title": a.title},
            body=a.reference or a.not_applicable_reason,
            url=f"{a.screening.get_absolute_url()}#action-{a.pk}",
            by=str(a.closed_by or ""),
        )
        for a in closed
    ]


def review_entries(case):
    """Supervisors' decisions, and the caseworkers' responses to a return."""
    entries = [
        timeline.Entry(
            d.decided_at,
            "review",
            (
                _("Supervisor approved: %(screening)s")
                if d.decision == ReviewDecision.Decision.APPROVE
                else _("Supervisor returned for more information: %(screening)s")
            )
            % {"screening": d.screening.instrument_name},
            body=d.comment,
            url=f"{d.screening.get_absolute_url()}#review",
            by=str(d.decided_by),
        )
        for d in ReviewDecision.objects.filter(screening__case=case).select_related(
            "decided_by", "screening__instrument_version__instrument"
        )
    ]
    entries += [
        timeline.Entry(
            r.created_at,
            "review",
            _("Response to the supervisor: %(screening)s") % {"screening": r.screening.instrument_name},
            body=r.comment,
            url=f"{r.screening.get_absolute_url()}#review",
            by=str(r.created_by),
        )
        for r in ReviewResponse.objects.filter(screening__case=case).select_related(
            "created_by", "screening__instrument_version__instrument"
        )
    ]
    return entries


def addendum_entries(case):
    return [
        timeline.Entry(
            a.created_at,
            "addendum",
            (
                _("Addendum: level after the correction %(level)s") % {"level": a.get_level_display()}
                if a.level
                else _("Addendum")
            ),
            body=a.body,
            url=f"{a.screening.get_absolute_url()}#addendum-{a.pk}",
            by=str(a.created_by),
        )
        for a in Addendum.objects.filter(screening__case=case).select_related(
            "created_by", "screening__instrument_version__instrument"
        )
    ]


def register():
    panels.register(screening_panel)
    timeline.register_source(screening_entries)
    timeline.register_source(action_entries)
    timeline.register_source(review_entries)
    timeline.register_source(addendum_entries)
