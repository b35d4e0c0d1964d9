"""Every worker patches its facet indexes when something is published by any
process, before its next request: PostgreSQL notifies the workers'
listeners when a transaction that changed public data commits.

The writes here come from a connection of their own, as from another process
(an import, a task worker, SQL by hand): no signal of this process fires,
only the database's triggers. These tests commit for real.
"""

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import HumanRightsIssue, Recommendation
from schema import versioning
from schema.facets import listener, store
from schema.recommendations import index as recommendation_index

from .conftest import make_recommendation

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_facet_indexes"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's notices; SQLite is served by one process "
        "(CI runs this on PostgreSQL)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
KEY = recommendation_index.KEY
LIST = """{ recommendations(limit: 5) { totalCount items { reference }
  facets { issues(includeEmpty: true) { code count } } } }"""
ISSUES = Recommendation.issues.field
LINKS = ISSUES.remote_field.through._meta.db_table
LINK = (
    f"INSERT INTO {LINKS} ({ISSUES.m2m_column_name()}, {ISSUES.m2m_reverse_name()}) "
    "VALUES (%s, %s)"
)
UNLINK = (
    f"DELETE FROM {LINKS} WHERE {ISSUES.m2m_column_name()} = %s "
    f"AND {ISSUES.m2m_reverse_name()} = %s"
)


def listed(gql):
    data = gql(LIST)["recommendations"]
    counts = {value["code"]: value["count"] for value in data["facets"]["issues"]}
    return data["totalCount"], counts


def queries_of(gql):
    with CaptureQueriesContext(connection) as queries:
        result = listed(gql)
    return result, len(queries)


def orm_issue_counts():
    live = Recommendation.objects.filter(live=True)
    return live.count(), {
        slug: live.filter(issues__slug=slug).count() for slug in ("justice", "housing")
    }


def wait_until(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class Elsewhere:
    """Another process's connection: each ``commit`` is one transaction."""

    def __init__(self):
        self.connection = psycopg2.connect(**connection.get_connection_params())

    def commit(self, *statements):
        with self.connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
        self.connection.commit()

    def roll_back(self, *statements):
        with self.connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
        self.connection.rollback()


@pytest.fixture
def elsewhere():
    other = Elsewhere()
    yield other
    other.connection.close()


@pytest.fixture
def listening():
    """This process's listener, started and done with its first round."""
    started = listener.start()
    assert started.listening.wait(10)
    assert wait_until(lambda: started.rounds == 1)
    store.wait_for_prebuild(30)
    yield started
    listener.stop()
    store.wait_for_prebuild(30)


def link(recommendation, slug, sql=LINK):
    issue = HumanRightsIssue.objects.get(slug=slug)
    return sql, [recommendation.pk, issue.pk]


def test_a_write_elsewhere_is_patched_in_before_the_next_request(
    gql, taxonomy, elsewhere, listening
):
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    assert listed(gql) == (2, {"justice": 1, "housing": 0})
    _, warm_queries = queries_of(gql)
    old = store._indexes[KEY][0]

    elsewhere.commit(link(second, "housing"))
    # Patched in the background, with no request in between.
    assert wait_until(lambda: store._indexes[KEY][0] != old)
    store.wait_for_prebuild(30)
    assert store._indexes[KEY][0] == versioning.public_version()
    assert store._indexes[KEY][0].startswith(versioning.current())

    after, after_queries = queries_of(gql)
    assert after == orm_issue_counts() == (2, {"justice": 1, "housing": 1})
    # The reader patched nothing: the same queries as a warm request.
    assert after_queries == warm_queries


def test_without_the_listener_the_next_reader_patches(
    gql, taxonomy, elsewhere, settings
):
    """Positive control: with no listener, the index stays at its version
    until a reader comes, which patches it (more queries)."""
    settings.GRAPHQL_VERSION_CACHE_SECONDS = 0
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    listed(gql)
    _, warm_queries = queries_of(gql)
    old = store._indexes[KEY][0]

    elsewhere.commit(link(second, "housing"))
    time.sleep(0.5)
    assert store._indexes[KEY][0] == old
    after, after_queries = queries_of(gql)
    assert after == orm_issue_counts() == (2, {"justice": 1, "housing": 1})
    assert after_queries > warm_queries


@pytest.mark.parametrize("shared", [False, True], ids=["in process", "shared"])
def test_the_cached_version_is_forgotten_at_once(
    taxonomy, elsewhere, listening, settings, shared
):
    """In this process, and in the shared cache (Redis in production), where
    a change only the triggers noticed stayed for the cache's seconds."""
    settings.GRAPHQL_VERSION_CACHE_SECONDS = 600
    settings.GRAPHQL_VERSION_SHARED = shared
    cache.delete(versioning.SHARED_KEY)
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    before = versioning.cached()
    assert cache.get(versioning.SHARED_KEY) == (before if shared else None)
    rounds = listening.rounds

    elsewhere.commit(link(second, "housing"))
    assert wait_until(lambda: listening.rounds == rounds + 1)
    assert versioning.cached() == versioning.current() != before
    if shared:
        assert cache.get(versioning.SHARED_KEY) == versioning.current()

    # Positive control: not listening, the cached token stays for its 600 s.
    listener.stop()
    cached = versioning.cached()
    elsewhere.commit(link(second, "justice"))
    time.sleep(0.5)
    assert versioning.cached() == cached != versioning.current()


def test_one_notice_per_committed_transaction(taxonomy, elsewhere, listening):
    first = make_recommendation(taxonomy, "UPR-2024", "1.1")
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    store.wait_for_prebuild(30)
    heard = listening.notices

    # Rolled back: nothing was published, nothing is heard.
    elsewhere.roll_back(link(first, "housing"))
    # Three rows in one transaction: one notice.
    elsewhere.commit(
        link(first, "justice"), link(second, "justice"), link(second, "housing")
    )
    assert wait_until(lambda: listening.notices >= heard + 1)
    time.sleep(0.5)
    assert listening.notices == heard + 1

    # A write the indexes do not read (no trigger): no notice either.
    elsewhere.commit(("UPDATE wagtailcore_site SET site_name = 'x'", []))
    time.sleep(0.5)
    assert listening.notices == heard + 1
    # Positive control: the next publishing write is heard.
    elsewhere.commit(link(first, "justice", UNLINK))
    assert wait_until(lambda: listening.notices == heard + 2)


def test_a_lost_connection_is_opened_again(
    gql, taxonomy, elsewhere, listening, monkeypatch, caplog
):
    monkeypatch.setattr(listener, "RETRY_SECONDS", (0.05,))
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    listed(gql)
    lost = listening.backend_pid
    elsewhere.commit(("SELECT pg_terminate_backend(%s)", [lost]))

    assert wait_until(
        lambda: listening.backend_pid != lost and listening.listening.is_set()
    )
    assert [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "schema.facets.listener"
    ] == [(logging.WARNING, "Listening for publications failed; again in 0.05 s")]
    store.wait_for_prebuild(30)

    old = store._indexes[KEY][0]
    elsewhere.commit(link(second, "housing"))
    assert wait_until(lambda: store._indexes[KEY][0] != old)
    store.wait_for_prebuild(30)
    assert listed(gql) == orm_issue_counts() == (1, {"justice": 0, "housing": 1})


def test_a_quiet_listener_checks_its_connection_and_still_hears(
    gql, taxonomy, elsewhere, monkeypatch
):
    """Between notices it asks the server something now and then (a dropped
    connection says nothing); a notice that comes meanwhile is not lost."""
    monkeypatch.setattr(listener, "POLL_SECONDS", 0.01)
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    listed(gql)
    started = listener.start()
    try:
        assert started.listening.wait(10)
        assert wait_until(lambda: started.rounds == 1)
        store.wait_for_prebuild(30)
        pid = started.backend_pid
        time.sleep(0.3)  # some thirty checks, none failed: the same connection
        assert (started.backend_pid, started.listening.is_set()) == (pid, True)
        old = store._indexes[KEY][0]
        elsewhere.commit(link(second, "housing"))
        assert wait_until(lambda: started.notices == 1)
        assert wait_until(lambda: store._indexes[KEY][0] != old)
        store.wait_for_prebuild(30)
        assert listed(gql) == orm_issue_counts() == (1, {"justice": 0, "housing": 1})
    finally:
        listener.stop()


def test_no_listener_on_request(settings):
    settings.GRAPHQL_FACETS_LISTEN = False
    assert listener.start() is None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _housing_count(port: int) -> int:
    """The count of one facet value, by an anonymous GET: the answer a
    partner's page gets, cached under the version the worker holds."""
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection_.request("GET", "/graphql/?" + urllib.parse.urlencode({"query": LIST}))
    response = connection_.getresponse()
    payload = json.loads(response.read())
    connection_.close()
    assert response.status == 200, payload
    issues = payload["data"]["recommendations"]["facets"]["issues"]
    return {value["code"]: value["count"] for value in issues}["housing"]


@contextmanager
def gunicorn(listen: bool):
    """The deployment's gunicorn (cms/gunicorn.conf.py, production settings)
    on this test database, one worker, which keeps the version it read for
    600 s and has no Redis: only a notice can tell it of a publish at once."""
    settings_ = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": (
            f"postgres://{settings_['USER']}@{settings_['HOST']}:"
            f"{settings_['PORT']}/{settings_['NAME']}"
        ),
        "SECRET_KEY": "listener-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GRAPHQL_VERSION_CACHE_SECONDS": "600",
        "GRAPHQL_FACETS_LISTEN": "true" if listen else "false",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "cms" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        assert wait_until(lambda: _answers(port), seconds=60), "gunicorn did not start"
        yield port
    finally:
        server.terminate()
        server.wait(30)


def _answers(port: int) -> bool:
    try:
        _housing_count(port)
    except OSError:
        return False
    return True


@pytest.mark.parametrize("listen", [True, False], ids=["listening", "not listening"])
def test_a_gunicorn_worker_answers_a_publish_elsewhere_at_once(
    taxonomy, elsewhere, listen
):
    """Under the real gunicorn configuration the forked worker listens
    (post_worker_init): a publish by another process shows in its next
    answer, though it keeps the version it read for 600 s. Not listening
    (the control), it serves the answer it cached under that version until
    then."""
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    with gunicorn(listen) as port:
        assert _housing_count(port) == 0
        time.sleep(1)  # the listener's first round
        elsewhere.commit(link(second, "housing"))
        if listen:
            assert wait_until(lambda: _housing_count(port) == 1)
            assert [_housing_count(port) for _ in range(5)] == [1] * 5
        else:
            time.sleep(2)
            assert [_housing_count(port) for _ in range(5)] == [0] * 5
    assert orm_issue_counts() == (2, {"justice": 1, "housing": 1})
