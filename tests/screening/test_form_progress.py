"""The answers form for the field (issue 15, point 2): how many items are answered, per section and
overall, rendered by the server (right without JavaScript); the sections' index; "Next unanswered";
the note that is not a tab stop; and caseworker-facing words that name no internal source."""

import re
from pathlib import Path

from django.test.html import Element, parse_html
from django.utils.html import escape

from tests.test_no_inline_code import inline_code

from .conftest import T1_INDICATOR_A, T1_INDICATOR_B, confirm_setting, form_data, save

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def page_of(client, screening, **params):
    response = client.get(screening.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def elements(node, test):
    """Every element under `node` (a django.test.html tree) for which `test(element)` holds."""
    found = []
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            if test(child):
                found.append(child)
            found.extend(elements(child, test))
    return found


def attrs(element) -> dict:
    return dict(element.attributes)


def text_of(element) -> str:
    parts = []
    for child in element.children:
        parts.append(text_of(child) if isinstance(child, Element) else str(child))
    return " ".join(" ".join(parts).split())


def count_text(page, key) -> str:
    """The text of the first element with data-progress="key" ("" is the overall count)."""
    tree = parse_html(page)
    found = elements(tree, lambda e: attrs(e).get("data-progress") == key)
    assert found, key
    return text_of(found[0])


def asked_by_section(screening):
    return {
        section["code"]: [i["code"] for i in section["items"] if i["code"] not in screening.established]
        for section in screening.sections()
    }


def test_the_counts_are_the_servers_per_section_and_overall(client, caseworker, tier1_draft):
    by_section = asked_by_section(tier1_draft)
    total = sum(len(codes) for codes in by_section.values())
    first_section, first_codes = next(iter(by_section.items()))
    answered = {first_codes[0]: "yes", first_codes[1]: "unknown", T1_INDICATOR_B: "no"}
    save(caseworker, tier1_draft, answered)
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)

    assert count_text(page, "") == f"3 of {total} answered"
    for code, codes in by_section.items():
        mine = sum(1 for c in codes if c in answered)
        assert count_text(page, code) == f"{mine} of {len(codes)} answered", code
    assert count_text(page, first_section) == f"2 of {len(first_codes)} answered"
    # The sticky bar says which section it counts (the first, until the page is scrolled).
    bar = page[page.index('id="form-actions"') :]
    current = bar[bar.index("data-progress-current=") :]
    assert current.startswith(f'data-progress-current="{first_section}"')
    assert f"2</span> of <span data-count-total>{len(first_codes)}</span>" in current[:400]
    assert "js/screening-progress.js" in page and "css/screening-form.css" in page


def test_the_counts_follow_the_answers_posted_when_the_form_is_shown_again(client, caseworker, tier1_draft):
    """A refused save shows the answers as they were posted, and counts those (the valid ones)."""
    total = len(tier1_draft.asked_items())
    client.force_login(caseworker)
    data = form_data(tier1_draft, {T1_INDICATOR_A: "yes", T1_INDICATOR_B: "maybe"})
    response = client.post(f"/screenings/{tier1_draft.pk}/save/", data)
    assert response.status_code == 400
    assert count_text(response.content.decode(), "") == f"1 of {total} answered"
    tier1_draft.refresh_from_db()
    assert tier1_draft.answers == {}


def test_the_index_jumps_to_every_section_with_its_count(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    index = page[page.index('id="section-index"') : page.index("</nav>", page.index('id="section-index"'))]
    for section in tier1_draft.sections():
        assert f'<a href="#section-{section["code"]}">{escape(section["title"])}</a>' in index
        assert f'id="section-{section["code"]}" data-section="{section["code"]}"' in page
    assert index.count("data-count-answered") == len(tier1_draft.sections())
    # The sticky bar leads back to the index.
    assert 'href="#section-index"' in page[page.index('id="form-actions"') :]


def test_next_unanswered_leads_to_the_first_item_without_an_answer(client, caseworker, tier1_draft):
    codes = [i["code"] for i in tier1_draft.asked_items()]
    save(caseworker, tier1_draft, {codes[0]: "no", codes[1]: "no", codes[3]: "yes"})
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    link = re.search(r'<a class="[^"]*" href="([^"]+)" data-next-unanswered', page)
    assert link and link.group(1) == f"#item-{codes[2]}"
    assert ">Next unanswered</a>" in page


def test_next_unanswered_when_every_item_has_an_answer(client, caseworker, tier1_draft):
    save(caseworker, tier1_draft, {i["code"]: "no" for i in tier1_draft.asked_items()})
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    total = len(tier1_draft.asked_items())
    assert count_text(page, "") == f"{total} of {total} answered"
    assert 'href="#form-actions" data-next-unanswered' in page
    assert 'data-all-answered="Every item has an answer."' in page


def focusable(node) -> list:
    """What Tab may reach under `node` as the server renders it (not under a `hidden` element)."""
    found = []
    for child in getattr(node, "children", []):
        if not isinstance(child, Element) or "hidden" in attrs(child):
            continue
        if child.name in ("a", "button", "input", "textarea", "select", "summary"):
            if attrs(child).get("tabindex") != "-1":
                found.append(child)
        found.extend(focusable(child))
    return found


def test_one_tab_stop_per_item_the_note_opens_by_a_key(client, caseworker, tier1_draft):
    """Per item: its radio group, and the note's box (which screening-progress.js takes out of the
    tab order: tests/browser/test_form_navigation.py). Its button is no tab stop and names its key."""
    save(caseworker, tier1_draft, {}, {T1_INDICATOR_A: "Trips to Miami."})
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    rows = elements(parse_html(page), lambda e: "item-row" in attrs(e).get("class", "").split())
    assert len(rows) == len(tier1_draft.asked_items())
    for row in rows:
        stops = focusable(row)
        radios = [e for e in stops if attrs(e).get("type") == "radio"]
        assert len({attrs(r)["name"] for r in radios}) == 1 and len(radios) == 3
        assert [e.name for e in stops if e not in radios] == ["textarea"]
        toggle = elements(row, lambda e: "note-toggle" in attrs(e).get("class", "").split())[0]
        assert attrs(toggle)["tabindex"] == "-1" and attrs(toggle)["aria-keyshortcuts"] == "n"
    # The key is documented where the form starts; a note with text is there to read.
    assert "N adds a note to the item" in page
    row = page[page.index(f'id="item-{T1_INDICATOR_A}"') :]
    assert "Trips to Miami.</textarea>" in row[: row.index("</textarea>") + 11]
    assert "<details" not in page[page.index('id="screening-form"') :]


def test_answers_are_big_touch_targets_labelled_by_their_option(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    code = tier1_draft.asked_items()[0]["code"]
    option = re.search(
        rf'<div class="answer-option">\s*<input class="form-check-input" type="radio" name="a_{code}" '
        rf'value="yes" id="id_a_{code}_0">\s*<label class="answer-label" for="id_a_{code}_0">Yes</label>',
        page,
    )
    assert option
    css = (TEMPLATES.parent / "static/css/screening-form.css").read_text()
    assert "min-height: 44px" in css and ".answer-option .answer-label" in css


def test_the_interview_form_counts_its_questions_and_no_established_one(
    client, caseworker, tier2_draft, tier1_possible
):
    confirm_setting(caseworker, tier2_draft)
    client.force_login(caseworker)
    page = page_of(client, tier2_draft)
    asked = len(tier2_draft.asked_items())
    assert count_text(page, "") == f"0 of {asked} answered"
    assert inline_code(page) == []


def test_out_of_scope_is_not_found(client, other_caseworker, caseworker2, tier1_draft):
    for person in (other_caseworker, caseworker2):
        client.force_login(person)
        assert client.get(tier1_draft.get_absolute_url()).status_code == 404


def test_anonymous_is_sent_to_log_in(client, tier1_draft):
    response = client.get(tier1_draft.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_caseworker_facing_templates_name_no_internal_source():
    """The sources (seed files, research notes) are named in the fixtures' `source`, never in the
    words a caseworker reads. Comments of the templates may name them."""
    offenders = []
    comment = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", re.S)
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "admin" in path.parts:  # the instrument administrators' pages show the sources
            continue
        words = comment.sub("", path.read_text())
        for match in re.finditer(r"\bseeds?\b|\.txt\b|research/|instruments\.md", words, re.I):
            offenders.append(
                f"{path.relative_to(TEMPLATES)}: {words[max(0, match.start() - 40) : match.end()]}"
            )
    assert offenders == []
