"""The admin flow: templates, upload, preview with problems, confirm, progress."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content_models.models import Recommendation
from importers.models import ImportRun, UhriMapping

from ..workflows.admin_helpers import assert_redirected_away
from .conftest import FILES, user_with

pytestmark = pytest.mark.django_db

IMPORT = "/admin/imports/"


def upload(client, name="recommendations.csv", kind="recommendations", **data):
    content = (FILES / name).read_bytes()
    return client.post(
        IMPORT,
        {"kind": kind, "file": SimpleUploadedFile(name, content), **data},
    )


@pytest.fixture
def contributor(taxonomies):
    return user_with(
        "content_models.add_recommendation",
        "content_models.change_recommendation",
        username="contributor",
    )


@pytest.fixture
def manager(taxonomies):
    return user_with(
        "content_models.add_recommendation",
        "content_models.change_recommendation",
        "content_models.publish_recommendation",
        "content_models.add_action",
        "content_models.change_action",
        "content_models.publish_action",
        username="manager",
    )


@pytest.fixture
def outsider(taxonomies):
    return user_with(username="outsider")


def denied(response):
    """The admin's refusal, exactly: to the dashboard with the message."""
    assert_redirected_away(response, "signed in")
    return True


def test_templates_have_a_header_and_an_ignored_example_row(client, contributor):
    client.force_login(contributor)
    response = client.get(f"{IMPORT}templates/recommendations.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["cycle", "reference", "text"]
    assert rows[1][:2] == ["UPR-2024", "EXAMPLE"]
    response = client.get(f"{IMPORT}templates/actions.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]][:2] == [
        "reference",
        "title",
    ]
    assert workbook.sheetnames == ["Data", "Columns"]
    response = upload(client, "template_example_only.csv")
    run = ImportRun.objects.get()
    assert run.errors[0]["message"].endswith("(the template's example row is ignored).")
    assert response.status_code == 302


def test_upload_previews_and_writes_only_when_confirmed(client, manager):
    client.force_login(manager)
    response = upload(client)
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("importers:run", args=[run.pk])
    assert (run.status, run.user, run.origin) == ("checked", manager, "admin")
    assert Recommendation.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "The file is valid. Nothing has been written yet" in page
    assert "UPR-2024/122.1" in page and "CAT-2023/para 12(a)" in page
    response = client.post(reverse("importers:run", args=[run.pk]), {"publish": ""})
    run.refresh_from_db()
    assert (run.status, run.summary()) == ("done", "3 created, 0 updated, 0 unchanged")
    assert Recommendation.objects.filter(live=False).count() == 3
    page = client.get(reverse("importers:run", args=[run.pk])).content.decode()
    assert "Imported: 3 created, 0 updated, 0 unchanged." in page


def test_confirm_with_publish(client, manager):
    client.force_login(manager)
    upload(client)
    run = ImportRun.objects.get()
    client.post(reverse("importers:run", args=[run.pk]), {"publish": "on"})
    run.refresh_from_db()
    assert run.summary() == "3 created, 0 updated, 0 unchanged, 3 published"
    assert Recommendation.objects.filter(live=True).count() == 3


def test_problems_are_listed_and_downloadable(client, manager):
    client.force_login(manager)
    upload(client, "unknown_taxonomy.csv")
    run = ImportRun.objects.get()
    assert run.status == "failed"
    page = client.get(reverse("importers:run", args=[run.pk])).content.decode()
    assert "The file has 6 problems. Nothing was written." in page
    assert "row 2, issues: “Equalty” is not a known human rights issue" in page
    response = client.get(reverse("importers:errors", args=[run.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["row", "column", "column letter", "value", "problem"]
    assert rows[1] == [
        "2",
        "issues",
        "D",
        "Equalty",
        "“Equalty” is not a known human rights issue (did you mean equality?).",
    ]
    assert len(rows) == 7


def test_contributors_may_not_publish(client, contributor):
    client.force_login(contributor)
    page = client.get(IMPORT).content.decode()
    assert 'name="publish"' not in page
    assert 'value="actions"' not in page
    upload(client, publish="on")
    run = ImportRun.objects.get()
    assert run.publish is False
    client.post(reverse("importers:run", args=[run.pk]), {"publish": "on"})
    run.refresh_from_db()
    assert (run.status, run.published_count) == ("done", 0)
    assert Recommendation.objects.filter(live=True).count() == 0


def test_a_kind_the_user_may_not_import_is_refused(client, contributor):
    client.force_login(contributor)
    response = upload(client, "actions.csv", kind="actions")
    assert response.status_code == 200
    assert ImportRun.objects.count() == 0


def test_oversized_uploads_are_refused_by_the_form(client, manager, settings):
    settings.IMPORTERS_MAX_FILE_SIZE = 100
    client.force_login(manager)
    response = upload(client)
    assert "files larger than 0.0 MB are refused" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_permission_matrix(client, contributor, manager, outsider, admin_user):
    client.force_login(manager)
    upload(client)
    run = ImportRun.objects.get()
    run_url = reverse("importers:run", args=[run.pk])
    urls = [IMPORT, run_url, reverse("importers:progress", args=[run.pk])]
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(outsider)
    for url in urls:
        assert denied(client.get(url)), url
    client.force_login(contributor)
    assert client.get(IMPORT).status_code == 200
    assert denied(client.get(run_url))
    assert denied(client.post(run_url, {}))
    client.force_login(admin_user)
    assert client.get(run_url).status_code == 200
    # Only the person who uploaded confirms.
    assert denied(client.post(run_url, {}))
    run.refresh_from_db()
    assert run.status == "checked"
    assert Recommendation.objects.count() == 0


def test_large_files_run_in_the_background_with_progress(
    client, manager, settings, django_capture_on_commit_callbacks
):
    settings.IMPORTERS_BACKGROUND_THRESHOLD = 10
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client)
    run = ImportRun.objects.get()
    assert (run.status, run.phase) == ("pending", "queued")
    page = client.get(reverse("importers:run", args=[run.pk])).content.decode()
    assert "importers/js/progress.js" in page
    progress = client.get(reverse("importers:progress", args=[run.pk])).json()
    assert progress == {
        "status": "pending",
        "status_label": "Waiting to run",
        "phase": "queued",
        "progress": 0,
        "finished": False,
    }
    # The test settings run django-q2 tasks synchronously.
    for callback in callbacks:
        callback()
    progress = client.get(reverse("importers:progress", args=[run.pk])).json()
    assert (progress["status"], progress["progress"], progress["finished"]) == (
        "checked",
        100,
        True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("importers:run", args=[run.pk]), {})
    run.refresh_from_db()
    assert run.status == "done"
    assert Recommendation.objects.count() == 3


def test_a_task_delivered_twice_runs_once(manager):
    from wagtail.models import Revision

    from importers.actions import create_run
    from importers.reading import Source
    from importers.tasks import run_import_task

    run = create_run(
        kind="recommendations",
        source=Source.from_path(FILES / "recommendations.csv"),
        user=manager,
    )
    assert run.status == "pending"
    run_import_task(run.pk, False)
    run_import_task(run.pk, False)
    run.refresh_from_db()
    assert run.summary() == "3 created, 0 updated, 0 unchanged"
    assert Revision.objects.count() == 3


def test_progress_moves_through_the_phases(taxonomies):
    from importers.pipeline import prepare
    from importers.reading import Source

    seen = []
    prepare(
        "recommendations",
        Source.from_path(FILES / "recommendations.csv"),
        progress=lambda phase, fraction: seen.append((phase, round(fraction, 2))),
    )
    assert seen[0][0] == "checking"
    assert seen[-1] == ("checking", 1.0)
    assert [fraction for _phase, fraction in seen] == sorted(f for _p, f in seen)


def test_import_runs_listing(client, manager, contributor, admin_user):
    client.force_login(manager)
    upload(client)
    client.force_login(contributor)
    upload(client, "bad_dates.csv")
    listing = reverse("importers_importrun_modeladmin_index")
    page = client.get(listing).content.decode()
    assert "bad_dates.csv" in page and "recommendations.csv" not in page
    client.force_login(admin_user)
    page = client.get(listing).content.decode()
    assert "bad_dates.csv" in page and "recommendations.csv" in page
    assert "3 created, 0 updated, 0 unchanged" in page


def test_uhri_mappings_are_edited_in_the_admin(client, admin_user, taxonomies):
    from content_models.models import HumanRightsIssue

    client.force_login(admin_user)
    issue = HumanRightsIssue.objects.get(slug="health")
    response = client.post(
        reverse("importers_uhrimapping_modeladmin_create"),
        {"label": "Right to health", "issues": [issue.pk]},
    )
    assert response.status_code == 302
    mapping = UhriMapping.objects.get()
    assert [i.slug for i in mapping.issues.all()] == ["health"]


def test_the_imports_menu(client, contributor, outsider):
    client.force_login(contributor)
    page = client.get("/admin/").content.decode()
    assert "Import a file" in page
    client.force_login(outsider)
    page = client.get("/admin/").content.decode()
    assert "Import a file" not in page


def test_admin_export_takes_the_template_columns(client, admin_user, taxonomies):
    client.force_login(admin_user)
    upload(client)
    client.post(reverse("importers:run", args=[ImportRun.objects.get().pk]), {})
    # The listing's own queryset decides what is exported (agency scoping too).
    response = client.get(reverse("importers:export", args=["recommendations"]))
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[0][:3] == ["cycle", "reference", "text"]
    assert len(rows) == 4
    response = client.get(
        reverse("importers:export", args=["recommendations"]) + "?format=xlsx"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_admin_export_follows_the_snippet_listing_filters(client, manager, monkeypatch):
    from wagtail.snippets.views.snippets import SnippetViewSet

    class Listing(SnippetViewSet):
        model = Recommendation
        list_filter = ["follow_up"]

    monkeypatch.setattr(Recommendation, "snippet_viewset", Listing(), raising=False)
    client.force_login(manager)
    upload(client)
    client.post(reverse("importers:run", args=[ImportRun.objects.get().pk]), {})
    response = client.get(
        reverse("importers:export", args=["recommendations"]) + "?follow_up=true"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["reference"] for row in rows] == ["para 12(a)"]


@pytest.mark.parametrize("kind", ["recommendations", "actions", "indicators", "uhri"])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_every_template_imports_as_no_data(
    client, admin_user, taxonomies, kind, extension
):
    from .conftest import do_import, problems, source_of

    client.force_login(admin_user)
    response = client.get(f"{IMPORT}templates/{kind}.{extension}")
    assert response.status_code == 200
    run = do_import(kind, source_of(response.content, name=f"template.{extension}"))
    assert problems(run) == [
        "file: the file has a header row but no data rows (the template's example "
        "row is ignored)."
    ]


def test_export_buttons_carry_the_listing_query(rf, manager, outsider):
    from importers.buttons import export_buttons

    request = rf.get("/admin/snippets/x/", {"follow_up": "true", "p": "3", "q": "b"})
    request.user = manager
    buttons = export_buttons(request, "recommendations")
    assert [button.url for button in buttons] == [
        "/admin/imports/export/recommendations/?follow_up=true&q=b&format=xlsx",
        "/admin/imports/export/recommendations/?follow_up=true&q=b&format=csv",
    ]
    request.user = outsider
    assert export_buttons(request, "recommendations") == []


def test_publishing_many_objects_runs_in_the_background(
    client, manager, settings, django_capture_on_commit_callbacks
):
    settings.IMPORTERS_PUBLISH_IN_REQUEST = 2
    client.force_login(manager)
    upload(client)
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("importers:run", args=[run.pk]), {"publish": "on"})
    run.refresh_from_db()
    assert (run.status, Recommendation.objects.count()) == ("pending", 0)
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.summary() == "3 created, 0 updated, 0 unchanged, 3 published"


@pytest.mark.parametrize(
    ("role", "kinds", "may_publish"),
    [
        ("Monitor administrators", {"recommendations", "actions", "uhri"}, True),
        ("Lead agency managers", {"recommendations", "actions", "uhri"}, True),
    ],
)
def test_the_editorial_roles(client, taxonomies, role, kinds, may_publish):
    """What the role groups (data migration of the roles issue) allow here."""
    from django.contrib.auth.models import Group

    from ..factories import UserFactory

    group = Group.objects.get(name=role)
    user = UserFactory(username="someone")
    user.groups.add(group)
    client.force_login(user)
    page = client.get(IMPORT).content.decode()
    for kind in kinds:
        assert f'value="{kind}"' in page
    assert ('name="publish"' in page) is may_publish
    if "recommendations" in kinds:
        upload(client, publish="on" if may_publish else "")
        run = ImportRun.objects.get()
        client.post(reverse("importers:run", args=[run.pk]), {"publish": "on"})
        run.refresh_from_db()
        assert run.status == "done"
        assert Recommendation.objects.filter(live=may_publish).count() == 3


def test_contributors_do_not_import(client, taxonomies):
    """Lead agencies upload files; contributors propose actions by hand."""
    from django.contrib.auth.models import Group

    from ..factories import UserFactory

    user = UserFactory(username="contributor")
    user.groups.add(Group.objects.get(name="Agency contributors"))
    client.force_login(user)
    response = client.get(IMPORT)
    assert_redirected_away(response, "Agency contributors")
    assert ImportRun.objects.count() == 0
