"""Which reporting cycles are current, computed once per publication version."""

from content_models.models import ReportingCycle

from ..common import request_version
from ..facets import get_index


def current_cycle_ids(info) -> frozenset[int]:
    return get_index(
        "current-cycles",
        request_version(info),
        lambda: frozenset(
            ReportingCycle.objects.current().values_list("pk", flat=True)
        ),
    )
