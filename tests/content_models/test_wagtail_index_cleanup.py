"""Migration 0004 deletes Wagtail's index entries of the Monitor's models only."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from content_models.models import Recommendation

from ..factories import RecommendationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "content_models.migrations.0004_drop_wagtail_search_entries"
)


def test_stale_entries_go_and_documents_stay(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Annual report", file=ContentFile(b"%PDF", "annual.pdf")
    )
    get_search_backend().add(document)
    document_entry = IndexEntry.objects.get()
    # An entry as Wagtail wrote them when recommendations were indexed.
    recommendation = RecommendationFactory()
    stale = IndexEntry.objects.get(pk=document_entry.pk)
    stale.pk = None
    stale.content_type = ContentType.objects.get_for_model(Recommendation)
    stale.object_id = str(recommendation.pk)
    stale.save()
    assert IndexEntry.objects.count() == 2

    # The function reads only the editor's connection; SQLite refuses a real
    # schema editor inside the test's transaction.
    migration.delete_entries(apps, SimpleNamespace(connection=connection))

    assert list(IndexEntry.objects.values_list("pk", flat=True)) == [document_entry.pk]
    assert [
        doc.pk for doc in get_search_backend().search("annual", document.__class__)
    ] == [document.pk]
