"""The instrument studio's tests: the library of instruments loaded from fixtures/ (the screening
tests' fixture), the instrument administrator, and the other personas who must get a 404."""

import pytest

from tests.conftest import PERSONAS
from tests.screening.conftest import library

__all__ = ["library", "OTHERS"]  # the fixture, and who is not an instrument administrator

OTHERS = [p for p in PERSONAS if p != "instrument_admin"]


@pytest.fixture
def studio(client, instrument_admin):
    """A client logged in as the instrument administrator."""
    client.force_login(instrument_admin)
    return client


def main_of(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]
