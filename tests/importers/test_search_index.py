"""Imports keep the full-text index in sync, on SQLite and on PostgreSQL.

The importer writes rows with multi-row ``INSERT``s and ``UPDATE``s of its own
(``importers.bulk``); the index follows them through its database triggers,
with nothing for the importer to do.
"""

import pytest

from content_models.models import Action, Indicator, Recommendation
from content_models.search import parse, search_ids

from .conftest import do_import, problems

pytestmark = pytest.mark.django_db


def found(model, key, text):
    """Natural references the index ``key`` finds for ``text``."""
    ids = search_ids(key, parse(text))
    return sorted(model.objects.filter(pk__in=ids).values_list("reference", flat=True))


def test_created_drafts_are_found(taxonomies):
    run = do_import(
        "recommendations",
        "cycle,reference,text\n"
        "UPR-2024,122.1,Support Te Puni Kōkiri\n"
        "UPR-2024,122.2,Protect the kākāpō\n",
    )
    assert problems(run) == []
    assert found(Recommendation, "recommendation", "kokiri") == ["122.1"]
    assert found(Recommendation, "recommendation", "KAKAPO") == ["122.2"]


def test_a_changed_draft_is_found_by_its_new_words_only(taxonomies):
    do_import("recommendations", "cycle,reference,text\nUPR-2024,1,First words\n")
    do_import("recommendations", "cycle,reference,text\nUPR-2024,1,Second words\n")
    assert found(Recommendation, "recommendation", "second") == ["1"]
    assert found(Recommendation, "recommendation", "first") == []


def test_a_published_import_and_a_later_change_are_found(taxonomies):
    do_import(
        "recommendations",
        "cycle,reference,text\nUPR-2024,1,Whānau ora\n",
        publish=True,
    )
    assert Recommendation.objects.get(reference="1").live
    assert found(Recommendation, "recommendation", "whanau ora") == ["1"]
    # A live row keeps the published text; its new draft lives in a revision.
    do_import("recommendations", "cycle,reference,text\nUPR-2024,1,Kaupapa\n")
    assert found(Recommendation, "recommendation", "whanau") == ["1"]
    do_import(
        "recommendations",
        "cycle,reference,text\nUPR-2024,1,Kaupapa\n",
        publish=True,
    )
    assert found(Recommendation, "recommendation", "kaupapa") == ["1"]
    assert found(Recommendation, "recommendation", "whanau") == []


def test_imported_actions_and_indicators_are_found(taxonomies):
    do_import("recommendations", "cycle,reference,text\nUPR-2024,122.1,Text\n")
    run = do_import(
        "actions",
        "reference,title,description,recommendations,lead_agency\n"
        "ACT-1,Māori housing,Papakāinga on whenua,UPR-2024/122.1,MoJ\n",
    )
    assert problems(run) == []
    run = do_import(
        "indicators",
        "reference,action,title,description,kind\n"
        "IND-1,ACT-1,Homes built,Ōtautahi first,key deliverable\n",
    )
    assert problems(run) == []
    assert found(Action, "action", "maori papakainga") == ["ACT-1"]
    assert found(Indicator, "indicator", "otautahi homes") == ["IND-1"]
