"""Pieces every list query shares: paging rules, errors, facet values."""

import re

import strawberry
from graphql import GraphQLError

from . import versioning

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

# Default sizes of the lists inside an item, when a query gives no ``limit``.
# Each is above what realistic content has (a recommendation has a handful of
# actions, an action a few indicators), so pages stay complete, and small
# enough that the work budget can multiply them through nested lists.
STATES_LIMIT = 50  # joint UPR recommendations name many States
TERMS_LIMIT = 20  # issues, affected groups, agencies of one item
SDGS_LIMIT = 17  # all of them
SMART_LIMIT = 5  # all of them
ACTIONS_LIMIT = 10  # actions responding to one recommendation
RELATED_LIMIT = 10  # related recommendations of one recommendation
RECOMMENDATIONS_LIMIT = 20  # recommendations one action responds to
INDICATORS_LIMIT = 20  # indicators of one action
REPORTS_LIMIT = 20  # progress reports of one action or indicator, newest first
CYCLES_LIMIT = 20  # reporting cycles of one body, newest first

# Lists of a whole taxonomy (root lists, facets) have no ``limit``; the work
# budget counts them at these sizes: today's tables (11 bodies, 18 agencies,
# 41 issues, 22 groups, 249 countries) with room to grow.
TAXONOMY_SIZES = {
    "bodies": 20,
    "cycles": 100,
    "countries": 250,
    "issues": 60,
    "affected_groups": 40,
    "agencies": 40,
    "sdgs": 17,
    "smart": 5,
}


class PublicError(GraphQLError):
    """An error caused by the request, shown as is even in production."""

    def __init__(self, message: str, *, code: str = "BAD_USER_INPUT"):
        super().__init__(message, extensions={"code": code})


def check_page(offset: int, limit: int) -> None:
    """Refuse a negative offset and a limit outside 0..MAX_LIMIT."""
    if offset < 0:
        raise PublicError("offset must be 0 or more.")
    if limit < 0 or limit > MAX_LIMIT:
        raise PublicError(f"limit must be between 0 and {MAX_LIMIT}.")


def database_id(value) -> int:
    """An ``ID`` argument as a primary key (-1, matching nothing, if it is not
    one)."""
    text = str(value)
    return int(text) if text.isdigit() and len(text) <= 18 else -1


def request_version(info) -> str:
    """The publication version and today's date, read once per HTTP request."""
    return version_for_request(getattr(info.context, "request", None))


def version_for_request(request) -> str:
    """The publication token and today's date (see
    :func:`.versioning.public_version`)."""
    if request is None:
        return versioning.public_version()
    version = getattr(request, "hrm_api_version", None)
    if version is None:
        version = request.hrm_api_version = versioning.public_version()
    return version


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts 122.9 before 122.10 and para 2 before para 10."""
    # A list, not a generator: this runs for every row of an index build.
    return tuple(
        [
            (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in _NUMBER.split(text or "")
            if part
        ]
    )


@strawberry.type(description="One value of a facet and how many items have it.")
class FacetValue:
    code: str = strawberry.field(
        description="The value as the matching filter takes it: a code, slug, "
        "ISO alpha-3 code, enum name or SDG number."
    )
    name: str = strawberry.field(description="Human-readable name.")
    short_name: str | None = strawberry.field(
        description="Short name, where the taxonomy has one."
    )
    count: int = strawberry.field(
        description="Items that have this value and match every other filter "
        "(this facet's own filter is ignored, so a choice can be widened)."
    )


def facet_values(evaluation, name: str, include_empty: bool) -> list[FacetValue]:
    return [
        FacetValue(
            code=label.code,
            name=label.name,
            short_name=label.short_name,
            count=count,
        )
        for label, count in evaluation.counts(name, include_empty=include_empty)
    ]


INCLUDE_EMPTY_DESCRIPTION = (
    "Also list values no matching item has (count 0). Selected values are "
    "always listed."
)
