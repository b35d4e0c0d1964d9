"""Shared pytest fixtures for the whole suite; app-specific ones live beside
their tests (``tests/<app>/conftest.py``)."""

import pytest
from django.db import transaction

from .shared_data import is_transactional, module_tests


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker):
    """One transaction around all the tests of a module, rolled back after them.

    Data a module-scoped fixture writes inside ``with module_db.unblock():``
    is built once and seen by every test of the module; each test's own
    transaction (pytest-django's ``db``) is a savepoint inside this one, so
    what a test changes is rolled back before the next, and what the module
    built is rolled back at its end. A transactional test commits, which
    would end this transaction: a module that has one cannot use it.
    Objects live in memory across tests, so give each test fresh instances
    (``refetch``) rather than the ones the module built.
    """
    committing = [item.name for item in module_tests(request) if is_transactional(item)]
    if committing:
        raise pytest.UsageError(
            f"{request.node.nodeid}: transactional tests ({', '.join(committing)}) "
            "cannot share module data; give them data of their own."
        )
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_publication_version():
    """Each test starts without a cached publication version (the cache lives
    in the process, across tests)."""
    from schema import versioning

    versioning.forget_version()
    yield
    versioning.forget_version()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last. Their Playwright browser lives for the session
    and its synchronous API keeps an asyncio loop "running" in this thread;
    strawberry-django then takes any GraphQL query executed in this thread
    for an async one ("GraphQL execution failed to complete synchronously").
    pytest-django has put transactional tests (browser tests among them)
    after the others; this stable sort keeps that order within each group."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
