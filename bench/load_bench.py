"""Load test of the public API under gunicorn, with an attacker in the mix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrm_bench_api \\
        .venv/bin/python bench/load_bench.py --clients 16 --duration 60

Starts gunicorn (``cms.settings.production`` on loopback, Redis as the shared
cache when ``REDIS_URL`` is set) against an existing database — fill one with
``bench/api_benchmark.py --setup`` first — then runs ``--clients`` client
processes for ``--duration`` seconds. Each client sends, at random by weight:

- ``cached``: anonymous GETs of a few explorer queries, already in the cache;
- ``faceted``: POSTs (never cached) of a page of recommendations or actions
  with every facet, with a random filter;
- ``search``: POSTs of a search with a filter;
- ``detail``: POSTs of one recommendation or action with its nested lists.

One more process sends the fan-out query of the hardening issue as fast as it
is answered (``--no-attacker`` leaves it out). Prints requests per second,
p50/p95/p99 latency in milliseconds and errors per kind. An error is a
transport failure, a status other than 200, or a GraphQL error in a request
that should have none; the attacker's requests count as answered when they are
refused with ``QUERY_TOO_COSTLY``. Not a test: the figures depend on the
machine and its load, which is printed with them.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACETS = "{ code name count }"
RECOMMENDATION_PAGE = """query($filter: RecommendationFilter, $search: String) {
  recommendations(filter: $filter, search: $search, limit: 20) {
    totalCount
    items { id reference title text cycle { code name body { code } }
            recommendingStates { code name } issues { slug name }
            actions { reference title progressStatus } }
    facets { bodies %(f)s cycles %(f)s recommendingStates %(f)s issues %(f)s
             affectedGroups %(f)s agencies %(f)s uprResponses %(f)s sdgs %(f)s
             actionStatuses %(f)s } } }""".replace("%(f)s", FACETS)
ACTION_PAGE = """query($filter: ActionFilter) {
  actions(filter: $filter, limit: 20) {
    totalCount
    items { reference title progressStatus smart leadAgency { code name }
            recommendationCount }
    facets { bodies %(f)s cycles %(f)s issues %(f)s affectedGroups %(f)s
             agencies %(f)s progressStatuses %(f)s smart %(f)s } } }""".replace(
    "%(f)s", FACETS
)
RECOMMENDATION_DETAIL = """query($id: ID) {
  recommendation(id: $id) {
    reference text cycle { code name body { code name } }
    recommendingStates { code name } issues { slug name }
    responsibleAgencies { code name }
    actions { reference title progressStatus smart
              indicators { reference title startDate endDate }
              progressReports { title firstPublishedAt } } } }"""
ACTION_DETAIL = """query($id: ID) {
  action(id: $id) {
    reference title description progressStatus smart leadAgency { code name }
    recommendations(limit: 20) { naturalKey text }
    indicators { reference title kind startDate endDate }
    progressReports { title body firstPublishedAt } } }"""
# Point 3 of the hardening issue: 185 characters inside every shape limit.
FAN_OUT = (
    "{recommendations(limit:100){items{actions{recommendations(limit:100)"
    "{actions{recommendations(limit:100){actions{indicators{progressReports"
    "{title}}}}}}}}}}"
)
SEARCH_WORDS = ["rights", "violence", "disability", "whānau", "Māori", "children"]
WEIGHTS = {"cached": 60, "faceted": 20, "search": 10, "detail": 10}


def environment(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: no proxy in front to terminate TLS.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    return env


def sample_ids(env):
    """Published ids and codes to vary the requests with (read once)."""
    code = """
import json, django
django.setup()
from content_models.models import Action, Agency, HumanRightsIssue, Recommendation
print(json.dumps({
    "recommendations": list(Recommendation.objects.filter(live=True)
                            .order_by("?").values_list("pk", flat=True)[:200]),
    "actions": list(Action.objects.filter(live=True)
                    .order_by("?").values_list("pk", flat=True)[:200]),
    "agencies": list(Agency.objects.values_list("code", flat=True)),
    "issues": list(HumanRightsIssue.objects.values_list("slug", flat=True)),
}))
"""
    output = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def cached_urls(samples):
    """A handful of GET URLs, the public's most common pages."""
    urls = []
    for agency in samples["agencies"][:4]:
        variables = {"filter": {"agencies": [agency]}}
        urls.append(_get_url(ACTION_PAGE, variables))
    for issue in samples["issues"][:4]:
        variables = {"filter": {"issues": [issue], "currentCycleOnly": True}}
        urls.append(_get_url(RECOMMENDATION_PAGE, variables))
    return urls


def _get_url(query, variables):
    return "/graphql/?" + urllib.parse.urlencode(
        {"query": query, "variables": json.dumps(variables)}
    )


def _post_body(kind, samples, rng):
    if kind == "faceted":
        if rng.random() < 0.5:
            issues = rng.sample(samples["issues"], 2)
            return RECOMMENDATION_PAGE, {"filter": {"issues": issues}}
        agency = rng.choice(samples["agencies"])
        return ACTION_PAGE, {"filter": {"agencies": [agency], "smart": ["S"]}}
    if kind == "search":
        variables = {
            "search": rng.choice(SEARCH_WORDS),
            "filter": {"issues": [rng.choice(samples["issues"])]},
        }
        return RECOMMENDATION_PAGE, variables
    if rng.random() < 0.5:
        return RECOMMENDATION_DETAIL, {"id": rng.choice(samples["recommendations"])}
    return ACTION_DETAIL, {"id": rng.choice(samples["actions"])}


def _request(connection, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def client(
    port,
    samples,
    urls,
    deadline,
    seed,
    results,
    attacker=False,
    mix=None,
    interval=None,
):
    """One client process: requests until ``deadline``, chosen by ``mix``
    (kind → weight; ``WEIGHTS`` by default).

    Back to back (a closed loop), or with ``interval`` one request every
    ``interval`` seconds on a fixed schedule (an open loop): a request's
    latency is then counted from the moment it was due, so a late answer
    also counts against the requests it held up.
    """
    rng = random.Random(seed)
    mix = mix or WEIGHTS
    kinds = list(mix)
    weights = list(mix.values())
    records = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    due = time.perf_counter() + (rng.random() * interval if interval else 0)
    while time.time() < deadline:
        if interval:
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        if attacker:
            kind = "fan-out"
            method, path = "POST", "/graphql/"
            body = json.dumps({"query": FAN_OUT}).encode()
        else:
            kind = rng.choices(kinds, weights)[0]
            if kind == "cached":
                method, path, body = "GET", rng.choice(urls), None
            else:
                query, variables = _post_body(kind, samples, rng)
                method, path = "POST", "/graphql/"
                body = json.dumps({"query": query, "variables": variables}).encode()
        started = due if interval else time.perf_counter()
        due += interval or 0
        try:
            status, content = _request(connection, method, path, body)
            elapsed = time.perf_counter() - started
            ok = status == 200 and _answer_ok(content, attacker)
        except (OSError, http.client.HTTPException):
            elapsed = time.perf_counter() - started
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        records.append((kind, elapsed, ok))
    results.put(records)


def _answer_ok(content, attacker):
    errors = json.loads(content).get("errors")
    if attacker:
        return bool(errors) and errors[0].get("extensions", {}).get("code") == (
            "QUERY_TOO_COSTLY"
        )
    return not errors


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def start_gunicorn(env, args):
    """gunicorn with the deployment's configuration (cms/gunicorn.conf.py),
    on loopback, with the worker counts asked for."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "cms" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            _request(connection, "GET", "/graphql/?query=%7B__typename%7D")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def warm_up(port, urls, samples, workers):
    """Build every worker's facet indexes and fill the response cache."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    rng = random.Random(0)
    for _ in range(workers * 4):
        for kind in ("faceted", "search", "detail"):
            query, variables = _post_body(kind, samples, rng)
            body = json.dumps({"query": query, "variables": variables}).encode()
            _request(connection, "POST", "/graphql/", body)
    for url in urls:
        status, _ = _request(connection, "GET", url)
        if status != 200:
            raise SystemExit(f"warm-up GET answered {status}")


WRK_SCRIPT = """
local urls = {%s}
local pause = %s
local counter = 0
if pause > 0 then
  delay = function() return pause end
end
request = function()
  counter = counter + 1
  return wrk.format("GET", urls[(counter %% #urls) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%.3f %%.3f %%.3f %%d\\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def start_wrk(args, urls):
    """wrk sending the cached GETs over ``--clients`` connections."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    # With --rate: each connection waits clients / rate between its requests
    # (wrk has no open loop; a pause after each answer is the closest).
    pause = round(1000 * args.clients / args.rate) if args.rate else 0
    script.write(WRK_SCRIPT % (", ".join(json.dumps(url) for url in urls), pause))
    script.close()
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(args.clients),
        "--duration",
        f"{args.duration:.0f}s",
        "--timeout",
        "10s",
        "--script",
        script.name,
        f"http://127.0.0.1:{args.port}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    process.script = script.name
    return process


def finish_wrk(process):
    """(requests, seconds, p50, p95, p99 in ms, errors) of the wrk run."""
    output, _ = process.communicate()
    os.unlink(process.script)
    line = next((line for line in output.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    requests, micros, p50, p95, p99, errors = line.split()[1:]
    return (
        int(requests),
        int(micros) / 1e6,
        float(p50),
        float(p95),
        float(p99),
        int(errors),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--no-attacker", action="store_true")
    parser.add_argument(
        "--split",
        type=int,
        metavar="N",
        help="the clients send cached GETs only, and N more clients send only "
        "uncached POSTs (faceted, search, detail by their weights): the cache "
        "hits' rate and latency while uncached work runs",
    )
    parser.add_argument(
        "--rate",
        type=float,
        metavar="R",
        help="with --split: the cached clients together send R GETs a second "
        "on a fixed schedule (an open loop, latency counted from when each "
        "was due) instead of back to back; with --wrk, each connection pauses "
        "clients / R seconds after each answer (a closed loop with think time)",
    )
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="with --split: the cached GETs are sent by wrk (Debian's package, "
        "a load generator in C) over --clients connections instead of by "
        "Python client processes, which took most of the two cores themselves",
    )
    args = parser.parse_args()
    if args.rate is not None and args.split is None:
        parser.error("--rate needs --split")
    if args.wrk and args.split is None:
        parser.error("--wrk needs --split")
    if args.wrk and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    if args.rate is not None and not args.rate > 0:
        parser.error(f"--rate must be more than 0, not {args.rate}")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database filled by setup")

    env = environment(database_url)
    samples = sample_ids(env)
    urls = cached_urls(samples)
    server = start_gunicorn(env, args)
    try:
        warm_up(args.port, urls, samples, args.workers)
        results = multiprocessing.Queue()
        deadline = time.time() + args.duration
        if args.split is None:
            mixes = [WEIGHTS] * args.clients
        else:
            uncached = {kind: w for kind, w in WEIGHTS.items() if kind != "cached"}
            cached_clients = 0 if args.wrk else args.clients
            mixes = [{"cached": 1}] * cached_clients + [uncached] * args.split
        interval = args.clients / args.rate if args.rate else None
        processes = [
            multiprocessing.Process(
                target=client,
                args=(args.port, samples, urls, deadline, seed, results),
                kwargs={
                    "mix": mix,
                    "interval": interval if "cached" in mix else None,
                },
            )
            for seed, mix in enumerate(mixes)
        ]
        if not args.no_attacker:
            processes.append(
                multiprocessing.Process(
                    target=client,
                    args=(args.port, samples, urls, deadline, 99, results, True),
                )
            )
        load_before = os.getloadavg()[0]
        sender = start_wrk(args, urls) if args.wrk else None
        for process in processes:
            process.start()
        records = []
        for _ in processes:
            records.extend(results.get())
        for process in processes:
            process.join()
        wrk_line = finish_wrk(sender) if sender else None
        load_after = os.getloadavg()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    print(
        f"{args.clients} clients"
        f"{'' if args.split is None else f' of cached GETs + {args.split} uncached'}"
        f"{f' (cached GETs at {args.rate:.0f}/s offered)' if args.rate else ''}"
        f"{'' if args.no_attacker else ' + 1 fan-out sender'}"
        f", {args.duration:.0f} s, gunicorn {args.workers} × {args.worker_class}"
        f" ({args.threads} thread(s)); load average {load_before:.1f} before, "
        f"{load_after:.1f} after; milliseconds"
    )
    print(
        f"{'kind':10} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} "
        f"{'p99':>7} {'errors':>6}"
    )
    if wrk_line:
        requests, seconds, p50, p95, p99, errors = wrk_line
        print(
            f"{'cached*':10} {requests:8d} {requests / seconds:7.1f} {p50:7.1f} "
            f"{p95:7.1f} {p99:7.1f} {errors:6d}"
        )
        print(
            f"* sent by wrk over {args.clients} connections, "
            + (
                f"each pausing {1000 * args.clients / args.rate:.0f} ms after "
                "each answer"
                if args.rate
                else "back to back"
            )
            + "; an error is a transport failure or a status other than 200"
        )
    for kind in [*WEIGHTS, "fan-out"]:
        rows = [record for record in records if record[0] == kind]
        if not rows:
            continue
        ordered = sorted(elapsed for _, elapsed, _ in rows)
        errors = sum(1 for *_, ok in rows if not ok)
        print(
            f"{kind:10} {len(rows):8d} {len(rows) / args.duration:7.1f} "
            f"{percentile(ordered, 0.50) * 1000:7.1f} "
            f"{percentile(ordered, 0.95) * 1000:7.1f} "
            f"{percentile(ordered, 0.99) * 1000:7.1f} {errors:6d}"
        )


if __name__ == "__main__":
    main()
