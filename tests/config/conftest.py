from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# Tests that act on the whole PostgreSQL cluster, not only their own database: one stops and
# restarts it, one creates and restores databases, one starts app servers against it. `make test`
# runs them after the rest, alone (scripts/test.sh): beside the parallel workers they would cut
# the other workers' connections.
EXCLUSIVE = {"test_database_down.py", "test_backup_restore.py", "test_two_servers.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.parent == HERE and item.path.name in EXCLUSIVE:
            item.add_marker(pytest.mark.exclusive)


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback):
    """Rows committed, so another connection (another login, pg_dump, a server) sees them; the
    migrations' own rows (roles, permissions) are put back after the flush that ends the test."""
