"""Starting a screening, and the in-depth interview that follows one."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest
from cases.models import Case, MissingEpisode, age_on
from indicators import engine, translations
from indicators.models import PUBLISHED, InstrumentVersion

from ..models import Screening
from .errors import ScreeningError
from .jurisdiction import current_jurisdiction, versions_for


def not_offered_message(version: InstrumentVersion, case: Case, age: int) -> str:
    """Why an instrument is not used with this youth (its ``ages``), and what to do instead."""
    ages = version.content.get("ages") or {}
    low, high = ages.get("min"), ages.get("max")
    name = case.display_name
    if version.instrument.tier >= 2 and low is not None and age < low:
        return _(
            "The in-depth interview is for youth aged %(min)s and older; %(name)s is %(age)s. Do not "
            "interview %(name)s about this: refer for a forensic interview at a Child Advocacy Center."
        ) % {"min": low, "name": name, "age": age}
    return _("%(instrument)s is used with youth aged %(min)s to %(max)s; %(name)s is %(age)s.") % {
        "instrument": version.instrument.name,
        "min": low if low is not None else 0,
        "max": high if high is not None else engine.MAX_AGE,
        "name": name,
        "age": age,
    }


def youth_age(case: Case) -> int:
    """The youth's age on the screening date (today, in the agency's time zone)."""
    return age_on(case.date_of_birth, timezone.localdate())


def record_facts(case: Case) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """What the youth's record says that items may be filled in from (engine.RECORD_FACTS), and,
    for each fact, what it rests on (kept with the prefilled answer; put in words when shown, in
    the reader's language: presenters.from_record)."""
    episodes = list(case.episodes.order_by("went_missing_at", "pk"))
    located = [e for e in episodes if e.recovery_location_type]
    record: dict[str, Any] = {
        "missing_episodes": len(episodes),
        "recovery_locations": [e.recovery_location_type for e in located],
    }
    grounds: dict[str, dict[str, Any]] = {
        "missing_episodes": {"fact": "missing_episodes", "count": len(episodes)},
        "recovery_locations": {
            "fact": "recovery_locations",
            "returns": [
                [
                    timezone.localtime(e.returned_at).date().isoformat() if e.returned_at else None,
                    e.recovery_location_type,
                ]
                for e in located
            ],
        },
    }
    return record, grounds


@transaction.atomic
def start_screening(
    *,
    request: AuthenticatedRequest,
    case: Case,
    context: str,
    version: InstrumentVersion,
    episode: MissingEpisode | None = None,
    follows: Screening | None = None,
    language: str | None = None,
) -> Screening:
    """Start a screening (or the interview that follows one) with a published version.

    Don't ask twice: a first tier is filled in from what the record shows (where the youth was
    recovered, how many times they went missing), editable; an interview records the items the
    tier it follows established, and does not ask them."""
    if version.status != PUBLISHED:
        raise ScreeningError(_("Only a published instrument version can be used for a screening."))
    age = youth_age(case)
    if not engine.offered_at_age(version.content, age):
        raise ScreeningError(not_offered_message(version, case, age))
    screening = Screening(
        case=case,
        context=context,
        episode=episode,
        instrument_version=version,
        jurisdiction=current_jurisdiction(),
        follows=follows,
        language=interview_language(case, version, asked=language, follows=follows),
        youth_age=age,
        created_by=request.user,
        updated_by=request.user,
    )
    presented = screening.presented_codes()
    if follows is not None:
        screening.established = engine.established(
            version.content,
            earlier_instrument=follows.instrument.slug,
            earlier_answers=follows.current_answers(),
            items_presented=presented,
        )
        screening.answers = {code: e["answer"] for code, e in screening.established.items()}
    else:
        record, grounds = record_facts(case)
        filled = engine.prefill(version.content, record, items_presented=presented)
        items = {item["code"]: item for item in screening.presented_items()}
        screening.prefilled = {
            code: {"answer": answer, **grounds[items[code]["prefill"]["from"]]}
            for code, answer in filled.items()
        }
        screening.answers = dict(filled)
    screening.save()
    audit.record(
        request,
        audit.Action.CREATED,
        case=case,
        obj=screening,
        summary=_("Screening started"),
        detail={
            "instrument": version.instrument.slug,
            "version": version.number,
            "context": context,
            "follows": follows.pk if follows else None,
            "age": age,
            "prefilled": sorted(screening.prefilled),
            "established": sorted(screening.established),
        },
    )
    return screening


def follow_up_version(screening: Screening) -> InstrumentVersion | None:
    """The in-depth (Tier 2) instrument the jurisdiction uses after this screening's context."""
    for version in versions_for(screening.context):
        if version.instrument.tier > screening.tier:
            return version
    return None


@transaction.atomic
def start_follow_up(*, request: AuthenticatedRequest, screening: Screening) -> Screening:
    """Start the Tier 2 interview, carrying the context (and episode) over; an existing
    follow-up draft is reused rather than duplicated. Never after a stop, and never with a
    child younger than the interview is for."""
    parent = (
        Screening.objects.select_for_update(of=("self",)).select_related("case").get(pk=screening.root.pk)
    )
    existing = parent.follow_ups.filter(status=Screening.Status.DRAFT).first()
    if existing is not None:
        return existing
    if parent.is_draft:
        raise ScreeningError(_("Submit this screening before starting the in-depth interview."))
    if parent.stopped_on_disclosure:
        raise ScreeningError(
            _("Questioning stopped on this screening: no interview follows. Follow the checklist.")
        )
    version = follow_up_version(parent)
    if version is None:
        raise ScreeningError(_("No published in-depth interview is configured for this context."))
    return start_screening(
        request=request,
        case=parent.case,
        context=parent.context,
        version=version,
        episode=parent.episode,
        follows=parent,
    )


def youth_language(case: Case) -> str | None:
    """The language code of the youth's primary language, when the app knows it."""
    return translations.language_code(case.primary_language)


def interview_language(
    case: Case, version: InstrumentVersion, *, asked: str | None = None, follows: Screening | None = None
) -> str:
    """The language the questions are asked in: the one asked for, else the language of the
    screening this one follows, else the youth's primary language, else the version's own: the
    first of these the version has."""
    offered = translations.languages(version.content)
    for candidate in (asked, follows.language if follows else None, youth_language(case)):
        if candidate in offered:
            return candidate
    return offered[0]
