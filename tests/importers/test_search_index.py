"""The bulk search indexing writes what Wagtail's own backend writes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend

from content_models.models import Recommendation
from importers.search import index_objects

from ..factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def index_rows():
    content_type = ContentType.objects.get_for_model(Recommendation)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, title::text, autocomplete::text, body::text, "
            "title_text, body_text, title_norm FROM wagtailsearch_indexentry "
            "WHERE content_type_id = %s ORDER BY object_id",
            [content_type.pk],
        )
        return cursor.fetchall()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk path is PostgreSQL's"
)
def test_bulk_rows_equal_the_backends_own(taxonomies):
    objects = [
        RecommendationFactory(
            reference=f"1.{number}",
            title=["", "Kōkiri whānau", "Title"][number % 3],
            text=f"Ensure the rights of children are protected, item {number}.",
        )
        for number in range(6)
    ]
    objects = list(Recommendation.objects.filter(pk__in=[obj.pk for obj in objects]))
    get_search_backend().add_bulk(Recommendation, objects)
    expected = index_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailsearch_indexentry")
    index_objects(Recommendation, objects)
    assert index_rows() == expected
    assert len(expected) == 6


def test_imported_objects_are_searchable_on_any_database(taxonomies):
    obj = RecommendationFactory(text="A very particular phrase about kererū")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailsearch_indexentry")
    index_objects(Recommendation, [obj])
    found = get_search_backend().search("particular", Recommendation)
    assert [rec.pk for rec in found] == [obj.pk]
