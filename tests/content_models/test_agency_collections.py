"""Every agency has a document collection of its own, whichever way it came.

The admin, ``load_taxonomies`` (and so ``seed_demo``) and the tests' factory
create agencies through ``content_models.actions.save_agency``; the data
migration gives one to the agencies that existed before.
"""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from content_models.actions import save_agency
from content_models.models import Agency
from content_models.taxonomy_loader import load_taxonomies

from ..factories import (
    ActionFactory,
    AgencyFactory,
    ProgressReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "content_models.migrations.0003_agency_collections_for_existing_agencies"
)


def root():
    return Collection.get_first_root_node()


def assert_own_collections(agencies):
    collections = [agency.document_collection for agency in agencies]
    assert None not in collections
    assert len({collection.pk for collection in collections}) == len(collections)
    for agency, collection in zip(agencies, collections, strict=True):
        assert collection.name == f"{agency.name} ({agency.code})"
        assert collection.get_parent() == root()
    assert Collection.find_problems() == ([], [], [], [], [])


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_an_agency_created_in_the_admin_gets_its_collection(client, superuser):
    response = client.post(
        reverse("wagtailsnippets_content_models_agency:add"),
        {"code": "ERO", "name": "Education Review Office", "email": ""},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="ERO")
    assert_own_collections([agency])


def test_renaming_an_agency_renames_its_collection(client, superuser):
    agency = AgencyFactory(code="ERO", name="Education Review Office")
    collection = agency.document_collection
    response = client.post(
        reverse("wagtailsnippets_content_models_agency:edit", args=(agency.pk,)),
        {"code": "ERO", "name": "Te Tari Arotake Mātauranga", "email": ""},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.document_collection == collection
    assert_own_collections([agency])


def test_save_agency_twice_changes_nothing():
    agency = save_agency(agency=Agency(code="ERO", name="Education Review Office"))
    before = list(Collection.objects.values_list("pk", "path", "name"))
    save_agency(agency=agency)
    assert list(Collection.objects.values_list("pk", "path", "name")) == before


def test_load_taxonomies_gives_every_agency_a_collection():
    load_taxonomies()
    agencies = list(Agency.objects.select_related("document_collection"))
    assert len(agencies) == 18
    assert_own_collections(agencies)
    count = Collection.objects.count()
    load_taxonomies()
    assert Collection.objects.count() == count


def test_load_taxonomies_heals_an_agency_without_a_collection():
    load_taxonomies()
    Agency.objects.filter(code="MoJ").update(document_collection=None)
    load_taxonomies()
    assert_own_collections([Agency.objects.get(code="MoJ")])


def test_an_agency_s_collection_cannot_be_deleted(client, superuser):
    agency = AgencyFactory(code="ERO", name="Education Review Office")
    delete_url = reverse(
        "wagtailadmin_collections:delete", args=(agency.document_collection_id,)
    )
    page = client.get(delete_url)
    assert page.status_code == 200
    assert "the documents of Education Review Office (ERO)" in page.content.decode()
    assert client.post(delete_url).status_code == 403
    agency.refresh_from_db()
    assert_own_collections([agency])


def test_the_migration_gives_existing_agencies_collections(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    police, msd = AgencyFactory(code="Police"), AgencyFactory(code="MSD")
    Agency.objects.update(document_collection=None)  # as before the migration
    Collection.objects.exclude(depth=1).delete()
    Collection.objects.filter(depth=1).update(numchild=0)

    def document(title):
        return get_document_model().objects.create(
            title=title,
            file=ContentFile(b"x", name=f"{title}.pdf"),
            collection=root(),
        )

    police_action = ActionFactory(reference="P-1", lead_agency=police)
    msd_action = ActionFactory(reference="M-1", lead_agency=msd)
    police_only, shared, loose = (
        document("police"),
        document("shared"),
        document("loose"),
    )
    ProgressReportFactory(action=police_action, document=police_only)
    ProgressReportFactory(action=police_action, document=shared)
    ProgressReportFactory(action=msd_action, document=shared)

    migration.create_collections(apps, None)
    police.refresh_from_db()
    msd.refresh_from_db()
    assert_own_collections([msd, police])
    police_only.refresh_from_db()
    assert police_only.collection == police.document_collection
    # Shared between agencies, or attached to nothing: administrators decide.
    for item in (shared, loose):
        item.refresh_from_db()
        assert item.collection == root()

    migration.remove_collections(apps, None)
    assert Agency.objects.filter(document_collection__isnull=False).count() == 0
    assert list(Collection.objects.all()) == [root()]
    police_only.refresh_from_db()
    assert police_only.collection == root()
    assert Collection.find_problems() == ([], [], [], [], [])
