"""Response cache and conditional GET for anonymous GraphQL queries.

Entries are keyed by the publication version (:mod:`.versioning`), so
publishing or unpublishing anything makes every earlier entry unreachable; they
expire on their own. Bodies live in Django's cache (LocMem by default, Redis
when ``REDIS_URL`` is set).
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import caches
from django.utils.http import parse_etags

DEFAULT_MAX_AGE = 60
DEFAULT_TIMEOUT = 3600
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


def put(key: str, body: bytes, etag: str) -> None:
    if len(body) <= MAX_CACHED_BYTES:
        _cache().set(
            key,
            (body, etag),
            getattr(settings, "GRAPHQL_CACHE_TIMEOUT", DEFAULT_TIMEOUT),
        )


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
