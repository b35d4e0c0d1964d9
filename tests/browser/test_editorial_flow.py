"""Draft → submit → approve → publish → public, the way people do it: a police
contributor proposes an action in the admin, the Ministry of Justice (lead
agency of the UPR) approves it from the dashboard, the explorer shows it."""

import datetime

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from content_models.models import Action  # noqa: E402
from workflows import actions  # noqa: E402

from .explorer import (  # noqa: E402
    facet_counts,
    open_explorer,
    results_heading,
    titles,
)
from .support import field, login  # noqa: E402

REFERENCE = "ACT-POL-2"
TITLE = "Body-worn cameras for custody staff"


def public_actions(new_context, steps, url):
    """The explorer's action list in a fresh browser (no cached answers)."""
    page = new_context().new_page()
    steps.watch(page)
    open_explorer(page, url + "/?view=actions")
    return page


def test_contributor_drafts_and_submits_lead_agency_approves_public_sees_it(
    world, new_context, steps
):
    base = world.url
    # Cabinet has decided on UPR-2024's response (not made public): what the
    # lead agency approves now is published at once, not held for Cabinet
    # (docs/cabinet.md; the world keeps a draft recommendation, 122.99).
    actions.record_cabinet_decision(
        cycle=world.upr_2024,
        user=world.moj_manager,
        decided_on=datetime.date(2025, 1, 25),
        minute_reference="CAB-25-MIN-0001",
    )
    before = public_actions(new_context, steps, base)
    expect(results_heading(before)).to_have_text("3 actions")
    agencies_before = facet_counts(before, "Lead or responsible agency")
    assert agencies_before["New Zealand Police"] == 1
    assert facet_counts(before, "Progress")["In preparation"] == 1
    steps.shot(before, "public before")

    # (a) The contributor drafts an action for their agency and submits it.
    contributor = new_context().new_page()
    steps.watch(contributor)
    login(contributor, base, "police-contributor")
    contributor.goto(base + "/admin/snippets/content_models/action/add/")
    field(contributor, "Reference").fill(REFERENCE)
    field(contributor, "Title").fill(TITLE)
    field(contributor, "Description").fill(
        "Every custody officer wears a camera while restraint may be used."
    )
    # Progress status and SMART are the lead agency's assessment: a contributor
    # does not see them, and a new action starts "in preparation".
    expect(field(contributor, "Progress status", "combobox")).to_have_count(0)
    contributor.get_by_role("tab", name="Classification").click()
    contributor.get_by_role("button", name="Choose agency").click()
    chooser = contributor.get_by_role("dialog")
    chooser.get_by_label("Search term").fill("Police")
    chooser.get_by_role("link", name="New Zealand Police (Police)").click()
    expect(contributor.locator("#id_lead_agency-title")).to_have_text(
        "New Zealand Police (Police)"
    )
    contributor.get_by_label("Justice", exact=True).check()
    contributor.get_by_role("tab", name="Links").click()
    contributor.get_by_role("combobox", name="Recommendations").fill("122.1")
    contributor.get_by_role(
        "option", name="UPR-2024/122.1 — Seclusion and restraint"
    ).click()
    steps.shot(contributor, "contributor form")
    contributor.get_by_role("button", name="Save draft").click()
    expect(contributor.locator(".messages")).to_contain_text(f"{REFERENCE} — {TITLE}")
    steps.shot(contributor, "draft saved")

    action = Action.objects.get(reference=REFERENCE)
    assert action.live is False
    assert action.lead_agency == world.police
    assert list(action.recommendations.all()) == [world.seclusion]

    # A draft is not public.
    draft_view = public_actions(new_context, steps, base)
    expect(results_heading(draft_view)).to_have_text("3 actions")

    contributor.locator("footer").get_by_role("button", name="More actions").click()
    contributor.get_by_role("button", name="Submit to Lead agency approval").click()
    expect(contributor.locator(".messages")).to_contain_text(
        "submitted for approval by the lead agency"
    )
    steps.shot(contributor, "submitted")
    action.refresh_from_db()
    assert action.live is False
    assert action.workflow_in_progress

    # Another body's lead agency does not review it.
    other = new_context().new_page()
    steps.watch(other)
    login(other, base, "msd-manager")
    expect(other.locator("main")).not_to_contain_text(TITLE)

    # (b) The lead agency manager sees it on the dashboard and approves.
    manager = new_context().new_page()
    steps.watch(manager)
    login(manager, base, "moj-manager")
    review = (
        manager.locator("section, div.w-panel, .panel")
        .filter(has=manager.get_by_role("heading", name="Awaiting your approval"))
        .last
    )
    row = review.locator("tr", has_text=f"{REFERENCE} — {TITLE}")
    expect(row).to_be_visible()
    expect(row).to_contain_text("police-contributor")
    steps.shot(manager, "dashboard")
    row.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(manager.locator(".messages")).to_contain_text("approved and published.")
    expect(manager.locator("tr", has_text=REFERENCE)).to_have_count(0)
    steps.shot(manager, "approved")
    action.refresh_from_db()
    assert action.live is True
    assert action.first_published_at is not None

    # (c) The explorer shows it, with its facets updated.
    after = public_actions(new_context, steps, base)
    expect(results_heading(after)).to_have_text("4 actions")
    agencies = facet_counts(after, "Lead or responsible agency")
    assert agencies["New Zealand Police"] == 2
    assert facet_counts(after, "Progress")["In preparation"] == 2
    assert facet_counts(after, "Human-rights issue")["Justice"] == 2
    assert f"{REFERENCE} — {TITLE}" in titles(after)
    steps.shot(after, "public after")

    after.goto(base + "/?recommendation=UPR-2024/122.1")
    expect(after.locator("#detail-view")).to_contain_text(
        "What the government is doing (2 actions)"
    )
    expect(after.get_by_role("heading", name=f"{REFERENCE} — {TITLE}")).to_be_visible()
    overview = after.locator("#overview")
    after.goto(base + "/")
    expect(
        overview.locator(".cycle", has_text="Universal Periodic Review 2024").locator(
            ".legend li"
        )
    ).to_have_text(["3 actions:", "2 in preparation", "1 in progress", "0 completed"])
