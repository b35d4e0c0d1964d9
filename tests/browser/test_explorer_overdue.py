"""The explorer says what is late, writes dates the New Zealand way, and on a
phone leads from the filters straight to the results.

The world's ACT-POL-1 (in progress) had its target date on 30 June 2026, which
is past on any day these tests run; ACT-MOJ-1 has none and ACT-MSD-1 is
completed.
"""

import re

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import (  # noqa: E402
    checkbox,
    open_explorer,
    ready,
    results_heading,
    titles,
)


def test_overdue_marker_filter_and_nz_dates(world, page, steps):
    open_explorer(page, world.url + "/?view=actions")
    late = page.locator("#result-list .item", has_text="ACT-POL-1")
    expect(late.locator(".badge--overdue").first).to_have_text("!Past target date")
    # The date is written the New Zealand way, never 30/06/2026 or June 30.
    expect(late.locator(".facts")).to_contain_text("Target date30 Jun 2026")
    for on_time in ("ACT-MOJ-1", "ACT-MSD-1"):
        item = page.locator("#result-list .item", has_text=on_time)
        expect(item.locator(".badge--overdue")).to_have_count(0)
    steps.shot(page, "actions with the overdue marker")

    page.get_by_label("Overdue").select_option(
        "Past target date or a progress report overdue"
    )
    ready(page)
    expect(results_heading(page)).to_have_text("1 action")
    assert titles(page) == ["ACT-POL-1 — Reduce the use of restraint in police custody"]
    assert "overdue=true" in page.url
    # Positive control: the opposite choice lists the two others.
    page.get_by_label("Overdue").select_option("Not overdue")
    ready(page)
    expect(results_heading(page)).to_have_text("2 actions")

    # The detail repeats the marker with its date, and the recommendation's
    # list of actions marks the late one.
    open_explorer(page, world.url + "/?view=actions&action=ACT-POL-1")
    expect(page.locator(".overdue-note .badge").first).to_have_text(
        "!Past target date (30 Jun 2026)"
    )
    expect(page.locator(".facts")).to_contain_text("Target date30 Jun 2026")
    # Its quarterly indicator ended on 30 Jun 2026 with one report in: the
    # others are overdue, the oldest named.
    expect(page.locator(".overdue-note .badge").nth(1)).to_have_text(
        re.compile(r"^!\d+ progress reports overdue, the oldest due \d+ \w{3} 20\d\d$")
    )
    open_explorer(page, world.url + "/")
    item = page.locator("#result-list .item", has_text="122.1 — Seclusion")
    expect(item.locator(".item__actions .badge--overdue")).to_have_text("!Overdue")
    steps.shot(page, "recommendations with a late action")


def test_show_results_on_a_phone(world, new_context, steps):
    phone = new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ).new_page()
    steps.watch(phone)
    open_explorer(phone, world.url + "/")
    show = phone.locator("#show-results")
    expect(show).to_be_hidden()  # filters closed: nothing to leave
    phone.get_by_role("button", name="Show filters").click()
    checkbox(phone, "Human-rights issue", "Justice").check()
    ready(phone)
    expect(show).to_be_visible()
    expect(show).to_have_text("Show 2 results")
    # It stays in reach at the bottom of the screen while the filters show.
    box = show.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740
    expect(results_heading(phone)).not_to_be_in_viewport()
    steps.shot(phone, "filters open, show 2 results")
    show.click()
    expect(results_heading(phone)).to_be_focused()
    expect(results_heading(phone)).to_be_in_viewport()
    expect(results_heading(phone)).to_have_text("2 recommendations")
    steps.shot(phone, "results")

    # A wide screen has the filters beside the results: no such button.
    phone.set_viewport_size({"width": 1200, "height": 800})
    expect(show).to_be_hidden()


def test_an_unknown_code_in_a_link_is_named_and_can_be_cleared(world, page, steps):
    page.goto(world.url + "/?view=actions&bodies=XYZ&overdue=true")
    error = page.locator("#results-error")
    expect(error).to_contain_text(
        "This link asks for something the data does not have. Unknown bodies "
        "code: XYZ. Known codes: CRC, UPR."
    )
    steps.shot(page, "unknown code")
    page.get_by_role("link", name="Show the list without filters").click()
    ready(page)
    expect(results_heading(page)).to_have_text("3 actions")
    expect(error).to_be_empty()
