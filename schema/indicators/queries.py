"""Root fields: the indicator list with facets, and one indicator."""

import strawberry

from content_models.models import Indicator

from ..enums import IndicatorOrder
from ..lists import PublicList, by_reference
from . import index
from .filters import IndicatorFilter
from .types import IndicatorType

INDICATORS = PublicList(
    "indicators",
    model=Indicator,
    index=index,
    filter=IndicatorFilter,
    item=IndicatorType,
    order=IndicatorOrder,
    description="Published indicators of published actions.",
    facets={
        "agencies": "Responsible agencies.",
        "kinds": "Kinds.",
        "smart": "SMART letters (counted without `smart`).",
    },
)


@strawberry.type
class IndicatorQuery:
    indicators = INDICATORS.field
    indicator = by_reference(
        Indicator,
        IndicatorType,
        "One published indicator, by id or reference; null when there is none.",
    )
