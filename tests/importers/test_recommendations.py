"""Recommendations: drafts through revisions, upsert by key, publishing."""

import pytest
from wagtail.models import ModelLogEntry, Revision

from content_models.models import Recommendation
from content_models.search import parse, search_ids
from importers.reading import Source

from ..factories import RecommendationFactory
from .conftest import FILES, decide, do_import, problems

pytestmark = pytest.mark.django_db


def found(text):
    """References of the recommendations the full-text index finds."""
    ids = search_ids("recommendation", parse(text))
    return sorted(
        Recommendation.objects.filter(pk__in=ids).values_list("reference", flat=True)
    )


def draft_of(reference):
    return Recommendation.objects.get(
        reference=reference
    ).get_latest_revision_as_object()


def codes(manager, attribute="code"):
    return sorted(getattr(obj, attribute) for obj in manager.all())


def test_a_new_file_creates_drafts_with_one_revision_each(taxonomies, admin_user):
    run = do_import(
        "recommendations",
        Source.from_path(FILES / "recommendations.csv"),
        user=admin_user,
    )
    assert problems(run) == []
    assert (run.status, run.summary()) == ("done", "3 created, 0 updated, 0 unchanged")
    assert Recommendation.objects.filter(live=False).count() == 3
    first = Recommendation.objects.get(reference="122.1")
    assert (first.has_unpublished_changes, first.revisions.count()) == (True, 1)
    assert first.latest_revision.user == admin_user
    draft = first.get_latest_revision_as_object()
    assert draft.text == "Take further measures to combat family violence (Australia);"
    assert (draft.title, draft.prioritised, draft.upr_response) == (
        "Family violence",
        True,
        "supported",
    )
    assert codes(draft.recommending_states) == ["AUS"]
    assert codes(draft.issues, "slug") == ["equality", "women-girls"]
    assert codes(draft.affected_groups, "slug") == ["women"]
    assert codes(draft.sdgs, "number") == [5, 16]
    assert codes(draft.responsible_agencies) == ["MSD", "TPA"]
    assert draft.source_url == "https://www.ohchr.org/en/hr-bodies/upr/nz-index"
    # The rows hold the same content, as Wagtail's CreateAction leaves them.
    assert codes(first.responsible_agencies) == ["MSD", "TPA"]
    second = draft_of("122.2")
    assert codes(second.recommending_states) == ["IRN", "TUR", "VNM"]
    assert second.upr_response == "noted"
    cat = draft_of("para 12(a)")
    assert (cat.cycle.code, cat.follow_up, cat.paragraph) == ("CAT-2023", True, "12(a)")
    entries = ModelLogEntry.objects.filter(action="wagtail.create")
    assert entries.count() == 3
    assert {entry.uuid for entry in entries} == {run.log_uuid}


def test_the_search_index_finds_imported_drafts(taxonomies):
    do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))
    assert found("detention") == ["para 12(a)"]


def test_reimporting_the_same_file_changes_nothing(taxonomies):
    do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))
    revisions = Revision.objects.count()
    run = do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))
    assert run.summary() == "0 created, 0 updated, 3 unchanged"
    assert Revision.objects.count() == revisions


def test_a_changed_row_gets_a_new_draft_revision_and_the_live_row_stays(taxonomies):
    live = RecommendationFactory(
        cycle__code="UPR-2024", reference="122.1", text="Published text", title="Old"
    )
    live.save_revision().publish()
    run = do_import(
        "recommendations",
        "cycle,reference,text,title\nUPR-2024,122.1,Published text,New title\n",
    )
    assert run.summary() == "0 created, 1 updated, 0 unchanged"
    live.refresh_from_db()
    assert (live.title, live.live, live.has_unpublished_changes) == ("Old", True, True)
    assert live.revisions.count() == 2
    assert live.get_latest_revision_as_object().title == "New title"
    assert ModelLogEntry.objects.filter(action="wagtail.edit").count() == 1
    run = do_import(
        "recommendations",
        "cycle,reference,text,title\nUPR-2024,122.1,Published text,New title\n",
    )
    assert run.summary() == "0 created, 0 updated, 1 unchanged"


def test_a_change_to_a_draft_updates_its_row_as_the_admin_does(taxonomies):
    do_import(
        "recommendations", "cycle,reference,text,issues\nUPR-2024,1,First,Health\n"
    )
    do_import(
        "recommendations", "cycle,reference,text,issues\nUPR-2024,1,Second,Education\n"
    )
    row = Recommendation.objects.get()
    assert (row.text, codes(row.issues, "slug"), row.revisions.count()) == (
        "Second",
        ["education"],
        2,
    )
    assert found("second") == ["1"]
    assert found("first") == []


def test_an_absent_column_is_kept_and_an_empty_cell_clears(taxonomies):
    do_import(
        "recommendations",
        "cycle,reference,text,title,issues\nUPR-2024,1,Text,A title,Health\n",
    )
    do_import("recommendations", "cycle,reference,text,title\nUPR-2024,1,Text,\n")
    draft = draft_of("1")
    assert (draft.title, codes(draft.issues, "slug")) == ("", ["health"])


def test_line_endings_and_blanks_are_not_changes(taxonomies):
    live = RecommendationFactory(
        cycle__code="UPR-2024", reference="1", text="Line one\r\nLine two"
    )
    live.save_revision().publish()
    run = do_import(
        "recommendations", 'cycle,reference,text\nUPR-2024,1,"  Line one\nLine two "\n'
    )
    assert run.summary() == "0 created, 0 updated, 1 unchanged"


def test_publish_makes_everything_live(taxonomies, admin_user):
    run = do_import(
        "recommendations",
        Source.from_path(FILES / "recommendations.csv"),
        user=admin_user,
        publish=True,
    )
    assert run.summary() == "3 created, 0 updated, 0 unchanged, 3 published"
    assert (
        Recommendation.objects.filter(live=True, has_unpublished_changes=False).count()
        == 3
    )
    published = Recommendation.objects.get(reference="122.2")
    assert codes(published.recommending_states) == ["IRN", "TUR", "VNM"]
    assert ModelLogEntry.objects.filter(action="wagtail.publish").count() == 3
    assert set(ModelLogEntry.objects.values_list("uuid", flat=True).distinct()) == {
        run.log_uuid
    }


def test_publish_publishes_pending_drafts_of_unchanged_rows(taxonomies):
    do_import("recommendations", "cycle,reference,text\nUPR-2024,1,Text\n")
    # The drafts put the cycle before Cabinet: publishable once it decided
    # (test_cabinet_gate_import.py).
    decide("UPR-2024")
    run = do_import(
        "recommendations", "cycle,reference,text\nUPR-2024,1,Text\n", publish=True
    )
    assert run.summary() == "0 created, 0 updated, 1 unchanged, 1 published"
    row = Recommendation.objects.get()
    assert (row.live, row.has_unpublished_changes, row.revisions.count()) == (
        True,
        False,
        1,
    )
    run = do_import(
        "recommendations", "cycle,reference,text\nUPR-2024,1,Text\n", publish=True
    )
    assert run.summary() == "0 created, 0 updated, 1 unchanged"


def test_dry_run_writes_nothing_and_reports_what_it_would_do(taxonomies):
    RecommendationFactory(cycle__code="UPR-2024", reference="122.1").save_revision()
    revisions = Revision.objects.count()
    run = do_import(
        "recommendations", Source.from_path(FILES / "recommendations.csv"), dry_run=True
    )
    assert (run.status, run.written) == ("checked", False)
    assert run.summary() == "2 created, 1 updated, 0 unchanged"
    assert (Recommendation.objects.count(), Revision.objects.count()) == (1, revisions)
    assert run.preview[0] == {
        "row": 2,
        "action": "update",
        "label": "UPR-2024/122.1",
        "changes": [
            "text",
            "title",
            "recommending_states",
            "issues",
            "affected_groups",
            "sdgs",
            "responsible_agencies",
            "prioritised",
            "upr_response",
            "response_comment",
            "document_symbol",
            "paragraph",
            "source_url",
        ],
        "publish": False,
    }


def test_references_match_whatever_the_case_and_spacing(taxonomies):
    RecommendationFactory(
        cycle__code="CAT-2023", reference="para 12(a)"
    ).save_revision()
    run = do_import(
        "recommendations", "cycle,reference,text\ncat-2023,  Para  12(A) ,New text\n"
    )
    assert run.summary() == "0 created, 1 updated, 0 unchanged"
    assert Recommendation.objects.get().reference == "para 12(a)"


def test_headers_are_case_and_space_insensitive_in_any_order(taxonomies):
    run = do_import(
        "recommendations",
        "Text, Reference ,CYCLE,Recommending States\n"
        "Some text,1,UPR-2024,New Zealand\n",
    )
    assert problems(run) == []
    assert codes(draft_of("1").recommending_states) == ["NZL"]


def test_upr_response_only_for_upr_cycles(taxonomies):
    run = do_import(
        "recommendations", "cycle,reference,text,upr_response\nCAT-2023,1,Text,noted\n"
    )
    assert problems(run) == [
        "row 2, upr_response: only Universal Periodic Review recommendations have a "
        "UPR response, and CAT-2023 is a CAT cycle."
    ]


def test_uhri_id_must_be_unique(taxonomies):
    RecommendationFactory(cycle__code="UPR-2024", reference="9", uhri_id="abc")
    run = do_import(
        "recommendations",
        "cycle,reference,text,uhri_id\nUPR-2024,1,A,abc\nUPR-2024,2,B,def\nUPR-2024,3,C,def\n",
    )
    assert problems(run) == [
        "row 2, uhri_id: “abc” is already the UHRI id of UPR-2024/9.",
        "row 4, uhri_id: “def” is also the UHRI id of row 3.",
    ]


def test_locked_objects_are_not_changed(taxonomies, admin_user):
    from ..factories import UserFactory

    other = UserFactory(username="editor")
    rec = RecommendationFactory(cycle__code="UPR-2024", reference="1", text="Old")
    rec.save_revision()
    Recommendation.objects.filter(pk=rec.pk).update(locked=True, locked_by=other)
    run = do_import(
        "recommendations", "cycle,reference,text\nUPR-2024,1,New\n", user=admin_user
    )
    assert problems(run) == [
        "row 2, reference: UPR-2024/1 is locked in the admin (by editor); unlock it "
        "first."
    ]


def test_xlsx_files_import_like_csv(taxonomies, tmp_path):
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["cycle", "reference", "text", "prioritised", "sdgs"])
    sheet.append(["UPR-2024", 122.45, "Text from Excel", True, 5])
    sheet.append([None, None, None, None, None])
    workbook.create_sheet("Ignored").append(["not", "read"])
    path = tmp_path / "recs.xlsx"
    workbook.save(path)
    run = do_import("recommendations", Source.from_path(path))
    assert problems(run) == []
    draft = draft_of("122.45")
    assert (draft.text, draft.prioritised, codes(draft.sdgs, "number")) == (
        "Text from Excel",
        True,
        [5],
    )
    assert datetime.date  # dates are covered by the actions tests


def test_published_objects_are_indexed_and_later_saves_too(taxonomies):
    do_import(
        "recommendations",
        "cycle,reference,text\nUPR-2024,1,Protect the kākāpō habitat\n",
        publish=True,
    )
    assert found("habitat kakapo") == ["1"]
    # Saving outside an import indexes too, object by object.
    RecommendationFactory(cycle__code="UPR-2024", reference="2", text="Wetlands")
    assert found("wetlands") == ["2"]
