"""The explorer at / on a small published world: lists, facets, search, detail,
history, pagination, export, accessibility and a phone-sized screen."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import (  # noqa: E402
    axe_violations,
    checkbox,
    describe,
    facet,
    facet_counts,
    open_explorer,
    ready,
    results_heading,
    titles,
)


def query_of(page):
    return parse_qs(urlsplit(page.url).query)


def test_front_page_shows_published_recommendations_of_current_cycles(
    world, page, steps
):
    open_explorer(page, world.url + "/")
    steps.shot(page, "front page")

    # 20 housing + 122.1 + 122.2 (UPR-2024) + para 12(a) (CRC-2023); not the
    # past cycle, not the draft.
    expect(results_heading(page)).to_have_text("23 recommendations, 1–20 shown")
    assert facet_counts(page, "UN body") == {
        "Committee on the Rights of the Child": 1,
        "Universal Periodic Review": 22,
    }
    assert facet_counts(page, "Reporting cycle") == {
        "Committee on the Rights of the Child 2023": 1,
        "Universal Periodic Review 2024": 22,
    }
    assert facet_counts(page, "Progress of its actions") == {
        "In preparation": 1,
        "In progress": 1,
        "Completed": 1,
    }
    assert "122.99" not in page.locator("#result-list").inner_text()
    # Newest cycle first.
    assert titles(page)[:2] == [
        "122.1 — Seclusion and restraint",
        "122.2 — Family violence prevention",
    ]

    overview = page.locator("#overview")
    upr = overview.locator(".cycle", has_text="Universal Periodic Review 2024")
    expect(upr).to_contain_text("2 of 22 recommendations have a published action")
    expect(upr.locator(".legend li")).to_have_text(
        ["2 actions:", "1 in preparation", "1 in progress", "0 completed"]
    )
    expect(overview.locator(".cycle")).to_have_count(2)

    assert page.title().startswith("Recommendations: 23")
    assert [line for line in steps.console if line.startswith(("error", "page"))] == []


def test_facets_search_detail_and_the_back_button(world, page, steps):
    open_explorer(page, world.url + "/")

    checkbox(page, "Human-rights issue", "Justice").check()
    ready(page)
    expect(results_heading(page)).to_have_text("2 recommendations")
    assert query_of(page)["issues"] == ["justice"]
    # Disjunctive: the issue facet still offers Housing, with what it would add.
    assert facet_counts(page, "Human-rights issue")["Housing"] == 20
    assert facet_counts(page, "UN body") == {
        "Committee on the Rights of the Child": 1,
        "Universal Periodic Review": 1,
    }
    expect(checkbox(page, "Human-rights issue", "Justice")).to_be_focused()
    steps.shot(page, "justice")

    checkbox(page, "Human-rights issue", "Housing").check()
    ready(page)
    expect(results_heading(page)).to_have_text("22 recommendations, 1–20 shown")
    assert query_of(page)["issues"] == ["justice", "housing"]
    checkbox(page, "UN body", "Committee on the Rights of the Child").check()
    ready(page)
    expect(results_heading(page)).to_have_text("1 recommendation")
    steps.shot(page, "justice or housing, CRC")

    page.go_back()
    ready(page)
    expect(results_heading(page)).to_have_text("22 recommendations, 1–20 shown")
    expect(
        checkbox(page, "UN body", "Committee on the Rights of the Child")
    ).not_to_be_checked()
    page.go_back()
    ready(page)
    expect(results_heading(page)).to_have_text("2 recommendations")
    expect(checkbox(page, "Human-rights issue", "Housing")).not_to_be_checked()
    page.go_forward()
    ready(page)
    expect(results_heading(page)).to_have_text("22 recommendations, 1–20 shown")

    # "Clear" empties one facet; the chips list what is chosen.
    facet(page, "Human-rights issue").get_by_role("button", name="Clear").click()
    ready(page)
    expect(results_heading(page)).to_have_text("23 recommendations, 1–20 shown")
    expect(page.locator("#chosen-filters")).to_be_empty()

    # Search: every word, macrons optional.
    page.get_by_label("Search recommendations").fill("whanau services")
    page.get_by_role("button", name="Search", exact=True).click()
    ready(page)
    expect(results_heading(page)).to_have_text("1 recommendation")
    assert query_of(page)["search"] == ["whanau services"]
    assert titles(page) == ["122.2 — Family violence prevention"]
    steps.shot(page, "search")

    page.get_by_role("link", name="122.2 — Family violence prevention").click()
    ready(page)
    assert query_of(page)["recommendation"] == ["UPR-2024/122.2"]
    heading = page.locator("#detail-heading")
    expect(heading).to_have_text("122.2 — Family violence prevention")
    expect(heading).to_be_focused()
    detail = page.locator("#detail-view")
    expect(detail).to_contain_text("whānau-centred services")
    expect(detail).to_contain_text("What the government is doing (1 action)")
    expect(
        detail.get_by_role("heading", name="ACT-MOJ-1 — Te Aorerekura action plan")
    ).to_be_visible()
    expect(detail.locator(".badge--in-preparation")).to_have_text("In preparation")
    expect(page.locator("#list-view")).to_be_hidden()
    steps.shot(page, "detail")

    page.go_back()
    ready(page)
    expect(results_heading(page)).to_have_text("1 recommendation")
    expect(page.get_by_label("Search recommendations")).to_have_value("whanau services")
    # Focus returns to the link that opened the detail.
    expect(
        page.get_by_role("link", name="122.2 — Family violence prevention")
    ).to_be_focused()

    # A shared link opens the same view in a new browser.
    other = page.context.browser.new_context().new_page()
    try:
        open_explorer(other, page.url)
        expect(results_heading(other)).to_have_text("1 recommendation")
    finally:
        other.context.close()


def test_detail_shows_indicators_and_a_cleaned_progress_report(world, page, steps):
    open_explorer(page, world.url + "/?recommendation=UPR-2024/122.1")
    detail = page.locator("#detail-view")
    expect(page.locator("#detail-heading")).to_have_text(
        "122.1 — Seclusion and restraint"
    )
    expect(detail).to_contain_text("Supported")
    expect(detail).to_contain_text("Cabinet priority")
    expect(detail.get_by_role("link", name="Uruguay")).to_have_attribute(
        "href", "?recommendingStates=URY"
    )
    indicators = detail.locator("table.indicators")
    expect(indicators).to_contain_text("IND-POL-1-1")
    expect(indicators).to_contain_text("Every 3 months")
    report = detail.locator(".report")
    expect(report.locator(".report__title")).to_have_text(
        "Restraint incidents down in the first year"
    )
    expect(report.locator(".report__body")).to_have_text(
        "Restraint incidents fell by 12%."
    )
    assert report.locator(".report__body script, .report__body img").count() == 0
    assert page.evaluate("window.reportScriptRan === undefined")
    steps.shot(page, "detail with report")

    # From the action to its own page and back to the list of actions.
    detail.get_by_role(
        "link", name="ACT-POL-1 — Reduce the use of restraint in police custody"
    ).click()
    ready(page)
    assert query_of(page)["action"] == ["ACT-POL-1"]
    expect(page.locator("#detail-heading")).to_have_text(
        "ACT-POL-1 — Reduce the use of restraint in police custody"
    )
    expect(detail).to_contain_text("Recommendations it responds to (1)")
    page.get_by_role("link", name="← Back to the list").click()
    ready(page)
    expect(page.get_by_role("link", name="Government actions")).to_have_attribute(
        "aria-current", "page"
    )
    expect(results_heading(page)).to_have_text("3 actions")

    open_explorer(page, world.url + "/?recommendation=UPR-2024/122.99")
    expect(page.locator("#detail-heading")).to_have_text("Recommendation not found")


def test_actions_smart_filter_pagination_past_cycles_and_export(world, page, steps):
    open_explorer(page, world.url + "/?view=actions")
    expect(results_heading(page)).to_have_text("3 actions")
    assert facet_counts(page, "Progress") == {
        "In preparation": 1,
        "In progress": 1,
        "Completed": 1,
    }
    # SMART letters must all be met: S and T leave two actions, then A one.
    checkbox(page, "SMART criteria met", "S — Specific").check()
    ready(page)
    checkbox(page, "SMART criteria met", "T — Time-bound").check()
    ready(page)
    expect(results_heading(page)).to_have_text("2 actions")
    checkbox(page, "SMART criteria met", "A — Assignable").check()
    ready(page)
    expect(results_heading(page)).to_have_text("1 action")
    assert titles(page) == ["ACT-MOJ-1 — Te Aorerekura action plan"]
    steps.shot(page, "smart")

    download = page.get_by_role("link", name="Download this action (CSV)")
    href = download.get_attribute("href")
    assert href == (
        "/export/actions.csv?smart=S&smart=T&smart=A&currentCycleOnly=true&order=NEWEST"
    )
    response = page.request.get(world.url + href)
    assert response.status == 200
    lines = response.text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("ACT-MOJ-1,")

    # Recommendations: two pages of 20.
    page.get_by_role("link", name="Recommendations", exact=True).click()
    ready(page)
    expect(results_heading(page)).to_have_text("23 recommendations, 1–20 shown")
    pagination = page.get_by_role("navigation", name="Pages of results")
    pagination.get_by_role("link", name="Next").click()
    ready(page)
    expect(results_heading(page)).to_have_text("23 recommendations, 21–23 shown")
    expect(results_heading(page)).to_be_focused()
    assert query_of(page)["page"] == ["2"]
    expect(page.locator("#result-list > li")).to_have_count(3)
    page.go_back()
    ready(page)
    expect(results_heading(page)).to_have_text("23 recommendations, 1–20 shown")

    page.get_by_label("Include past cycles").check()
    ready(page)
    expect(results_heading(page)).to_have_text("24 recommendations, 1–20 shown")
    assert "Universal Periodic Review 2019" in facet_counts(page, "Reporting cycle")
    assert query_of(page)["past"] == ["1"]
    download = page.get_by_role("link", name="Download these 24 recommendations (CSV)")
    assert download.get_attribute("href") == "/export/recommendations.csv?order=NEWEST"
    steps.shot(page, "past cycles")


def references_shown(page):
    """References of the listed items ("122.1 — Title", "Recommendation 122.3")."""
    return [
        title.split(" — ")[0].removeprefix("Recommendation ") for title in titles(page)
    ]


def test_the_download_under_a_search_holds_exactly_the_rows_shown(world, page, steps):
    """The file of a searched and filtered list is that list, in its order:
    the export once ignored the search words and held every supported
    recommendation instead of the supported ones about housing."""
    open_explorer(page, world.url + "/?search=housing&uprResponses=SUPPORTED")
    expect(results_heading(page)).to_have_text("10 recommendations")
    shown = references_shown(page)
    assert len(shown) == 10
    steps.shot(page, "searched and filtered")

    download = page.get_by_role("link", name="Download these 10 recommendations (CSV)")
    href = download.get_attribute("href")
    assert href == (
        "/export/recommendations.csv?uprResponses=SUPPORTED&currentCycleOnly=true"
        "&search=housing&order=RELEVANCE"
    )
    expect(page.locator(".download__note")).to_have_count(0)
    response = page.request.get(world.url + href)
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert [row["reference"] for row in rows] == shown

    # The same list ordered by reference downloads in that order too.
    page.get_by_label("Sort by").select_option("REFERENCE")
    ready(page)
    shown = references_shown(page)
    href = page.get_by_role(
        "link", name="Download these 10 recommendations (CSV)"
    ).get_attribute("href")
    assert href.endswith("&search=housing&order=REFERENCE")
    rows = list(
        csv.DictReader(
            io.StringIO(page.request.get(world.url + href).text().lstrip("\ufeff"))
        )
    )
    assert [row["reference"] for row in rows] == shown


def test_keyboard_and_axe_on_list_detail_and_phone(world, page, new_context, steps):
    open_explorer(page, world.url + "/")
    # The skip link is the first stop and leads to the results.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the results")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(results_heading(page)).to_be_focused()

    # A facet value ticked with the keyboard keeps the focus where it was.
    box = checkbox(page, "UN body", "Committee on the Rights of the Child")
    box.focus()
    page.keyboard.press("Space")
    ready(page)
    expect(results_heading(page)).to_have_text("1 recommendation")
    expect(box).to_be_focused()
    expect(page.locator("#status")).to_have_text("1 recommendation found.")

    problems = {}
    for name, address in (
        ("list", "/"),
        ("filtered", "/?issues=justice&search=seclusion"),
        ("actions", "/?view=actions"),
        ("recommendation", "/?recommendation=UPR-2024/122.1"),
        ("action", "/?view=actions&action=ACT-POL-1"),
    ):
        open_explorer(page, world.url + address)
        steps.shot(page, f"axe {name}")
        problems[name] = axe_violations(page)

    phone = new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ).new_page()
    steps.watch(phone)
    open_explorer(phone, world.url + "/")
    steps.shot(phone, "phone")
    # Nothing wider than the screen; filters behind a button.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    toggle = phone.get_by_role("button", name="Show filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator("#filters-body")).to_be_hidden()
    toggle.click()
    expect(phone.get_by_role("button", name="Hide filters")).to_have_attribute(
        "aria-expanded", "true"
    )
    checkbox(phone, "Human-rights issue", "Justice").check()
    ready(phone)
    expect(results_heading(phone)).to_have_text("2 recommendations")
    problems["phone"] = axe_violations(phone)
    open_explorer(phone, world.url + "/?recommendation=UPR-2024/122.1")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    problems["phone detail"] = axe_violations(phone)

    assert {name: found for name, found in problems.items() if found} == {}, describe(
        problems
    )
