"""The public export: ``/export/<kind>.csv`` (and ``.xlsx``).

Its rows are exactly what the explorer lists for the same query string: the
ids come from the public read model (:func:`schema.reading.matching_ids`,
the engine and filter inputs of the GraphQL API, ``search`` and ``order``
included), the columns from the importers' templates.
"""

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from importers import exporting
from schema import reading

# Seconds a browser or proxy may keep an export: an unpublished object may
# stay visible in a cached copy that long, so keep it short.
MAX_AGE = 60
CHUNK = 1000


def in_order(queryset, ids: list[int]):
    """The objects of ``ids`` in that order, read ``CHUNK`` at a time.

    ``queryset`` (published rows only) is checked again here: the index may be
    a moment older than an unpublication, and a draft must never be exported.
    """
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = queryset.in_bulk(chunk)
        yield from (found[pk] for pk in chunk if pk in found)


@require_GET
def export(request, kind: str, extension: str = "csv"):
    """The template's columns, published content only, in the list's order.

    Query parameters are the GraphQL filter names, repeated or comma-separated,
    plus ``search`` and ``order``:
    ``/export/recommendations.csv?bodies=UPR&issues=equality,children&search=Māori``.
    """
    queryset = exporting.published_queryset(kind)
    try:
        ids = reading.matching_ids(kind, request.GET)
    except reading.BadFilter as error:
        return HttpResponseBadRequest(
            error.message, content_type="text/plain; charset=utf-8"
        )
    rows = exporting.export_rows(kind, in_order(queryset, ids), published=True)
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
