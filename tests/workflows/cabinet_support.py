"""A cycle's response on its way to Cabinet, shared by the Cabinet tests.

UPR-2024 (MoJ leads the UPR), received 1 March 2026, has four
recommendations, each in a different state of the response:

- 122.1 (Police; Justice; prioritised) answered by ACT-POL-1, published,
  work already underway;
- 122.2 (MSD and Police; Equality and Justice), a draft the lead agency
  imported, answered by ACT-NEW-1, a new action MSD's contributor proposed
  and submitted for approval;
- 122.3 (no agency, no issue), published, with a draft of the lead agency
  that says why no action is proposed;
- 122.4 (MSD; Equality), a draft with no response yet and no revision
  (nobody has approved anything of it).

CRC-2023 (MSD leads) keeps its own recommendation and action, which no UPR
annex may show.
"""

import datetime

from content_models.models import Action, Recommendation
from workflows.actions import submit_for_approval

from ..factories import HumanRightsIssueFactory, RecommendationFactory

REASON = "Already met by the Human Rights Act 1993."


def build_response(world):
    cycle = world.upr_recommendation.cycle
    cycle.received_on = datetime.date(2026, 3, 1)
    cycle.name = "Universal Periodic Review, fourth cycle"
    cycle.save()
    equality = HumanRightsIssueFactory(slug="equality", name="Equality")
    justice = HumanRightsIssueFactory(slug="justice", name="Justice")

    first = world.upr_recommendation
    first.text = "Reduce the remand population."
    first.prioritised = True
    first.issues.set([justice])
    first.save()
    Action.objects.filter(pk=world.police_action.pk).update(
        title="Bail support programme", pre_existing=True
    )

    second = RecommendationFactory(
        cycle=cycle, reference="122.2", text="End child poverty.", live=False
    )
    second.responsible_agencies.set([world.msd, world.police])
    second.issues.set([equality, justice])
    second.save()
    second.save_revision(user=world.moj_manager)  # imported by the lead agency
    proposal = Action(
        reference="ACT-NEW-1",
        title="Child poverty reduction plan",
        lead_agency=world.msd,
        live=False,
    )
    proposal.save()
    proposal.recommendations.set([second])
    proposal.save()
    proposal.save_revision(user=world.msd_contributor)
    submit_for_approval(obj=proposal, user=world.msd_contributor)

    third = RecommendationFactory(
        cycle=cycle, reference="122.3", text="Ratify the Optional Protocol."
    )
    draft = third.get_latest_revision_as_object()
    draft.no_action_reason = REASON
    draft.save_revision(user=world.moj_manager)

    fourth = RecommendationFactory(
        cycle=cycle, reference="122.4", text="Review benefit levels.", live=False
    )
    fourth.responsible_agencies.set([world.msd])
    fourth.issues.set([equality])
    fourth.save()
    return {
        "cycle": cycle,
        "recommendations": [
            Recommendation.objects.get(pk=item.pk)
            for item in (first, second, third, fourth)
        ],
        "proposal": Action.objects.get(pk=proposal.pk),
    }
