"""The Spanish catalogue: every string of the code is translated, the compiled catalogue the app
reads is the current one, and pages come out in Spanish with Spanish dates.

The catalogue checks use gettext's own tools (xgettext through `makemessages`, `msgcmp`,
`msgfmt`), which scripts/system-deps.sh installs for the tests.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
IGNORE = [".venv", "staticfiles", "test-artifacts", "bench-results", "node_modules"]

needs_gettext = pytest.mark.skipif(
    not shutil.which("msgcmp"), reason="gettext's tools are missing (apt-get install gettext)"
)


@needs_gettext
def test_every_string_of_the_code_is_in_the_catalogue_and_translated(tmp_path, settings, monkeypatch):
    """`make messages` would add nothing: each msgid the code has is in django.po, translated.
    Extracted from a copy of the code, so the real catalogue is never touched."""
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(*IGNORE, ".git", "locale", "__pycache__", "*.pyc", "*.sqlite3"),
    )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["es"], ignore_patterns=IGNORE, keep_pot=True, verbosity=0)
    template = tmp_path / "locale" / "django.pot"
    assert template.exists()
    result = subprocess.run(
        ["msgcmp", str(CATALOGUE / "django.po"), str(template)], capture_output=True, text=True
    )
    assert result.returncode == 0, (
        "Strings of the code missing from locale/es/LC_MESSAGES/django.po or not translated: run "
        "`make messages`, translate them (docs/glossary-es.md), then `make compilemessages`.\n"
        + result.stderr[-4000:]
    )


@needs_gettext
def test_the_catalogue_is_valid_and_the_compiled_one_is_current(tmp_path):
    """Placeholders match (msgfmt --check), nothing is left fuzzy, and django.mo is what the
    django.po gives: the app reads django.mo."""
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(compiled), str(CATALOGUE / "django.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), (
        "locale/es/LC_MESSAGES/django.mo is older than django.po: run `make compilemessages`."
    )


def test_dates_and_times_read_the_spanish_way():
    moment = timezone.make_aware(timezone.datetime(2026, 12, 2, 8, 5))
    with translation.override("es"):
        assert date_format(moment, "SHORT_DATE_FORMAT") == "02/12/2026"
        assert date_format(moment, "SHORT_DATETIME_FORMAT").startswith("02/12/2026 8:05")
    with translation.override("en"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "12/02/2026 8:05 AM"


@pytest.mark.django_db
def test_a_caseworker_who_chose_spanish_reads_the_pages_in_spanish(client, caseworker, youth_case):
    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    home = client.get("/").content.decode()
    assert '<html lang="es">' in home
    assert "Inicio" in home and "Cerrar sesión" in home and "Log out" not in home
    case_page = client.get(youth_case.get_absolute_url()).content.decode()
    assert "Expediente" in case_page or "expediente" in case_page
    assert youth_case.date_of_birth.strftime("%d/%m/%Y") in case_page
