"""Civil-society feedback end to end: the public writes on a recommendation in
the explorer; the lead agency's manager reads it in the admin, beside the
recommendation and in the feedback list, and marks it shared."""

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from workflows.models import Feedback  # noqa: E402

from .explorer import open_explorer  # noqa: E402
from .support import login  # noqa: E402

TEXT = "Please include police cells in the seclusion review."


def test_the_public_sends_feedback_and_the_lead_agency_shares_it(
    world, page, new_context, steps
):
    recommendation = world.seclusion  # UPR (MoJ leads), Police responsible
    open_explorer(page, f"{world.url}/?recommendation=UPR-2024/122.1")
    form = page.locator("#feedback-form")
    expect(page.get_by_role("heading", name="Tell the government what you think"))

    # A precise error first: the text is required.
    form.get_by_role("button", name="Send feedback").click()
    expect(page.locator("#feedback-text-error")).to_have_text("This field is required.")
    expect(page.locator("#feedback-text")).to_have_attribute("aria-invalid", "true")
    assert Feedback.objects.count() == 0

    page.get_by_label("Your feedback (required)").fill(TEXT)
    page.get_by_label("Name", exact=True).fill("Aroha Ngata")
    page.get_by_label("Organisation", exact=True).fill("Rights Aotearoa")
    page.get_by_label("E-mail", exact=True).fill("aroha@example.org")
    page.get_by_label("The lead agency may share my feedback").check()
    steps.shot(page, "feedback filled in")
    form.get_by_role("button", name="Send feedback").click()
    expect(page.locator("#feedback-status")).to_have_text(
        "Thank you. Your feedback was sent to the lead agency; it is not published."
    )
    expect(page.get_by_label("Your feedback (required)")).to_have_value("")
    steps.shot(page, "feedback sent")
    feedback = Feedback.objects.get()
    assert (feedback.recommendation_id, feedback.text, feedback.consent_to_share) == (
        recommendation.pk,
        TEXT,
        True,
    )

    # The lead agency's manager, in another browser.
    admin = new_context().new_page()
    steps.watch(admin)
    login(admin, world.url, "moj-manager")
    admin.goto(
        f"{world.url}/admin/snippets/content_models/recommendation/edit/"
        f"{recommendation.pk}/"
    )
    admin.get_by_role("tab", name="Public feedback").click()
    panel = admin.locator("[data-feedback-panel]")
    expect(panel).to_contain_text(TEXT)
    expect(panel).to_contain_text("Aroha Ngata, Rights Aotearoa")
    steps.shot(admin, "panel on the recommendation")
    panel.get_by_role("link", name="Open in the feedback list").click()
    expect(admin.locator("table.listing")).to_contain_text("UPR-2024/122.1")
    steps.shot(admin, "feedback list")
    admin.get_by_role("link", name="UPR-2024/122.1").click()
    expect(admin.locator("[data-feedback-status]")).to_have_text("New")
    admin.get_by_role("button", name="Mark shared with agencies").click()
    expect(admin.locator("[data-feedback-status]")).to_contain_text(
        "Shared with agencies — by"
    )
    steps.shot(admin, "marked shared")
    feedback.refresh_from_db()
    assert (feedback.status, feedback.status_changed_by_id) == (
        Feedback.Status.SHARED,
        world.moj_manager.pk,
    )
