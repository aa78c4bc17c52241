"""Guidance actions in the reader's language.

An action row keeps the title, description and contacts it was opened with (in the language of
its instrument version or jurisdiction profile). A reader of another language reads them from the
pinned version's translations (the instrument's guidance) or the jurisdiction's (its mandated
reports), matched by the action's code; the row itself never changes.
"""

from indicators import translations
from indicators.models import InstrumentVersion, Jurisdiction
from indicators.translations import reader_language


def in_reader_language(actions: list) -> list:
    """Set each action's shown texts (title, description, contacts) in the reader's language, in
    two queries for the lot; none for a reader of the app's own language."""
    language = reader_language()
    if language == translations.BASE_LANGUAGE or not actions:
        return actions
    screenings = [a.screening for a in actions]
    versions = dict(
        InstrumentVersion.objects.filter(pk__in={s.instrument_version_id for s in screenings}).values_list(
            "pk", "translations"
        )
    )
    jurisdictions = {
        pk: (texts, {r.get("code"): r for r in reports or []})
        for pk, texts, reports in Jurisdiction.objects.filter(
            pk__in={s.jurisdiction_id for s in screenings}
        ).values_list("pk", "translations", "mandated_reports")
    }
    for action in actions:
        screening = action.screening
        from_version = ((versions.get(screening.instrument_version_id) or {}).get(language) or {}).get(
            "guidance"
        )
        given = (from_version or {}).get(action.code)
        original: dict = {}
        if not given:
            texts, reports = jurisdictions.get(screening.jurisdiction_id, ({}, {}))
            given = translations.report_texts(texts, language, action.code)
            original = reports.get(action.code) or {}
        if not given:
            continue
        action.title = given.get("title", action.title)
        description = given.get("description")
        # A report opened with one of its variants (e.g. a caregiver may be involved) keeps it.
        variants = given.get("variants") or []
        for i, variant in enumerate(original.get("variants") or []):
            if variant.get("description") == action.description and i < len(variants):
                description = variants[i].get("description")
        if description:
            action.description = description
        texts = given.get("contacts") or []
        contacts = list(action.contacts or [])
        action.contacts = [{**c, **texts[i]} if i < len(texts) else c for i, c in enumerate(contacts)]
    return actions
