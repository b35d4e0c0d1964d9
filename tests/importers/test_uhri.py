"""The UHRI export: its own columns, body and cycle resolution, theme mapping."""

import csv
import io

import openpyxl
import pytest

from content_models.models import AffectedGroup, HumanRightsIssue, Recommendation
from importers.models import UhriMapping
from importers.reading import Source

from ..factories import RecommendationFactory
from .conftest import FILES, do_import, problems

pytestmark = pytest.mark.django_db

UHRI = FILES / "uhri.csv"


def slugs(manager):
    return sorted(obj.slug for obj in manager.all())


def test_a_uhri_export_imports_as_recommendations(taxonomies):
    run = do_import("uhri", Source.from_path(UHRI))
    assert problems(run) == []
    assert run.summary() == "3 created, 0 updated, 0 unchanged, 1 skipped"
    first = Recommendation.objects.get(uhri_id="1f4e2a4c-0000-4000-8000-000000000001")
    draft = first.get_latest_revision_as_object()
    assert (draft.cycle.code, draft.reference, draft.paragraph) == (
        "UPR-2024",
        "122.30",
        "122.30",
    )
    assert draft.document_symbol == "A/HRC/56/15"
    assert draft.upr_response == "supported"
    assert slugs(draft.issues) == ["equality", "women-girls"]
    assert slugs(draft.affected_groups) == ["women"]
    assert [goal.number for goal in draft.sdgs.all()] == [5]
    assert [state.code for state in draft.recommending_states.all()] == ["AUS"]
    second = Recommendation.objects.get(
        reference="122.31"
    ).get_latest_revision_as_object()
    assert sorted(state.code for state in second.recommending_states.all()) == [
        "IRN",
        "TUR",
    ]
    assert sorted(goal.number for goal in second.sdgs.all()) == [10, 16]
    assert second.upr_response == "noted"
    third = Recommendation.objects.get(
        cycle__code="CAT-2023"
    ).get_latest_revision_as_object()
    assert (third.reference, third.upr_response) == ("12", "")
    assert slugs(third.issues) == ["liberty-security"]
    assert slugs(third.affected_groups) == ["liberty"]


def test_the_annotation_id_makes_reimports_idempotent(taxonomies):
    do_import("uhri", Source.from_path(UHRI))
    run = do_import("uhri", Source.from_path(UHRI))
    assert run.summary() == "0 created, 0 updated, 3 unchanged, 1 skipped"


def test_a_recommendation_typed_in_before_is_completed_not_duplicated(taxonomies):
    typed = RecommendationFactory(cycle__code="UPR-2024", reference="122.30", text="x")
    typed.save_revision()
    run = do_import("uhri", Source.from_path(UHRI))
    assert run.summary() == "2 created, 1 updated, 0 unchanged, 1 skipped"
    typed.refresh_from_db()
    draft = typed.get_latest_revision_as_object()
    assert (draft.uhri_id, draft.reference) == (
        "1f4e2a4c-0000-4000-8000-000000000001",
        "122.30",
    )


def test_a_taken_reference_gets_the_annotation_id(taxonomies):
    RecommendationFactory(cycle__code="UPR-2024", reference="122.30", uhri_id="other")
    do_import("uhri", Source.from_path(UHRI))
    new = Recommendation.objects.get(uhri_id="1f4e2a4c-0000-4000-8000-000000000001")
    assert new.reference == "122.30 [1f4e2a4c]"


def test_unmapped_themes_are_listed_once_and_the_mapping_table_fixes_them(taxonomies):
    text = UHRI.read_text(encoding="utf-8").replace(
        "- International instruments", "- Right to food"
    )
    text = text.replace('- Women",', '- Right to food",', 1)
    run = do_import("uhri", text)
    assert problems(run) == [
        "row 2, Affected Persons: “Right to food” has no UHRI mapping and matches no "
        "affected group here; add it under Imports → UHRI mappings.",
        "row 3, Themes: “Right to food” has no UHRI mapping and matches no human "
        "rights issue here; add it under Imports → UHRI mappings.",
    ]
    mapping = UhriMapping.objects.create(label="Right to Food")
    mapping.issues.add(HumanRightsIssue.objects.get(slug="standard-of-living"))
    mapping.affected_groups.add(AffectedGroup.objects.get(slug="poverty"))
    run = do_import("uhri", text)
    assert problems(run) == []
    second = Recommendation.objects.get(
        reference="122.31"
    ).get_latest_revision_as_object()
    assert (slugs(second.issues), slugs(second.affected_groups)) == (
        ["standard-of-living"],
        ["poverty"],
    )


def test_a_mapping_without_targets_ignores_the_label(taxonomies):
    UhriMapping.objects.create(label="Women & girls")
    do_import("uhri", Source.from_path(UHRI))
    first = Recommendation.objects.get(uhri_id="1f4e2a4c-0000-4000-8000-000000000001")
    assert slugs(first.get_latest_revision_as_object().issues) == ["equality"]


def test_unknown_body_and_unresolvable_cycle(taxonomies):
    rows = list(csv.reader(io.StringIO(UHRI.read_text(encoding="utf-8"))))
    rows[1][8] = "- CCPR"  # ICCPR in the preset: resolved through the alias
    rows[2][8] = "- XYZ"
    rows[3][1] = "CAT/C/NZL/CO/6"
    rows[3][10] = "40000"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    run = do_import("uhri", out.getvalue())
    assert problems(run) == [
        "row 2, Document Symbol: no reporting cycle of ICCPR matches document symbol "
        "A/HRC/56/15, session 46 or year 2024; set the cycle's document symbol in the "
        "admin.",
        "row 3, Reccomending Body: “XYZ” is not a known human rights body.",
        "row 4, Document Symbol: no reporting cycle of CAT matches document symbol "
        "CAT/C/NZL/CO/6, session — or year 2009; set the cycle's document symbol in "
        "the admin.",
    ]


def test_uhri_xlsx_with_its_spelling_variants(taxonomies, tmp_path):
    rows = list(csv.reader(io.StringIO(UHRI.read_text(encoding="utf-8"))))
    rows[0][8] = "Recommending Body"  # a later export fixed the typo
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    run = do_import("uhri", Source.from_path(path))
    assert problems(run) == []
    assert run.summary() == "3 created, 0 updated, 0 unchanged, 1 skipped"
