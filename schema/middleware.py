"""The GraphQL endpoint's middleware: cache hits answered early, and CSRF
enforced only when a session is in play.

**CSRF** (:class:`GraphQLCsrfMiddleware`).

A POST without a session cookie carries no credentials, so there is nothing to
forge; letting it through is what lets other sites read the public API with
``fetch(..., {method: "POST"})``. A POST that carries the session cookie (a
logged-in editor's browser) still needs a valid CSRF token. Put this before
``django.middleware.csrf.CsrfViewMiddleware``.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse

from . import httpcache
from .common import version_for_request
from .views import PublicGraphQLView

# What the rest of the stack adds to a public answer (X-Frame-Options,
# Vary…), as last seen on one; what each answer sets itself is left out.
_OWN_HEADERS = frozenset({"content-type", "content-length", "etag", "cache-control"})
_stack_headers: tuple | None = None
_path: str | None = None


def _forget(**_kwargs):
    global _stack_headers, _path
    _stack_headers = _path = None


setting_changed.connect(_forget)


class CachedAnswerMiddleware:
    """Cache hits of anonymous GETs answered before the rest of the stack.

    A cached answer is a millisecond of work, and most of it was the
    middleware after this one (sessions read, CSRF, authentication, messages,
    sign-in checks, lockouts, the view's own dispatch) deciding that the
    request is anonymous and the answer public. Here: a GET of ``/graphql/``
    with a ``query`` and no session cookie is anonymous, whatever comes
    after; if its answer is in the cache (:mod:`.httpcache`, under the
    current publication version) it is sent at once, 200 or 304, with the
    ETag and Cache-Control the view would set and the headers the rest of
    the stack added to the last public answer this process gave the usual
    way. Until there is one, and on every miss, the request goes the usual
    way. What comes before this middleware (security headers, the CSP,
    CORS, the host check) applies to every request.
    ``tests/schema/test_cached_answers.py`` compares the two, header for
    header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _stack_headers, _path
        headers = _stack_headers
        if (
            headers is not None
            and request.method == "GET"
            and request.path_info == (_path or _graphql_path())
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "query" in request.GET
        ):
            key = httpcache.cache_key(version_for_request(request), request.GET)
            response = httpcache.cached_answer(request, key)
            if response is not None:
                for name, value in headers:  # not ETag, Cache-Control…
                    response[name] = value
                # The usual way reads the (empty) session to find the user
                # anonymous, so the session middleware adds "Vary: Cookie":
                # the answer does depend on it.
                request.session.accessed = True
                return response
        response = self.get_response(request)
        if getattr(request, "hrm_public_answer", False):
            _stack_headers = tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in _OWN_HEADERS
            )
        return response


def _graphql_path() -> str:
    global _path
    _path = reverse("schema:graphql")
    return _path


class GraphQLCsrfMiddleware:
    """A POST without a session cookie carries no credentials: no CSRF check
    for it (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if (
            view_class is not None
            and issubclass(view_class, PublicGraphQLView)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            request._dont_enforce_csrf_checks = True
        return None
