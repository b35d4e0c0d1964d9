"""Cabinet's gate holds what an import would publish for a cycle under
consideration: those objects stay drafts and the summary says why; once the
decision is recorded the same import publishes as before."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from content_models.models import Action, Recommendation, ReportingCycle
from workflows import actions

from .conftest import command, do_import

pytestmark = pytest.mark.django_db

HELD = "kept as drafts: the cycle awaits Cabinet's decision"
FILE = (
    "cycle,reference,text\n"
    "UPR-2024,1,Draft text\n"
    "UPR-2024,2,New text\n"
    'UPR-2024,P,"Published text, changed"\n'
)


def state(reference):
    row = Recommendation.objects.get(reference=reference)
    return (row.live, row.has_unpublished_changes, row.first_published_at is not None)


@pytest.fixture
def considered(taxonomies, admin_user):
    """UPR-2024 with one published recommendation (P) and one draft (1): under
    consideration, no decision recorded."""
    run = do_import(
        "recommendations",
        "cycle,reference,text\nUPR-2024,P,Published text\n",
        user=admin_user,
        publish=True,
    )
    assert run.summary() == "1 created, 0 updated, 0 unchanged, 1 published"
    do_import("recommendations", "cycle,reference,text\nUPR-2024,1,Draft text\n")
    cycle = ReportingCycle.objects.get(code="UPR-2024")
    assert actions.under_consideration(cycle) is True
    return cycle


def test_publishing_an_import_keeps_a_considered_cycles_drafts(considered, admin_user):
    publications = ModelLogEntry.objects.filter(action="wagtail.publish").count()
    run = do_import("recommendations", FILE, user=admin_user, publish=True)
    assert run.summary() == (
        f"1 created, 1 updated, 1 unchanged, 1 published, 2 {HELD}"
    )
    assert (run.published_count, run.held_count) == (1, 2)
    # The draft and the new recommendation stay drafts, never published.
    assert state("1") == (False, True, False)
    assert state("2") == (False, True, False)
    assert Recommendation.objects.get(reference="2").text == "New text"
    # Published once, never held: the change is published.
    assert state("P") == (True, False, True)
    assert Recommendation.objects.get(reference="P").text == "Published text, changed"
    assert (
        ModelLogEntry.objects.filter(action="wagtail.publish").count()
        == publications + 1
    )
    assert actions.under_consideration(considered) is True


def test_the_check_and_the_command_say_so(considered, tmp_path):
    run = do_import("recommendations", FILE, publish=True, dry_run=True)
    assert (run.status, run.published_count, run.held_count) == ("checked", 1, 2)
    assert [item["publish"] for item in run.preview] == [False, False, True]
    assert state("1") == (False, True, False)
    path = tmp_path / "file.csv"
    path.write_text(FILE, encoding="utf-8")
    out, err = command("import_csv", "recommendations", str(path), "--publish")
    assert err == ""
    assert out.startswith(
        f"1 created, 1 updated, 1 unchanged, 1 published, 2 {HELD} (3 rows, "
    )
    assert Recommendation.objects.filter(live=False).count() == 2


def test_an_action_answering_a_held_recommendation_stays_a_draft(
    considered, admin_user
):
    run = do_import(
        "actions",
        "reference,title,recommendations\n"
        "ACT-1,Answers the draft,UPR-2024/1\n"
        "ACT-2,Answers the published one,UPR-2024/P\n"
        "ACT-3,Answers none,\n",
        user=admin_user,
        publish=True,
    )
    # Both answer recommendations of the cycle before Cabinet (approval.py).
    assert run.summary() == f"3 created, 0 updated, 0 unchanged, 1 published, 2 {HELD}"
    assert dict(Action.objects.values_list("reference", "live")) == {
        "ACT-1": False,
        "ACT-2": False,
        "ACT-3": True,
    }


def test_once_cabinet_decided_the_import_publishes_as_before(considered, admin_user):
    actions.record_cabinet_decision(
        cycle=considered,
        user=admin_user,
        decided_on=datetime.date(2027, 2, 10),
        minute_reference="CAB-27-MIN-0042",
    )
    run = do_import("recommendations", FILE, user=admin_user, publish=True)
    assert run.summary() == "1 created, 1 updated, 1 unchanged, 3 published"
    assert run.held_count == 0
    for reference in ("1", "2", "P"):
        assert state(reference) == (True, False, True)


def test_a_cycle_with_nothing_pending_publishes_as_before(taxonomies, admin_user):
    # A cycle without drafts is not under consideration: a file publishing
    # what Cabinet already agreed (the path before the Monitor held the
    # consideration) is published.
    run = do_import(
        "recommendations",
        "cycle,reference,text\nCAT-2023,1,Text\n",
        user=admin_user,
        publish=True,
    )
    assert run.summary() == "1 created, 0 updated, 0 unchanged, 1 published"
    assert run.held_count == 0
