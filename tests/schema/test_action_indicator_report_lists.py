"""Action, indicator and progress report lists: filters, facets, lookups."""

import pytest

from content_models.models import Action
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action, make_recommendation


@pytest.fixture
def actions(taxonomy):
    t = taxonomy
    upr = make_recommendation(t, "UPR-2024", "1.1")
    old = make_recommendation(t, "UPR-2019", "5.5")
    cat = make_recommendation(t, "CAT-2023", "para 3")
    hidden = make_recommendation(t, "CAT-2023", "para 4", live=False)
    a = {
        "A-1": make_action(
            t,
            "A-1",
            recommendations=[upr],
            lead="MoJ",
            agencies=["TPK"],
            issues=["justice"],
            smart="SMART",
            progress_status="in_progress",
        ),
        "A-2": make_action(
            t,
            "A-2",
            recommendations=[cat, upr],
            lead="MSD",
            groups=["children"],
            smart="SM",
            pre_existing=True,
        ),
        "A-10": make_action(
            t,
            "A-10",
            recommendations=[old, hidden],
            lead="MSD",
            agencies=["MoJ"],
            smart="MA",
            issues=["housing"],
            progress_status="completed",
        ),
        "A-9": make_action(t, "A-9", recommendations=[hidden], lead="TPK"),
        "draft": make_action(
            t, "A-3", recommendations=[upr], lead="MoJ", smart="S", live=False
        ),
    }
    return a


ACTIONS = """query($filter: ActionFilter, $order: ActionOrder) {
  actions(filter: $filter, order: $order, limit: 100) {
    totalCount items { reference recommendations { reference } recommendationCount }
    facets { bodies { code count } cycles { code count } issues { code count }
             affectedGroups { code count } agencies { code count }
             progressStatuses { code count } smart { code count } } } }"""


def action_refs(gql, **variables):
    result = gql(ACTIONS, variables)["actions"]
    return [item["reference"] for item in result["items"]]


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ({}, ["A-1", "A-2", "A-9", "A-10"]),
        ({"bodies": ["CAT"]}, ["A-2"]),
        ({"cycles": ["UPR-2019"]}, ["A-10"]),
        ({"issues": ["justice", "housing"]}, ["A-1", "A-10"]),
        ({"affectedGroups": ["children"]}, ["A-2"]),
        ({"agencies": ["MoJ"]}, ["A-1", "A-10"]),
        ({"agencies": ["TPK"]}, ["A-1", "A-9"]),
        ({"progressStatuses": ["COMPLETED", "IN_PROGRESS"]}, ["A-1", "A-10"]),
        ({"smart": ["S", "M"]}, ["A-1", "A-2"]),
        ({"smart": ["M"]}, ["A-1", "A-2", "A-10"]),
        ({"smart": ["T", "A"]}, ["A-1"]),
        ({"preExisting": True}, ["A-2"]),
        ({"currentCycleOnly": True}, ["A-1", "A-2"]),
        ({"agencies": ["MSD"], "smart": ["S", "M"]}, ["A-2"]),
    ],
)
def test_action_filters(gql, actions, filter_, expected):
    assert action_refs(gql, filter=filter_) == expected


def test_action_relations_and_counts_hide_drafts(gql, actions):
    items = gql(ACTIONS, {"filter": {"cycles": ["UPR-2019"]}})["actions"]["items"]
    assert items == [
        {
            "reference": "A-10",
            "recommendations": [{"reference": "5.5"}],
            "recommendationCount": 1,
        }
    ]


def test_action_facets_are_disjunctive(gql, actions):
    facets = gql(ACTIONS, {"filter": {"agencies": ["MSD"], "smart": ["S"]}})["actions"][
        "facets"
    ]
    # smart ignores its own filter: the MSD actions A-2 (S, M) and A-10 (M, A).
    assert facets["smart"] == [
        {"code": "S", "count": 1},
        {"code": "M", "count": 2},
        {"code": "A", "count": 1},
    ]
    # agencies ignores its own: every action meeting S (A-1: MoJ, TPK; A-2: MSD).
    assert facets["agencies"] == [
        {"code": "MoJ", "count": 1},
        {"code": "MSD", "count": 1},
        {"code": "TPK", "count": 1},
    ]
    assert facets["progressStatuses"] == [{"code": "IN_PREPARATION", "count": 1}]
    orm = (
        Action.objects.filter(live=True, smart_criteria__letter="S")
        .filter(lead_agency__code="MSD")
        .count()
    )
    assert orm == 1


def test_action_order_newest(gql, actions):
    from django.utils import timezone

    for days, reference in enumerate(["A-9", "A-1", "A-10", "A-2"]):
        Action.objects.filter(reference=reference).update(
            first_published_at=timezone.now() - timezone.timedelta(days=days)
        )
    assert action_refs(gql, order="NEWEST") == ["A-9", "A-1", "A-10", "A-2"]


def test_nested_recommendations_are_capped(gql, actions, taxonomy):
    many = [make_recommendation(taxonomy, "UPR-2024", f"7.{n}") for n in range(5)]
    make_action(taxonomy, "A-50", recommendations=many)
    query = """{ action(reference: "A-50") { recommendationCount
        recommendations(offset: 1, limit: 2) { reference } } }"""
    assert gql(query)["action"] == {
        "recommendationCount": 5,
        "recommendations": [{"reference": "7.1"}, {"reference": "7.2"}],
    }
    assert gql.errors(
        '{ action(reference: "A-50") { recommendations(limit: 101) { id } } }'
    ) == ["limit must be between 0 and 100."]


def test_action_lookups(gql, actions):
    query = (
        "query($id: ID, $ref: String) "
        "{ action(id: $id, reference: $ref) { reference } }"
    )
    assert gql(query, {"ref": "A-2"})["action"] == {"reference": "A-2"}
    assert gql(query, {"id": str(actions["A-1"].pk)})["action"] == {"reference": "A-1"}
    assert gql(query, {"ref": "A-3"})["action"] is None
    assert gql(query, {"id": str(actions["draft"].pk)})["action"] is None


@pytest.fixture
def indicators(actions, taxonomy):
    t = taxonomy
    made = {}
    for reference, action, kind, agency, smart, live in [
        ("I-1", "A-1", "process_step", "MoJ", "SM", True),
        ("I-2", "A-1", "key_deliverable", "MSD", "S", True),
        ("I-3", "A-2", "progress_indicator", None, "SMT", True),
        ("I-4", "A-2", "process_step", "MoJ", "", False),
        ("I-5", "draft", "process_step", "MoJ", "S", True),
    ]:
        indicator = IndicatorFactory(
            reference=reference,
            action=actions[action],
            kind=kind,
            live=live,
            responsible_agency=t["agencies"][agency] if agency else None,
        )
        indicator.smart_criteria.set([t["smart"][letter] for letter in smart])
        indicator.save()
        made[reference] = indicator
    return made


INDICATORS = """query($filter: IndicatorFilter) { indicators(filter: $filter) {
    totalCount items { reference action { reference } smart }
    facets { agencies { code count } kinds { code count } smart { code count } } } }"""


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ({}, ["I-1", "I-2", "I-3"]),
        ({"actions": ["A-2"]}, ["I-3"]),
        ({"agencies": ["MoJ"]}, ["I-1"]),
        ({"kinds": ["KEY_DELIVERABLE", "PROGRESS_INDICATOR"]}, ["I-2", "I-3"]),
        ({"smart": ["S", "M"]}, ["I-1", "I-3"]),
        ({"smart": ["T"], "actions": ["A-1"]}, []),
    ],
)
def test_indicator_filters(gql, indicators, filter_, expected):
    result = gql(INDICATORS, {"filter": filter_})["indicators"]
    assert [item["reference"] for item in result["items"]] == expected
    assert result["totalCount"] == len(expected)


def test_indicator_facets(gql, indicators):
    facets = gql(INDICATORS, {"filter": {"kinds": ["PROCESS_STEP"]}})["indicators"][
        "facets"
    ]
    assert facets["kinds"] == [
        {"code": "PROCESS_STEP", "count": 1},
        {"code": "KEY_DELIVERABLE", "count": 1},
        {"code": "PROGRESS_INDICATOR", "count": 1},
    ]
    assert facets["agencies"] == [{"code": "MoJ", "count": 1}]
    assert facets["smart"] == [{"code": "S", "count": 1}, {"code": "M", "count": 1}]


def test_progress_reports(gql, indicators, actions, taxonomy):
    from django.utils import timezone

    now = timezone.now()
    first = ProgressReportFactory(
        action=actions["A-1"],
        indicator=indicators["I-1"],
        title="First",
        proposed_status="in_progress",
        first_published_at=now - timezone.timedelta(days=2),
    )
    ProgressReportFactory(
        action=actions["A-2"],
        indicator=indicators["I-4"],
        title="Second",
        first_published_at=now,
    )
    ProgressReportFactory(action=actions["draft"], title="On a draft action")
    ProgressReportFactory(action=actions["A-1"], title="Draft report", live=False)
    query = """query($filter: ProgressReportFilter, $order: ProgressReportOrder) {
        progressReports(filter: $filter, order: $order) { totalCount
          items { title action { reference } indicator { reference } body
                  proposedStatus document { url } } } }"""
    result = gql(query)["progressReports"]
    assert result["totalCount"] == 2
    assert result["items"] == [
        {
            "title": "Second",
            "action": {"reference": "A-2"},
            "indicator": None,
            "body": "<p>Work is under way.</p>",
            "proposedStatus": None,
            "document": None,
        },
        {
            "title": "First",
            "action": {"reference": "A-1"},
            "indicator": {"reference": "I-1"},
            "body": "<p>Work is under way.</p>",
            "proposedStatus": "IN_PROGRESS",
            "document": None,
        },
    ]
    oldest = gql(query, {"order": "OLDEST"})["progressReports"]["items"]
    assert [item["title"] for item in oldest] == ["First", "Second"]
    for filter_, titles in [
        ({"actions": ["A-1"]}, ["First"]),
        ({"indicators": ["I-1", "I-4"]}, ["First"]),
        ({"agencies": ["TPK"]}, ["First"]),
        ({"proposedStatuses": ["IN_PROGRESS"]}, ["First"]),
        ({"hasPublicDocument": True}, []),
    ]:
        items = gql(query, {"filter": filter_})["progressReports"]["items"]
        assert [item["title"] for item in items] == titles, filter_
    lookup = gql(
        "query($id: ID!) { progressReport(id: $id) { title } }", {"id": str(first.pk)}
    )
    assert lookup["progressReport"] == {"title": "First"}


def test_report_document_only_when_public(gql, actions):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Annex", file=ContentFile(b"pdf", name="annex.pdf")
    )
    hidden = ProgressReportFactory(
        action=actions["A-1"], document=document, document_public=False
    )
    shown = ProgressReportFactory(
        action=actions["A-1"], document=document, document_public=True
    )
    query = "query($id: ID!) { progressReport(id: $id) { document { title url } } }"
    assert gql(query, {"id": str(hidden.pk)})["progressReport"] == {"document": None}
    document_data = gql(query, {"id": str(shown.pk)})["progressReport"]["document"]
    assert document_data["title"] == "Annex"
    assert document_data["url"].startswith("http://testserver/documents/")


def test_a_report_document_url_downloads_for_the_public(
    gql, client, actions, settings, tmp_path
):
    """The API shows a document exactly when the serve view gives it to the
    public: on a published report, marked public; the row's, not a draft's."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    agency = actions["A-1"].lead_agency

    def document(title):
        return get_document_model().objects.create(
            title=title,
            file=ContentFile(title.encode(), name=f"{title}.pdf"),
            collection=agency.document_collection,
        )

    def api_and_download(report):
        query = "query($id: ID!) { progressReport(id: $id) { document { url } } }"
        data = gql(query, {"id": str(report.pk)})["progressReport"]
        shown = data and data["document"] and data["document"]["url"]
        return shown, client.get(report.document.url).status_code

    published = ProgressReportFactory(action=actions["A-1"], title="Published")
    published.document = document("published")
    published.document_public = True
    published.save_revision().publish()
    url, status = api_and_download(published)
    assert url == f"http://testserver{published.document.url}"
    assert status == 200
    assert b"".join(client.get(url).streaming_content) == b"published"

    # A draft replacement: the API and the serve view keep the published file.
    published.document = document("replacement")
    published.save_revision()
    assert client.get(published.document.url).status_code == 404
    published.refresh_from_db()
    assert api_and_download(published) == (url, 200)

    private = ProgressReportFactory(action=actions["A-1"], title="Private")
    private.document = document("private")
    private.save_revision().publish()
    assert api_and_download(private) == (None, 404)

    draft = ProgressReportFactory(action=actions["A-1"], title="Draft", live=False)
    draft.document = document("draft")
    draft.document_public = True
    draft.save()
    assert api_and_download(draft) == (None, 404)
