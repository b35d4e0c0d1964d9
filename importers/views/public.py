"""The public export: published content only, filtered like the GraphQL API."""

from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_GET

from content_models.models import Action, Indicator, Recommendation

from .. import exporting
from ..filters import apply_filters, parse_filter_params

# Seconds a browser or proxy may keep an export: an unpublished object may
# stay visible in a cached copy that long, so keep it short.
MAX_AGE = 60


def published_queryset(kind: str):
    """Published objects of ``kind``; an indicator also needs its action published."""
    if kind == "recommendations":
        return Recommendation.objects.live()
    if kind == "actions":
        return Action.objects.live()
    if kind == "indicators":
        return Indicator.objects.live().filter(action__live=True)
    raise Http404


@require_GET
def export(request, kind: str, extension: str = "csv"):
    """``/export/<kind>.csv`` (or ``.xlsx``): the templates' columns, published only.

    Query parameters are the GraphQL filter names, repeated or comma-separated:
    ``/export/recommendations.csv?bodies=UPR&issues=equality,children``.
    """
    queryset = published_queryset(kind)
    try:
        filters = parse_filter_params(kind, request.GET)
        queryset = apply_filters(kind, queryset, filters, published_only=True)
        # Filter values are checked when the query is built: fail before streaming.
        queryset.exists()
    except ValidationError as error:
        return HttpResponseBadRequest(
            " ".join(error.messages), content_type="text/plain; charset=utf-8"
        )
    rows = exporting.export_rows(kind, queryset, published=True)
    if extension == "xlsx":
        response = HttpResponse(
            exporting.xlsx_bytes(rows), content_type=exporting.XLSX_CONTENT_TYPE
        )
    else:
        response = StreamingHttpResponse(
            exporting.csv_stream(rows), content_type=exporting.CSV_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{kind}.{extension}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
