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
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from content_models.search import parse
from workflows import scoping

from . import views
from .search import AdminSearch

MAX_RESULTS = 20
MAX_QUERY_LENGTH = 200
URL_NAME = "content_models_autocomplete"


@dataclass(frozen=True)
class AutocompleteSource:
    """What one autocomplete searches, how it ranks and labels the results."""

    name: str
    model: str
    #: How to search; by default as the model's admin listing does
    #: (its snippet viewset's ``admin_search``).
    search: AdminSearch | None = None
    #: A query equal to one of these (a code, a reference) ranks first of all;
    #: one starting with the query, the first of them, next.
    exact_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    label: Callable = str
    #: A permission the user needs on top of admin access, e.g. to list users.
    permission: str | None = None

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def admin_search(self) -> AdminSearch:
        return self.search or self.model_class.snippet_viewset.admin_search

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

    def find(self, text, *, user, limit=MAX_RESULTS):
        """The best ``limit`` matches: exact code, then prefix, then the rest
        (best match first where the model has a full-text index)."""
        query = parse(text, prefix=True)
        if not query:
            return []
        search = self.admin_search
        matches = search.narrow(self.filter_for_user(self.get_queryset(), user), query)
        order = []
        if self.exact_fields:
            phrase = text.strip()
            exact = Q()
            for field in self.exact_fields:
                exact |= Q(**{f"{field}__iexact": phrase})
            starts = Q(**{f"{self.exact_fields[0]}__istartswith": phrase})
            matches = matches.annotate(
                _rank=Case(
                    When(exact, then=0),
                    When(starts, then=1),
                    default=2,
                    output_field=IntegerField(),
                )
            )
            order.append("_rank")
        if search.index:
            # Among the other matches, the best first; an exact or prefix
            # match of the code stays in the model's order.
            relevance = search.relevance(query)
            if self.exact_fields:
                relevance = Case(
                    When(_rank__lt=2, then=Value(0.0)),
                    default=relevance,
                    output_field=FloatField(),
                )
            matches = matches.annotate(_relevance=relevance)
            order.append(F("_relevance").desc(nulls_last=True))
        order += [*self.model_class._meta.ordering, "pk"]
        return list(matches.order_by(*order)[:limit])


def country_label(country):
    return f"{country.name} ({country.code})"


def user_label(user):
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


RECOMMENDATIONS = AutocompleteSource(
    name="recommendation",
    model="content_models.Recommendation",
    exact_fields=("reference",),
    select_related=("cycle",),
)
COUNTRIES = AutocompleteSource(
    name="country",
    model="content_models.Country",
    exact_fields=("code", "alpha_2"),
    label=country_label,
)
USERS = AutocompleteSource(
    name="user",
    model=settings.AUTH_USER_MODEL,
    search=AdminSearch(fields=("username", "first_name", "last_name", "email")),
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
        for obj in source.find(query, user=request.user)
    ]
    return JsonResponse({"results": results})


urlpatterns = [
    path(
        "hrm-autocomplete/<slug:source_name>/",
        autocomplete_view,
        name=URL_NAME,
    ),
]
