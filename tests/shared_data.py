"""Data built once per module, for the modules whose tests all use it.

A module-scoped fixture asks ``shares(request, "name")`` whether every test of
its module that touches the database uses the function-scoped fixture
``name``; if so it builds the data once inside ``module_db`` (see
``tests/conftest.py``) and the function-scoped fixture hands each test fresh
copies (``refetch``). Otherwise each test builds its own, as a test that did
not ask for the data must not find it in the database.
"""

import pytest

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def module_tests(request):
    """The tests of the module a module-scoped fixture serves."""
    return [
        item
        for item in request.session.items
        if item.getparent(pytest.Module) is request.node
    ]


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
        or {"transactional_db", "live_server"} & set(item.fixturenames)
    )


def uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db") or DB_FIXTURES & set(item.fixturenames)
    )


def shares(request, fixture_name) -> bool:
    """Whether the module's data behind ``fixture_name`` may be built once:
    every test of the module that uses the database uses it, and none commits."""
    tests = [item for item in module_tests(request) if uses_database(item)]
    return bool(tests) and all(
        fixture_name in item.fixturenames and not is_transactional(item)
        for item in tests
    )


def refetch(obj):
    """A fresh copy of ``obj`` from the database (no cached relations, roles
    or attributes set by an earlier test)."""
    return type(obj)._default_manager.get(pk=obj.pk)
