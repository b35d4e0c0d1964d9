"""Who gets a document's file from /documents/<id>/<name>.

The public: only a document a published report (the live row, on a published
action) publishes with ``document_public``. Anyone else needs an admin login
with the right to see it. Every refusal is a 404, like an unknown id.
"""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from workflows.documents import AgencyDocumentPermissionPolicy

from ..factories import ProgressReportFactory
from .conftest import make_document

pytestmark = pytest.mark.django_db


def download(client, document):
    response = client.get(document.url)
    if response.status_code != 200:
        return response.status_code, None
    return 200, b"".join(response.streaming_content)


def publish_with(report, document, *, public=True):
    report.document = document
    report.document_public = public
    report.save_revision().publish()


@pytest.fixture
def report(items):
    return items["progressreport"]


def test_the_document_policy_is_the_agency_policy():
    """Registered over the one wagtail.documents registers in its ready()."""
    policy = policy_registry.get_by_type(get_document_model())
    assert isinstance(policy, AgencyDocumentPermissionPolicy)


def test_the_public_gets_a_document_a_published_report_publishes(
    client, world, report, media
):
    document = make_document(world.police, "Annex", b"annex bytes")
    publish_with(report, document)
    assert document.url == f"/documents/{document.pk}/annex.pdf"
    assert download(client, document) == (200, b"annex bytes")


def test_not_a_document_of_a_draft_report(client, world, report, media):
    draft = ProgressReportFactory(action=report.action, title="Draft", live=False)
    draft.document = make_document(world.police, "Draft annex")
    draft.document_public = True
    draft.save_revision()
    draft.save()  # the row of a never-published draft holds the draft
    assert download(client, draft.document) == (404, None)


def test_not_a_private_document(client, world, report, media):
    document = make_document(world.police, "Private annex")
    publish_with(report, document, public=False)
    assert download(client, document) == (404, None)


def test_not_a_document_of_a_report_on_an_unpublished_action(
    client, world, report, media
):
    """As in the API, which hides reports of unpublished actions."""
    document = make_document(world.police, "Annex")
    publish_with(report, document)
    report.action.unpublish()
    assert download(client, document) == (404, None)


def test_not_a_file_a_newer_published_revision_replaced(client, world, report, media):
    old = make_document(world.police, "Old annex", b"old")
    new = make_document(world.police, "New annex", b"new")
    publish_with(report, old)
    publish_with(report, new)
    assert download(client, old) == (404, None)
    assert download(client, new) == (200, b"new")


def test_a_draft_replacement_stays_private_until_published(
    client, world, report, media
):
    published = make_document(world.police, "Published annex", b"published")
    publish_with(report, published)
    report.document = make_document(world.police, "Draft annex", b"draft")
    report.save_revision()  # a draft of a live report: the row keeps the old
    assert download(client, published) == (200, b"published")
    assert download(client, report.document) == (404, None)


@pytest.mark.parametrize(
    "role, expected",
    [
        ("police_contributor", 200),  # document rights on Police's collection
        ("moj_manager", 200),  # manages UPR, for which Police is responsible
        ("msd_manager", 200),  # no rights on the collection; may read the report
        ("admin", 200),
        ("msd_contributor", 404),  # another agency: neither
    ],
)
def test_a_private_document_takes_an_admin_login_with_the_right(
    client, world, report, media, role, expected
):
    document = make_document(world.police, "Private annex", b"private")
    publish_with(report, document, public=False)
    assert download(client, document) == (404, None)
    client.force_login(getattr(world, role))
    assert download(client, document) == (
        (200, b"private") if expected == 200 else (404, None)
    )


def test_a_document_attached_to_nothing_is_for_its_agency_only(client, world, media):
    document = make_document(world.police, "Loose file", b"loose")
    client.force_login(world.msd_manager)
    assert download(client, document) == (404, None)
    client.force_login(world.police_contributor)
    assert download(client, document) == (200, b"loose")


def test_a_wrong_file_name_is_a_404_too(client, world, report, media):
    document = make_document(world.police, "Annex")
    publish_with(report, document)
    assert client.get(f"/documents/{document.pk}/other.pdf").status_code == 404


@pytest.fixture
def debug_urls():
    """The URLconf as ``DEBUG = True`` builds it (development)."""
    import cms.urls

    with override_settings(DEBUG=True):
        importlib.reload(cms.urls)
        clear_url_caches()
        yield
    importlib.reload(cms.urls)
    clear_url_caches()


def test_media_is_not_served_even_in_debug(client, world, report, media, debug_urls):
    document = make_document(world.police, "Annex", b"annex bytes")
    publish_with(report, document)
    assert (media / document.file.name).read_bytes() == b"annex bytes"
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # Positive control: the same file through the document URL.
    assert download(client, document) == (200, b"annex bytes")
