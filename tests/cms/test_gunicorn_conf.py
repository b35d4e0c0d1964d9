"""The gunicorn configuration reads its settings from the environment and
refuses a value it cannot use, naming it."""

import runpy
import sys
from pathlib import Path

import pytest

CONF = str(Path(__file__).resolve().parents[2] / "cms" / "gunicorn.conf.py")

NAMES = (
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_PRELOAD",
    "GUNICORN_SWITCH_INTERVAL_MS",
)


@pytest.fixture
def environment(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(environment):
    conf = runpy.run_path(CONF)
    assert (conf["threads"], conf["timeout"], conf["max_requests"]) == (32, 60, 100_000)
    assert conf["max_requests_jitter"] == 10_000
    assert conf["preload_app"] is True
    assert conf["switch_interval_ms"] == 1.0


def test_values_from_the_environment(environment):
    environment.setenv("GUNICORN_THREADS", "8")
    environment.setenv("GUNICORN_MAX_REQUESTS", "0")
    environment.setenv("GUNICORN_PRELOAD", "FALSE")
    environment.setenv("GUNICORN_SWITCH_INTERVAL_MS", "2.5")
    conf = runpy.run_path(CONF)
    assert (conf["threads"], conf["max_requests"]) == (8, 0)
    assert conf["preload_app"] is False
    assert conf["switch_interval_ms"] == 2.5


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "GUNICORN_THREADS",
            "many",
            "GUNICORN_THREADS='many': must be a number of at least 1",
        ),
        (
            "GUNICORN_THREADS",
            "0",
            "GUNICORN_THREADS='0': must be a number of at least 1",
        ),
        (
            "GUNICORN_MAX_REQUESTS",
            "-1",
            "GUNICORN_MAX_REQUESTS='-1': must be a number of at least 0",
        ),
        (
            "GUNICORN_SWITCH_INTERVAL_MS",
            "nan",
            "GUNICORN_SWITCH_INTERVAL_MS='nan': must be a number of at least 0.1",
        ),
        (
            "GUNICORN_SWITCH_INTERVAL_MS",
            "0",
            "GUNICORN_SWITCH_INTERVAL_MS='0': must be a number of at least 0.1",
        ),
        ("GUNICORN_PRELOAD", "yes", "GUNICORN_PRELOAD='yes': must be true or false"),
    ],
)
def test_a_value_it_cannot_use_stops_it_with_its_name(
    environment, name, value, message
):
    environment.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(CONF)
    assert str(stopped.value) == message


def test_each_worker_sets_the_switch_interval(environment):
    environment.setenv("GUNICORN_SWITCH_INTERVAL_MS", "2")
    conf = runpy.run_path(CONF)
    before = sys.getswitchinterval()
    try:
        conf["post_fork"](None, None)
        assert sys.getswitchinterval() == pytest.approx(0.002)
    finally:
        sys.setswitchinterval(before)


@pytest.fixture
def listening(monkeypatch):
    """Records the listener's start instead of starting a thread that would
    outlive the test."""
    from schema.facets import listener

    started = []
    monkeypatch.setattr(listener, "start", lambda: started.append(True))
    return started


def test_a_worker_loads_the_shared_facet_indexes_before_its_first_request(
    environment, monkeypatch, listening
):
    from schema import lists

    warmed = []
    monkeypatch.setattr(
        lists, "warm_up", lambda: warmed.append(listening[:]) or ["recommendations"]
    )
    conf = runpy.run_path(CONF)
    conf["post_worker_init"](None)
    # Loaded first, then listening for publications.
    assert warmed == [[]]
    assert listening == [True]


def test_a_failing_warm_up_leaves_the_worker_running(
    environment, monkeypatch, caplog, listening
):
    from schema import lists

    def fail():
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(lists, "warm_up", fail)
    conf = runpy.run_path(CONF)
    conf["post_worker_init"](None)  # no exception
    assert [record.getMessage() for record in caplog.records] == [
        "Loading the shared facet indexes failed"
    ]
    assert listening == [True]


def test_a_listener_that_cannot_start_leaves_the_worker_running(
    environment, monkeypatch, caplog
):
    from schema import lists
    from schema.facets import listener

    def fail():
        raise OSError("too many open files")

    monkeypatch.setattr(lists, "warm_up", lambda: [])
    monkeypatch.setattr(listener, "start", fail)
    conf = runpy.run_path(CONF)
    conf["post_worker_init"](None)  # no exception
    assert [record.getMessage() for record in caplog.records] == [
        "Shared facet indexes loaded: none",
        "Listening for publications failed to start",
    ]


class _Server:
    def __init__(self, preload_app):
        self.cfg = type("Config", (), {"preload_app": preload_app})()


@pytest.fixture
def unfrozen():
    """Whatever a test freezes is given back to the collector after it."""
    import gc

    gc.unfreeze()
    yield gc
    gc.unfreeze()


def test_the_master_loads_the_urls_and_freezes_them_before_forking(
    environment, unfrozen
):
    from django.urls import clear_url_caches, get_resolver

    clear_url_caches()
    conf = runpy.run_path(CONF)
    conf["pre_fork"](_Server(preload_app=True), None)
    assert get_resolver()._populated is True
    assert unfrozen.get_freeze_count() > 100_000


def test_without_preloading_the_master_loads_nothing(environment, unfrozen):
    """Positive control: the master of GUNICORN_PRELOAD=false has no
    application loaded; it freezes nothing and leaves the URLs alone."""
    from django.urls import clear_url_caches, get_resolver

    clear_url_caches()
    conf = runpy.run_path(CONF)
    conf["pre_fork"](_Server(preload_app=False), None)
    assert get_resolver()._populated is False
    assert unfrozen.get_freeze_count() == 0
