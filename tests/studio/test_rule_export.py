"""What the rule builder saves is the fixture format exactly: a draft with a rule built in the
builder exports (indicators.exports) to a file the schema accepts, and `load_instruments` loads that
file into an empty database with the rule unchanged."""

import json
from pathlib import Path

from django.core.management import call_command

from indicators import exports
from indicators.models import Instrument, InstrumentVersion
from indicators.schema import validate_instrument_version

from .test_rules import NEW_RULE, form_pairs, post, url

ROOT = Path(__file__).resolve().parents[2]
# A rule no vignette of the file makes fire (loading runs them: a rule that changed their outcome
# would be refused, rightly).
RULE = {
    **NEW_RULE,
    "when": {
        "all": [
            {"answered": {"items": ["T1-FN-01"], "answer": "yes"}},
            {"any": [{"age_below": 1}, {"count_at_least": 40, "where": {"kind": "indicator"}}]},
        ]
    },
}


def test_a_built_rule_exports_and_loads_into_an_empty_database(client, instrument_admin, tmp_path):
    fixture = json.loads((ROOT / "fixtures/instruments/tier1-indicators.v3.json").read_text())
    source = tmp_path / "tier1-draft.json"
    source.write_text(json.dumps({**fixture, "version": 1, "status": "draft"}))
    call_command("load_instruments", str(source), stdout=open("/dev/null", "w"))
    draft = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)
    assert draft.is_draft

    client.force_login(instrument_admin)
    response = post(client, url("rule_new", draft), form_pairs(RULE, reasons={"es": "Razón en español."}))
    assert response.status_code == 302

    text = exports.export_json(InstrumentVersion.objects.get(pk=draft.pk))
    exported = json.loads(text)
    assert validate_instrument_version(exported, "export") == []
    assert exported["rules"][-1] == RULE
    assert exported["rules"][:-1] == fixture["rules"]

    # An empty database: the draft and its instrument go, then the exported file is loaded.
    InstrumentVersion.objects.filter(pk=draft.pk).delete()
    Instrument.objects.all().delete()
    assert not InstrumentVersion.objects.exists()
    target = tmp_path / "exported.json"
    target.write_text(text)
    call_command("load_instruments", str(target), stdout=open("/dev/null", "w"))
    loaded = InstrumentVersion.objects.get(instrument__slug="tier1-indicators")
    assert loaded.content["rules"][-1] == RULE
    assert exports.export_json(loaded) == text
