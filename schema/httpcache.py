"""Response cache and conditional GET for anonymous GraphQL queries.

Entries are keyed by the publication version (:mod:`.versioning`), so
publishing or unpublishing anything makes every earlier entry unreachable; they
expire on their own. Bodies live in Django's cache (LocMem by default, Redis
when ``REDIS_URL`` is set).

Anyone can make new entries (every distinct query text is one), so what is
stored is bounded: in each period of ``GRAPHQL_CACHE_TIMEOUT`` seconds at most
``GRAPHQL_CACHE_MAX_ENTRIES`` entries and ``GRAPHQL_CACHE_MAX_BYTES`` bytes are
added, counted in the cache itself (atomic ``incr``, shared by every worker on
Redis). An entry lives one period, so at most twice those are in the cache at
once, however often content is published. Past the cap a response is simply
not stored; it is still answered, with its ETag.
"""

import hashlib
import json
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

DEFAULT_MAX_AGE = 60
DEFAULT_TIMEOUT = 600
DEFAULT_MAX_ENTRIES = 1000
DEFAULT_MAX_BYTES = 50_000_000
# Large answers are not worth the cache memory.
MAX_CACHED_BYTES = 1_000_000


def max_age() -> int:
    return getattr(settings, "GRAPHQL_CACHE_MAX_AGE", DEFAULT_MAX_AGE)


def _cache():
    return caches[getattr(settings, "GRAPHQL_CACHE_ALIAS", "default")]


def cache_key(version: str, params) -> str:
    """Key of a GET request: the version and the operation it asks for."""
    operation = json.dumps(
        [params.get("query"), params.get("variables"), params.get("operationName")],
        separators=(",", ":"),
    )
    digest = hashlib.sha256(operation.encode()).hexdigest()
    return f"hrm-graphql:{version}:{digest}"


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def get(key: str):
    """``(body, etag)`` or ``None``."""
    return _cache().get(key)


def timeout() -> int:
    return getattr(settings, "GRAPHQL_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def put(key: str, body: bytes, etag: str) -> bool:
    """Store a response unless it is too large or the period's quota is used up;
    whether it was stored."""
    if len(body) > MAX_CACHED_BYTES or not _take_quota(len(body)):
        return False
    _cache().set(key, (body, etag), timeout())
    return True


def _take_quota(size: int) -> bool:
    """Count one entry of ``size`` bytes against this period's quota."""
    period = timeout()
    window = int(time.time() // period)
    entries = _count(f"hrm-graphql-quota:{window}:entries", 1, period)
    stored = _count(f"hrm-graphql-quota:{window}:bytes", size, period)
    return entries <= getattr(
        settings, "GRAPHQL_CACHE_MAX_ENTRIES", DEFAULT_MAX_ENTRIES
    ) and stored <= getattr(settings, "GRAPHQL_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES)


def _count(key: str, delta: int, period: int) -> int:
    cache = _cache()
    # The counter outlives its window, so incr never races its expiry.
    cache.add(key, 0, 2 * period)
    try:
        return cache.incr(key, delta)
    except ValueError:  # evicted in between (LocMem culls when full)
        cache.set(key, delta, 2 * period)
        return delta


def matches(request, etag: str) -> bool:
    """Whether the request's If-None-Match names ``etag`` (weak comparison)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or etag.removeprefix("W/") in {
        tag.removeprefix("W/") for tag in tags
    }


def public_headers(response, etag: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age()}"


def cached_answer(request, key: str):
    """The answer stored under ``key`` — 304 when the request's
    If-None-Match names it, else 200 — with its public headers; ``None``
    when nothing is stored."""
    cached = get(key)
    if cached is None:
        return None
    body, etag = cached
    if matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    public_headers(response, etag)
    return response
