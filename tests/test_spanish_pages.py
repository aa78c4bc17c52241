"""A person who reads Spanish meets no English on any page they can reach (issue 16).

The demo's data (`seed_demo`, `seed_demo_screenings`), each demo login set to Spanish, every page
the URL conf gives them (as the phone walk finds them: tests/browser/test_narrow_screens.py). On
each page, the text a person reads — headings, labels, buttons, options, help, messages, the
`title` and `aria-label` a screen reader speaks — is checked two ways:

- against the catalogue: a piece of text that is a msgid the catalogue translates differently is
  a string the page forgot to translate (catches single words: "Save", "Open");
- for English sentences: a run of text with two or more words that only English uses ("the",
  "and", "of", "with" ...).

What people wrote (names, notes, reasons, comments) is data, not interface: the templates mark it
`translate="no"` (HTML's own attribute for "do not translate this"), and a passage deliberately in
another language (a question as it was asked in English) carries its `lang`. Both are skipped;
so is the admin's table of records (`#result_list` cells are data too).
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User
from tests.browser.test_narrow_screens import ADMIN_PAGES, pages_of
from tests.seeded_demo import seed_demo

LOGINS = ["caseworker", "supervisor", "admin", "instruments", "programmanager"]
CATALOGUE = Path(django_settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"

# Words a Spanish sentence does not use (none of them is a Spanish word too).
ENGLISH_ONLY = {
    "the", "and", "of", "with", "this", "that", "for", "from", "is", "are", "was", "were", "has",
    "have", "not", "you", "your", "be", "been", "will", "what", "when", "who", "which", "on", "at",
    "by", "or", "an", "it", "its", "their", "they", "there", "here", "into", "about",
    "after", "before", "until", "should", "would", "could", "must", "may", "can", "do", "does",
    "screening", "screenings", "case", "cases", "youth", "report", "reports", "open", "save",
}  # fmt: skip
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑÜáéíóúñü]+")
# Elements whose text nobody reads as the page's words.
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre", "textarea"}  # textarea: what was typed
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class ReadableText(HTMLParser):
    """The page's own words: text and spoken attributes outside data and other-language passages."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.chunks: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = (
            self.skipping
            or tag in SKIPPED_ELEMENTS
            or attributes.get("translate") == "no"
            or (attributes.get("lang") or "es").split("-")[0] != "es"
            or attributes.get("id") == "result_list"
            or "hidden" in attributes
        )
        if not skip:
            for name in SPOKEN_ATTRIBUTES:
                if attributes.get(name):
                    self.chunks.append(attributes[name])
            if tag == "input" and attributes.get("type") in {"submit", "button"} and attributes.get("value"):
                self.chunks.append(attributes["value"])
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        self.stack.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data)


def readable_text(html: str) -> list[str]:
    parser = ReadableText()
    parser.feed(html)
    return [" ".join(chunk.split()) for chunk in parser.chunks if chunk.strip()]


def untranslated_msgids() -> set[str]:
    """The interface's English strings that read differently in Spanish, as they appear on a page
    (placeholders and markup left out: those strings are caught as sentences instead)."""
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # the .mo's msgid -> msgstr
    strings = set()
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple):  # a plural: its singular is msgid[0]
            msgid = msgid[0]
        text = " ".join(str(msgid).split("\x04")[-1].split())  # without a context
        if text and msgstr != msgid and not re.search(r"[%{<]", text):
            strings.add(text)
    return strings


def english_in(chunks: list[str], msgids: set[str]) -> list[str]:
    found = []
    for chunk in chunks:
        words = [w.lower() for w in WORD.findall(chunk)]
        english = {w for w in words if w in ENGLISH_ONLY}
        if chunk in msgids or chunk.rstrip(".:") in msgids or len(english) >= 2:
            found.append(chunk)
    return found


@pytest.fixture
def demo_in_spanish(settings, db):
    """The demo's data (seeded once per test process: tests/seeded_demo.py), every login in Spanish."""
    settings.SEED_DEMO_ALLOWED = True
    seed_demo()
    User.objects.update(language="es")


def test_the_detector_sees_english_and_skips_data_and_other_languages():
    html = (
        "<main><h1>Casos</h1><button>Save</button><p>Review the answers with the youth.</p>"
        "<p translate='no'>The youth said that she was fine.</p><p lang='en'>Has anyone asked you to"
        " work?</p><span title='Open the case'>x</span><input type='submit' value='Guardar'></main>"
    )
    chunks = readable_text(html)
    assert "The youth said that she was fine." not in chunks
    assert "Has anyone asked you to work?" not in chunks
    assert english_in(chunks, {"Save"}) == ["Save", "Review the answers with the youth.", "Open the case"]


@pytest.mark.parametrize("username", LOGINS)
def test_every_page_reads_in_spanish(demo_in_spanish, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    msgids = untranslated_msgids()
    found = pages_of(user)  # once: it asks for every URL of the URL conf
    pages = found + [p for p in ADMIN_PAGES.get(username, []) if p not in found]
    assert len(pages) >= 3, pages
    problems = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="es"' in html, f"{url}: not served in Spanish"
        for chunk in english_in(readable_text(html), msgids):
            problems.append(f"{url}: {chunk[:160]!r}")
    assert not problems, f"{len(problems)} English text(s) for {username} in Spanish:\n" + "\n".join(
        dict.fromkeys(problems)
    )
