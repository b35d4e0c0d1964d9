"""Cabinet's gate for imports that publish (``workflows.actions.approval``).

While a reporting cycle is under consideration (no Cabinet decision and some
of its recommendations never published), what the import would publish for
it is kept as drafts instead: the cycle's recommendations never published,
the never-published actions answering one of them and the never-published
indicators of such actions. They then go through approval and *Publish what
was agreed* like content written in the admin. Anything published once is
never held, and a cycle with a decision recorded publishes as before.
"""

from content_models.models import Action, Indicator, Recommendation, ReportingCycle
from workflows.actions.approval import cycles_of, never_published, under_consideration


class Gate:
    """Which planned publications of one import wait for Cabinet."""

    def __init__(self):
        self._considered: dict[int, bool] = {}

    def considered(self, cycle_ids) -> bool:
        """Whether any cycle of ``cycle_ids`` is under consideration."""
        for pk in cycle_ids:
            if pk not in self._considered:
                cycle = ReportingCycle.objects.get(pk=pk)
                self._considered[pk] = under_consideration(cycle)
            if self._considered[pk]:
                return True
        return False

    def holds(self, model, merged: dict, existing) -> bool:
        """Whether publishing the planned object (``merged`` values, its
        ``existing`` state or ``None`` when new) waits for Cabinet."""
        if existing is not None and not never_published(existing.row):
            return False
        if model is Recommendation:
            return self.considered([merged["cycle"]])
        if model is Action:
            ids = merged.get("recommendations") or ()
            return self.considered(
                ReportingCycle.objects.filter(recommendations__pk__in=list(ids))
                .values_list("pk", flat=True)
                .distinct()
            )
        if model is Indicator and merged.get("action"):
            action = Action.objects.filter(pk=merged["action"]).first()
            if action is None:
                return False
            return self.considered(cycle.pk for cycle in cycles_of(action))
        return False


def hold(kind, plans) -> int:
    """Keep as drafts the ``plans`` to publish that wait for Cabinet; returns
    how many."""
    gate = Gate()
    held = 0
    for plan in plans:
        if plan.publish and gate.holds(kind.model, plan.merged, plan.existing):
            plan.publish = False
            held += 1
    return held
