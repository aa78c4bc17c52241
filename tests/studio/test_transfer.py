"""Compare, export and import in the studio (/studio/versions/<pk>/compare/, .../export/,
/studio/import/): the instrument tasks that were the Django admin's. An import is checked as
``load_instruments`` checks a file, and writes nothing when anything is wrong."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.models import InstrumentVersion
from studio.transfer import MAX_BYTES, safe_name
from tests.rows import row_counts

from .conftest import OTHERS, main_of

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "instruments"
IMPORT = reverse("studio:import")


def export_url(version):
    return reverse("studio:export", kwargs={"pk": version.pk})


def compare_url(version):
    return reverse("studio:compare", kwargs={"pk": version.pk})


def upload(content: bytes, name="version.json"):
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


# --------------------------------------------------------------------------- export


def test_export_downloads_the_versions_fixture_file_and_is_audited(studio, library):
    version = library.tier1
    response = studio.get(export_url(version))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{version.export_filename}"'
    data = json.loads(response.content)
    assert content_checksum(data) == version.checksum
    event = AuditEvent.objects.latest("pk")
    assert event.action == "exported" and event.object_id == str(version.pk)


def test_round_trip_a_draft_exported_then_imported_has_the_same_checksum(studio, library, instrument_admin):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    exported = studio.get(export_url(draft)).content
    checksum, number = draft.checksum, draft.number
    draft.delete()
    response = studio.post(IMPORT, upload(exported))
    assert response.status_code == 302
    imported = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=number)
    assert imported.status == "draft" and imported.checksum == checksum
    assert response["Location"] == reverse("studio:version", kwargs={"pk": imported.pk})
    assert AuditEvent.objects.filter(object_id=str(imported.pk), detail__event="imported").exists()
    loaded = AuditEvent.objects.get(object_id=str(imported.pk), action="created", detail__event__isnull=True)
    assert loaded.detail["file"].endswith("/version.json")  # the uploaded name, not a made-up one


@pytest.mark.parametrize(
    "name,safe",
    [
        ("tier1.v4.json", "tier1.v4.json"),
        ("../../etc/passwd", "passwd.json"),
        ("a b?.JSON", "a_b_.JSON.json"),
        ("..", "upload.json"),
    ],
)
def test_an_uploaded_name_is_made_a_plain_file_name(name, safe):
    assert safe_name(name) == safe


def test_round_trip_a_published_file_into_an_empty_database(studio):
    raw = (FIXTURES / "tier1-indicators.v1.json").read_bytes()
    response = studio.post(IMPORT, upload(raw, "tier1-indicators.v1.json"))
    assert response.status_code == 302
    version = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)
    assert version.status == "published"
    assert version.checksum == content_checksum(json.loads(raw))
    exported = studio.get(export_url(version)).content
    assert content_checksum(json.loads(exported)) == version.checksum


# --------------------------------------------------------------------------- import: bad files


def _wrong_schema():
    data = json.loads((FIXTURES / "tier1-indicators.v1.json").read_text())
    data["sections"][0]["items"][0]["scale"] = "no-such-scale"
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "raw,path,message",
    [
        (b"this is not JSON {", "$", ""),
        (b"\xff\xfe\x00", "$", "not UTF-8"),
        (b"[1, 2, 3]", "$", "not an instrument version"),
        (b'{"slug": "x", "deadlines_hours": {}}', "$", "not an instrument version"),
        (_wrong_schema(), "$.sections[0].items[0].scale", "no-such-scale"),
        (b" " * (MAX_BYTES + 1), "$", "too large"),
    ],
    ids=["not-json", "not-utf8", "a-list", "a-jurisdiction", "wrong-schema", "too-large"],
)
def test_a_bad_file_is_refused_with_its_problems_and_nothing_is_written(studio, raw, path, message):
    before = row_counts()
    response = studio.post(IMPORT, upload(raw))
    assert response.status_code == 400
    page = main_of(response.content.decode())
    assert "Nothing was imported" in page and "data-import-problems" in page
    assert f'<code translate="no">{path}</code>' in page
    assert message in page
    assert row_counts() == before
    assert AuditEvent.objects.latest("pk").detail["event"] == "import_refused"


def test_a_version_number_the_library_has_is_refused(studio, library):
    before = row_counts()
    raw = studio.get(export_url(library.tier1)).content
    response = studio.post(IMPORT, upload(raw))
    assert response.status_code == 400
    page = response.content.decode()
    assert "is already in the library" in page and "$.version" in page
    assert row_counts() == before


def test_no_file_is_a_clear_message(studio):
    response = studio.post(IMPORT, {})
    assert response.status_code == 400
    assert "Choose a version&#x27;s fixture file" in response.content.decode()


def test_the_import_page(studio):
    response = studio.get(IMPORT)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


# --------------------------------------------------------------------------- compare


def test_compare_shows_what_differs_from_the_previous_version(studio, library):
    version = library.tier1
    response = studio.get(compare_url(version))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    previous = version.previous()
    assert f"with version {previous.number}" in page
    assert "data-change=" in page or "data-no-difference" in page


def test_compare_with_a_version_chosen(studio, library, instrument_admin):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    response = studio.get(compare_url(draft), {"with": library.tier1.pk})
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert "data-change=" not in page  # a copy: no item, rule, section or guidance differs


@pytest.mark.parametrize("other", ["x", "-1", "999999999"])
def test_compare_with_something_not_a_version_of_the_instrument(studio, library, other):
    response = studio.get(compare_url(library.tier1), {"with": other})
    assert response.status_code == 400
    assert "Choose one of this instrument" in response.content.decode()


def test_compare_with_another_instruments_version_is_refused(studio, library):
    response = studio.get(compare_url(library.tier1), {"with": library.tier2.pk})
    assert response.status_code == 400


def test_the_version_page_and_the_library_link_to_them(studio, library):
    page = studio.get(reverse("studio:version", kwargs={"pk": library.tier1.pk})).content.decode()
    assert export_url(library.tier1) in page and compare_url(library.tier1) in page
    assert reverse("studio:vignettes", kwargs={"pk": library.tier1.pk}) in page
    assert IMPORT in studio.get(reverse("studio:library")).content.decode()


# --------------------------------------------------------------------------- who


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_nothing_is_written(client, persona, library):
    client.force_login(persona)
    before = row_counts(skip=set())
    raw = (FIXTURES / "tier1-indicators.v1.json").read_bytes()
    assert client.get(export_url(library.tier1)).status_code == 404
    assert client.get(compare_url(library.tier1)).status_code == 404
    assert client.get(IMPORT).status_code == 404
    assert client.post(IMPORT, upload(raw)).status_code == 404
    assert row_counts(skip=set()) == before


def test_anonymous_is_sent_to_log_in(client, library):
    login = reverse("accounts:login")
    for response in (client.get(export_url(library.tier1)), client.get(IMPORT), client.post(IMPORT, {})):
        assert response.status_code == 302 and response["Location"].startswith(login + "?next=")
