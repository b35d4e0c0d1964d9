"""Taxonomy lists: complete, in their natural order, with derived fields."""


def test_taxonomy_lists(gql, taxonomy):
    data = gql(
        """{ humanRightsBodies { code kind leadAgency { code } cycles { code } }
        reportingCycles { code isCurrent body { code } }
        current: reportingCycles(currentOnly: true) { code }
        countries { code name } humanRightsIssues { slug name shortName }
        affectedGroups { slug } agencies { code name }
        smartCriteria { letter name } sdgs { number } }"""
    )
    assert data["humanRightsBodies"] == [
        {
            "code": "CAT",
            "kind": "TREATY_BODY",
            "leadAgency": {"code": "MoJ"},
            "cycles": [{"code": "CAT-2023"}],
        },
        {
            "code": "UPR",
            "kind": "UPR",
            "leadAgency": {"code": "MoJ"},
            "cycles": [{"code": "UPR-2024"}, {"code": "UPR-2019"}],
        },
    ]
    assert data["reportingCycles"] == [
        {"code": "CAT-2023", "isCurrent": True, "body": {"code": "CAT"}},
        {"code": "UPR-2024", "isCurrent": True, "body": {"code": "UPR"}},
        {"code": "UPR-2019", "isCurrent": False, "body": {"code": "UPR"}},
    ]
    assert data["current"] == [{"code": "CAT-2023"}, {"code": "UPR-2024"}]
    assert [c["code"] for c in data["countries"]][:3] == ["AUS", "CAN", "FJI"]
    assert data["humanRightsIssues"][0] == {
        "slug": "housing",
        "name": "Housing",
        "shortName": None,
    }
    assert [a["code"] for a in data["agencies"]] == ["MoJ", "MSD", "TPK"]
    assert [c["letter"] for c in data["smartCriteria"]] == ["S", "M", "A", "R", "T"]
    assert data["sdgs"] == [{"number": 5}, {"number": 16}]


def test_named_terms_nested_in_an_item(gql, taxonomy):
    """Issues and affected groups share their fields; each is its own type."""
    from content_models.models import AffectedGroup

    from .conftest import make_recommendation

    AffectedGroup.objects.filter(slug="maori").update(short_name="Māori")
    make_recommendation(
        taxonomy, "UPR-2024", "1.1", issues=["justice"], groups=["maori"]
    )
    data = gql(
        """{ recommendations { items {
             issues { __typename id slug name shortName }
             affectedGroups { __typename slug name shortName } } } }"""
    )
    [item] = data["recommendations"]["items"]
    issue_id = str(taxonomy["issues"]["justice"].pk)
    assert item == {
        "issues": [
            {
                "__typename": "HumanRightsIssue",
                "id": issue_id,
                "slug": "justice",
                "name": "Justice",
                "shortName": None,
            }
        ],
        "affectedGroups": [
            {
                "__typename": "AffectedGroup",
                "slug": "maori",
                "name": "Māori",
                "shortName": "Māori",
            }
        ],
    }
