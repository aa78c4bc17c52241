"""A screening in one line, for the lists: the case panel, the review queue, the home page, the
timeline and the case printout."""

from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Prefetch
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from indicators import translations
from indicators.engine import level_rank
from indicators.levels import Level
from indicators.models import InstrumentVersion

from ..models import GuidanceAction, Screening
from .outcomes import kind_names, tier_status


@dataclass
class Summary:
    """A screening in one line, for lists (case panel, queue, home page, timeline, case printout):
    the outcome first, each tier's own result beneath it. Built without a query from the stored
    outcome (and, before instruments v2, from the prefetched follow-ups)."""

    level: str
    headline: str
    identified: str = ""
    interview_not_completed: bool = False
    stop: bool = False
    tiers: list = field(default_factory=list)  # (tier number, level, status in words)
    determined_lower: str = ""  # the caseworker's lower determination, in words
    corrected: bool = False  # an addendum corrected answers of a tier

    @property
    def label(self) -> str:
        return self.headline


def outcome_summary(root, follow_ups=None) -> Summary | None:
    """``follow_ups``: the root's submitted follow-ups when already fetched (legacy screenings)."""
    if root.is_draft:
        return None
    outcome = root.outcome
    if outcome is not None:
        level = outcome["level"]
        tiers = [(t.get("tier", 1), t["level"], tier_status(t, t.get("tier", 1))) for t in outcome["tiers"]]
        last = outcome["tiers"][-1] if outcome["tiers"] else {}
        headline = (
            _("Not completed: concern could not be assessed")
            if level == Level.NONE and outcome.get("not_completed")
            else Level(level).label
        )
        summary = Summary(
            level=level,
            headline=str(headline),
            identified=kind_names(outcome.get("identifies", ())),
            interview_not_completed=bool(outcome.get("not_completed")) and last.get("tier", 1) >= 2,
            stop=bool(outcome.get("stop")),
            tiers=tiers,
        )
    else:
        level = root.outcome_level or root.level
        rows = [root, *(follow_ups if follow_ups is not None else [])]
        summary = Summary(
            level=level,
            headline=str(Level(level).label),
            stop="stop_disclosure" in root.flags,
            tiers=[
                (r.tier, r.effective_level, str(Level(r.effective_level).label))
                for r in rows
                if not r.is_draft
            ],
        )
    if root.determined_level and level_rank(root.determined_level) < level_rank(summary.level):
        summary.determined_lower = str(Level(root.determined_level).label)
    if outcome is not None:  # (before v2, the corrected level is shown beside the original)
        tiers = [root, *(follow_ups or [])]
        summary.corrected = any(a.level for t in tiers for a in t.addenda.all())
    return summary


def with_tiers(screenings):
    """Screenings (not tiers), each with its follow-ups and open actions counted over its tiers."""
    tiers = (
        without_content(Screening.objects.select_related("instrument_version__instrument", "submitted_by"))
        .prefetch_related("addenda")
        .order_by("created_at", "pk")
    )
    return without_content(
        screenings.select_related("instrument_version__instrument", "created_by", "episode")
    ).prefetch_related(Prefetch("follow_ups", to_attr="tier_rows", queryset=tiers), "addenda")


def without_content(screenings):
    """A list needs the instrument's name, not its whole content (tens of KB a row, read again
    for every row): `name_instruments` gives the rows their names."""
    return screenings.defer("instrument_version__content")


def name_instruments(screenings) -> None:
    """Each screening's (and each of its tiers') instrument name as its pinned version has it,
    read from the content in one query for all of them (`Screening.instrument_name`)."""
    rows = [r for s in screenings for r in (s, *getattr(s, "tier_rows", ()))]
    if not rows:
        return
    # In the reader's language when the version has it: content.translations.<language>.instrument.name
    language = translations.reader_language()
    translated = KeyTextTransform(
        "name",
        KeyTransform("instrument", KeyTransform(language, KeyTransform("translations", "content"))),
    )
    names = dict(
        InstrumentVersion.objects.filter(pk__in={r.instrument_version_id for r in rows})
        .annotate(
            listed=Coalesce(
                translated,
                KeyTextTransform("name", KeyTransform("instrument", "content")),
                F("instrument__name"),
                output_field=CharField(),
            )
        )
        .values_list("pk", "listed")
    )
    for r in rows:
        r.listed_instrument_name = names.get(r.instrument_version_id)


def summarise(screenings) -> list:
    """Each screening with its one-line summary (presenters.Summary) and open actions counted."""
    screenings = list(screenings)
    # Each tier's actions count for its screening; the tiers are prefetched (with_tiers), so the
    # ids are known and the count reads the actions' index (an OR through a join would not).
    root_of = {s.pk: s.pk for s in screenings}
    for s in screenings:
        root_of.update({t.pk: s.pk for t in getattr(s, "tier_rows", ())})
    open_counts: dict[int, int] = {}
    if screenings:
        for screening_id, n in (
            GuidanceAction.objects.filter(screening_id__in=list(root_of), status=GuidanceAction.Status.OPEN)
            .order_by()
            .values("screening_id")
            .annotate(n=Count("pk"))
            .values_list("screening_id", "n")
        ):
            root = root_of[screening_id]
            open_counts[root] = open_counts.get(root, 0) + n
    name_instruments(screenings)
    for s in screenings:
        rows = getattr(s, "tier_rows", [])
        s.summary = outcome_summary(s, [r for r in rows if not r.is_draft])
        s.tier_drafts = [r for r in rows if r.is_draft]
        s.open_actions = open_counts.get(s.pk, 0)
    return screenings
