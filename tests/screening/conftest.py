"""Screening fixtures: the default instrument library loaded, and screenings in each state.

`library` loads fixtures/instruments and fixtures/jurisdictions (the defaults `make demo` loads).
The helpers below drive the same services the views use, so a test starts from a real state.
"""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from indicators import services as library_services
from indicators.models import InstrumentVersion
from screening import services

T1_INDICATOR_A = "T1-MT-02"  # unexplained trips
T1_INDICATOR_B = "T1-PS-04"  # more than one phone or secret phones
T2_DECLINED = "T2-LS-01"
T2_DISCLOSURE = "T2-DX-01"


@pytest.fixture
def library(db):
    report = library_services.load_files()
    assert not report.errors, report.errors
    return SimpleNamespace(
        tier1=InstrumentVersion.objects.latest_published("tier1-indicators"),
        tier2=InstrumentVersion.objects.latest_published("tier2-interview"),
    )


def fake_request(user, path="/"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def start(user, case, version, *, context="general", episode=None):
    return services.start_screening(request=fake_request(user), case=case, context=context,
                                    version=version, episode=episode)


def answer_all(screening, value="no", **overrides):
    """Every presented item answered `value` (the first option when the scale lacks it)."""
    answers = {}
    scales = screening.content["answer_scales"]
    for item in screening.presented_items():
        values = [o["value"] for o in scales[item["scale"]]["options"]]
        answers[item["code"]] = value if value in values else values[0]
    answers.update(overrides)
    return answers


def save(user, screening, answers, notes=None):
    screening.refresh_from_db()
    return services.save_draft(request=fake_request(user), screening=screening, answers=answers,
                               notes=notes or {}, version=screening.version)


def confirm_setting(user, screening):
    return services.confirm_setting(request=fake_request(user), screening=screening, private=True,
                                    confidentiality=True, purpose=True, interpreter="not_needed")


def submit(user, screening, answers=None):
    if answers is not None:
        screening = save(user, screening, answers)
    screening.refresh_from_db()
    return services.submit(request=fake_request(user), screening=screening, version=screening.version)


@pytest.fixture
def tier1_draft(library, caseworker, youth_case):
    return start(caseworker, youth_case, library.tier1)


@pytest.fixture
def tier1_possible(library, caseworker, youth_case):
    """A submitted Tier 1 with two indicators: `possible`, Tier 2 recommended."""
    screening = start(caseworker, youth_case, library.tier1)
    return submit(caseworker, screening,
                  answer_all(screening, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}))


@pytest.fixture
def tier2_disclosure(tier1_possible, caseworker):
    """The Tier 2 interview after `tier1_possible`: one question declined, the disclosure `yes`."""
    follow = services.start_follow_up(request=fake_request(caseworker), screening=tier1_possible)
    confirm_setting(caseworker, follow)
    return submit(caseworker, follow, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"})
