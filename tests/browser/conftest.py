"""Fixtures of the browser tests: Chromium, a live server, a published world.

The live server (pytest-django's ``live_server``) runs in a thread of the test
process on a free port against the test database, and serves static files
through the staticfiles finders, Wagtail's admin assets included. Tests using
it are transactional: what a test writes is committed, so the server sees it.
Each test starts from the database as migrations left it (groups, the
default workflow, Wagtail's root page and collection) thanks to serialized
rollback; see ``_database_left_as_found``.
"""

import datetime
import os
import types

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from content_models.models import (
    AffectedGroup,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    SmartCriterion,
    SustainableDevelopmentGoal,
)
from workflows import roles

from ..factories import (
    ActionFactory,
    AgencyFactory,
    HumanRightsBodyFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    ReportingCycleFactory,
    UserFactory,
)
from .support import CHROMIUM, LAUNCH_ARGS, PASSWORD, Steps, skip_reason


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures know if it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# Browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an asyncio loop in this thread, which
    # makes Django refuse ORM calls from the test body ("async context"). The
    # ORM is only used between browser calls, never concurrently.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop "running", Django's connection handler (thread-critical
    # asgiref.Local) hands this thread new connection objects, which lack the
    # serialized database content that serialized rollback restores from:
    # carry it over, or each test would end by re-running post_migrate and
    # the next one would start without the migrations' data.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def steps(request):
    """Step screenshots, saved under test-artifacts/browser/ if the test fails."""
    return Steps(request.node.nodeid)


@pytest.fixture
def new_context(browser, request, steps):
    """Make browser contexts (separate cookies and caches); artifacts on failure."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-NZ")
        options.setdefault("timezone_id", "Pacific/Auckland")
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        folder = steps.save([page for context in contexts for page in context.pages])
        print(f"\nBrowser artifacts of {request.node.nodeid}: {folder}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, steps):
    """A page in a fresh context, its console recorded."""
    page = new_context().new_page()
    steps.watch(page)
    return page


# Database --------------------------------------------------------------------


@pytest.fixture(scope="session")
def _database_left_as_found(django_db_setup, django_db_blocker):
    """After the last browser test, put back what migrations created.

    A transactional test ends by emptying every table; serialized rollback
    restores the migrations' data at the start of the next such test only. So
    that a database kept with ``--reuse-db`` is complete for the next run, the
    same content is loaded once more at the end of the session.
    """
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with django_db_blocker.unblock():
        if not Group.objects.filter(name=roles.ADMINISTRATORS).exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def server(_database_left_as_found, django_db_serialized_rollback, live_server):
    """The live server's base URL (no trailing slash), on a migrated database."""
    return live_server.url


# A small published world ------------------------------------------------------


def publish(obj):
    """Publish ``obj`` the way Wagtail does: a revision, then publish it."""
    obj.save_revision().publish()
    obj.refresh_from_db()
    return obj


def draft(obj):
    """Keep ``obj`` as a never-published draft with one revision."""
    obj.live = False
    obj.save()
    obj.save_revision()
    return obj


def user(username, role, agencies=(), **extra):
    account = UserFactory(username=username, **extra)
    if role:
        account.groups.add(Group.objects.get(name=role))
    for agency in agencies:
        agency.members.add(account)
    return account


@pytest.fixture
def world(server):
    """Two bodies, three cycles (one past), 25 recommendations, 3 actions, a
    report, drafts that must never show, and one user per role."""
    w = types.SimpleNamespace(url=server)
    w.moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    w.msd = AgencyFactory(code="MSD", name="Ministry of Social Development")
    w.police = AgencyFactory(code="Police", name="New Zealand Police")
    w.tpk = AgencyFactory(code="TPK", name="Te Puni Kōkiri")
    upr = HumanRightsBodyFactory(
        code="UPR",
        name="Universal Periodic Review",
        kind=HumanRightsBody.Kind.UPR,
        lead_agency=w.moj,
    )
    crc = HumanRightsBodyFactory(
        code="CRC", name="Committee on the Rights of the Child", lead_agency=w.msd
    )
    w.upr_2019 = ReportingCycleFactory(
        code="UPR-2019",
        name="Universal Periodic Review 2019",
        body=upr,
        received_on=datetime.date(2019, 1, 21),
    )
    w.upr_2024 = ReportingCycleFactory(
        code="UPR-2024",
        name="Universal Periodic Review 2024",
        body=upr,
        received_on=datetime.date(2024, 1, 22),
    )
    w.crc_2023 = ReportingCycleFactory(
        code="CRC-2023",
        name="Committee on the Rights of the Child 2023",
        body=crc,
        received_on=datetime.date(2023, 2, 24),
    )
    countries = {
        code: Country.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (
            ("FIN", "Finland"),
            ("URY", "Uruguay"),
            ("CAN", "Canada"),
            ("MEX", "Mexico"),
        )
    }
    issues = {
        slug: HumanRightsIssue.objects.get_or_create(slug=slug, name=name)[0]
        for slug, name in (
            ("justice", "Justice"),
            ("family-violence", "Family violence"),
            ("housing", "Housing"),
        )
    }
    groups = {
        slug: AffectedGroup.objects.get_or_create(slug=slug, name=name)[0]
        for slug, name in (("children", "Children"), ("maori", "Māori"))
    }
    sdgs = {
        number: SustainableDevelopmentGoal.objects.get_or_create(
            number=number, defaults={"name": name}
        )[0]
        for number, name in ((5, "Gender equality"), (16, "Peace and justice"))
    }
    smart = {
        letter: SmartCriterion.objects.get_or_create(
            letter=letter, defaults={"name": name, "sort_order": order}
        )[0]
        for order, (letter, name) in enumerate(
            (
                ("S", "Specific"),
                ("M", "Measurable"),
                ("A", "Assignable"),
                ("R", "Relevant"),
                ("T", "Time-bound"),
            )
        )
    }
    w.issues, w.groups, w.smart = issues, groups, smart

    def recommendation(
        cycle,
        reference,
        text,
        *,
        states=(),
        issue=(),
        group=(),
        agencies=(),
        sdg=(),
        live=True,
        **fields,
    ):
        item = RecommendationFactory(
            cycle=cycle, reference=reference, text=text, **fields
        )
        item.recommending_states.set([countries[code] for code in states])
        item.issues.set([issues[slug] for slug in issue])
        item.affected_groups.set([groups[slug] for slug in group])
        item.sdgs.set([sdgs[number] for number in sdg])
        item.responsible_agencies.set(agencies)
        item.save()
        return publish(item) if live else draft(item)

    w.seclusion = recommendation(
        w.upr_2024,
        "122.1",
        "Adopt concrete measures to end the use of seclusion and restraint "
        "in health, disability and police settings.",
        title="Seclusion and restraint",
        states=["URY"],
        issue=["justice"],
        agencies=[w.police],
        upr_response="supported",
        prioritised=True,
    )
    w.family_violence = recommendation(
        w.upr_2024,
        "122.2",
        "Strengthen Te Aorerekura, the national strategy to eliminate family "
        "violence and sexual violence, with whānau-centred services.",
        title="Family violence prevention",
        states=["FIN", "CAN"],
        issue=["family-violence"],
        group=["maori"],
        agencies=[w.moj, w.tpk],
        sdg=[5],
        upr_response="supported",
    )
    w.housing = [
        recommendation(
            w.upr_2024,
            f"122.{number}",
            f"Continue efforts to secure adequate and affordable housing ({number}).",
            states=["MEX"],
            issue=["housing"],
            agencies=[w.msd],
            upr_response="supported" if number % 2 else "noted",
        )
        for number in range(3, 23)
    ]
    w.criminal_age = recommendation(
        w.crc_2023,
        "para 12(a)",
        "Raise the minimum age of criminal responsibility to at least 14 years.",
        title="Age of criminal responsibility",
        group=["children"],
        issue=["justice"],
        agencies=[w.msd],
        follow_up=True,
    )
    w.past = recommendation(
        w.upr_2019,
        "121.5",
        "Ratify the Optional Protocol to the Convention against Torture.",
        title="Optional Protocol",
        states=["FIN"],
        issue=["justice"],
        agencies=[w.moj],
        upr_response="supported",
    )
    w.draft_recommendation = recommendation(
        w.upr_2024,
        "122.99",
        "A draft nobody outside the admin may read.",
        agencies=[w.moj],
        live=False,
    )

    def action(
        reference,
        title,
        recommendations,
        *,
        lead,
        agencies=(),
        issue=(),
        group=(),
        letters="",
        live=True,
        **fields,
    ):
        item = ActionFactory(
            reference=reference, title=title, lead_agency=lead, **fields
        )
        item.recommendations.set(recommendations)
        item.responsible_agencies.set(agencies)
        item.issues.set([issues[slug] for slug in issue])
        item.affected_groups.set([groups[slug] for slug in group])
        item.smart_criteria.set([smart[letter] for letter in letters])
        item.save()
        return publish(item) if live else draft(item)

    w.restraint_action = action(
        "ACT-POL-1",
        "Reduce the use of restraint in police custody",
        [w.seclusion],
        lead=w.police,
        issue=["justice"],
        letters="SMT",
        progress_status="in_progress",
        description="New custody guidelines, training and quarterly reporting.",
        desired_outcome="Restraint is used only as a last resort.",
        target_date=datetime.date(2026, 6, 30),
    )
    w.aorerekura_action = action(
        "ACT-MOJ-1",
        "Te Aorerekura action plan",
        [w.family_violence, w.past],
        lead=w.moj,
        agencies=[w.tpk],
        issue=["family-violence"],
        group=["maori"],
        letters="SMART",
        progress_status="in_preparation",
    )
    w.age_action = action(
        "ACT-MSD-1",
        "Raise the minimum age of criminal responsibility",
        [w.criminal_age],
        lead=w.msd,
        group=["children"],
        letters="SM",
        progress_status="completed",
    )
    w.draft_action = action(
        "ACT-DRAFT-1",
        "An unpublished plan",
        [w.housing[0]],
        lead=w.msd,
        live=False,
    )
    w.indicator = publish(
        IndicatorFactory(
            reference="IND-POL-1-1",
            title="Custody restraint incidents, reported quarterly",
            action=w.restraint_action,
            responsible_agency=w.police,
            report_every_months=3,
            start_date=datetime.date(2024, 7, 1),
            end_date=datetime.date(2026, 6, 30),
        )
    )
    w.report = publish(
        ProgressReportFactory(
            action=w.restraint_action,
            indicator=w.indicator,
            title="Restraint incidents down in the first year",
            body=(
                "<p>Restraint incidents fell by <strong>12%</strong>.</p>"
                "<script>window.reportScriptRan = true</script>"
                '<img src="x" onerror="window.reportScriptRan = true">'
            ),
            proposed_status="in_progress",
        )
    )

    w.admin = user("monitor-admin", roles.ADMINISTRATORS)
    w.moj_manager = user("moj-manager", roles.LEAD_AGENCY_MANAGERS, [w.moj])
    w.msd_manager = user("msd-manager", roles.LEAD_AGENCY_MANAGERS, [w.msd])
    w.police_contributor = user(
        "police-contributor", roles.AGENCY_CONTRIBUTORS, [w.police]
    )
    w.password = PASSWORD
    return w
