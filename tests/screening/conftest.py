"""Screening fixtures: the default instrument library loaded, and screenings in each state.

`library` loads fixtures/instruments and fixtures/jurisdictions (the defaults `make demo` loads):
validated and loaded by `load_files` the first time, then the same rows copied back.
The helpers below drive the same services the views use, so a test starts from a real state.
"""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import RequestFactory

from indicators import loading
from indicators.models import InstrumentVersion
from screening import services
from tests.table_copies import Copies, copy_in, copy_out

T1_INDICATOR_A = "T1-RC-04"  # significant changes in behavior
T1_INDICATOR_B = "T1-PS-03"  # unexplained expensive things
T2_DECLINED = "T2-LS-01"
T2_DISCLOSURE = "T2-DX-01"


# The indicators tables as `load_files` left them the first time: later tests copy the same rows
# back (tests/table_copies.py) instead of validating and loading the files each time (some 300
# queries).
_library_copies: Copies | None = None


def load_library():
    global _library_copies
    if _library_copies is not None:
        copy_in(_library_copies)
        return
    report = loading.load_files()
    assert not report.errors, report.errors
    if connection.vendor == "postgresql":  # SQLite has no COPY (tests/reporting/test_on_sqlite.py)
        _library_copies = copy_out(m._meta.db_table for m in apps.get_app_config("indicators").get_models())


@pytest.fixture
def library(db):
    load_library()
    return SimpleNamespace(
        tier1=InstrumentVersion.objects.latest_published("tier1-indicators"),
        tier2=InstrumentVersion.objects.latest_published("tier2-interview"),
    )


def fake_request(user, path="/"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def start(user, case, version, *, context="general", episode=None):
    return services.start_screening(
        request=fake_request(user), case=case, context=context, version=version, episode=episode
    )


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
    return services.save_draft(
        request=fake_request(user),
        screening=screening,
        answers=answers,
        notes=notes or {},
        version=screening.version,
    )


def confirm_setting(user, screening):
    return services.confirm_setting(
        request=fake_request(user),
        screening=screening,
        private=True,
        confidentiality=True,
        purpose=True,
        interpreter="not_needed",
    )


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
    return submit(
        caseworker, screening, answer_all(screening, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    )


@pytest.fixture
def tier2_disclosure(tier1_possible, caseworker):
    """The Tier 2 interview after `tier1_possible`: one question declined, the disclosure `yes`."""
    follow = services.start_follow_up(request=fake_request(caseworker), screening=tier1_possible)
    confirm_setting(caseworker, follow)
    return submit(caseworker, follow, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"})


def start_follow_up(user, screening):
    return services.start_follow_up(request=fake_request(user), screening=screening)


@pytest.fixture
def tier2_draft(tier1_possible, caseworker):
    """The Tier 2 interview started from `tier1_possible`; the setting checklist not confirmed yet."""
    return start_follow_up(caseworker, tier1_possible)


def form_data(screening, answers=None, notes=None, *, version=None):
    """What the screening form posts: the version it was loaded at, an answer and a note per item."""
    data = {"version": screening.version if version is None else version}
    for code, value in (answers or {}).items():
        data[f"a_{code}"] = value
    for code, text in (notes or {}).items():
        data[f"n_{code}"] = text
    return data


# The autosave is an htmx request (django-htmx: request.htmx): it gets an HTML fragment back.
AUTOSAVE = {"HTTP_HX_REQUEST": "true"}


def audit_events(case, **filters):
    from accounts.models import AuditEvent

    return AuditEvent.objects.filter(case_id=case.pk, **filters)


# --------------------------------------------------------------------------- before instruments v2


def submit_before_v2(user, screening, answers):
    """A screening submitted the way it was before instruments v2 (the data such screenings left):
    its own result, its own review and its own checklist (every action of its guidance, even one
    another tier of the youth already had), and no outcome over the tiers."""
    from django.utils import timezone

    from indicators import engine
    from screening.models import ReviewStatus
    from screening.services.checklist import add_actions, done_by_follow_up

    screening = save(user, screening, answers)
    result = engine.score(screening.content, screening.answers, items_presented=screening.presented_codes())
    now = timezone.now()
    screening.status, screening.submitted_at, screening.submitted_by = "submitted", now, user
    screening.level, screening.points, screening.result = result.level, float(result.points), result.to_dict()
    screening.outcome, screening.outcome_level = None, result.level
    if result.level in services.REVIEWED_LEVELS:
        screening.review_status, screening.review_waiting_since = ReviewStatus.PENDING, now
    screening.version += 1
    screening.save()
    for action in add_actions(screening, result.guidance, user, now):
        if action.deadline_key:  # a report: then, every action with a deadline was one
            action.mandated_report = True
            action.save(update_fields=["mandated_report"])
    if screening.follows_id:
        code = screening.instrument.slug
        parent_action = screening.follows.actions.filter(code=code, status="open").first()
        if parent_action:
            done_by_follow_up(parent_action, screening, user, now)
    return screening


@pytest.fixture
def v1(library):
    """The v1 instruments, still published beside v2 (old screenings keep them)."""
    return SimpleNamespace(
        tier1=InstrumentVersion.objects.pinned("tier1-indicators", 1),
        tier2=InstrumentVersion.objects.pinned("tier2-interview", 1),
    )


V1_INDICATOR_A = "T1-MT-02"  # unexplained trips
V1_INDICATOR_B = "T1-PS-04"  # more than one phone or secret phones


@pytest.fixture
def v1_possible(v1, caseworker, youth_case):
    """A Tier 1 v1 screening with two indicators, submitted before instruments v2: `possible`."""
    screening = start(caseworker, youth_case, v1.tier1)
    return submit_before_v2(
        caseworker, screening, answer_all(screening, **{V1_INDICATOR_A: "yes", V1_INDICATOR_B: "yes"})
    )


@pytest.fixture
def v1_disclosure(v1, v1_possible, caseworker, youth_case):
    """The v1 interview after `v1_possible`, submitted before v2: one declined, the disclosure `yes`."""
    follow = services.start_screening(
        request=fake_request(caseworker),
        case=youth_case,
        context=v1_possible.context,
        version=v1.tier2,
        follows=v1_possible,
    )
    confirm_setting(caseworker, follow)
    return submit_before_v2(caseworker, follow, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"})
