"""Related recommendations on the explorer's recommendation page: recorded on
one, shown on both, published only."""

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import open_explorer  # noqa: E402


def related(page):
    return page.locator("[data-related-recommendations] > li > a")


def test_a_published_relation_shows_on_both_and_a_draft_one_on_neither(
    world, page, steps
):
    seclusion, age = world.seclusion, world.criminal_age
    # Recorded on the UPR recommendation and published with it.
    seclusion.refresh_from_db()
    draft = seclusion.get_latest_revision_as_object()
    draft.related_recommendations.add(age)
    draft.save_revision().publish()
    # Only in a draft of a housing recommendation: never shown.
    housing = world.housing[0]
    housing.refresh_from_db()
    pending = housing.get_latest_revision_as_object()
    pending.related_recommendations.add(age)
    pending.save_revision()

    open_explorer(page, world.url + "/?recommendation=CRC-2023/para 12(a)")
    expect(page.locator("#detail-related-heading")).to_have_text(
        "Related recommendations of other bodies and cycles (1)"
    )
    steps.shot(page, "related on the CRC recommendation")
    expect(related(page)).to_have_text(
        [
            "Universal Periodic Review, Universal Periodic Review 2024: "
            "122.1 — Seclusion and restraint"
        ]
    )

    related(page).first.click()
    expect(page.locator("#detail-heading")).to_have_text(
        "122.1 — Seclusion and restraint"
    )
    expect(related(page)).to_have_count(1)
    expect(related(page).first).to_contain_text("Age of criminal responsibility")
    steps.shot(page, "related on the UPR recommendation")

    open_explorer(page, f"{world.url}/?recommendation=UPR-2024/{housing.reference}")
    expect(page.locator("#detail-heading")).to_contain_text(housing.reference)
    expect(page.locator("#detail-related-heading")).to_have_count(0)
