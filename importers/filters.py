"""The public filters, by the names of the GraphQL filter inputs.

``apply_filters("recommendations", queryset, {"bodies": ["UPR"], "sdgs": ["5"]})``
narrows a queryset the way ``RecommendationFilter`` does: values inside one
filter are OR-ed, filters are AND-ed, relations to moderated objects count only
when those are published. The public CSV export uses it; the GraphQL schema can
too (pass the input's values as lists of strings, enum names included).
"""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from content_models.models import (
    Action,
    Indicator,
    ProgressStatus,
    Recommendation,
    ReportingCycle,
)

TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}

FILTERS = {
    "recommendations": (
        "bodies",
        "cycles",
        "recommendingStates",
        "issues",
        "affectedGroups",
        "agencies",
        "uprResponses",
        "sdgs",
        "actionStatuses",
        "hasActions",
        "followUp",
        "currentCycleOnly",
    ),
    "actions": (
        "bodies",
        "cycles",
        "recommendingStates",
        "issues",
        "affectedGroups",
        "agencies",
        "progressStatuses",
        "smart",
        "currentCycleOnly",
    ),
    "indicators": ("actions", "agencies", "kinds", "smart", "progressStatuses"),
}


def parse_filter_params(kind: str, query) -> dict[str, list[str]]:
    """Filters from a query string: repeated parameters or comma lists.

    Raises ``ValidationError`` for a parameter that is not a filter of ``kind``.
    """
    allowed = FILTERS[kind]
    filters = {}
    for name in query:
        if name not in allowed:
            raise ValidationError(
                _("Unknown filter %(name)s; the filters of %(kind)s are: %(allowed)s.")
                % {"name": name, "kind": kind, "allowed": ", ".join(allowed)}
            )
        values = []
        for raw in query.getlist(name):
            values += [value.strip() for value in raw.split(",") if value.strip()]
        filters[name] = values
    return filters


def apply_filters(kind: str, queryset, filters: dict, *, published_only: bool = True):
    """``queryset`` narrowed by ``filters`` (see the module docstring)."""
    function = {
        "recommendations": filter_recommendations,
        "actions": filter_actions,
        "indicators": filter_indicators,
    }[kind]
    return function(queryset, filters, published_only=published_only)


def _any(lookup: str, values) -> Q:
    return reduce(or_, (Q(**{lookup: value}) for value in values))


def _boolean(name: str, values) -> bool:
    value = (values[-1] if values else "").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError(
        _("%(name)s takes true or false, not %(value)s.")
        % {"name": name, "value": value}
    )


def _enum(name: str, values, choices) -> list[str]:
    members = {}
    for member in choices:
        members[member.name.lower()] = member.value
        members[str(member.value).lower()] = member.value
    try:
        return [members[value.lower()] for value in values]
    except KeyError as error:
        raise ValidationError(
            _("%(name)s: %(value)s is not one of %(options)s.")
            % {
                "name": name,
                "value": error.args[0],
                "options": ", ".join(member.name for member in choices),
            }
        ) from None


def _numbers(name: str, values) -> list[int]:
    try:
        return [int(value) for value in values]
    except ValueError:
        raise ValidationError(_("%(name)s takes numbers.") % {"name": name}) from None


def _related(model, queryset, condition: Q):
    """Objects with a related row matching ``condition``, without duplicates."""
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def filter_recommendations(queryset, filters, *, published_only=True):
    actions = Action.objects.live() if published_only else Action.objects.all()
    for name, values in filters.items():
        if not values:
            continue
        if name == "bodies":
            queryset = queryset.filter(_any("cycle__body__code__iexact", values))
        elif name == "cycles":
            queryset = queryset.filter(_any("cycle__code__iexact", values))
        elif name == "recommendingStates":
            queryset = _related(
                Recommendation,
                queryset,
                _any("recommending_states__code__iexact", values),
            )
        elif name == "issues":
            queryset = _related(
                Recommendation, queryset, _any("issues__slug__iexact", values)
            )
        elif name == "affectedGroups":
            queryset = _related(
                Recommendation, queryset, _any("affected_groups__slug__iexact", values)
            )
        elif name == "agencies":
            queryset = _related(
                Recommendation,
                queryset,
                _any("responsible_agencies__code__iexact", values),
            )
        elif name == "uprResponses":
            choices = Recommendation.UprResponse
            queryset = queryset.filter(upr_response__in=_enum(name, values, choices))
        elif name == "sdgs":
            queryset = _related(
                Recommendation, queryset, Q(sdgs__number__in=_numbers(name, values))
            )
        elif name == "actionStatuses":
            statuses = _enum(name, values, ProgressStatus)
            queryset = queryset.filter(
                Exists(
                    actions.filter(
                        recommendations=OuterRef("pk"), progress_status__in=statuses
                    )
                )
            )
        elif name == "hasActions":
            has = Exists(actions.filter(recommendations=OuterRef("pk")))
            queryset = queryset.filter(has if _boolean(name, values) else ~has)
        elif name == "followUp":
            queryset = queryset.filter(follow_up=_boolean(name, values))
        elif name == "currentCycleOnly" and _boolean(name, values):
            queryset = queryset.filter(cycle__in=ReportingCycle.objects.current())
    return queryset


def filter_actions(queryset, filters, *, published_only=True):
    recommendations = (
        Recommendation.objects.live()
        if published_only
        else Recommendation.objects.all()
    )

    def through_recommendations(condition):
        return queryset.filter(
            Exists(recommendations.filter(condition, actions=OuterRef("pk")))
        )

    for name, values in filters.items():
        if not values:
            continue
        if name == "bodies":
            queryset = through_recommendations(
                _any("cycle__body__code__iexact", values)
            )
        elif name == "cycles":
            queryset = through_recommendations(_any("cycle__code__iexact", values))
        elif name == "recommendingStates":
            queryset = through_recommendations(
                _any("recommending_states__code__iexact", values)
            )
        elif name == "currentCycleOnly" and _boolean(name, values):
            queryset = through_recommendations(
                Q(cycle__in=ReportingCycle.objects.current())
            )
        elif name == "issues":
            queryset = _related(Action, queryset, _any("issues__slug__iexact", values))
        elif name == "affectedGroups":
            queryset = _related(
                Action, queryset, _any("affected_groups__slug__iexact", values)
            )
        elif name == "agencies":
            queryset = _related(
                Action,
                queryset,
                _any("lead_agency__code__iexact", values)
                | _any("responsible_agencies__code__iexact", values),
            )
        elif name == "progressStatuses":
            queryset = queryset.filter(
                progress_status__in=_enum(name, values, ProgressStatus)
            )
        elif name == "smart":
            queryset = _all_letters(Action, queryset, name, values)
    return queryset


def filter_indicators(queryset, filters, *, published_only=True):
    for name, values in filters.items():
        if not values:
            continue
        if name == "actions":
            queryset = queryset.filter(_any("action__reference__iexact", values))
        elif name == "agencies":
            queryset = queryset.filter(_any("responsible_agency__code__iexact", values))
        elif name == "kinds":
            queryset = queryset.filter(kind__in=_enum(name, values, Indicator.Kind))
        elif name == "progressStatuses":
            queryset = queryset.filter(
                action__progress_status__in=_enum(name, values, ProgressStatus)
            )
        elif name == "smart":
            queryset = _all_letters(Indicator, queryset, name, values)
    return queryset


def _all_letters(model, queryset, name, values):
    """Objects meeting every SMART letter asked for (``smart: [S, M]``)."""
    letters = []
    for value in values:
        letters += list(value.upper()) if value.isalpha() else [value.upper()]
    wrong = [letter for letter in letters if letter not in "SMART"]
    if wrong:
        raise ValidationError(
            _("%(name)s takes the letters S, M, A, R, T.") % {"name": name}
        )
    for letter in dict.fromkeys(letters):
        queryset = _related(model, queryset, Q(smart_criteria__letter=letter))
    return queryset
