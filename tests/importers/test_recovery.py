"""An import whose worker died is recovered, and runs again from the same upload."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.urls import reverse
from django_q.models import Schedule
from wagtail.models import Revision

from content_models.models import Recommendation
from importers.actions import create_run, recover_stale_runs, rerun_import, run_import
from importers.apps import RECOVERY_SCHEDULE
from importers.models import ImportRun
from importers.reading import Source
from importers.tasks import recover_stale_imports, run_import_task

from .conftest import FILES, command, problems, user_with

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.UTC)
STOPPED = (
    "file: The import stopped (its worker stopped responding); nothing was written."
)
REFERENCES = ["122.1", "122.2", "para 12(a)"]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def manager(taxonomies):
    return user_with(
        "content_models.add_recommendation",
        "content_models.change_recommendation",
        "content_models.publish_recommendation",
        username="manager",
    )


def uploaded(user, *, publish=False) -> ImportRun:
    return create_run(
        kind="recommendations",
        source=Source.from_path(FILES / "recommendations.csv"),
        user=user,
        publish=publish,
    )


def worker_died(run, *, heartbeat_seconds_ago, dry_run=False) -> ImportRun:
    """What a worker that died while writing leaves behind: its claim on the
    run, and a heartbeat that stopped ``heartbeat_seconds_ago``."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING,
        attempt=1,
        dry_run=dry_run,
        phase="writing",
        progress=65,
        started_at=NOW - datetime.timedelta(seconds=heartbeat_seconds_ago + 60),
        heartbeat_at=NOW - datetime.timedelta(seconds=heartbeat_seconds_ago),
    )
    run.refresh_from_db()
    return run


def imported() -> list[str]:
    return sorted(Recommendation.objects.values_list("reference", flat=True))


def test_a_run_whose_worker_died_is_recovered_then_runs_again_to_done(manager):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)

    assert recover_stale_runs(now=NOW) == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.retryable, run.error_count) == ("failed", True, 1)
    assert problems(run) == [STOPPED]
    assert (run.finished_at, run.phase, run.progress) == (NOW, "", 100)
    assert imported() == []
    # Recovering again finds nothing: one caller recovers a run.
    assert recover_stale_runs(now=NOW) == []

    rerun_import(run=run, requested_by=manager)
    run.refresh_from_db()
    assert (run.status, run.attempt, run.written, run.retryable) == (
        "done",
        2,
        True,
        False,
    )
    assert run.summary() == "3 created, 0 updated, 0 unchanged"
    assert (run.errors, run.error_count) == ([], 0)
    assert imported() == REFERENCES
    assert Revision.objects.count() == 3
    assert not Recommendation.objects.filter(live=True).exists()


def test_a_stopped_check_runs_again_as_a_check(manager):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=400, dry_run=True)
    assert recover_stale_runs(now=NOW) == [run.pk]
    rerun_import(run=run)
    run.refresh_from_db()
    assert (run.status, run.created_count) == ("checked", 3)
    assert imported() == []


def test_a_run_with_a_fresh_heartbeat_is_left_alone(manager):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=299)
    before = ImportRun.objects.values().get(pk=run.pk)

    assert recover_stale_runs(now=NOW) == []
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as error:
        rerun_import(run=run, requested_by=manager)
    assert error.value.messages == [
        f"Import run {run.pk} is still running (its worker is responding); it "
        "cannot run twice at once."
    ]
    assert ImportRun.objects.values().get(pk=run.pk) == before
    assert imported() == []

    # Two seconds later the same run has gone quiet for longer than the limit.
    later = NOW + datetime.timedelta(seconds=2)
    assert recover_stale_runs(now=later) == [run.pk]


def test_the_limit_is_a_setting(manager, settings):
    settings.IMPORTERS_STALE_AFTER = 3600
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=1800)
    assert recover_stale_runs(now=NOW) == []
    settings.IMPORTERS_STALE_AFTER = 600
    assert recover_stale_runs(now=NOW) == [run.pk]


def test_a_run_that_died_before_its_first_heartbeat_is_recovered(manager):
    run = uploaded(manager)
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", started_at=NOW - datetime.timedelta(seconds=301)
    )
    assert recover_stale_runs(now=NOW) == [run.pk]


def test_running_again_is_for_stopped_runs_only(manager):
    refused = create_run(
        kind="recommendations",
        source=Source.from_path(FILES / "missing_column.csv"),
        user=manager,
    )
    done = uploaded(manager)
    for run in (refused, done):
        run_import(run=run)
    messages = {
        refused.pk: f"Import run {refused.pk} was refused because of its file; "
        "correct the file and import it again.",
        done.pk: f"Import run {done.pk} is imported; only a stopped import runs again.",
    }
    for run in (refused, done):
        before = ImportRun.objects.values().get(pk=run.pk)
        with pytest.raises(ValidationError) as error:
            rerun_import(run=run, requested_by=manager)
        assert error.value.messages == [messages[run.pk]]
        assert ImportRun.objects.values().get(pk=run.pk) == before
    assert Revision.objects.count() == 3


def test_running_again_checks_the_permissions_again(manager):
    run = worker_died(uploaded(manager, publish=True), heartbeat_seconds_ago=301)
    recover_stale_runs(now=NOW)
    manager.user_permissions.remove(
        Permission.objects.get(codename="publish_recommendation")
    )
    manager = type(manager).objects.get(pk=manager.pk)
    run.user = manager
    before = ImportRun.objects.values().get(pk=run.pk)
    with pytest.raises(PermissionDenied) as error:
        rerun_import(run=run, requested_by=manager)
    assert str(error.value) == "manager may not publish recommendations."
    assert ImportRun.objects.values().get(pk=run.pk) == before
    assert imported() == []

    # Without publishing it may import: the same run, as a draft import.
    ImportRun.objects.filter(pk=run.pk).update(publish=False)
    run.refresh_from_db()
    rerun_import(run=run, requested_by=manager)
    assert imported() == REFERENCES


def test_only_the_person_who_started_it_runs_it_again(manager, admin_user):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    recover_stale_runs(now=NOW)
    before = ImportRun.objects.values().get(pk=run.pk)
    with pytest.raises(PermissionDenied):
        rerun_import(run=run, requested_by=admin_user)
    assert ImportRun.objects.values().get(pk=run.pk) == before
    rerun_import(run=run, requested_by=manager)
    assert imported() == REFERENCES


def test_two_requests_to_run_again_run_it_once(
    manager, django_capture_on_commit_callbacks
):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    recover_stale_runs(now=NOW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rerun_import(run=run, requested_by=manager, in_background=True)
        with pytest.raises(ValidationError) as error:
            rerun_import(run=run, requested_by=manager, in_background=True)
    assert error.value.messages == [
        f"Import run {run.pk} is waiting to run; only a stopped import runs again."
    ]
    assert len(callbacks) == 1
    # The stopped attempt's task, delivered late, finds the run taken.
    run_import_task(run.pk, False, 0)
    assert ImportRun.objects.get(pk=run.pk).status == "pending"
    callbacks[0]()
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 2)
    assert imported() == REFERENCES
    assert Revision.objects.count() == 3


def test_a_late_result_of_a_recovered_attempt_is_dropped(manager):
    """A worker thought dead that comes back cannot overwrite the recovery."""
    from importers.actions import _finish

    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    late = ImportRun.objects.get(pk=run.pk)
    recover_stale_runs(now=NOW)
    assert _finish(late, status=ImportRun.Status.CHECKED) is False
    run.refresh_from_db()
    assert (run.status, problems(run)) == ("failed", [STOPPED])
    assert (late.status, late.retryable) == ("failed", True)


def test_the_run_page_recovers_and_offers_to_run_again(
    client, manager, admin_user, frozen, django_capture_on_commit_callbacks
):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    page_url = reverse("importers:run", args=[run.pk])
    rerun_url = reverse("importers:rerun", args=[run.pk])

    # Another person who may see the run sees it stopped, without the button…
    client.force_login(admin_user)
    page = client.get(page_url).content.decode()
    assert "The import did not finish. Nothing was written." in page
    assert STOPPED in page
    assert "Run again" not in page
    refused = client.post(rerun_url)
    # The admin turns PermissionDenied into a redirect to its dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    run.refresh_from_db()
    assert (run.status, run.attempt, run.retryable) == ("failed", 1, True)

    # …the person who started it runs it again, on the task cluster.
    client.force_login(manager)
    page = client.get(page_url).content.decode()
    assert "data-import-rerun" in page
    assert "Run again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(rerun_url)
    assert (response.status_code, response["Location"]) == (302, page_url)
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 2)
    assert imported() == REFERENCES
    page = client.get(page_url).content.decode()
    assert "Imported: 3 created, 0 updated, 0 unchanged." in page
    assert "Run again" not in page
    refused = client.post(rerun_url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert ImportRun.objects.get(pk=run.pk).attempt == 2


def test_the_progress_endpoint_recovers_a_stopped_run(client, manager, frozen):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    client.force_login(manager)
    assert client.get(reverse("importers:progress", args=[run.pk])).json() == {
        "status": "failed",
        "status_label": "Refused, nothing written",
        "phase": "",
        "progress": 100,
        "finished": True,
    }


def test_the_progress_endpoint_leaves_a_slow_run_running(client, manager, frozen):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=30)
    client.force_login(manager)
    progress = client.get(reverse("importers:progress", args=[run.pk])).json()
    assert (progress["status"], progress["progress"]) == ("running", 65)


def test_the_runs_listing_recovers_stopped_runs(client, manager, admin_user, frozen):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    client.force_login(admin_user)
    listing = reverse("importers_importrun_modeladmin_index")
    assert client.get(listing).status_code == 200
    assert ImportRun.objects.get(pk=run.pk).status == "failed"


def test_the_command_recovers_and_runs_again(manager, frozen):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    out, err = command(
        "import_csv", "recommendations", str(FILES / "recommendations.csv"), "--dry-run"
    )
    assert err == (
        f"Import run {run.pk} stopped (its worker stopped responding) and is marked "
        f"failed; nothing was written. Run it again with --rerun {run.pk}.\n"
    )
    assert ImportRun.objects.get(pk=run.pk).status == "failed"

    out, err = command("import_csv", "--rerun", str(run.pk))
    assert (out, err) == (
        f"3 created, 0 updated, 0 unchanged (3 rows, import run {run.pk}).\n",
        "",
    )
    assert imported() == REFERENCES
    run.refresh_from_db()
    assert (run.status, run.user, run.origin) == ("done", manager, "admin")

    with pytest.raises(CommandError) as error:
        command("import_csv", "--rerun", str(run.pk))
    assert str(error.value) == (
        f"Import run {run.pk} is imported; only a stopped import runs again."
    )
    assert error.value.returncode == 1


def test_the_command_refuses_a_rerun_with_other_arguments(manager):
    run = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    with pytest.raises(CommandError) as error:
        command("import_csv", "recommendations", "x.csv", "--rerun", str(run.pk))
    assert str(error.value) == (
        "--rerun takes the kind, file, user and options of the run; give nothing else."
    )
    with pytest.raises(CommandError) as error:
        command("import_csv", "--rerun", "999999")
    assert str(error.value) == "No import run 999999."
    with pytest.raises(CommandError) as error:
        command("import_csv", "recommendations")
    assert str(error.value) == "Give KIND and FILE, or --rerun RUN_ID."
    assert imported() == []


def test_the_schedule_recovers_stopped_runs(manager):
    schedule = Schedule.objects.get(name=RECOVERY_SCHEDULE)
    assert (schedule.func, schedule.schedule_type, schedule.cron) == (
        "importers.tasks.recover_stale_imports",
        Schedule.CRON,
        "*/5 * * * *",
    )
    stopped = worker_died(uploaded(manager), heartbeat_seconds_ago=301)
    with time_machine.travel(NOW, tick=False):
        assert recover_stale_imports() == 1
    assert ImportRun.objects.get(pk=stopped.pk).status == "failed"
