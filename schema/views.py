"""The /graphql/ view: GraphiQL in a browser, POST and GET (queries only), and
HTTP caching of anonymous GET responses."""

from django.http import HttpResponse, HttpResponseNotModified
from strawberry.django.views import GraphQLView

from . import httpcache
from .common import version_for_request


class PublicGraphQLView(GraphQLView):
    """Strawberry's view plus ETag/Cache-Control/304 for anonymous GETs.

    Batching stays off (strawberry's default). Session-authenticated POSTs go
    through Django's CSRF check; see :mod:`.middleware` for anonymous ones.
    """

    graphql_ide = "graphiql"
    allow_queries_via_get = True

    def dispatch(self, request, *args, **kwargs):
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        cacheable = request.method == "GET" and "query" in request.GET and anonymous
        if not cacheable:
            response = super().dispatch(request, *args, **kwargs)
            if request.method in ("GET", "POST") and "ETag" not in response:
                response["Cache-Control"] = "private, no-store"
            return response

        key = httpcache.cache_key(version_for_request(request), request.GET)
        cached = httpcache.get(key)
        if cached is not None:
            body, etag = cached
            if httpcache.matches(request, etag):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(body, content_type="application/json")
            httpcache.public_headers(response, etag)
            return response

        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200 or getattr(request, "graphql_errors", True):
            response["Cache-Control"] = "no-store"
            return response
        body = response.content
        etag = httpcache.etag_for(body)
        httpcache.put(key, body, etag)
        if httpcache.matches(request, etag):
            response = HttpResponseNotModified()
        httpcache.public_headers(response, etag)
        return response

    def process_result(self, request, result):
        request.graphql_errors = bool(result.errors)
        return super().process_result(request, result)
