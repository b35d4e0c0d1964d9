"""Content for the reports for the UN, on top of the Cabinet tests' response.

UPR-2024 (``cabinet_support.build_response``, received 1 March 2026):

- 122.1, published: supported, "Work is underway through the bail support
  programme." (8 words), recommended by Australia and Canada; ACT-POL-1
  (Police) in progress, with a report published on 1 January 2026 (before
  the period) and one on 1 June 2026;
- 122.2, a draft the lead agency approved: supported in part, "Child
  poverty targets are set in law." (7 words), answered by ACT-NEW-1 (a
  draft awaiting approval, in preparation);
- 122.3, published as noted, "Under consideration." (2 words); the lead
  agency's draft says "Under consideration by the Government." (5 words)
  and why no action is proposed;
- 122.4, a draft nobody approved: in no report.

CRC-2023 (MSD leads; received 1 February 2025, follow-up after 18 months):
follow-up recommendations para 12 (published, graded B, answered by
ACT-MSD-1 with two published reports and a draft one) and para 14
(published, no action proposed, with the reason); para 15 (published, not a
follow-up); para 16 (a follow-up in an approved draft, no reason yet).
"""

import datetime

from content_models.models import (
    Country,
    ProgressReport,
    ProgressStatus,
    Recommendation,
)

from ..factories import ProgressReportFactory, RecommendationFactory
from .cabinet_support import build_response

UTC = datetime.UTC


def published_report(action, title, body, when):
    report = ProgressReportFactory(action=action, title=title, body=body)
    report.save_revision().publish()
    ProgressReport.objects.filter(pk=report.pk).update(
        first_published_at=when, last_published_at=when
    )
    return report


def build_un_content(world):
    response = build_response(world)
    first, second, third, _fourth = response["recommendations"]
    australia = Country.objects.create(code="AUS", name="Australia")
    canada = Country.objects.create(code="CAN", name="Canada")

    Recommendation.objects.filter(pk=first.pk).update(
        upr_response="supported",
        response_comment="Work is underway through the bail support programme.",
    )
    first.refresh_from_db()
    first.recommending_states.set([australia, canada])
    first.save()
    police_action = world.police_action
    type(police_action).objects.filter(pk=police_action.pk).update(
        progress_status=ProgressStatus.IN_PROGRESS
    )
    published_report(
        police_action,
        "Earlier report",
        "<p>Planning began.</p>",
        datetime.datetime(2026, 1, 1, tzinfo=UTC),
    )
    published_report(
        police_action,
        "Bail support evaluation",
        "<p>Remand fell by 5%.</p>",
        datetime.datetime(2026, 6, 1, tzinfo=UTC),
    )

    draft = second.get_latest_revision_as_object()
    draft.upr_response = "supported_in_part"
    draft.response_comment = "Child poverty targets are set in law."
    draft.save_revision(user=world.moj_manager)

    Recommendation.objects.filter(pk=third.pk).update(
        upr_response="noted", response_comment="Under consideration."
    )
    draft = third.get_latest_revision_as_object()
    draft.upr_response = "noted"
    draft.response_comment = "Under consideration by the Government."
    draft.save_revision(user=world.moj_manager)

    crc = world.crc_recommendation.cycle
    crc.name = "Committee on the Rights of the Child, 2023"
    crc.received_on = datetime.date(2025, 2, 1)
    crc.follow_up_months = 18
    crc.save()
    para_12 = world.crc_recommendation
    Recommendation.objects.filter(pk=para_12.pk).update(
        text="Reduce child poverty.", follow_up=True, follow_up_grade="B"
    )
    msd_action = world.msd_action
    type(msd_action).objects.filter(pk=msd_action.pk).update(
        title="Family income support", progress_status=ProgressStatus.COMPLETED
    )
    published_report(
        msd_action,
        "Q1 update",
        "<p>Enrolments rose by 10%.</p>",
        datetime.datetime(2026, 3, 1, tzinfo=UTC),
    )
    published_report(
        msd_action,
        "Q2 update",
        "<p>The pilot reached 200 families &amp; their children.</p>",
        datetime.datetime(2026, 6, 1, tzinfo=UTC),
    )
    ProgressReportFactory(action=msd_action, title="Q3 draft", live=False)
    RecommendationFactory(
        cycle=crc,
        reference="para 14",
        text="Ratify the communications procedure.",
        follow_up=True,
        no_action_reason="Under review by the Ministry.",
    )
    RecommendationFactory(cycle=crc, reference="para 15", text="Not a follow-up.")
    para_16 = RecommendationFactory(
        cycle=crc,
        reference="para 16",
        text="Raise the age of criminal responsibility.",
        follow_up=True,
        live=False,
    )
    para_16.save_revision(user=world.msd_manager)
    response["crc"] = crc
    return response


# What the reports read back, shared by test_un_report and test_un_report_admin.
DRAFT_NOTE = (
    "Normal",
    "This draft includes content the lead agency has approved but not yet "
    "published: each such item is marked (draft).",
)
UPR_ROW_1 = [
    "122.1",
    "Reduce the remand population.",
    "Australia; Canada",
    "Supported",
    "Work is underway through the bail support programme.",
]
