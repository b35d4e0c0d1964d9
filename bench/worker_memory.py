"""Memory of one web worker with the facet indexes of a large database.

Starts Django with the production settings in this process (no server),
resolves the URLs and answers one trivial query (the code a worker loads),
then runs the faceted recommendations list and the faceted actions list
(each builds its in-memory index) and prints the resident set size (RSS)
and its peak (HWM) after each step, from ``/proc/self/status`` (Linux).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_bench_200k \\
        .venv/bin/python bench/worker_memory.py
"""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

RECOMMENDATIONS = (
    "{ recommendations(limit: 20) { totalCount items { naturalKey title"
    " cycle { code } issues { slug } actions { reference } }"
    " facets { issues { code count } agencies { code count }"
    " bodies { code count } } } }"
)
ACTIONS = (
    "{ actions(limit: 20) { totalCount items { reference title }"
    " facets { agencies { code count } } } }"
)


def memory() -> str:
    status = Path("/proc/self/status").read_text()
    rss, peak = (
        int(re.search(rf"{name}:\s+(\d+)", status).group(1)) // 1024
        for name in ("VmRSS", "VmHWM")
    )
    return f"RSS {rss} MB (peak {peak} MB)"


def main():
    import django

    django.setup()
    from django.test import Client

    print(f"{'Django set up':50} {memory()}")
    client = Client()
    client.get("/graphql/?query=%7B__typename%7D", secure=True)
    print(f"{'URLs resolved, one trivial query':50} {memory()}")
    for name, query in (("recommendations", RECOMMENDATIONS), ("actions", ACTIONS)):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query}),
            content_type="application/json",
            secure=True,
        )
        data = response.json()
        if "errors" in data:
            sys.exit(f"{name}: {data['errors']}")
        total = data["data"][name]["totalCount"]
        print(f"{f'{name} list and index ({total:,} published)':50} {memory()}")


if __name__ == "__main__":
    main()
