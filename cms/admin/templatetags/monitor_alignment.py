"""``{% alignment_suggestions recommendation %}``: the suggestions panel,
for the request's user, anywhere in the admin (edit view, response board)."""

from django import template

from ..alignment import PANEL_LIMIT, suggestions

register = template.Library()


@register.inclusion_tag("monitor_admin/alignment/list.html", takes_context=True)
def alignment_suggestions(context, recommendation, limit=PANEL_LIMIT):
    request = context["request"]
    data = suggestions(recommendation, request.user, limit=limit)
    data["next"] = request.get_full_path()
    data["csrf_token"] = context.get("csrf_token")
    return data
