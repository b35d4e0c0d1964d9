"""Benchmark of alignment suggestions on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrm_bench_api \\
        .venv/bin/python bench/alignment_bench.py --runs 40

The database must hold ``seed_demo --scale 50000`` (``bench/api_benchmark.py
--setup --scale 50000`` makes one) and be migrated. Three scenarios, each over
``--runs`` different recommendations (every N-th one, so the same on every
run), after one warm-up:

- ``recommendation``: ``align_recommendation`` over published content, as the
  edit view's panel does for a published recommendation;
- ``pasted text``: ``align`` for the same texts, taxonomy read from the words;
- ``api``: the public ``alignment(text:, limit: 10)`` query through Django's
  test client (POST, never cached), with each suggestion's reference, title,
  score and reasons.

Prints p50/p95 in milliseconds. Not a test: figures depend on the machine.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

QUERY = """query($text: String!) {
  alignment(text: $text, limit: 10) {
    recommendations { score reasons recommendation { naturalKey title } }
    actions { score reasons action { reference title } }
  } }"""


def timed(function, items) -> list[float]:
    function(items[0])  # warm-up
    times = []
    for item in items:
        start = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name, times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:<16} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from content_models.alignment import align, align_recommendation
    from content_models.models import Action, Recommendation

    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL.")
    live = Recommendation.objects.live()
    total = live.count()
    step = max(total // args.runs, 1)
    ids = list(live.order_by("pk").values_list("pk", flat=True)[::step][: args.runs])
    recommendations = list(
        Recommendation.objects.filter(pk__in=ids).prefetch_related(
            "issues", "affected_groups", "responsible_agencies"
        )
    )
    print(
        f"{total:,} published recommendations, "
        f"{Action.objects.live().count():,} published actions; "
        f"{len(recommendations)} runs per scenario"
    )

    def panel(recommendation):
        align_recommendation(
            recommendation,
            recommendations=Recommendation.objects.live(),
            actions=Action.objects.live(),
        )

    def pasted(recommendation):
        align(
            text=recommendation.text,
            recommendations=Recommendation.objects.live(),
            actions=Action.objects.live(),
        )

    client = Client()

    def api(recommendation):
        response = client.post(
            "/graphql/",
            json.dumps({"query": QUERY, "variables": {"text": recommendation.text}}),
            content_type="application/json",
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body

    report("recommendation", timed(panel, recommendations))
    report("pasted text", timed(pasted, recommendations))
    report("api", timed(api, recommendations))


if __name__ == "__main__":
    main()
