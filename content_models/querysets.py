"""Reusable filters for the Monitor's models (admin, API, reminders, importers)."""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery


class ReportingCycleQuerySet(models.QuerySet):
    def current(self):
        """The latest cycle of each body (by ``received_on``, then newest row)."""
        latest = (
            self.model._default_manager.filter(body_id=OuterRef("body_id"))
            .order_by(F("received_on").desc(nulls_last=True), "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest))

    def follow_up_due_between(self, start: datetime.date, end: datetime.date):
        """Cycles whose follow-up report is due from ``start`` to ``end``
        (``ReportingCycle.follow_up_due_date``: the date set, or
        ``follow_up_months`` after the date received).

        A computed date counts only for a cycle with a published follow-up
        recommendation: a cycle without one (a UPR cycle, or a committee that
        asked for none) owes no one-year update. The dashboard's and the
        reminders' one rule.
        """
        from .models import Recommendation

        computed = self.filter(
            Exists(
                Recommendation.objects.live().follow_up().filter(cycle=OuterRef("pk"))
            ),
            follow_up_due_on__isnull=True,
            received_on__isnull=False,
            received_on__lte=end,
        ).only("pk", "received_on", "follow_up_due_on", "follow_up_months")
        due = [
            cycle.pk for cycle in computed if start <= cycle.follow_up_due_date <= end
        ]
        return self.filter(
            models.Q(follow_up_due_on__gte=start, follow_up_due_on__lte=end)
            | models.Q(pk__in=due)
        )


class ContentQuerySet(models.QuerySet):
    """Filters every moderated content model shares."""

    def live(self):
        """Published objects: the only rows the public may see."""
        return self.filter(live=True)

    def drafts(self):
        return self.filter(live=False)

    def with_unpublished_changes(self):
        return self.filter(has_unpublished_changes=True)


class RecommendationQuerySet(ContentQuerySet):
    def current(self):
        """Recommendations of the latest cycle of each body."""
        from .models import ReportingCycle

        return self.filter(cycle__in=ReportingCycle.objects.current())

    def follow_up(self):
        return self.filter(follow_up=True)

    def without_live_action(self):
        """No published action addresses them (candidates for a revisit)."""
        from .models import Action

        return self.exclude(
            Exists(Action.objects.live().filter(recommendations=OuterRef("pk")))
        )


class ActionQuerySet(ContentQuerySet):
    def current(self):
        """Actions that address a recommendation of a current cycle."""
        from .models import Recommendation

        return self.filter(
            Exists(Recommendation.objects.current().filter(actions=OuterRef("pk")))
        )

    def without_scheduled_due_dates(self):
        """Actions whose live indicators give no due date.

        These owe a progress report every 12 months instead
        (see ``Action.annual_due_date``).
        """
        from .models import DueDate

        return self.exclude(
            Exists(
                DueDate.objects.filter(
                    action=OuterRef("pk"),
                    indicator__isnull=False,
                    indicator__live=True,
                )
            )
        )


class IndicatorQuerySet(ContentQuerySet):
    """Indicators have only the shared filters (``live``, ``drafts``…)."""


class ProgressReportQuerySet(ContentQuerySet):
    def publishing_documents(self):
        """Reports whose document the public may download: published, on a
        published action, with the document marked public. The row is the
        published content, so a document only in a draft revision, or one a
        newer published revision replaced, is not among them."""
        return self.filter(
            live=True,
            action__live=True,
            document_public=True,
            document__isnull=False,
        )

    def publishing_values(self):
        """Reports whose measured value the public reads: published, on a
        published action, recording a value (the row's, i.e. the published
        one), with the due date that dates it; oldest publication first."""
        return (
            self.filter(live=True, action__live=True, measured_value__isnull=False)
            .select_related("due_date")
            .order_by("first_published_at", "pk")
        )


class DueDateQuerySet(models.QuerySet):
    def open(self):
        """Due dates no published progress report answers yet."""
        from .models import ProgressReport

        return self.exclude(
            Exists(ProgressReport.objects.live().filter(due_date=OuterRef("pk")))
        )

    def due(self, *, on: datetime.date):
        """Open due dates on or before ``on``."""
        return self.open().filter(date__lte=on)

    def owed(self):
        """Open due dates that still matter: of live, unfinished actions, and
        of live indicators (or the action's own 12-month fallback).

        The one rule of the reminders, the dashboard and the public "report
        overdue" marker.
        """
        from .models import ProgressStatus

        return (
            self.open()
            .filter(action__live=True)
            .exclude(action__progress_status=ProgressStatus.COMPLETED)
            .filter(models.Q(indicator__isnull=True) | models.Q(indicator__live=True))
        )

    def overdue(self, *, today: datetime.date):
        """Owed due dates before ``today``: a report due on 1 July is overdue
        from 2 July (New Zealand time; the caller says which day it is)."""
        return self.owed().filter(date__lt=today)
