import pytest


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback):
    """Rows committed, so another connection (another login, pg_dump, a server) sees them; the
    migrations' own rows (roles, permissions) are put back after the flush that ends the test."""
