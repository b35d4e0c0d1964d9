"""The public read model for readers other than GraphQL (the CSV export).

``matching_ids("actions", request.GET)`` gives the ids of the published
actions that the same query string would list in the explorer, in the list's
order: the same filter input, the same codes, the same search and order as the
GraphQL ``actions`` field, read from query-string parameters with the GraphQL
names (``bodies=UPR,CAT&smart=S&search=housing&order=NEWEST``).
"""

from . import versioning
from .actions.queries import ACTIONS
from .filtering import BadFilter
from .indicators.queries import INDICATORS
from .recommendations.queries import RECOMMENDATIONS
from .reports.queries import PROGRESS_REPORTS

__all__ = ["EXPORTABLE", "READABLE", "BadFilter", "matching_ids"]

# The lists a reader outside GraphQL may ask for, by name.
EXPORTABLE = {
    public_list.name: public_list
    for public_list in (RECOMMENDATIONS, ACTIONS, INDICATORS)
}
# Every list readable outside GraphQL: the exportable ones and the progress
# reports of the Atom feed (/feeds/reports.xml).
READABLE = {**EXPORTABLE, PROGRESS_REPORTS.name: PROGRESS_REPORTS}


def matching_ids(kind: str, params, *, version: str | None = None) -> list[int]:
    """Ids of every published row of list ``kind`` that ``params`` (a
    ``QueryDict``) asks for, in the list's order.

    Raises :class:`BadFilter` (its message says what is wrong) for an unknown
    parameter, code, order or a malformed value; ``KeyError`` for a ``kind``
    that is not in :data:`READABLE`.
    """
    public_list = READABLE[kind]
    filter, search, order = public_list.parse_query(params)
    found = public_list.find(
        version=version or versioning.public_version(),
        filter=filter,
        search=search,
        order=order,
    )
    return found.all_ids()
