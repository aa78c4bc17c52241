"""The demo's data for the tests that walk it (tests/browser/test_narrow_screens.py,
tests/test_spanish_pages.py): seeded once per test process, then copied back for each test.

Seeding (the default instrument library, `seed_demo`, `seed_demo_screenings`) takes seconds, and
eleven tests walk the demo. So the first of them in a process seeds it and keeps a copy of every
table; each later one empties the tables and copies the rows back (tests/table_copies.py), the
same rows with the same ids, in a fraction of a second. A transactional test commits them (its
live server reads them) and its flush empties them afterwards; any other test gets them inside its
own transaction, rolled back after it. Either way every test starts from the demo exactly as
seeded, and nothing a test writes (a login, a person's language) reaches the next one.
"""

import io

from django.core.management import call_command
from django.db import connection

from tests.screening.conftest import load_library
from tests.table_copies import Copies, copy_in, copy_out

# Every table of the project as the first seed left it.
_copies: Copies | None = None


def seed_demo() -> None:
    """The test database holds the demo's data and nothing else (besides what the migrations
    wrote): seeded the first time in this process, copied back the next times."""
    global _copies
    if _copies is None:
        load_library()  # what the `library` fixture does
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo_screenings", stdout=io.StringIO())
        # The tables `flush` empties: every model's, the many-to-many ones included.
        _copies = copy_out(
            sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        )
    else:
        copy_in(_copies, empty_first=True)
