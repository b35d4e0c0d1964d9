"""Nested lists of items that share relations on one page."""

import pytest

from .conftest import make_action, make_recommendation

pytestmark = pytest.mark.django_db

QUERY = """{ actions(order: REFERENCE) { items { reference
  recommendations { naturalKey } } } }"""


def test_actions_sharing_a_recommendation_each_list_it_once(gql, taxonomy):
    shared = make_recommendation(taxonomy, "UPR-2024", "122.2")
    own = make_recommendation(taxonomy, "UPR-2024", "122.3")
    make_action(taxonomy, "A-1", recommendations=[shared, own])
    make_action(taxonomy, "A-2", recommendations=[shared])

    items = gql(QUERY)["actions"]["items"]

    assert items == [
        {
            "reference": "A-1",
            "recommendations": [
                {"naturalKey": "UPR-2024/122.2"},
                {"naturalKey": "UPR-2024/122.3"},
            ],
        },
        {"reference": "A-2", "recommendations": [{"naturalKey": "UPR-2024/122.2"}]},
    ]
