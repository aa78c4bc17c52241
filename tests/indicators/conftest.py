"""Helpers for the instrument-library tests that use the database."""

import copy
import json
from pathlib import Path

import pytest

from accounts.models import AuditEvent
from indicators import services
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

MODELS = [Instrument, InstrumentVersion, Section, Item, Rule, GuidanceAction, Jurisdiction,
          JurisdictionInstrument]


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


@pytest.fixture
def loaded(db):
    """The default instruments and jurisdiction, loaded."""
    report = services.load_files()
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
    return services.new_draft_from(v1, None, change_note="Testing.")
