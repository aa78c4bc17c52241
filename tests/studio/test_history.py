"""The version page's history (issue 18, item 7): every studio edit, run, try (refused ones too),
export and import shows there, who and when and what, in the reader's language, a page at a time."""

import re

from django.urls import reverse

from accounts import audit
from indicators import lifecycle
from tests.dates import shown_at
from tests.screening.conftest import T1_INDICATOR_A

from .conftest import main_of


def history_of(studio, version, page=None):
    address = reverse("studio:version", kwargs={"pk": version.pk}) + (f"?page={page}" if page else "")
    main = main_of(studio.get(address).content.decode())
    return main[main.index('id="history-heading"') :]


def test_studio_work_shows_in_the_history_in_words(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    data = {
        "vignette_id": "one-indicator",
        "description": "One indicator.",
        "expected_level": "possible",
        f"a_{T1_INDICATOR_A}": "yes",
    }
    assert studio.post(reverse("studio:vignette_add", kwargs={"pk": draft.pk}), data).status_code == 302
    studio.post(reverse("studio:vignettes_run", kwargs={"pk": draft.pk}))
    studio.post(
        reverse("studio:try", kwargs={"pk": draft.pk}), {"context": "mars", "age": 15, "language": "en"}
    )
    studio.get(reverse("studio:export", kwargs={"pk": draft.pk}))
    history = history_of(studio, draft)
    assert "Vignette one-indicator added" in history
    assert re.search(r"Vignettes run: \d+ passed, 0 failed", history)
    assert "Answers tried, refused" in history
    assert f"Exported as {draft.export_filename}" in history
    assert f"New draft from version {library.tier1.number}" in history
    # Newest first, with who and when.
    assert history.index("Exported as") < history.index("Vignette one-indicator added")
    assert "Ines Park" in history


def test_the_words_are_the_readers_not_the_writers(studio, instrument_admin, library):
    # A summary written in Spanish (the writer's language) reads in the reader's.
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    event = audit.record(
        None,
        audit.Action.UPDATED,
        obj=draft,
        user=instrument_admin,
        summary="Viñeta x-uno agregada",
        detail={"event": "vignette_added", "vignette": "x-uno"},
    )
    history = history_of(studio, draft)
    assert "Vignette x-uno added" in history and "Viñeta" not in history
    assert shown_at(event.at) in history


def test_an_event_of_an_unknown_kind_shows_its_summary(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    audit.record(None, audit.Action.UPDATED, obj=draft, user=instrument_admin, summary="Rule r1 reworded")
    assert "Rule r1 reworded" in history_of(studio, draft)


def test_the_history_of_many_runs_is_paged(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    for _n in range(26):
        studio.post(reverse("studio:vignettes_run", kwargs={"pk": draft.pk}))
    first = history_of(studio, draft)
    assert first.count("Vignettes run:") == 25 and "?page=2" in first
    # The first visit is in the history now too (newest): one run more goes to the second page.
    second = history_of(studio, draft, page=2)
    assert second.count("Vignettes run:") == 2 and "New draft from version" in second
