"""The one save-conflict check (accounts/versioning.py) every versioned write uses."""

from types import SimpleNamespace

import pytest

from accounts.versioning import Difference, VersionConflict, check_version
from cases import services as case_services
from screening import services as screening_services

ROW = SimpleNamespace(version=3)
PRONOUNS = Difference("pronouns", "pronouns", "she/her", "they/them")


def test_the_version_the_form_was_loaded_at_passes():
    check_version(ROW, 3, differences=lambda: pytest.fail("not asked when nothing conflicts"))


@pytest.mark.parametrize("loaded", [2, 4, None])
def test_another_version_is_a_conflict_with_the_row_and_what_differs(loaded):
    with pytest.raises(VersionConflict) as raised:
        check_version(ROW, loaded, differences=lambda: [PRONOUNS])
    assert raised.value.current is ROW
    assert raised.value.differences == [PRONOUNS]
    assert raised.value.differences[0].label == "pronouns"  # what the conflict screen shows


def test_a_stale_copy_that_changes_nothing_is_a_conflict_unless_let_through():
    with pytest.raises(VersionConflict) as raised:
        check_version(ROW, 2)
    assert raised.value.differences == []
    check_version(ROW, 2, differences=list, refuse_when_nothing_differs=False)
    with pytest.raises(VersionConflict):
        check_version(ROW, 2, differences=lambda: [PRONOUNS], refuse_when_nothing_differs=False)


def test_the_services_raise_the_one_conflict_and_the_checklist_keeps_its_message():
    assert case_services.EditConflict is VersionConflict
    assert screening_services.DraftConflict is VersionConflict
    with pytest.raises(screening_services.ScreeningError) as raised:
        check_version(ROW, 2, conflict=screening_services.ActionChanged)
    assert isinstance(raised.value, VersionConflict)
    assert raised.value.message == "This action changed since you opened the page; reload and try again."
