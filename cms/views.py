"""The explorer: the public page at ``/``.

The page is a shell; everything it shows comes from the public GraphQL API
(``/graphql/``) and the CSV export (``/export/<kind>.csv``), read by plain ES
modules in ``cms/static/explorer/``. It is the reference consumer of the API,
so it uses nothing a partner's site could not.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

# The explorer's ES modules, imported by main.js with relative specifiers.
EXPLORER_MODULES = (
    "api.js",
    "detail.js",
    "dom.js",
    "feedback.js",
    "filters.js",
    "format.js",
    "lists.js",
    "measures.js",
    "overview.js",
    "parts.js",
    "queries.js",
    "share.js",
    "state.js",
)


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def import_map() -> str:
    """An import map from each module's plain URL to its stored URL.

    In production static files get hashed names (ManifestStaticFilesStorage)
    and are cached for ever; ``import "./api.js"`` inside main.js would still
    load the plain name. The map sends it to the hashed file. In development
    both names are the same and the map changes nothing.
    """
    imports = {}
    for module in EXPLORER_MODULES:
        path = f"explorer/{module}"
        imports[urljoin(settings.STATIC_URL, path)] = static(path)
    # "<" escaped: the map sits inside a <script> element.
    return json.dumps({"imports": imports}).replace("<", "\\u003c")


@require_safe
def explorer(request):
    """Render the explorer shell with the addresses its scripts need."""
    config = {
        "graphqlUrl": _url("schema:graphql"),
        # The recommendations export; the script swaps in "actions".
        "exportUrl": _url("public_export", kind="recommendations", extension="csv"),
        "adminUrl": _url("wagtailadmin_home"),
        # Feedback on recommendation N goes to feedbackUrl + "N/".
        "feedbackUrl": _url("public_feedback", pk=0).removesuffix("0/"),
        # The Atom feed of new progress reports; the script adds the filters.
        "feedUrl": _url("reports_feed"),
    }
    context = {
        "config": config,
        "import_map": import_map(),
        # Fetched at once with the page instead of one after another.
        "modules": [static(f"explorer/{module}") for module in EXPLORER_MODULES],
    }
    return TemplateResponse(request, "explorer/index.html", context)
