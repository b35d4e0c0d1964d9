"""The JSON search behind ``AutocompleteSelectMultiple``.

``/admin/hrm-autocomplete/<source>/?q=words`` answers at most
``MAX_RESULTS`` ``{"id", "label"}`` pairs. Only the named sources below can be
searched; the admin URL wrapper already requires a logged-in user with admin
access, and a source may ask for one more permission.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Case, IntegerField, Q, When
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from workflows import scoping

from . import views
from .listing import words_filter

MAX_RESULTS = 20
MAX_QUERY_LENGTH = 200
URL_NAME = "content_models_autocomplete"


@dataclass(frozen=True)
class AutocompleteSource:
    """What one autocomplete searches, how it ranks and labels the results."""

    name: str
    model: str
    #: Every word of the query must be in one of these; the first one ranks
    #: results that start with the query first.
    search_fields: tuple[str, ...]
    #: A query equal to one of these (a code, a reference) ranks first of all.
    exact_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    label: Callable = str
    #: A permission the user needs on top of admin access, e.g. to list users.
    permission: str | None = None

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def url(self):
        return reverse(URL_NAME, args=[self.name])

    def prepare(self, queryset):
        return queryset.select_related(*self.select_related)

    def get_queryset(self):
        return self.prepare(self.model_class._default_manager.all())

    def user_can_search(self, user):
        return self.permission is None or user.has_perm(self.permission)

    def filter_for_user(self, queryset, user):
        """The rows ``user`` may pick: for agency-scoped content, the rows they
        may attach their own content to."""
        if self.model_class in scoping.SCOPED_MODELS:
            return queryset.filter(
                pk__in=views.choosable(user, self.model_class).values("pk")
            )
        return queryset

    def search(self, query, *, user, limit=MAX_RESULTS):
        """The best ``limit`` matches: exact code, then prefix, then the rest."""
        condition = words_filter(self.search_fields, query)
        if condition is None:
            return []
        phrase = query.strip()
        ranks = [When(Q(**{f"{self.search_fields[0]}__istartswith": phrase}), then=1)]
        if self.exact_fields:
            exact = Q()
            for field in self.exact_fields:
                exact |= Q(**{f"{field}__iexact": phrase})
            ranks.insert(0, When(exact, then=0))
        queryset = (
            self.filter_for_user(self.get_queryset(), user)
            .filter(condition)
            .annotate(_rank=Case(*ranks, default=2, output_field=IntegerField()))
            .order_by("_rank", *self.model_class._meta.ordering, "pk")
        )
        return list(queryset[:limit])


def country_label(country):
    return f"{country.name} ({country.code})"


def user_label(user):
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


RECOMMENDATIONS = AutocompleteSource(
    name="recommendation",
    model="content_models.Recommendation",
    search_fields=("reference", "title", "text", "cycle__code"),
    exact_fields=("reference",),
    select_related=("cycle",),
)
COUNTRIES = AutocompleteSource(
    name="country",
    model="content_models.Country",
    search_fields=("name", "code", "official_name"),
    exact_fields=("code", "alpha_2"),
    label=country_label,
)
USERS = AutocompleteSource(
    name="user",
    model=settings.AUTH_USER_MODEL,
    search_fields=("username", "first_name", "last_name", "email"),
    exact_fields=("username", "email"),
    label=user_label,
    # Only whoever may edit agencies (and so their members) may list people.
    permission="content_models.change_agency",
)
SOURCES = {source.name: source for source in (RECOMMENDATIONS, COUNTRIES, USERS)}


@require_GET
def autocomplete_view(request, source_name):
    """The matches for ``?q=`` as ``{"results": [{"id": …, "label": …}]}``."""
    source = SOURCES.get(source_name)
    if source is None:
        raise Http404
    if not source.user_can_search(request.user):
        return JsonResponse({"error": "permission denied"}, status=403)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    results = [
        {"id": obj.pk, "label": source.label(obj)}
        for obj in source.search(query, user=request.user)
    ]
    return JsonResponse({"results": results})


urlpatterns = [
    path(
        "hrm-autocomplete/<slug:source_name>/",
        autocomplete_view,
        name=URL_NAME,
    ),
]
