"""The first requests after a publish, over HTTP under gunicorn, with the
workers listening for publications and without.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_bench_200k \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/publish_http_bench.py --publishes 6

Starts gunicorn with the deployment's configuration (``cms/gunicorn.conf.py``,
``cms.settings.production`` on loopback, 2 workers), alternately with
``GRAPHQL_FACETS_LISTEN`` on (the default) and off, ``--rounds`` times each.
Each time it warms the workers up with scenario (a) of ``api_benchmark.py``
(20 recommendations, 9 facets, nested lists: a POST, never cached), then
``--publishes`` times: publishes one recommendation from this process
(Wagtail's publish, as the admin's worker would; the web workers learn of it
through Redis and, when listening, PostgreSQL's notice), waits 0.5 s, and
sends ``--requests`` requests of scenario (a), each on a new connection so
that both workers answer some, then as many again (warm). Prints, per mode,
the median of the slowest of each publish's first requests, beside the
median of the warm ones and of the slowest of each batch of warm ones, in
milliseconds. Writes to the database (revisions).
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_benchmark import RECOMMENDATIONS  # noqa: E402
from load_bench import environment, start_gunicorn  # noqa: E402

BODY = json.dumps({"query": RECOMMENDATIONS, "variables": {}}).encode()


def timed_request(port: int) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST", "/graphql/", body=BODY, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    content = response.read()
    connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200 or b'"errors"' in content:
        raise SystemExit(f"scenario (a) answered {response.status}: {content[:300]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=6)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=8431)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database filled by setup")
    if not os.environ.get("REDIS_URL"):
        parser.error("set REDIS_URL: the workers learn of a publish through Redis")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from content_models.models import Recommendation

    ids = Recommendation.objects.filter(live=True).order_by("id")
    ids = list(ids.values_list("id", flat=True)[11::983])
    turn = 0
    results = {True: ([], [], []), False: ([], [], [])}
    print(f"load average {os.getloadavg()[0]:.1f} at start")
    for _ in range(args.rounds):
        for listen in (True, False):
            env = environment(database_url)
            env["GRAPHQL_FACETS_LISTEN"] = "true" if listen else "false"
            gunicorn = Namespace(
                port=args.port, workers=2, worker_class="gthread", threads=8
            )
            server = start_gunicorn(env, gunicorn)
            try:
                for _ in range(40):
                    timed_request(args.port)
                time.sleep(1)  # the listeners' first round
                slowest, warm, slowest_warm = results[listen]
                for _ in range(args.publishes):
                    pk = ids[turn % len(ids)]
                    turn += 1
                    Recommendation.objects.get(pk=pk).save_revision().publish()
                    time.sleep(0.5)
                    first = [timed_request(args.port) for _ in range(args.requests)]
                    slowest.append(max(first))
                    then = [timed_request(args.port) for _ in range(args.requests)]
                    warm += then
                    slowest_warm.append(max(then))
            finally:
                server.terminate()
                server.wait(30)
    for listen in (True, False):
        slowest, warm, slowest_warm = results[listen]
        name = "listening" if listen else "not listening"
        warm_p50 = statistics.median(warm)
        print(
            f"{name}: warm p50 {warm_p50:.1f} ms, the slowest of {args.requests} "
            f"warm ones {statistics.median(slowest_warm):.1f} ms; the slowest of "
            f"the first {args.requests} after a publish, median "
            f"{statistics.median(slowest):.1f} ms "
            f"({statistics.median(slowest) / warm_p50:.2f}x the warm p50; "
            f"{', '.join(f'{x:.0f}' for x in slowest)})"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
