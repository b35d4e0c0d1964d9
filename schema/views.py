"""The /graphql/ view: GraphiQL in a browser, POST and GET (queries only), and
HTTP caching of anonymous GET responses."""

import json

# cross_web is strawberry's HTTP layer (a dependency of strawberry-graphql).
from cross_web import DjangoHTTPRequestAdapter, HTTPException
from django.http import HttpResponseNotModified, JsonResponse
from strawberry.django.views import GraphQLView

from . import admission, httpcache
from .common import version_for_request

NOT_UTF8 = "The request body is not valid UTF-8."
NOT_JSON = "Unable to parse request body as JSON"  # strawberry's own words
NOT_AN_OBJECT = (
    'The request body must be a JSON object, e.g. {"query": "{ recommendations '
    '{ totalCount } }", "variables": {}}.'
)
TOO_DEEP = "The JSON is nested too deeply."
BUSY = "The API is busy; try again in a few seconds."


def load_json(text: str):
    """``json.loads``, with the client's mistakes as 400s."""
    try:
        return json.loads(text)
    except RecursionError:
        raise HTTPException(400, TOO_DEEP) from None
    except ValueError:
        raise HTTPException(400, NOT_JSON) from None


class RequestAdapter(DjangoHTTPRequestAdapter):
    """Strawberry's adapter, but a body that is not UTF-8, or JSON that is not
    an object, is the client's mistake (400), not a crash (500)."""

    @property
    def body(self) -> str:
        try:
            text = self.request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, NOT_UTF8) from None
        if "json" in (self.content_type or "") and not text.lstrip().startswith("{"):
            # Not an object: say whether it is JSON at all. (An object is parsed
            # once, by strawberry.)
            load_json(text)
            raise HTTPException(400, NOT_AN_OBJECT)
        return text


class PublicGraphQLView(GraphQLView):
    """Strawberry's view plus ETag/Cache-Control/304 for anonymous GETs.

    Batching stays off (strawberry's default). Session-authenticated POSTs go
    through Django's CSRF check; see :mod:`.middleware` for anonymous ones.
    """

    graphql_ide = "graphiql"
    allow_queries_via_get = True
    request_adapter_class = RequestAdapter

    def dispatch(self, request, *args, **kwargs):
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        cacheable = request.method == "GET" and "query" in request.GET and anonymous
        if not cacheable:
            response = self.run_or_refuse(request)
            if request.method in ("GET", "POST") and "ETag" not in response:
                response["Cache-Control"] = "private, no-store"
            return response

        key = httpcache.cache_key(version_for_request(request), request.GET)
        response = httpcache.cached_answer(request, key)
        if response is not None:
            request.hrm_public_answer = True
            return response

        response = self.run_or_refuse(request)
        if response.status_code != 200 or getattr(request, "graphql_errors", True):
            response["Cache-Control"] = "no-store"
            return response
        body = response.content
        etag = httpcache.etag_for(body)
        httpcache.put(key, body, etag)
        if httpcache.matches(request, etag):
            response = HttpResponseNotModified()
        httpcache.public_headers(response, etag)
        request.hrm_public_answer = True
        return response

    def decode_json(self, data):
        """The body, or the ``variables`` of a GET."""
        return load_json(data)

    def run_or_refuse(self, request):
        """Strawberry's dispatch, with its refusals (bad body, wrong method,
        mutation over GET…) as GraphQL-shaped JSON instead of plain text.

        A query runs in one of the process's execution slots (GraphiQL's page
        does not need one); see :mod:`.admission`.
        """
        try:
            if request.method == "GET" and "query" not in request.GET:
                return self.run(request=request)
            with admission.execution_slot():
                return self.run(request=request)
        except HTTPException as error:
            return JsonResponse(
                {"errors": [{"message": error.reason}]}, status=error.status_code
            )
        except admission.Busy:
            response = JsonResponse({"errors": [{"message": BUSY}]}, status=503)
            response["Retry-After"] = "5"
            return response

    def process_result(self, request, result):
        request.graphql_errors = bool(result.errors)
        return super().process_result(request, result)
