"""gunicorn settings for serving the Monitor: ``gunicorn -c cms/gunicorn.conf.py``.

Threaded workers (``gthread``), one process per core and many threads each:
a thread waiting for the database, or for one of the API's execution slots
(``GRAPHQL_EXECUTION_SLOTS``, schema/admission.py), costs no processor time,
so cheap requests — cached API answers, static pages — are served at once
while expensive queries wait their turn instead of taking every thread.
``bench/load_bench.py`` measures this mix. Every value can be overridden by
the environment variables below or on gunicorn's command line.
"""

import os
import sys


def _setting(name: str, default, parse, minimum):
    """``name`` from the environment, or ``default``; a value that does not
    parse, or is under ``minimum``, stops gunicorn with a message naming it."""
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = parse(text)
    except ValueError:
        value = None
    # (not <: NaN compares false with everything)
    if value is None or not minimum <= value < float("inf"):
        raise SystemExit(f"{name}={text!r}: must be a number of at least {minimum}")
    return value


def _switch(name: str, default: bool) -> bool:
    text = os.environ.get(name)
    if text is None:
        return default
    if text.lower() not in ("true", "false"):
        raise SystemExit(f"{name}={text!r}: must be true or false")
    return text.lower() == "true"


wsgi_app = "cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _setting("WEB_CONCURRENCY", os.cpu_count() or 2, int, 1)
worker_class = "gthread"
threads = _setting("GUNICORN_THREADS", 32, int, 1)
# Longer than GRAPHQL_EXECUTION_WAIT_SECONDS plus the statement timeout.
timeout = _setting("GUNICORN_TIMEOUT", 60, int, 1)
# Recycle workers now and then, so that no process grows for ever (0: never).
# Not too often: at 500 cached answers a second per worker, 10,000 meant a
# recycle every 20 s, and the clients kept alive on the stopping worker wait
# for their new connections (cached p95 29 ms instead of 20: bench/README.md,
# "Cache hits sent by wrk").
max_requests = _setting("GUNICORN_MAX_REQUESTS", 100_000, int, 0)
max_requests_jitter = max_requests // 10
# Load the application once, in the master, and fork the workers from it: a
# recycled worker answers at once instead of importing Django and the
# project first (a second or two during which, at 500 requests a second,
# the other workers' queues grow: bench/README.md, "Cache hits offered at
# 500 a second"). Nothing connects to the database or Redis at import.
preload_app = _switch("GUNICORN_PRELOAD", True)

# How often a thread holding Python's interpreter lock lets another one run.
# A cache hit needs about a millisecond of Python; at the default of 5 ms it
# can wait several turns behind an expensive query running in the same
# worker. bench/README.md ("Cache hits offered at 500 a second") measures
# both.
switch_interval_ms = _setting("GUNICORN_SWITCH_INTERVAL_MS", 1.0, float, 0.1)


def pre_fork(server, worker):
    """In the master, before it forks a worker, when it has loaded the
    application (``preload_app``): load the URLconf, which Django otherwise
    imports in each worker's first request (Wagtail's admin and all: about
    0.3 s), and freeze what is loaded, so that the workers' garbage collector
    no longer walks it. A full collection walked about 240,000 objects of
    Django, Wagtail and the project, 90–110 ms during which a worker answered
    nothing, now and then after a publish; with them frozen, 5–10 ms
    (bench/README.md, "Every worker hears of a publish"). A frozen object is
    still freed when nothing refers to it any more."""
    if not server.cfg.preload_app:
        return
    import gc

    from django.urls import reverse

    reverse("wagtailadmin_home")  # imports and indexes the URLconf
    gc.freeze()


def post_fork(server, worker):
    sys.setswitchinterval(switch_interval_ms / 1000)


def post_worker_init(worker):
    """Before a worker takes its first request, load the facet indexes the
    other workers share (Redis), so that its first list is answered as fast
    as the others' (a worker started at 200,000 recommendations otherwise
    loads and unpickles 6 MB then: bench/README.md, "The first request after
    a publish"). Nothing is built, and a failure only leaves the loading to
    the first reader.

    Then start listening for publications (PostgreSQL), so that this worker
    patches its indexes when anything is published, by any process, rather
    than in its next request (schema/facets/listener.py)."""
    import logging

    from django.db import connections

    log = logging.getLogger("cms.gunicorn")
    try:
        from schema.lists import warm_up

        loaded = warm_up()
    except Exception:
        log.exception("Loading the shared facet indexes failed")
    else:
        log.info("Shared facet indexes loaded: %s", ", ".join(loaded) or "none")
    finally:
        connections.close_all()
    try:
        from schema.facets import listener

        listener.start()
    except Exception:
        log.exception("Listening for publications failed to start")
