"""Preview and try (issue 18, item 3): a version's form as the caseworker gets it, for a context,
an age and a language, and answers scored by the engine with nothing saved but the audit event.

The try panel posts the form: an htmx post gets the result as a fragment, a plain post (no
JavaScript) the whole page again with the answers kept and the result beside them.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import audit
from indicators import engine, translations
from screening.presenters.outcomes import NEXT_STEP_TEXT, kind_names
from screening.views.fragments import login_required_htmx

from .. import trying
from ..access import get_version_for_user


def _page(request, version, chooser, *, screening=None, form=None, tried=None, problem="", status=200):
    context = {
        "version": version,
        "chooser": chooser,
        "screening": screening,
        "form": form,
        "tried": tried,
        "problem": problem,
        # The engine's words (reasons, actions) are the version's own, in its first language.
        "content_language": translations.languages(version.content)[0],
        "can_screen": True,  # the radio buttons of the caseworker's form answer (screening/_item_row.html)
    }
    if tried is not None:
        context.update(_result_words(tried))
    if request.htmx and request.method == "POST":
        return render(request, "studio/_try_result.html", context, status=status)
    return render(request, "studio/preview.html", context, status=status)


def _result_words(tried: trying.Tried) -> dict:
    return {
        "identified_kinds": kind_names(tried.outcome.identifies),
        "kinds": kind_names(tried.outcome.trafficking_types),
        "next_step_text": str(NEXT_STEP_TEXT.get(tried.outcome.next_step, "")),
    }


def _refused(request, version, problem: str) -> None:
    """A try refused for its input is audited too: who tried what on the version, and why not."""
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Answers tried on the instrument version in the studio: refused"),
        detail={"event": "try_refused", "problem": str(problem)[:1000]},
    )


@require_safe
def preview(request, pk):
    version = get_version_for_user(request.user, pk)
    chooser = trying.PreviewForm(request.GET or None, version=version)
    chosen = chooser.choice()
    if chosen is None:
        return _page(request, version, chooser, status=400)
    screening = trying.preview_screening(version, **chosen)
    form = trying.answers_form(screening)
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Instrument version previewed in the studio"),
        detail={"context": chosen["context"], "age": chosen["age"], "language": chosen["language"]},
    )
    return _page(request, version, chooser, screening=screening, form=form)


@login_required_htmx()
@require_POST
def try_answers(request, pk):
    version = get_version_for_user(request.user, pk)
    chooser = trying.PreviewForm(request.POST, version=version)
    chosen = chooser.choice()
    if chosen is None:
        errors = " ".join(str(e) for field_errors in chooser.errors.values() for e in field_errors)
        problem = _("The preview's context, age or language is not valid: %(errors)s") % {"errors": errors}
        _refused(request, version, problem)
        return _page(request, version, chooser, problem=problem, status=400)
    screening = trying.preview_screening(version, **chosen)
    form = trying.answers_form(screening, request.POST)
    if not form.is_valid():
        problem = _("Nothing was scored: %(problems)s") % {"problems": form.error_summary()}
        _refused(request, version, problem)
        return _page(request, version, chooser, screening=screening, form=form, problem=problem, status=400)
    try:
        tried = trying.score(screening, form.answers())
    except engine.AnswerError as exc:
        problem = _("Nothing was scored: %(problems)s") % {"problems": "; ".join(exc.problems)}
        _refused(request, version, problem)
        return _page(request, version, chooser, screening=screening, form=form, problem=problem, status=400)
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Answers tried on the instrument version in the studio"),
        detail={
            "context": chosen["context"],
            "age": chosen["age"],
            "language": chosen["language"],
            "answered": tried.answered,
            "level": tried.result.level,
            "established": sorted(screening.established),
        },
    )
    return _page(request, version, chooser, screening=screening, form=form, tried=tried)
