"""The first request after a publish, against a warm one; and cache hits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_bench_50k \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/publish_bench.py --publishes 7

On a database filled by ``bench/api_benchmark.py --setup --scale N``. In one
process (Django's test client), scenario (a) of ``api_benchmark.py`` (20
recommendations, 9 facets, nested lists): a warm request, then, after each of
``--publishes`` publishes of a recommendation (Wagtail's own publish: a new
revision of a published recommendation), the first request (warm requests
are also taken between the publishes, at the same load):

- ``before``: no building ahead, no sharing, no patching: the reader
  rebuilds the indexes (what every worker did before);
- ``built ahead, at once``: building ahead and sharing, no patching; the
  publishing worker asked at once waits for the build under way (the figure
  the journal was made for);
- ``patched ahead, at once``: the same with patching on (the default): the
  publishing worker asked at once, while its background thread patches;
- ``patched by the reader``: nothing ahead; the reader patches its index;
- ``other worker``: a worker holding the index of the version before,
  which patches it;
- ``new worker``: a worker holding no index (just started), which loads the
  one the publishing worker shared (Redis);
- ``new worker, warmed up``: the same after gunicorn's ``post_worker_init``
  loaded the shared indexes (:func:`schema.lists.warm_up`, timed apart:
  the worker takes no request meanwhile).

Also a cached GET: its SQL queries (must be 0) and p50. Prints medians in
milliseconds and the load average. Writes to the database (revisions).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def timed(function):
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=7)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a scratch PostgreSQL database")
    if not os.environ.get("REDIS_URL"):
        parser.error("set REDIS_URL (the shared cache) to a scratch Redis database")

    import django

    django.setup()
    from api_benchmark import RECOMMENDATIONS
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from content_models.models import Recommendation
    from schema import plans, versioning
    from schema.facets import store
    from schema.lists import warm_up

    cache.clear()
    client = Client()
    body = json.dumps({"query": RECOMMENDATIONS, "variables": {}})

    def request():
        response = client.post("/graphql/", body, content_type="application/json")
        assert response.status_code == 200 and "errors" not in response.json()

    ids = list(
        Recommendation.objects.filter(live=True)
        .order_by("id")
        .values_list("id", flat=True)[::997][: args.publishes * 7]
    )
    chosen = iter(ids)

    def publish():
        recommendation = Recommendation.objects.get(pk=next(chosen))
        return timed(lambda: recommendation.save_revision().publish())[0]

    def settle():
        store.wait_for_prebuild(120)

    print(
        f"{Recommendation.objects.filter(live=True).count()} published "
        f"recommendations; load average {os.getloadavg()[0]:.1f} at start"
    )
    request()
    warm = [timed(request)[0] for _ in range(args.runs)]

    params = {"query": RECOMMENDATIONS, "variables": "{}"}
    client.get("/graphql/", params)
    with CaptureQueriesContext(connection) as queries:
        hits = [timed(lambda: client.get("/graphql/", params))[0] for _ in range(30)]
    hit_queries = len(queries) / 30

    results = {
        "before": [],
        "built ahead, at once": [],
        "patched ahead, at once": [],
        "patched by the reader": [],
        "other worker": [],
        "new worker": [],
        "new worker, warmed up": [],
    }
    warm_up_ms = []
    publish_ms = {"before": [], "with patching ahead": []}

    def mode(*, prebuild, shared, patch):
        settings.GRAPHQL_FACETS_PREBUILD = prebuild
        settings.GRAPHQL_FACETS_SHARED = shared
        settings.GRAPHQL_FACETS_PATCH = patch

    for _ in range(args.publishes):
        mode(prebuild=False, shared=False, patch=False)
        publish_ms["before"].append(publish())
        results["before"].append(timed(request)[0])

        mode(prebuild=True, shared=True, patch=False)
        publish()
        results["built ahead, at once"].append(timed(request)[0])
        settle()

        # A stamped index to patch, shared (the version before is one built
        # with patching off, which cannot be patched).
        mode(prebuild=True, shared=True, patch=True)
        cache.clear()
        store.clear()
        request()
        publish_ms["with patching ahead"].append(publish())
        results["patched ahead, at once"].append(timed(request)[0])
        settle()

        mode(prebuild=False, shared=True, patch=True)
        publish()
        results["patched by the reader"].append(timed(request)[0])

        held = dict(store._indexes)  # another worker's indexes, a version old
        mode(prebuild=True, shared=True, patch=True)
        publish()
        settle()
        store._indexes.clear()
        store._indexes.update(held)
        results["other worker"].append(timed(request)[0])

        publish()
        settle()
        store.clear()  # a worker that never saw this version, nor any plan
        plans.forget()
        results["new worker"].append(timed(request)[0])

        publish()
        settle()
        store.clear()
        plans.forget()
        warm_up_ms.append(timed(warm_up)[0])  # gunicorn's post_worker_init
        results["new worker, warmed up"].append(timed(request)[0])
        # Warm requests between the publishes too, at the same load.
        warm.extend(timed(request)[0] for _ in range(3))

    load = os.getloadavg()
    warm_p50 = statistics.median(warm)
    print(f"version cache: {versioning.cache_seconds()} s")
    print(
        f"cached GET: {hit_queries:.0f} SQL queries, p50 "
        f"{statistics.median(hits):.1f} ms"
    )
    print(
        f"warm request p50: {warm_p50:.0f} ms ({len(warm)} runs: "
        f"{args.runs} first, 3 after each publish)"
    )
    for name, samples in results.items():
        median = statistics.median(samples)
        print(
            f"first request after a publish, {name:23}: median {median:6.0f} ms "
            f"({median / warm_p50:.1f}x warm; {', '.join(f'{s:.0f}' for s in samples)})"
        )
    print(
        f"a new worker's warm-up (before its first request): median "
        f"{statistics.median(warm_up_ms):.0f} ms"
    )
    for name, samples in publish_ms.items():
        print(f"the publish itself, {name}: median {statistics.median(samples):.0f} ms")
    print(f"load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
