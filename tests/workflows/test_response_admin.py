"""The response board, the response page and the dashboard panels, over the
admin's real URLs: who may open and use each, and what each shows."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail import hooks

from workflows import actions
from workflows.models import ResponseRequest

from .admin_helpers import ROLES, assert_redirected_away, login, messages_of, snapshot
from .response_support import fresh, new_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def upr(world):
    return new_cycle(world)


def board_url(cycle, query=""):
    return reverse("response_board", args=[cycle.pk]) + query


def respond_url(recommendation):
    return reverse("respond_to_recommendation", args=[recommendation.pk])


def rows_of(response):
    return {row.recommendation.reference: row.state for row in response.context["rows"]}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_agency_and_administrators_open_the_board(
    client, world, upr, role
):
    login(client, world, role)
    response = client.get(board_url(upr["cycle"]))
    if role in ("moj_manager", "admin"):
        assert response.status_code == 200
        assert rows_of(response) == {
            "1.1": "awaiting",
            "1.2": "awaiting",
            "1.3": "awaiting",
        }
        content = response.content.decode()
        assert "Ask the agencies" in content
        assert "Awaiting the agency: <strong>3</strong>" in content
    else:
        assert_redirected_away(response, role)


def test_the_board_filters_by_agency_issue_and_state(client, world, upr):
    actions.propose_no_action(
        recommendation=upr["r2"], user=world.msd_contributor, reason="Covered."
    )
    client.force_login(world.moj_manager)
    by_agency = client.get(board_url(upr["cycle"], f"?agency={world.msd.pk}"))
    assert rows_of(by_agency) == {"1.2": "no_action"}
    by_state = client.get(board_url(upr["cycle"], "?state=awaiting"))
    assert rows_of(by_state) == {"1.1": "awaiting", "1.3": "awaiting"}
    # The counts are the cycle's, whatever the filter.
    assert "No action proposed: <strong>1</strong>" in by_state.content.decode()
    assert "Covered." in by_agency.content.decode()


@pytest.mark.parametrize("role", ["msd_manager", "police_contributor"])
def test_asking_from_the_board_is_the_lead_agencys(client, world, upr, role):
    mail.outbox.clear()
    login(client, world, role)
    url = reverse("response_board_ask", args=[upr["cycle"].pk])
    response = client.post(url)
    assert_redirected_away(response, role)
    assert mail.outbox == []
    assert not ResponseRequest.objects.exists()
    # Positive control: the lead agency's manager asks.
    client.force_login(world.moj_manager)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == board_url(upr["cycle"])
    assert messages_of(response)[-2:] == [
        "Ministry of Social Development asked about 1 recommendation.",
        "New Zealand Police asked about 2 recommendations.",
    ]
    assert len(mail.outbox) == 2
    again = client.post(url)
    assert messages_of(again)[-1] == (
        "Already asked, nothing sent again: Ministry of Social Development, "
        "New Zealand Police."
    )
    assert len(mail.outbox) == 2


def test_the_board_sends_its_selection_to_the_agency_batch_action(client, world, upr):
    client.force_login(world.moj_manager)
    page = client.get(board_url(upr["cycle"]))
    assign = reverse(
        "wagtail_bulk_action",
        args=("content_models", "recommendation", "change_agency"),
    )
    assert f'action="{assign}"' in page.content.decode()
    next_url = board_url(upr["cycle"])
    response = client.post(
        f"{assign}?id={upr['r3'].pk}&next={next_url}",
        {"operation": "add", "value": world.msd.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    # A draft's row is its draft: the agency may now answer it.
    assert list(fresh(upr["r3"]).responsible_agencies.all()) == [world.msd]
    assert actions.may(world.msd_contributor, "change", fresh(upr["r3"]))


def test_a_contributor_responds_only_for_their_agency(client, world, upr):
    recommendation = upr["r1"]  # Police only
    before = snapshot(recommendation)
    client.force_login(world.msd_contributor)
    assert_redirected_away(client.get(respond_url(recommendation)), "msd_contributor")
    response = client.post(
        respond_url(recommendation), {"kind": "none", "none-reason": "Not ours."}
    )
    assert_redirected_away(response, "msd_contributor")
    assert snapshot(recommendation) == before
    # Positive control: Police's contributor.
    client.force_login(world.police_contributor)
    page = client.get(respond_url(recommendation))
    assert page.status_code == 200
    assert recommendation.text in page.content.decode()
    response = client.post(
        respond_url(recommendation), {"kind": "none", "none-reason": "Not possible."}
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "No action proposed for UPR-2029/1.1; sent for approval."
    )
    draft = fresh(recommendation).get_latest_revision_as_object()
    assert draft.no_action_reason == "Not possible."


def test_the_reason_is_required_on_the_response_page(client, world, upr):
    before = snapshot(upr["r1"])
    client.force_login(world.police_contributor)
    response = client.post(respond_url(upr["r1"]), {"kind": "none", "none-reason": ""})
    assert response.status_code == 200
    assert response.context["none_form"].errors == {
        "reason": ["This field is required."]
    }
    assert snapshot(upr["r1"]) == before


def test_the_existing_actions_offered_are_the_agencys(client, world, upr):
    client.force_login(world.police_contributor)
    page = client.get(respond_url(upr["r1"]))
    offered = list(page.context["existing_form"].fields["action"].queryset)
    assert offered == [world.police_action]
    # A forged id of another agency's action is refused by the form.
    before = snapshot(world.msd_action)
    response = client.post(
        respond_url(upr["r1"]),
        {"kind": "existing", "existing-action": world.msd_action.pk},
    )
    assert response.status_code == 200
    assert "action" in response.context["existing_form"].errors
    assert snapshot(world.msd_action) == before
    response = client.post(
        respond_url(upr["r1"]),
        {"kind": "existing", "existing-action": world.police_action.pk},
    )
    assert response.status_code == 302
    draft = fresh(world.police_action).get_latest_revision_as_object()
    assert upr["r1"] in draft.recommendations.all()


def test_a_new_action_proposed_from_the_page_is_a_draft_sent_for_approval(
    client, world, upr
):
    client.force_login(world.police_contributor)
    response = client.post(
        respond_url(upr["r1"]),
        {"kind": "new", "new-title": "Body-worn cameras", "new-description": ""},
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Action UPR-2029-1-1-POLICE proposed for UPR-2029/1.1 and sent for approval."
    )
    client.force_login(world.moj_manager)
    board = client.get(board_url(upr["cycle"]))
    assert rows_of(board)["1.1"] == "proposed"
    assert "Body-worn cameras" in board.content.decode()


def panel_ids(client):
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    return {
        name
        for name in ("monitor-awaiting-response", "monitor-response-boards")
        if f'id="{name}' in content
    }, content


def test_the_dashboard_panels_per_role(client, world, upr):
    actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager)
    client.force_login(world.police_contributor)
    shown, content = panel_ids(client)
    assert shown == {"monitor-awaiting-response"}
    assert "UPR-2029/1.1" in content and "UPR-2029/1.2" in content
    assert respond_url(upr["r1"]) in content

    client.force_login(world.msd_contributor)
    shown, content = panel_ids(client)
    assert shown == {"monitor-awaiting-response"}
    assert "UPR-2029/1.2" in content and "UPR-2029/1.1" not in content

    client.force_login(world.moj_manager)
    shown, content = panel_ids(client)
    assert shown == {"monitor-response-boards"}
    assert board_url(upr["cycle"]) in content

    client.force_login(world.admin)
    shown, content = panel_ids(client)
    assert shown == {"monitor-response-boards"}
    assert board_url(upr["cycle"]) in content

    client.force_login(world.msd_manager)  # leads CRC, whose cycle has one
    shown, content = panel_ids(client)
    assert shown == {"monitor-response-boards"}
    assert board_url(upr["cycle"]) not in content

    # Once agreed, a recommendation leaves the agency's panel.
    actions.propose_no_action(
        recommendation=upr["r2"], user=world.msd_contributor, reason="Covered."
    )
    actions.approve(obj=fresh(upr["r2"]), user=world.moj_manager)
    client.force_login(world.msd_contributor)
    shown, _content = panel_ids(client)
    assert shown == set()


def test_the_cycle_listing_links_to_the_boards_the_user_may_open(client, world, upr):
    listing = reverse("wagtailsnippets_content_models_reportingcycle:list")
    client.force_login(world.moj_manager)
    content = client.get(listing).content.decode()
    assert board_url(upr["cycle"]) in content
    crc_cycle = world.crc_recommendation.cycle
    assert board_url(crc_cycle) not in content
    client.force_login(world.police_contributor)
    content = client.get(listing).content.decode()
    assert "/admin/response/" not in content


def test_the_requests_are_in_the_reminder_log_of_the_lead_agency(client, world, upr):
    actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager)
    client.force_login(world.moj_manager)
    content = client.get(reverse("reminders:index")).content.decode()
    assert content.count("Response asked of an agency") >= 3
    assert "UPR-2029/1.1" in content
    client.force_login(world.msd_manager)  # leads the CRC, not the UPR
    content = client.get(reverse("reminders:index")).content.decode()
    assert "UPR-2029/1.1" not in content


def test_other_features_add_buttons_to_the_board_through_a_hook(client, world, upr):
    def annex(request, cycle, buttons):
        buttons.append({"url": f"/annex/{cycle.code}.docx", "label": "Cabinet annex"})

    client.force_login(world.moj_manager)
    with hooks.register_temporarily("construct_response_board_buttons", annex):
        content = client.get(board_url(upr["cycle"])).content.decode()
    assert 'href="/annex/UPR-2029.docx">Cabinet annex</a>' in content
    assert "Cabinet annex" not in client.get(board_url(upr["cycle"])).content.decode()
    # Each row links to its response page, where the lead agency may amend.
    assert respond_url(upr["r1"]) in content


def test_the_board_links_to_the_cycles_cabinet_page_and_annex(client, world, upr):
    client.force_login(world.moj_manager)
    content = client.get(board_url(upr["cycle"])).content.decode()
    cabinet = reverse("cabinet_cycle", args=[upr["cycle"].pk])
    assert f'href="{cabinet}">Cabinet</a>' in content
    annex = reverse("cabinet_annex", args=[upr["cycle"].pk, "docx"])
    assert f'href="{annex}?group_by=' in content
