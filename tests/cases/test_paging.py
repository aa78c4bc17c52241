"""Counts that stop counting and pages that need no count (cases/paging.py)."""

import pytest

from cases.models import Case
from cases.paging import Tally, page_number, paginate, tally
from tests import factories


def test_a_capped_count_says_so():
    assert str(Tally(10_000, capped=True)) == "10,000+"
    assert str(Tally(1234)) == "1,234" and not Tally(0) and Tally(3)


@pytest.mark.parametrize(
    ("given", "number"), [("3", 3), (" 2 ", 2), ("0", 1), ("-4", 1), ("x", 1), (None, 1), ("9" * 30, 1)]
)
def test_a_page_number_is_a_whole_number_from_one(given, number):
    assert page_number(given) == number


def test_pages_of_a_list_and_a_count_that_stops(team_a, caseworker):
    for n in range(7):
        factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, legal_name=f"Youth {n}")
    cases = Case.objects.order_by("legal_name", "pk")
    assert tally(cases, cap=5) == Tally(5, capped=True) and tally(cases, cap=10) == Tally(7)
    first = paginate(cases, 1, per_page=3, cap=5)
    assert [c.legal_name for c in first] == ["Youth 0", "Youth 1", "Youth 2"]
    assert first.has_next and first.paginator.num_pages is None  # capped: the last page is not known
    third = paginate(cases, 3, per_page=3, cap=5)
    assert [c.legal_name for c in third] == ["Youth 6"] and not third.has_next and third.has_previous
    counted = paginate(cases, 99, per_page=3)
    assert counted.number == 3 and counted.paginator.num_pages == 3  # past the end: the last page
    beyond = paginate(cases, 99, per_page=3, cap=5)
    assert beyond.number == 1  # capped and empty: back to the first
