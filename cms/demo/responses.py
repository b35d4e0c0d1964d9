"""The steps before publication, written through the response's actions.

The cycle under consideration (``consideration.py``): the lead agency's
manager imports its recommendations as drafts and asks the agencies
(``workflows.actions.ask_agencies``, through an e-mail connection that
delivers nothing: seeding sends no e-mail); the agencies' contributors
propose a new action, an existing one or no action
(``workflows.actions.propose_*``), each sent for approval and none approved.
Then a few pieces of civil-society feedback on published recommendations
(``workflows.actions.receive_feedback``, ``mark_feedback``).

Idempotent: recommendations are found by natural key; the agencies are asked
once per cycle; a recommendation that is no longer awaiting its agency is not
answered again; feedback is found by recommendation and text.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection

from content_models.models import Action, Recommendation, ReportingCycle
from workflows import actions
from workflows.models import Feedback, ResponseRequest
from workflows.response import State, board_rows

from .common import SeedSummary, Taxonomy
from .consideration import (
    EXISTING_ACTION,
    NEW_ACTION,
    NO_ACTION,
    PROPOSALS,
    asked_on,
    consideration_cycle,
    recommendation_fields,
)
from .dates import DemoDates
from .people import contributor_username, manager_username

# Delivers nothing: the demo's requests are recorded, never sent.
SILENT_EMAIL = "django.core.mail.backends.dummy.EmailBackend"

# (cycle, reference, text, name, organisation, e-mail, consent, status)
FEEDBACK = (
    ("UPR-2024", "122.16",
     "Tenants' groups support this recommendation. Please involve renters and "
     "people who have been homeless in designing the response, not only in "
     "consultation at the end.",
     "Aroha Ngata", "Tenants Advocacy Network", "aroha@example.org.nz", True,
     Feedback.Status.SHARED),
    ("UPR-2024", "122.50",
     "Please fix the potholes on State Highway 1 north of Whangārei.",
     "", "", "", False, Feedback.Status.NOT_RELEVANT),
    ("CAT-2023", "para 8(c)",
     "We visit people in prison every week. Segregation is still used for "
     "weeks at a time; the published figures should include remand prisoners.",
     "Sam Taylor", "Prison Visitors Network", "sam.taylor@example.org.nz", True,
     Feedback.Status.NEW),
    ("UPR-2024", "122.12",
     "The actions listed do not reach rural communities: services in Northland "
     "have waiting lists of several months.",
     "J. Smith", "", "", False, Feedback.Status.NEW),
)  # fmt: skip


def _user(username):
    return get_user_model().objects.get(username=username)


def _import(cycle, dates, manager, taxonomy: Taxonomy, summary) -> dict:
    """The cycle's recommendations as the lead agency's drafts, never published."""
    existing = {
        rec.reference: rec for rec in Recommendation.objects.filter(cycle=cycle)
    }
    created = 0
    for proposal in PROPOSALS:
        if proposal.reference in existing:
            continue
        rec = Recommendation(
            cycle=cycle, **recommendation_fields(proposal, dates), live=False
        )
        rec.issues.set([taxonomy.issues[name] for name in proposal.issues])
        rec.affected_groups.set([taxonomy.groups[name] for name in proposal.groups])
        rec.sdgs.set([taxonomy.sdgs[number] for number in proposal.sdgs])
        rec.responsible_agencies.set(
            [taxonomy.agencies[code] for code in proposal.agencies]
        )
        rec.full_clean()
        rec.save()
        rec.save_revision(user=manager, log_action="wagtail.create")
        existing[proposal.reference] = rec
        created += 1
    summary.add(
        "recommendations under consideration",
        created=created,
        existing=len(PROPOSALS) - created,
    )
    return existing


def _ask(cycle, dates, manager, summary) -> None:
    """Ask the agencies once, on the day the lead agency did."""
    requests = ResponseRequest.objects.filter(recommendation__cycle=cycle)
    if requests.exists():
        summary.add("response requests", existing=requests.count())
        return
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = datetime.datetime.combine(asked_on(dates), datetime.time(10), tzinfo=zone)
    actions.ask_agencies(
        cycle=cycle, user=manager, now=now, connection=get_connection(SILENT_EMAIL)
    )
    summary.add("response requests", created=requests.count())


def _respond(cycle, recommendations, taxonomy: Taxonomy, summary) -> None:
    """Each answer given so far, by a contributor of the answering agency."""
    states = {row.recommendation.pk: row.state for row in board_rows(cycle)}
    created = existing = 0
    for proposal in PROPOSALS:
        response = proposal.response
        if response.kind not in (NEW_ACTION, EXISTING_ACTION, NO_ACTION):
            continue
        rec = recommendations[proposal.reference]
        if states[rec.pk] != State.AWAITING:
            existing += 1
            continue
        user = _user(contributor_username(taxonomy.agencies[response.agency]))
        if response.kind == NEW_ACTION:
            actions.propose_new_action(
                recommendation=rec,
                user=user,
                title=response.title,
                description=response.text,
            )
        elif response.kind == EXISTING_ACTION:
            actions.propose_existing_action(
                recommendation=rec,
                action=Action.objects.get(reference=response.action),
                user=user,
            )
        else:
            actions.propose_no_action(
                recommendation=rec, user=user, reason=response.text
            )
        created += 1
    summary.add("responses proposed", created=created, existing=existing)


def seed_consideration(day: datetime.date, taxonomy: Taxonomy, summary) -> None:
    """The cycle under consideration: imported, asked, partly answered."""
    dates = DemoDates(day)
    spec = consideration_cycle(dates)
    cycle = ReportingCycle.objects.get(code=spec.code)
    manager = _user(manager_username(cycle.body.lead_agency))
    recommendations = _import(cycle, dates, manager, taxonomy, summary)
    _ask(cycle, dates, manager, summary)
    _respond(cycle, recommendations, taxonomy, summary)


def seed_feedback(summary: SeedSummary) -> None:
    """Feedback from the public, marked by the lead agency's manager."""
    created = 0
    for cycle, reference, text, name, organisation, email, consent, status in FEEDBACK:
        rec = Recommendation.objects.get(cycle__code=cycle, reference=reference)
        if Feedback.objects.filter(recommendation=rec, text=text).exists():
            continue
        feedback = actions.receive_feedback(
            recommendation=rec,
            text=text,
            name=name,
            organisation=organisation,
            email=email,
            consent_to_share=consent,
        )
        if status != Feedback.Status.NEW:
            manager = _user(manager_username(rec.cycle.body.lead_agency))
            actions.mark_feedback(feedback=feedback, user=manager, status=status)
        created += 1
    summary.add("feedback", created=created, existing=len(FEEDBACK) - created)
