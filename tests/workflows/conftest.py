"""A small world: two bodies led by two agencies, and one user per role."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model

from content_models.models import HumanRightsBody, ProgressReport
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
from ..shared_data import refetch, shares


def make_user(username, role=None, agencies=(), **extra):
    user = UserFactory(username=username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for agency in agencies:
        agency.members.add(user)
    return user


class World:
    """Agencies, bodies, their content and one user per role (attributes)."""

    def refetched(self):
        """The same world as fresh instances from the database."""
        fresh = World()
        for name, obj in vars(self).items():
            setattr(fresh, name, refetch(obj))
        return fresh


def build_world():
    moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    msd = AgencyFactory(code="MSD", name="Ministry of Social Development")
    police = AgencyFactory(code="Police", name="New Zealand Police")
    upr = HumanRightsBodyFactory(
        code="UPR",
        name="Universal Periodic Review",
        kind=HumanRightsBody.Kind.UPR,
        lead_agency=moj,
    )
    crc = HumanRightsBodyFactory(
        code="CRC", name="Committee on the Rights of the Child", lead_agency=msd
    )
    upr_cycle = ReportingCycleFactory(code="UPR-2024", body=upr)
    crc_cycle = ReportingCycleFactory(code="CRC-2023", body=crc)

    upr_recommendation = RecommendationFactory(cycle=upr_cycle, reference="122.1")
    upr_recommendation.responsible_agencies.set([police])
    upr_recommendation.save()  # parental relations are written on save
    crc_recommendation = RecommendationFactory(cycle=crc_cycle, reference="para 12")
    crc_recommendation.responsible_agencies.set([msd])
    crc_recommendation.save()  # parental relations are written on save

    police_action = ActionFactory(reference="ACT-POL-1", lead_agency=police)
    police_action.recommendations.set([upr_recommendation])
    police_action.save()  # parental relations are written on save
    msd_action = ActionFactory(reference="ACT-MSD-1", lead_agency=msd)
    msd_action.recommendations.set([crc_recommendation])
    msd_action.save()  # parental relations are written on save

    w = World()
    w.moj, w.msd, w.police = moj, msd, police
    w.upr, w.crc = upr, crc
    w.upr_recommendation, w.crc_recommendation = upr_recommendation, crc_recommendation
    w.police_action, w.msd_action = police_action, msd_action
    w.admin = make_user("admin", roles.ADMINISTRATORS)
    w.superuser = make_user("root", is_superuser=True, is_staff=True)
    w.moj_manager = make_user(
        "moj-manager",
        roles.LEAD_AGENCY_MANAGERS,
        [moj],
        email="moj.manager@example.govt.nz",
    )
    w.msd_manager = make_user(
        "msd-manager",
        roles.LEAD_AGENCY_MANAGERS,
        [msd],
        email="msd.manager@example.govt.nz",
    )
    w.police_contributor = make_user(
        "police-contributor", roles.AGENCY_CONTRIBUTORS, [police]
    )
    w.msd_contributor = make_user("msd-contributor", roles.AGENCY_CONTRIBUTORS, [msd])
    return w


def build_items(world):
    """A published indicator and report of the Police action, everything of
    that chain published."""
    indicator = IndicatorFactory(
        action=world.police_action, responsible_agency=world.police, reference="IND-1"
    )
    report = ProgressReportFactory(action=world.police_action, title="First report")
    for obj in (world.upr_recommendation, world.police_action, indicator, report):
        obj.save_revision().publish()
    return {
        "recommendation": world.upr_recommendation,
        "action": world.police_action,
        "indicator": indicator,
        "progressreport": report,
    }


@pytest.fixture(scope="module")
def shared_world(request):
    """The world and its items, built once for a module whose every test uses
    them (see ``tests.shared_data``); ``None`` where tests build their own."""
    if not shares(request, "world"):
        return None, None
    module_db = request.getfixturevalue("module_db")
    with module_db.unblock():
        world = build_world()
        items = build_items(world) if shares(request, "items") else None
    return world, items


@pytest.fixture
def world(db, shared_world):
    shared = shared_world[0]
    return build_world() if shared is None else shared.refetched()


@pytest.fixture
def items(world, shared_world):
    shared = shared_world[1]
    if shared is None:
        return build_items(world)
    # The recommendation and the action are the world's own instances.
    by_pk = {
        (type(obj), obj.pk): obj
        for obj in (world.upr_recommendation, world.police_action)
    }
    return {
        key: by_pk.get((type(obj), obj.pk)) or refetch(obj)
        for key, obj in shared.items()
    }


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_document(agency, title, content=None, **extra):
    """A PDF in ``agency``'s collection."""
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content or f"{title} bytes".encode(), f"{slugify(title)}.pdf"),
        collection=agency.document_collection,
        **extra,
    )


@pytest.fixture
def documents(world, items, media):
    """Police's and MSD's documents, each attached to a draft of a report of
    theirs (a published report's file takes the right to publish it: see
    ``published_documents``)."""
    police_report = items["progressreport"]
    msd_report = ProgressReportFactory(action=world.msd_action, title="MSD report")
    result = {}
    for key, agency, report in (
        ("police", world.police, police_report),
        ("msd", world.msd, msd_report),
    ):
        document = make_document(agency, f"{agency.code} annex")
        report.document = document
        report.document_public = True
        report.save_revision()
        result[key] = document
    return result


@pytest.fixture
def published_documents(documents, items, world):
    """The same documents, now published with their reports."""
    msd_report = ProgressReport.objects.get(title="MSD report")
    for report in (items["progressreport"], msd_report):
        report.refresh_from_db()
        report.get_latest_revision().publish()
    return documents
