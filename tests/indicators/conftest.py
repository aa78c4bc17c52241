"""Helpers for the instrument-library tests that use the database."""

import copy
import json
from pathlib import Path

import pytest

from accounts.models import AuditEvent
from indicators import lifecycle, loading
from indicators.models import (
    GuidanceAction,
    Instrument,
    InstrumentVersion,
    Item,
    Jurisdiction,
    JurisdictionInstrument,
    Rule,
    Section,
)

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "fixtures" / "instruments"
JURISDICTIONS = ROOT / "fixtures" / "jurisdictions"
TIER1_FILE = INSTRUMENTS / "tier1-indicators.v1.json"
TIER2_FILE = INSTRUMENTS / "tier2-interview.v1.json"
FEDERAL_FILE = JURISDICTIONS / "federal-baseline.json"

MODELS = [
    Instrument,
    InstrumentVersion,
    Section,
    Item,
    Rule,
    GuidanceAction,
    Jurisdiction,
    JurisdictionInstrument,
]


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def tier1():
    return copy.deepcopy(read(TIER1_FILE))


def tier2():
    return copy.deepcopy(read(TIER2_FILE))


def federal():
    return copy.deepcopy(read(FEDERAL_FILE))


def write(folder, name, data):
    """Write ``data`` (JSON-able, or text) as ``folder/name``; returns the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot():
    """Every row of every indicators table, and the number of audit events."""
    rows = {model.__name__: list(model._base_manager.order_by("pk").values()) for model in MODELS}
    rows["audit_events"] = AuditEvent.objects.count()
    return rows


#: The files the library's tests load: version 1 of both instruments, whose content they know
#: (the default content as a whole, later versions included, is tested in test_default_content.py).
LIBRARY_FILES = (TIER1_FILE, TIER2_FILE, FEDERAL_FILE)


@pytest.fixture
def loaded(db):
    """Version 1 of the default instruments, and the default jurisdiction, loaded."""
    report = loading.load_files(LIBRARY_FILES)
    assert report.ok, [str(e) for e in report.errors]
    return report


@pytest.fixture
def v1(loaded):
    return InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)


@pytest.fixture
def t2v1(loaded):
    return InstrumentVersion.objects.get(instrument__slug="tier2-interview", number=1)


@pytest.fixture
def draft(v1):
    """Version 2 of tier1-indicators: a draft copied from the published version 1."""
    return lifecycle.new_draft_from(v1, None, change_note="Testing.")


def format2(
    slug="v2-example", *, established_from="tier1-indicators", established_items=("T1-SX-01",), vignettes=True
):
    """A small format 2 instrument version (tier 2) that uses every key format 2 adds.

    Built here rather than read from fixtures/*.v2.json, so the library's tests do not follow the
    default content. ``vignettes=False`` leaves out the vignettes (they exercise the engine).
    """
    source = {"citation": "Test content."}
    data = {
        "format": 2,
        "instrument": {"slug": slug, "name": "Format 2 example", "tier": 2},
        "version": 1,
        "status": "draft",
        "change_note": "Every format 2 key.",
        "ages": {"min": 10, "max": 25},
        "not_completed": {
            "share_above": 0.5,
            "answers": ["declined", "unknown"],
            "where": {"kind": "question"},
            "guidance": ["offer-again"],
        },
        "answer_scales": {
            "interview": {
                "options": [
                    {"value": "yes", "label": "Yes"},
                    {"value": "no", "label": "No"},
                    {"value": "unknown", "label": "Not sure"},
                    {"value": "declined", "label": "Declined to answer"},
                ]
            }
        },
        "sections": [
            {
                "code": "exchange",
                "title": "Exchange",
                "contexts": ["general", "return_from_missing"],
                "ages": {"min": 12},
                "items": [
                    {
                        "code": "V2-EX-01",
                        "text": "Someone gave something of value for a sex act.",
                        "kind": "question",
                        "trafficking_type": "sex",
                        "scale": "interview",
                        "points": {"yes": 5},
                        "ages": {"min": 12, "max": 25},
                        "fact": "exchange-for-sex",
                        "established_by": {
                            "instrument": established_from,
                            "items": list(established_items),
                            "answer": "yes",
                        },
                        "source": source,
                    },
                    {
                        "code": "V2-EX-02",
                        "text": "Was advertised online.",
                        "kind": "question",
                        "trafficking_type": "sex",
                        "scale": "interview",
                        "fact": "exchange-for-sex",
                        "source": source,
                    },
                ],
            },
            {
                "code": "record",
                "title": "From the record",
                "items": [
                    {
                        "code": "V2-RC-01",
                        "text": "Missing from care two or more times.",
                        "kind": "question",
                        "trafficking_type": "vulnerability",
                        "scale": "interview",
                        "prefill": {"from": "missing_episodes", "at_least": 2, "answer": "yes"},
                        "source": source,
                    },
                    {
                        "code": "V2-RC-02",
                        "text": "Recovered at a hotel or truck stop.",
                        "kind": "question",
                        "trafficking_type": "sex",
                        "scale": "interview",
                        "ages": {"max": 21},
                        "prefill": {"from": "recovery_locations", "any_of": ["hotel", "truck_stop"]},
                        "source": source,
                    },
                ],
            },
        ],
        "rules": [
            {
                "id": "exchange",
                "level": "clear",
                "reason": "An exchange of something of value for a sex act.",
                "when": {"answered": {"items": ["V2-EX-01"], "answer": "yes"}},
                "identifies": "sex",
                "trafficking_types": ["sex"],
                "flags": ["stop_disclosure"],
                "guidance": ["forensic-interview"],
            },
            {
                "id": "any-sign",
                "level": "possible",
                "reason": "A sign, from age 12.",
                "when": {
                    "all": [{"count_at_least": 1, "where": {"trafficking_type": "sex"}}, {"age_at_least": 12}]
                },
                "trafficking_types": ["sex"],
                "flags": ["tier2_recommended"],
                "guidance": ["offer-again"],
            },
            {
                "id": "young",
                "level": "none",
                "reason": "A young child.",
                "when": {"age_below": 12},
                "guidance": ["forensic-interview"],
            },
        ],
        "guidance": [
            {
                "code": "forensic-interview",
                "title": "Forensic interview",
                "description": "At a CAC.",
                "priority": "urgent",
                "mandatory": True,
                "applies_if": {"ages": {"max": 17}, "signals_any": ["identified_sex", "below_interview_age"]},
                "continues_screening": False,
                "contacts": [{"name": "Child Advocacy Center", "note": "Local."}],
                "source": source,
            },
            {
                "code": "offer-again",
                "title": "Offer the interview again",
                "description": "Another day.",
                "priority": "routine",
                "deadline": "offer_interview_again",
                "mandatory": False,
                "continues_screening": True,
            },
        ],
    }
    if vignettes:
        data["vignettes"] = [
            {
                "id": "established-exchange",
                "description": "Tier 1 established the exchange.",
                "context": "general",
                "age": 15,
                "established": ["V2-EX-01"],
                "follows": {
                    "level": "clear",
                    "identifies": ["sex"],
                    "trafficking_types": ["sex"],
                    "flags": ["stop_disclosure"],
                    "not_completed": False,
                },
                "interview": {"ages": {"min": 12}},
                "answers": {"V2-EX-01": "yes"},
                "expected_level": "clear",
                "expected_flags": ["stop_disclosure"],
                "expected_outcome": {
                    "level": "clear",
                    "identified": True,
                    "identifies": ["sex"],
                    "trafficking_types": ["sex"],
                    "stop": True,
                    "next_step": "stop",
                    "actions_include": ["forensic-interview"],
                    "actions_exclude": ["offer-again"],
                    "signals_include": ["identified_sex"],
                    "signals_exclude": ["not_completed"],
                },
            }
        ]
    return data
