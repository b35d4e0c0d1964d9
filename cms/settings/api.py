"""Settings of the public GraphQL API (schema app): CORS, the response cache,
the publication version, the facet indexes and their journal, the work
budget and the execution slots. Imported by ``base``, which also adds the
app and the middleware. Every value comes from the environment
(docs/configuration.md)."""

from django.core.exceptions import ImproperlyConfigured

from .environment import env_bool, env_int, env_str

# Redis: the API's shared cache, and the task broker (base).
REDIS_URL = env_str("REDIS_URL")

# Anyone may read the public API from any site, without credentials.
CORS_URLS_REGEX = r"^/graphql/?$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "OPTIONS", "POST"]
CORS_EXPOSE_HEADERS = ["ETag"]

# Response cache of anonymous GET queries; Redis shares it between workers.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
GRAPHQL_CACHE_MAX_AGE = env_int("GRAPHQL_CACHE_MAX_AGE", 60)
# Anyone can add entries (one per distinct query), so they are bounded: at most
# this many entries and bytes are stored per period of GRAPHQL_CACHE_TIMEOUT
# seconds, and each lives one period (schema/httpcache.py).
GRAPHQL_CACHE_TIMEOUT = env_int("GRAPHQL_CACHE_TIMEOUT", 600)
GRAPHQL_CACHE_MAX_ENTRIES = env_int("GRAPHQL_CACHE_MAX_ENTRIES", 1000)
GRAPHQL_CACHE_MAX_BYTES = env_int("GRAPHQL_CACHE_MAX_BYTES", 50_000_000)
# The publication version is read from the database at most once per this many
# seconds (0: every request), so that a cache hit runs no SQL; in process, or in
# the shared cache so that every worker sees a publish at once
# (schema/versioning.py).
GRAPHQL_VERSION_CACHE_SECONDS = env_int("GRAPHQL_VERSION_CACHE_SECONDS", 5)
GRAPHQL_VERSION_SHARED = env_bool("GRAPHQL_VERSION_SHARED", bool(REDIS_URL))
# Facet indexes: built in the background after a publish in this process, and
# shared between workers through the cache (schema/facets/store.py).
GRAPHQL_FACETS_PREBUILD = env_bool("GRAPHQL_FACETS_PREBUILD", True)
GRAPHQL_FACETS_SHARED = env_bool("GRAPHQL_FACETS_SHARED", bool(REDIS_URL))
# Each gunicorn worker listens for publications (PostgreSQL's notices) and
# patches its indexes when anything is published, by any process, instead of
# in its next request (schema/facets/listener.py); one connection per worker.
GRAPHQL_FACETS_LISTEN = env_bool("GRAPHQL_FACETS_LISTEN", True)
# Bring a facet index up to date from the journal of changed rows instead of
# rebuilding it (schema/facets/patch.py).
GRAPHQL_FACETS_PATCH = env_bool("GRAPHQL_FACETS_PATCH", True)
# 0 patches nothing (every new version is built); the journal keeps at least
# one entry, or no index could know where it stands.
GRAPHQL_FACETS_PATCH_LIMIT = env_int("GRAPHQL_FACETS_PATCH_LIMIT", 2000, minimum=0)
GRAPHQL_JOURNAL_KEEP = env_int("GRAPHQL_JOURNAL_KEEP", 50_000, minimum=1)
# Each facet index keeps the matches of this many recent searches (0: none),
# so paging or refiltering a search runs no full-text query (schema/listing.py).
GRAPHQL_SEARCH_CACHE_SIZE = env_int("GRAPHQL_SEARCH_CACHE_SIZE", 64)
# The work budget: the most objects a query may be estimated to return
# (schema/cost.py), and the longest one SQL statement of a request may run
# (PostgreSQL; 0 turns it off).
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 20_000)
GRAPHQL_STATEMENT_TIMEOUT_MS = env_int("GRAPHQL_STATEMENT_TIMEOUT_MS", 5000)
# How many queries execute at once in one worker process (cache hits need no
# slot), and how long a query waits for one before a 503 (schema/admission.py).
GRAPHQL_EXECUTION_SLOTS = env_int("GRAPHQL_EXECUTION_SLOTS", 1)
GRAPHQL_EXECUTION_WAIT_SECONDS = env_int("GRAPHQL_EXECUTION_WAIT_SECONDS", 30)
for _name in (
    "GRAPHQL_CACHE_TIMEOUT",
    "GRAPHQL_MAX_COST",
    "GRAPHQL_EXECUTION_SLOTS",
    "GRAPHQL_EXECUTION_WAIT_SECONDS",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name}: must be 1 or more")
for _name in (
    "GRAPHQL_CACHE_MAX_ENTRIES",
    "GRAPHQL_CACHE_MAX_BYTES",
    "GRAPHQL_STATEMENT_TIMEOUT_MS",
    "GRAPHQL_VERSION_CACHE_SECONDS",
    "GRAPHQL_SEARCH_CACHE_SIZE",
):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name}: must be 0 or more")
