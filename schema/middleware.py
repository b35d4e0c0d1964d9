"""CSRF for the GraphQL endpoint: enforced when a session is in play only.

A POST without a session cookie carries no credentials, so there is nothing to
forge; letting it through is what lets other sites read the public API with
``fetch(..., {method: "POST"})``. A POST that carries the session cookie (a
logged-in editor's browser) still needs a valid CSRF token. Put this before
``django.middleware.csrf.CsrfViewMiddleware``.
"""

from django.conf import settings

from .views import PublicGraphQLView


class GraphQLCsrfMiddleware:
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
