"""Feedback in the admin: who reads which (the lead agency all of its bodies',
the responsible agencies what was shared with consent), marking it, the
scoped CSV export and the panel on the recommendation's edit view."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workflows import actions
from workflows import feedback as rules
from workflows.models import Feedback

from .admin_helpers import assert_redirected_away, login, messages_of

pytestmark = pytest.mark.django_db

INDEX = "feedback:index"
DETAIL = "feedback:detail"
MARK = "feedback:mark"
EXPORT = "feedback:export"


@pytest.fixture
def feedback(world):
    """Three on the UPR recommendation (MoJ leads, Police responsible) — new
    with consent, shared with consent, new without consent — and one on the
    CRC recommendation (MSD leads and is responsible), all published."""
    for recommendation in (world.upr_recommendation, world.crc_recommendation):
        recommendation.save_revision().publish()
    make = Feedback.objects.create
    return {
        "new": make(
            recommendation=world.upr_recommendation,
            text="UPR new, may share",
            name="Aroha",
            email="aroha@example.org",
            consent_to_share=True,
        ),
        "shared": make(
            recommendation=world.upr_recommendation,
            text="UPR already shared",
            consent_to_share=True,
            status=Feedback.Status.SHARED,
        ),
        "private": make(
            recommendation=world.upr_recommendation,
            text="UPR for the lead agency only",
            consent_to_share=False,
        ),
        "crc": make(
            recommendation=world.crc_recommendation,
            text="CRC feedback",
            consent_to_share=True,
        ),
    }


def texts(queryset):
    return sorted(queryset.values_list("text", flat=True))


READABLE = {
    "admin": [
        "CRC feedback",
        "UPR already shared",
        "UPR for the lead agency only",
        "UPR new, may share",
    ],
    "moj_manager": [
        "UPR already shared",
        "UPR for the lead agency only",
        "UPR new, may share",
    ],
    "msd_manager": ["CRC feedback"],
    "police_contributor": ["UPR already shared"],
    "msd_contributor": [],
}


@pytest.mark.parametrize("role", sorted(READABLE))
def test_who_reads_which(world, feedback, role):
    assert texts(rules.readable(getattr(world, role))) == READABLE[role]


@pytest.mark.parametrize("role", sorted(READABLE))
def test_the_listing_shows_what_each_may_read(client, world, feedback, role):
    login(client, world, role)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    shown = sorted(row.text for row in response.context["object_list"])
    assert shown == READABLE[role]


def test_the_listing_is_refused_to_anonymous_users(client, world, feedback):
    response = client.get(reverse(INDEX))
    assert_redirected_away(response, "anonymous")


def test_the_listing_filters(client, world, feedback):
    login(client, world, "moj_manager")
    by_status = client.get(reverse(INDEX), {"status": "shared"})
    assert [row.text for row in by_status.context["object_list"]] == [
        "UPR already shared"
    ]
    by_recommendation = client.get(reverse(INDEX), {"recommendation": "UPR-2024/122.1"})
    assert len(by_recommendation.context["object_list"]) == 3
    by_consent = client.get(reverse(INDEX), {"consent_to_share": "false"})
    assert [row.text for row in by_consent.context["object_list"]] == [
        "UPR for the lead agency only"
    ]
    login(client, world, "admin")
    by_agency = client.get(reverse(INDEX), {"agency": world.msd.pk})
    assert [row.text for row in by_agency.context["object_list"]] == ["CRC feedback"]


def test_the_detail_is_404_outside_the_scope(client, world, feedback):
    login(client, world, "msd_manager")
    assert client.get(reverse(DETAIL, args=(feedback["new"].pk,))).status_code == 404
    # Positive control: the lead agency reads it, with the contact details.
    login(client, world, "moj_manager")
    response = client.get(reverse(DETAIL, args=(feedback["new"].pk,)))
    assert response.status_code == 200
    assert b"aroha@example.org" in response.content
    assert b"Mark shared with agencies" in response.content


def state(feedback):
    feedback.refresh_from_db()
    return (feedback.status, feedback.status_changed_by, feedback.status_changed_at)


def test_the_lead_agency_marks_shared(client, world, feedback):
    item = feedback["new"]
    login(client, world, "moj_manager")
    response = client.post(reverse(MARK, args=(item.pk,)), {"status": "shared"})
    assert response.status_code == 302
    assert response["Location"] == reverse(DETAIL, args=(item.pk,))
    status, by, at = state(item)
    assert (status, by) == (Feedback.Status.SHARED, world.moj_manager)
    assert at is not None
    assert messages_of(response)[-1] == "Feedback marked “Shared with agencies”."
    # Now the responsible agency reads it.
    assert "UPR new, may share" in texts(rules.readable(world.police_contributor))


def test_another_agency_may_not_mark_and_nothing_changes(client, world, feedback):
    item = feedback["new"]
    before = state(item)
    login(client, world, "msd_manager")  # leads another body: not even readable
    response = client.post(reverse(MARK, args=(item.pk,)), {"status": "shared"})
    assert response.status_code == 404
    assert state(item) == before
    # Positive control: the same manager marks feedback on their own body.
    crc = feedback["crc"]
    response = client.post(reverse(MARK, args=(crc.pk,)), {"status": "not_relevant"})
    assert response.status_code == 302
    assert state(crc)[:2] == (Feedback.Status.NOT_RELEVANT, world.msd_manager)


def test_a_responsible_agency_reads_shared_feedback_but_may_not_mark_it(
    client, world, feedback
):
    item = feedback["shared"]
    before = state(item)
    login(client, world, "police_contributor")
    assert client.get(reverse(DETAIL, args=(item.pk,))).status_code == 200
    response = client.post(reverse(MARK, args=(item.pk,)), {"status": "not_relevant"})
    assert_redirected_away(response, "police_contributor")  # the admin's refusal
    assert state(item) == before
    with pytest.raises(PermissionDenied):
        actions.mark_feedback(
            feedback=item, user=world.police_contributor, status="not_relevant"
        )
    assert state(item) == before


def test_feedback_without_consent_cannot_be_shared(client, world, feedback):
    item = feedback["private"]
    before = state(item)
    login(client, world, "moj_manager")
    response = client.post(reverse(MARK, args=(item.pk,)), {"status": "shared"})
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "The author did not agree to share this feedback with the agencies; it "
        "stays with the lead agency."
    )
    assert state(item) == before
    # Positive control: it can be marked not relevant.
    client.post(reverse(MARK, args=(item.pk,)), {"status": "not_relevant"})
    assert state(item)[0] == Feedback.Status.NOT_RELEVANT


def test_an_unknown_status_is_refused(world, feedback):
    item = feedback["new"]
    before = state(item)
    with pytest.raises(ValidationError):
        actions.mark_feedback(feedback=item, user=world.moj_manager, status="new")
    assert state(item) == before


def test_mark_is_post_only(client, world, feedback):
    login(client, world, "moj_manager")
    response = client.get(reverse(MARK, args=(feedback["new"].pk,)))
    assert response.status_code == 405


def exported(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_is_scoped_and_filtered(client, world, feedback):
    login(client, world, "moj_manager")
    rows = exported(client.get(reverse(EXPORT)))
    assert sorted(row["feedback"] for row in rows) == READABLE["moj_manager"]
    new = next(row for row in rows if row["feedback"] == "UPR new, may share")
    assert (new["cycle"], new["recommendation"], new["name"], new["email"]) == (
        "UPR-2024",
        "122.1",
        "Aroha",
        "aroha@example.org",
    )
    assert (new["consent_to_share"], new["status"]) == ("yes", "New")
    filtered = exported(client.get(reverse(EXPORT), {"status": "shared"}))
    assert [row["feedback"] for row in filtered] == ["UPR already shared"]
    login(client, world, "police_contributor")
    rows = exported(client.get(reverse(EXPORT)))
    assert [row["feedback"] for row in rows] == ["UPR already shared"]
    login(client, world, "msd_contributor")
    assert exported(client.get(reverse(EXPORT))) == []


def test_the_export_neutralises_formulas(client, world, feedback):
    feedback["new"].text = "=HYPERLINK(1)"
    feedback["new"].save()
    login(client, world, "moj_manager")
    rows = exported(client.get(reverse(EXPORT)))
    assert "'=HYPERLINK(1)" in [row["feedback"] for row in rows]


def edit_page(client, recommendation):
    url = reverse(
        "wagtailsnippets_content_models_recommendation:edit", args=(recommendation.pk,)
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_on_the_edit_view(client, world, feedback):
    login(client, world, "moj_manager")
    page = edit_page(client, world.upr_recommendation)
    assert "Public feedback" in page
    for text in READABLE["moj_manager"]:
        assert text in page
    assert "CRC feedback" not in page
    login(client, world, "police_contributor")
    page = edit_page(client, world.upr_recommendation)
    assert "UPR already shared" in page
    assert "UPR new, may share" not in page
    assert "UPR for the lead agency only" not in page


def test_receive_feedback_refuses_a_draft(world):
    world.crc_recommendation.live = False
    with pytest.raises(ValidationError):
        actions.receive_feedback(recommendation=world.crc_recommendation, text="x")
    assert Feedback.objects.count() == 0


def test_purge_deletes_only_expired_feedback(world, feedback):
    import datetime

    from django.utils import timezone

    old = feedback["crc"]
    Feedback.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=731)
    )
    assert actions.purge_expired_feedback(days=730) == 1
    assert texts(Feedback.objects.all()) == READABLE["moj_manager"]


def test_the_purge_command(world, feedback, settings):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    settings.FEEDBACK_RETENTION_DAYS = 30
    Feedback.objects.filter(pk=feedback["crc"].pk).update(
        received_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = io.StringIO()
    call_command("purge_feedback", stdout=out)
    assert out.getvalue() == "Deleted 1 feedback older than 30 days.\n"
    assert Feedback.objects.count() == 3
    out = io.StringIO()
    call_command("purge_feedback", stdout=out)
    assert out.getvalue() == "Deleted 0 feedback older than 30 days.\n"


def test_the_tab_is_not_on_the_create_view(client, world, feedback):
    login(client, world, "moj_manager")
    response = client.get(reverse("wagtailsnippets_content_models_recommendation:add"))
    assert response.status_code == 200
    assert "Public feedback" not in response.content.decode().split("<main")[1]


def test_a_responsible_agency_with_nothing_shared_reads_nothing(
    client, world, feedback
):
    Feedback.objects.filter(pk=feedback["shared"].pk).update(
        status=Feedback.Status.NOT_RELEVANT
    )
    login(client, world, "police_contributor")  # Police is responsible
    page = edit_page(client, world.upr_recommendation)
    assert "No feedback you may read on this recommendation." in page
    for text in READABLE["moj_manager"]:
        assert text not in page


@pytest.mark.parametrize("name", [INDEX, EXPORT])
def test_anonymous_users_are_sent_to_sign_in(client, world, feedback, name):
    assert_redirected_away(client.get(reverse(name)), "anonymous")


def test_anonymous_users_may_not_mark(client, world, feedback):
    item = feedback["new"]
    before = state(item)
    response = client.post(reverse(MARK, args=(item.pk,)), {"status": "shared"})
    assert_redirected_away(response, "anonymous")
    assert state(item) == before


def test_the_daily_purge_task(world, feedback, settings):
    import datetime

    from django.utils import timezone

    from workflows import tasks

    settings.FEEDBACK_RETENTION_DAYS = 30
    Feedback.objects.filter(pk=feedback["crc"].pk).update(
        received_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert tasks.purge_old_feedback() == 1
    assert Feedback.objects.count() == 3
    assert tasks.purge_old_feedback() == 0
