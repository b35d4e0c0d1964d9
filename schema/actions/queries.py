"""Root fields: the action list with facets, and one action."""

import strawberry

from content_models.models import Action

from ..enums import ActionOrder
from ..lists import PublicList, by_reference
from . import index
from .filters import ActionFilter
from .types import ActionType

ACTIONS = PublicList(
    "actions",
    model=Action,
    index=index,
    filter=ActionFilter,
    item=ActionType,
    order=ActionOrder,
    description="Published actions: filter, search, order, page and facet "
    "counts in one request.",
    facets={
        "bodies": "Bodies of the recommendations responded to.",
        "cycles": "Cycles of the recommendations responded to.",
        "issues": "Human-rights issues.",
        "affected_groups": "Affected groups.",
        "agencies": "Lead and responsible agencies.",
        "progress_statuses": "Progress statuses.",
        "smart": "SMART letters met (counted without the `smart` filter).",
    },
)


@strawberry.type
class ActionQuery:
    actions = ACTIONS.field
    action = by_reference(
        Action,
        ActionType,
        "One published action, by id or reference; null when there is none.",
    )
