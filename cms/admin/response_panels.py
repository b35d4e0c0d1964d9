"""The dashboard's panels of the response (``cms.admin.response_board``).

- "Recommendations awaiting your response" (anyone whose agency was asked):
  the recommendations the lead agency asked their agency about that are not
  agreed yet, those still awaiting a response first;
- "Response boards" (lead agency managers, administrators): the current
  cycles of the bodies their agency leads, with how many recommendations are
  in each state, each linked to its board.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from content_models.models import ReportingCycle
from workflows import response, roles, scoping
from workflows.models import ResponseRequest

from .response_board import BOARD_URL, RESPOND_URL

MAX_ROWS = 20
STATE_ORDER = {
    response.State.AWAITING: 0,
    response.State.NO_ACTION: 1,
    response.State.PROPOSED: 2,
    response.State.APPROVED: 3,
}


class _Panel(Component):
    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return True

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


class AwaitingResponsePanel(_Panel):
    name = "monitor_awaiting_response"
    template_name = "monitor_admin/dashboard/awaiting_response.html"
    order = 45

    def is_shown(self):
        user = self.request.user
        if not roles.agency_ids(user):
            return False
        self._rows = [
            row
            for row in response.rows_for(response.awaiting_response(user))
            # Agreed, or approved and waiting for Cabinet: nothing to answer.
            if row.state not in (response.State.AGREED, response.State.APPROVED)
        ]
        return bool(self._rows)

    def get_context_data(self, parent_context=None):
        user = self.request.user
        agencies = roles.agency_ids(user)
        asked = {}
        for recommendation_id, when in ResponseRequest.objects.filter(
            agency__in=agencies,
            recommendation_id__in=[row.recommendation.pk for row in self._rows],
        ).values_list("recommendation_id", "requested_at"):
            asked[recommendation_id] = min(asked.get(recommendation_id, when), when)
        rows = sorted(
            self._rows,
            key=lambda row: (STATE_ORDER[row.state], asked[row.recommendation.pk]),
        )
        shown = rows[:MAX_ROWS]
        for row in shown:
            row.asked_on = asked[row.recommendation.pk]
            row.url = reverse(RESPOND_URL, args=[row.recommendation.pk])
        names = sorted(
            {agency.name for row in shown for agency in row.agencies}
            & set(user.agencies.values_list("name", flat=True))
        )
        return {
            "rows": shown,
            "more": len(rows) - len(shown),
            "agencies": ", ".join(names),
        }


class ResponseBoardsPanel(_Panel):
    name = "monitor_response_boards"
    template_name = "monitor_admin/dashboard/response_boards.html"
    order = 55

    def is_shown(self):
        user = self.request.user
        if not (roles.is_lead_agency_manager(user) or roles.is_administrator(user)):
            return False
        self._cycles = list(
            scoping.managed_cycles(user, ReportingCycle.objects.select_related("body"))
            .filter(pk__in=ReportingCycle.objects.current().values("pk"))
            .filter(recommendations__isnull=False)
            .distinct()
            .order_by("code")
        )
        return bool(self._cycles)

    def get_context_data(self, parent_context=None):
        for cycle in self._cycles:
            cycle.state_counts = list(
                response.counts(response.board_rows(cycle)).values()
            )
            cycle.board_url = reverse(BOARD_URL, args=[cycle.pk])
        return {"rows": self._cycles, "states": response.State.choices}


def panels_for(request) -> list[Component]:
    return [AwaitingResponsePanel(request), ResponseBoardsPanel(request)]
