"""Where an uncached faceted list spends its time, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_bench_50k \\
        .venv/bin/python bench/resolver_bench.py --runs 40

Runs each query of ``bench/api_benchmark.py`` (scenarios a, b, c) and the
parts of scenario (a) — the facets alone, the items without their nested
lists, each nested list — as uncached POSTs through Django's test client
(middleware, view, schema, database), after a warm-up that builds the facet
indexes. Prints, per query, the wall-clock p50/p95 and the p50 of the
processor time this process used (which the machine's other work disturbs
less than the wall clock; the database's own work is not in it), in
milliseconds. ``--root DIR`` runs another checkout's code (a worktree of an
earlier commit) against the same database, to compare in one sitting.
``--ab-executor`` runs each query with the API's executor
(``schema/execution.py``) and with strawberry's own, alternating request by
request in one process, and prints both. Not a test: figures depend on the
machine.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

FACETS = "{ code name count }"
ITEM = "id reference title text cycle { code name body { code } }"
NESTED = {
    "states": "recommendingStates { code name }",
    "issues": "issues { slug name }",
    "actions": "actions { reference title progressStatus }",
}
ALL_FACETS = (
    "facets { bodies %(f)s cycles %(f)s recommendingStates %(f)s issues %(f)s "
    "affectedGroups %(f)s agencies %(f)s uprResponses %(f)s sdgs %(f)s "
    "actionStatuses %(f)s }"
).replace("%(f)s", FACETS)


def page(items: str, facets: str = ALL_FACETS, limit: int = 20) -> str:
    return (
        f"query {{ recommendations(limit: {limit}) {{ totalCount "
        f"items {{ {items} }} {facets} }} }}"
    )


def parts():
    """Scenario (a) taken apart."""
    return {
        "a: facets only": (page("id", limit=0), {}),
        "a: items without nested lists": (page(ITEM), {}),
        **{
            f"a: items + {name}": (page(f"{ITEM} {fields}"), {})
            for name, fields in NESTED.items()
        },
        "a: items + all three, no facets": (
            page(f"{ITEM} {' '.join(NESTED.values())}", ""),
            {},
        ),
    }


def measure(client, query, variables, runs):
    body = json.dumps({"query": query, "variables": variables})
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert "errors" not in response.json(), response.json()["errors"]
    for _ in range(3):
        client.post("/graphql/", body, content_type="application/json")
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        client.post("/graphql/", body, content_type="application/json")
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    wall.sort()
    p95 = wall[max(0, round(0.95 * len(wall)) - 1)]
    return statistics.median(wall) * 1000, p95 * 1000, statistics.median(cpu) * 1000


def measure_ab(client, query, variables, runs):
    """p50/p95 with the API's executor and with strawberry's, alternating."""
    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    from schema.execution import Executor
    from schema.schema import schema

    body = json.dumps({"query": query, "variables": variables})
    executors = {"API": Executor, "strawberry": StrawberryGraphQLCoreExecutionContext}
    times = {name: [] for name in executors}
    for run in range(runs + 3):
        order = list(executors.items())
        for name, executor in order if run % 2 else reversed(order):
            schema.execution_context_class = executor
            started = time.perf_counter()
            response = client.post("/graphql/", body, content_type="application/json")
            if run >= 3:  # the first three warm up
                times[name].append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
    schema.execution_context_class = Executor
    result = {}
    for name, values in times.items():
        values.sort()
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        result[name] = (statistics.median(values) * 1000, p95 * 1000)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument(
        "--only", help="run only the queries whose name starts with this"
    )
    parser.add_argument(
        "--ab-executor",
        action="store_true",
        help="the API's executor against strawberry's, alternating",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a database filled by api_benchmark --setup")
    root = str(Path(args.root).resolve())
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import api_benchmark  # its queries; it also sets the settings' defaults

    # The code measured comes first, before this checkout's.
    sys.path.insert(0, root)
    os.chdir(root)
    import django

    django.setup()
    from django.test import Client

    client = Client()
    queries = {**api_benchmark.scenarios(), **parts()}
    import schema

    print(f"code: {Path(schema.__file__).parent.parent}; {args.runs} runs each; ms")
    if args.ab_executor:
        print(f"{'query':40} {'API p50/p95':>14} {'strawberry p50/p95':>19}  load")
    else:
        print(f"{'query':40} {'p50':>7} {'p95':>7} {'CPU p50':>8}  load")
    for name, (query, variables) in queries.items():
        if args.only and not name.startswith(args.only):
            continue
        if args.ab_executor:
            (ours, ours95), (theirs, theirs95) = measure_ab(
                client, query, variables, args.runs
            ).values()
            load = " ".join(f"{value:.1f}" for value in os.getloadavg())
            print(
                f"{name:40} {ours:7.1f}/{ours95:<6.1f} {theirs:11.1f}/{theirs95:<7.1f}"
                f"  {load}"
            )
            continue
        p50, p95, cpu = measure(client, query, variables, args.runs)
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"{name:40} {p50:7.1f} {p95:7.1f} {cpu:8.1f}  {load}")


if __name__ == "__main__":
    main()
