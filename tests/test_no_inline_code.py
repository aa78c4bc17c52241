"""No inline script, style or event handler in the pages (issue 12; a Content-Security-Policy
without 'unsafe-inline' follows): scripts and styles are static files, `<script src=...>` and
`<link rel="stylesheet">`. Checked in every template of the project here, and in the pages as
rendered (crispy forms and the includes too) in tests/screening/test_pages_have_no_inline_code.py.

The PDF templates (templates/pdf/) are held to the same rule: their CSS is static/css/print.css
and pdf/page.css, given to WeasyPrint by screening/pdf.py.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would refuse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        # In a template, a tag inside the element ({% if x %}onchange=...) sticks to the name.
        attrs = [(re.sub(r"^[^a-z]+", "", name), value) for name, value in attrs]
        names = {name for name, _value in attrs}
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            # A script tag is fine when it loads a file (or is data, not code).
            if "src" not in names and kind not in ("application/json", "text/template"):
                self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        if "style" in names:
            self.found.append(f"style= on <{tag}>")
        for name in names:
            if re.fullmatch(r"on[a-z]+", name) or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"{name}= on <{tag}>")
        for name, value in attrs:
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{name}=javascript: on <{tag}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def template_files():
    return sorted(
        p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".xml", ".svg")
    )


# Comments of the templates say what they like ("no <style> here"); they are never rendered.
_DJANGO_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def test_the_checker_finds_what_it_must():
    assert inline_code("<script>alert(1)</script>") == ["<script> without src"]
    assert inline_code('<script src="/static/x.js" defer></script>') == []
    assert inline_code("<style>p{}</style>") == ["<style>"]
    assert inline_code('<p style="color: red">') == ["style= on <p>"]
    assert inline_code('<button onclick="go()">') == ["onclick= on <button>"]
    assert inline_code('<div hx-on:click="go()">') == ["hx-on:click= on <div>"]
    assert inline_code('<a href="javascript:go()">') == ["href=javascript: on <a>"]
    assert inline_code('<input {% if x %}onchange="go()"{% endif %}>') == ["onchange= on <input>"]
    assert inline_code('<col class="w-20"><link rel="stylesheet" href="/static/css/app.css">') == []


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_handler(path):
    source = _DJANGO_COMMENT.sub("", path.read_text())
    assert inline_code(source) == [], f"{path.relative_to(TEMPLATES)}: move it to a static file"


def test_every_template_is_checked():
    names = {str(p.relative_to(TEMPLATES)) for p in template_files()}
    assert {"base.html", "screening/form.html", "pdf/base.html", "screening/_action.html"} <= names
    assert "admin/indicators/instrumentversion/_style.html" in names
