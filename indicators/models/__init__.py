"""The instrument library: instruments, their versions, and jurisdiction profiles.

A version's *content* (the fixture JSON of docs/instrument-format.md) is what the engine scores
with. While a version is a **draft** its sections, items, rules and guidance actions are rows that
instrument administrators edit; lifecycle.py rebuilds ``content`` and ``checksum`` from the rows
after every change (content.py turns rows into content and back), loading.py loads fixture files,
comparison.py and exports.py read versions. Publishing freezes the version: from then on nothing
about it may change except the step published -> retired. The models refuse it
(``save``/``delete`` and queryset ``update``/``delete``), and on PostgreSQL so does the database:
the triggers in the models' ``Meta.triggers`` (django-pgtrigger; see accounts/append_only.py).

An optional text field that is ``None`` is absent from the content; an empty string is kept as
``""``. Optional JSON fields work the same way, so content -> rows -> content is lossless.

One module per part: ``instruments`` (and their versions), the ``rows`` of a draft,
``jurisdictions``; ``choices`` and ``fields`` they share. Every model is imported here, where
Django looks for them and where the rest of the project (and old migrations) import them from.
"""

from .choices import (
    CONTEXT_CHOICES,
    CONTEXT_LABELS,
    DEADLINE_CHOICES,
    DEADLINE_LABELS,
    DRAFT,
    FORMAT_CHOICES,
    IDENTIFIES_CHOICES,
    KIND_CHOICES,
    KIND_LABELS,
    PRIORITY_CHOICES,
    PRIORITY_LABELS,
    PUBLISHED,
    RETIRED,
    STATUS_CHOICES,
    STATUS_LABELS,
    TIER_CHOICES,
    TRAFFICKING_TYPE_CHOICES,
    TYPE_LABELS,
)
from .fields import (
    AGES_HELP,
    OptionalTextField,
    validate_finite_json,
    validate_json_list,
    validate_json_object,
)
from .instruments import Instrument, InstrumentVersion, InstrumentVersionQuerySet, VersionIsFrozen
from .jurisdictions import Jurisdiction, JurisdictionInstrument
from .rows import DraftRow, DraftRowQuerySet, GuidanceAction, Item, Rule, Section, require_drafts

__all__ = [
    "AGES_HELP",
    "CONTEXT_CHOICES",
    "CONTEXT_LABELS",
    "DEADLINE_CHOICES",
    "DEADLINE_LABELS",
    "DRAFT",
    "FORMAT_CHOICES",
    "IDENTIFIES_CHOICES",
    "KIND_CHOICES",
    "KIND_LABELS",
    "PRIORITY_CHOICES",
    "PRIORITY_LABELS",
    "PUBLISHED",
    "RETIRED",
    "STATUS_CHOICES",
    "STATUS_LABELS",
    "TIER_CHOICES",
    "TRAFFICKING_TYPE_CHOICES",
    "TYPE_LABELS",
    "DraftRow",
    "DraftRowQuerySet",
    "GuidanceAction",
    "Instrument",
    "InstrumentVersion",
    "InstrumentVersionQuerySet",
    "Item",
    "Jurisdiction",
    "JurisdictionInstrument",
    "OptionalTextField",
    "Rule",
    "Section",
    "VersionIsFrozen",
    "require_drafts",
    "validate_finite_json",
    "validate_json_list",
    "validate_json_object",
]
