"""Benchmark of the public GraphQL API on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrm_bench_api \\
        .venv/bin/python bench/api_benchmark.py --setup --scale 50000

``--setup`` creates the database if needed, migrates, loads the taxonomies and
runs ``seed_demo --scale N``. Then every scenario runs ``--runs`` times after a
warm-up (which builds the facet indexes), in process (Django's test client:
middleware, view, schema, database) and over HTTP (a ``runserver`` child, timed
by the client on localhost). Uncached scenarios use POST, which is never
cached; the cached ones use GET with the response already cached.
Prints p50/p95 in milliseconds. Not a test: figures depend on the machine.

``--only b,d`` runs only those scenarios, in process, without HTTP; it also
offers scenarios (d)–(f), which the default run leaves out: (b)'s filters with
a word matching most rows, and both words without filters (how the cost of a
search follows its matches and what the filters leave).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

FACETS = "{ code name count }"
RECOMMENDATIONS = """query($filter: RecommendationFilter, $search: String) {
  recommendations(filter: $filter, search: $search, limit: 20) {
    totalCount
    items { id reference title text cycle { code name body { code } }
            recommendingStates { code name } issues { slug name }
            actions { reference title progressStatus } }
    facets { bodies %(f)s cycles %(f)s recommendingStates %(f)s issues %(f)s
             affectedGroups %(f)s agencies %(f)s uprResponses %(f)s sdgs %(f)s
             actionStatuses %(f)s } } }""".replace("%(f)s", FACETS)
ACTIONS = """query($filter: ActionFilter) {
  actions(filter: $filter, limit: 20) {
    totalCount
    items { reference title progressStatus smart leadAgency { code name }
            recommendationCount }
    facets { bodies %(f)s cycles %(f)s issues %(f)s affectedGroups %(f)s
             agencies %(f)s progressStatuses %(f)s smart %(f)s } } }""".replace(
    "%(f)s", FACETS
)


def setup(database_url, scale):
    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    import psycopg2

    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["load_taxonomies"],
        # A scratch database, never served: DEBUG is off here for honest
        # timings, so the demo's logins need the explicit flag.
        ["seed_demo", "--scale", str(scale), "--allow-demo-logins-in-production"],
    ):
        started = time.perf_counter()
        subprocess.run(manage + command, check=True, stdout=subprocess.DEVNULL)
        print(f"{' '.join(command)}: {time.perf_counter() - started:.0f} s")
    # The planner's statistics, as autovacuum would gather them some time
    # after a bulk load: without them a fresh database plans the nested
    # lists' joins badly (25 ms instead of 1 ms for the issues of a page).
    connection = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname=name,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def scenarios():
    from content_models.models import HumanRightsIssue

    issue = (
        HumanRightsIssue.objects.filter(recommendations__live=True)
        .values_list("slug", flat=True)
        .first()
    )
    from django.db.models import Count

    from content_models.models import Agency

    agency = (
        Agency.objects.annotate(n=Count("led_actions"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    narrow = {"bodies": ["UPR"], "issues": [issue]}
    return {
        "a) 20 recommendations + 9 facets + nested": (RECOMMENDATIONS, {}),
        "b) same + 2 filters + search": (
            RECOMMENDATIONS,
            {"filter": narrow, "search": "rights"},
        ),
        "c) actions by agency + SMART + 7 facets": (
            ACTIONS,
            {"filter": {"agencies": [agency], "smart": ["S", "M"]}},
        ),
    }


def extra_scenarios():
    """Only with ``--only``: how search costs follow matches and filters."""
    (b_query, b_variables) = scenarios()["b) same + 2 filters + search"]
    narrow = b_variables["filter"]
    return {
        'd) (b) with search "to" (most rows)': (
            b_query,
            {"filter": narrow, "search": "to"},
        ),
        'e) search "rights", no filter': (b_query, {"search": "rights"}),
        'f) search "to", no filter': (b_query, {"search": "to"}),
    }


def chosen_scenarios(only):
    every = scenarios()
    if not only:
        return every
    every.update(extra_scenarios())
    letters = [letter.strip() for letter in only.split(",")]
    return {
        name: scenario
        for letter in letters
        for name, scenario in every.items()
        if name.split(")")[0] == letter
    }


def in_process(runs, only=None):
    from django.test import Client

    client = Client()
    results = {}
    for name, (query, variables) in chosen_scenarios(only).items():
        body = json.dumps({"query": query, "variables": variables})
        started = time.perf_counter()
        first = client.post("/graphql/", body, content_type="application/json")
        cold = time.perf_counter() - started
        payload = first.json()
        assert "errors" not in payload, payload
        total = next(iter(payload["data"].values()))["totalCount"]
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            client.post("/graphql/", body, content_type="application/json")
            samples.append(time.perf_counter() - started)
        params = {"query": query, "variables": json.dumps(variables)}
        client.get("/graphql/", params)
        cached = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get("/graphql/", params)
            cached.append(time.perf_counter() - started)
        assert response["ETag"]
        results[name] = (cold, samples, cached, total)
    return results


def over_http(runs, port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            "--noreload",
            "--nothreading",
            f"127.0.0.1:{port}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/graphql/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "?query=%7B__typename%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, (query, variables) in scenarios().items():
            body = json.dumps({"query": query, "variables": variables}).encode()

            def post(body=body):
                request = urllib.request.Request(
                    url, body, {"Content-Type": "application/json"}
                )
                return urllib.request.urlopen(request, timeout=60).read()

            get_url = (
                url
                + "?"
                + urllib.parse.urlencode(
                    {"query": query, "variables": json.dumps(variables)}
                )
            )
            post()
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                post()
                samples.append(time.perf_counter() - started)
            urllib.request.urlopen(get_url).read()
            cached = []
            for _ in range(runs):
                started = time.perf_counter()
                urllib.request.urlopen(get_url).read()
                cached.append(time.perf_counter() - started)
            results[name] = (samples, cached)
        return results
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--scale", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only",
        help="scenario letters, e.g. b,d (a-f): in process only, no HTTP",
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a scratch PostgreSQL database")
    if args.setup:
        setup(database_url, args.scale)

    import django

    django.setup()
    from content_models.models import Action, Recommendation

    print(
        f"{Recommendation.objects.filter(live=True).count()} published "
        f"recommendations, {Action.objects.filter(live=True).count()} actions; "
        f"{args.runs} runs each; milliseconds"
    )
    local = in_process(args.runs, args.only)
    if args.only:
        print(f"{'scenario':44} {'cold':>6} {'p50/p95':>13} {'totalCount':>10}")
        for name, (cold, samples, _cached, total) in local.items():
            p50_p95 = "{:.1f}/{:.1f}".format(*percentiles(samples))
            print(f"{name:44} {cold * 1000:6.0f} {p50_p95:>13} {total:>10}")
        return
    remote = over_http(args.runs, args.port)
    print(
        f"{'scenario':44} {'cold':>6} {'in-process p50/p95':>19} "
        f"{'HTTP p50/p95':>14} {'cached GET in-proc':>19} {'cached GET HTTP':>16} "
        f"{'SQL':>4}"
    )
    for name, (cold, samples, cached, _total) in local.items():
        http_samples, http_cached = remote[name]
        row = [
            "{:.0f}/{:.0f}".format(*percentiles(samples)),
            "{:.0f}/{:.0f}".format(*percentiles(http_samples)),
            "{:.1f}/{:.1f}".format(*percentiles(cached)),
            "{:.1f}/{:.1f}".format(*percentiles(http_cached)),
        ]
        print(
            f"{name:44} {cold * 1000:6.0f} {row[0]:>19} {row[1]:>14} "
            f"{row[2]:>19} {row[3]:>16}"
        )


if __name__ == "__main__":
    main()
