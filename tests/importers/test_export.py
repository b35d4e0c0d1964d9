"""Exports: template columns, formula neutralisation, round trip, public export."""

import csv
import io

import openpyxl
import pytest
from wagtail.models import Revision

from content_models.models import Action, Indicator, Recommendation
from importers.exporting import neutralise
from importers.reading import Source

from ..factories import ActionFactory, IndicatorFactory, RecommendationFactory
from .conftest import FILES, command, do_import, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+64 4 123", "'+64 4 123"),
        ("-SUM(A1)", "'-SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rcarriage", "'\rcarriage"),
        ("'=already", "''=already"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_neutralise(text, exported):
    assert neutralise(text) == exported


@pytest.fixture
def content(taxonomies, admin_user):
    """Drafts, published objects and published objects with pending drafts."""
    do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))
    do_import("actions", Source.from_path(FILES / "actions.csv"))
    do_import("indicators", Source.from_path(FILES / "indicators.csv"))
    # A measured indicator (of a draft action: the public lists stay as they were).
    do_import(
        "indicators",
        "reference,action,title,unit,baseline_value,baseline_date,target_value,"
        "target_date\nIND-0003,ACT-0001,Places funded,%,12.5,2025-07-01,"
        "1200,2027-06-30\n",
    )
    tricky = RecommendationFactory(
        cycle=Recommendation.objects.get(reference="122.1").cycle,
        reference="-1",
        text='=HYPERLINK("http://x")\r\nsecond line',
        title="+ plus",
        response_comment="@mention",
        no_action_reason="'=quoted already",
    )
    tricky.save_revision().publish()
    published = Recommendation.objects.get(reference="122.2")
    published.get_latest_revision_as_object().save_revision().publish()
    draft = published.get_latest_revision_as_object()
    draft.text = "A pending change of a published recommendation"
    draft.save_revision()
    action = Action.objects.get(reference="ACT-0002")
    action.get_latest_revision_as_object().save_revision().publish()


def export(kind, *options):
    out, _err = command("export_csv", kind, *options)
    return out


def test_export_then_import_changes_nothing(content, tmp_path):
    for kind in ("recommendations", "actions", "indicators"):
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(kind), encoding="utf-8")
        revisions = Revision.objects.count()
        run = do_import(kind, Source.from_path(path))
        assert problems(run) == []
        assert (run.created_count, run.updated_count) == (0, 0), kind
        assert Revision.objects.count() == revisions


def test_xlsx_export_then_import_changes_nothing(content, tmp_path):
    for kind in ("recommendations", "actions", "indicators"):
        path = tmp_path / f"{kind}.xlsx"
        command("export_csv", kind, "--output", str(path))
        run = do_import(kind, Source.from_path(path))
        assert problems(run) == []
        assert (run.created_count, run.updated_count) == (0, 0), kind


def test_the_export_has_the_template_columns_and_neutralised_cells(content):
    rows = list(csv.DictReader(io.StringIO(export("recommendations").lstrip("\ufeff"))))
    tricky = next(row for row in rows if row["reference"] == "'-1")
    assert tricky["text"] == '\'=HYPERLINK("http://x")\nsecond line'
    assert tricky["title"] == "'+ plus"
    assert tricky["response_comment"] == "'@mention"
    assert tricky["no_action_reason"] == "''=quoted already"
    first = next(row for row in rows if row["reference"] == "122.1")
    assert (first["issues"], first["sdgs"], first["recommending_states"]) == (
        "equality; women-girls",
        "5; 16",
        "AUS",
    )
    assert (first["prioritised"], first["follow_up"]) == ("yes", "no")
    # The admin's export shows the latest draft.
    pending = next(row for row in rows if row["reference"] == "122.2")
    assert pending["text"] == "A pending change of a published recommendation"


def test_xlsx_cells_are_never_formulas(content, tmp_path):
    path = tmp_path / "recs.xlsx"
    command("export_csv", "recommendations", "--output", str(path))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}
    assert types == {"s"}


# The public export ----------------------------------------------------------------


def public(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_public_export_lists_published_content_only(content, client):
    rows = public(client, "/export/recommendations.csv")
    assert sorted(row["reference"] for row in rows) == ["'-1", "122.2"]
    pending = next(row for row in rows if row["reference"] == "122.2")
    assert (
        pending["text"] == "Ratify the Optional Protocol (Iran (Islamic Republic of))"
    )


def test_public_export_lists_only_relations_to_published_objects(content, client):
    [action] = public(client, "/export/actions.csv")
    assert action["reference"] == "ACT-0002"
    # ACT-0002 links CAT-2023/para 12(a), which is a draft.
    assert action["recommendations"] == ""
    Recommendation.objects.get(reference="para 12(a)").save_revision().publish()
    [action] = public(client, "/export/actions.csv")
    assert action["recommendations"] == "CAT-2023/para 12(a)"


def test_a_public_export_imports_again_its_name_columns_ignored(content, client):
    for indicator in Indicator.objects.all():
        indicator.get_latest_revision_as_object().save_revision().publish()
    for kind in ("recommendations", "actions", "indicators"):
        response = client.get(f"/export/{kind}.csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "_name" in text.splitlines()[0], kind  # the added columns are there
        run = do_import(kind, text, dry_run=True)
        assert problems(run) == [], kind
    # Positive control: a header no export has is still refused.
    run = do_import(
        "actions", "reference,title,colour\nACT-9,A plan,red\n", dry_run=True
    )
    assert [problem.split(";")[0] for problem in problems(run)] == [
        "row 1, colour: unknown column"
    ]


def test_public_export_of_indicators_needs_their_action_published(content, client):
    for indicator in Indicator.objects.all():
        indicator.get_latest_revision_as_object().save_revision().publish()
    rows = public(client, "/export/indicators.csv")
    assert [row["reference"] for row in rows] == ["IND-0002"]


def test_public_export_never_shows_a_draft_of_a_draft_only_world(taxonomies, client):
    RecommendationFactory(text="secret draft", live=False).save_revision()
    ActionFactory(title="secret action", live=False).save_revision()
    IndicatorFactory(
        title="secret indicator", live=False, action__live=False
    ).save_revision()
    for kind in ("recommendations", "actions", "indicators"):
        response = client.get(f"/export/{kind}.csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "secret" not in body
        assert body.count("\n") == 1


def test_public_export_filters_like_graphql(content, client):
    for recommendation in Recommendation.objects.all():
        recommendation.get_latest_revision_as_object().save_revision().publish()

    def references(query):
        return sorted(row["reference"] for row in public(client, query))

    assert references("/export/recommendations.csv?bodies=CAT") == ["para 12(a)"]
    assert references("/export/recommendations.csv?bodies=cat,upr&sdgs=5") == ["122.1"]
    assert references(
        "/export/recommendations.csv?recommendingStates=TUR&recommendingStates=AUS"
    ) == ["122.1", "122.2"]
    assert references("/export/recommendations.csv?uprResponses=NOTED") == ["122.2"]
    assert references("/export/recommendations.csv?followUp=true") == ["para 12(a)"]
    assert references("/export/recommendations.csv?hasActions=true") == ["para 12(a)"]
    assert references("/export/recommendations.csv?actionStatuses=IN_PREPARATION") == [
        "para 12(a)"
    ]
    assert references("/export/recommendations.csv?issues=equality&agencies=TPA") == [
        "122.1"
    ]
    assert references("/export/actions.csv?smart=S") == ["ACT-0002"]
    assert references("/export/actions.csv?smart=S,M") == []
    assert references("/export/actions.csv?bodies=CAT") == ["ACT-0002"]


def test_public_export_refuses_unknown_filters(content, client):
    response = client.get("/export/recommendations.csv?bodys=UPR")
    assert response.status_code == 400
    assert response.content.decode().startswith(
        "Unknown filter bodys; the filters of recommendations are: bodies, cycles,"
    )
    response = client.get("/export/recommendations.csv?uprResponses=MAYBE")
    assert response.status_code == 400
    assert response.content.decode() == (
        "Unknown uprResponses code: MAYBE. "
        "Known codes: SUPPORTED, SUPPORTED_IN_PART, NOTED."
    )
    assert client.get("/export/uhri.csv").status_code == 404


def test_public_export_as_xlsx(content, client):
    response = client.get("/export/recommendations.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows())][:6] == [
        "cycle",
        "cycle_name",
        "body",
        "body_name",
        "reference",
        "text",
    ]
    assert sheet.max_row == 3
