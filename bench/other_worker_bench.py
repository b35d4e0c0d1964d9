"""The first request after a publish in another worker, in its own process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_bench_200k \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/other_worker_bench.py --publishes 6

``publish_bench.py`` simulates another worker in the publishing process;
here two child processes hold their facet indexes, idle while this process
publishes a recommendation (Wagtail's publish, nothing built ahead here),
then each is asked for scenario (a) of ``api_benchmark.py`` once, 0.2 s
after the commit:

- **listening** (gunicorn's workers, ``schema/facets/listener.py``): it was
  notified of the publish and patched its index in the background;
- **not listening** (``GRAPHQL_FACETS_LISTEN=false``, and every worker
  before it): it sees the new version through Redis and patches its index in
  that request.

Warm requests are taken between the publishes. Prints medians in
milliseconds. Writes to the database (revisions).
"""

import argparse
import json
import os
import statistics
import subprocess
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


def serve(listen: bool):
    """The other worker: answers 'warm' with five timed requests, anything
    else with one."""
    request = _requester()
    request()
    request()
    if listen:
        from schema.facets import listener

        listening = listener.start()
        assert listening.listening.wait(10)
    for line in sys.stdin:
        count = 5 if line.strip() == "warm" else 1
        print(json.dumps([request() for _ in range(count)]), flush=True)


def _requester():
    import django

    django.setup()
    from api_benchmark import RECOMMENDATIONS
    from django.conf import settings
    from django.test import Client

    settings.GRAPHQL_FACETS_PREBUILD = False
    client = Client()
    body = json.dumps({"query": RECOMMENDATIONS, "variables": {}})

    def request():
        started = time.perf_counter()
        response = client.post("/graphql/", body, content_type="application/json")
        assert response.status_code == 200 and "errors" not in response.json()
        return (time.perf_counter() - started) * 1000

    return request


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=6)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--listen", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.listen)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a scratch PostgreSQL database")
    if not os.environ.get("REDIS_URL"):
        parser.error("set REDIS_URL: the workers learn of a publish through Redis")
    _requester()  # sets Django up here too
    from content_models.models import Recommendation

    def start(*flags):
        return subprocess.Popen(
            [sys.executable, __file__, "--serve", *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    workers = {"listening": start("--listen"), "not listening": start()}

    def ask(worker, word):
        worker.stdin.write(word + "\n")
        worker.stdin.flush()
        return json.loads(worker.stdout.readline())

    ids = Recommendation.objects.filter(live=True).order_by("id")
    ids = list(ids.values_list("id", flat=True)[5::991][: args.publishes])
    print(f"load average {os.getloadavg()[0]:.1f} at start")
    warm = {name: ask(worker, "warm") for name, worker in workers.items()}
    first = {name: [] for name in workers}
    for turn, pk in enumerate(ids):
        Recommendation.objects.get(pk=pk).save_revision().publish()
        time.sleep(0.2)
        # Asked in turn first: neither always waits for the other's patch.
        names = list(workers)[:: 1 if turn % 2 == 0 else -1]
        for name in names:
            first[name] += ask(workers[name], "go")
        for name in names:
            warm[name] += ask(workers[name], "warm")
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    for name in workers:
        warm_p50 = statistics.median(warm[name])
        first_p50 = statistics.median(first[name])
        print(
            f"{name}: warm request p50 {warm_p50:.1f} ms; first request after a "
            f"publish, another worker in its own process: median {first_p50:.1f} ms "
            f"({first_p50 / warm_p50:.2f}x warm; "
            f"{', '.join(f'{x:.0f}' for x in first[name])})"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
