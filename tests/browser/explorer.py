"""Page helpers for the explorer at ``/``."""

import json

from playwright.sync_api import expect

from .support import AXE_SCRIPT


def ready(page):
    """Wait until the explorer has drawn what it was asked for."""
    expect(page.locator("#explorer")).to_have_attribute("data-state", "ready")


def open_explorer(page, url):
    page.goto(url)
    ready(page)


def results_heading(page):
    return page.locator("#results-heading")


def facet(page, label):
    return page.get_by_role("group", name=label, exact=True)


def checkbox(page, facet_label, value_name):
    """The checkbox of one facet value, e.g. ("Human-rights issue", "Justice")."""
    return facet(page, facet_label).get_by_role(
        "checkbox", name=value_name, exact=False
    )


def facet_counts(page, facet_label):
    """{value name: count} as the facet shows them."""
    values = {}
    for item in facet(page, facet_label).locator(".facet__value").all():
        name = item.locator(".facet__name").inner_text()
        text = item.locator(".facet__count").inner_text()
        values[name] = int(text.strip("()").replace(",", ""))
    return values


def titles(page):
    return page.locator("#result-list .item__title").all_inner_texts()


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations of the given impacts on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Run through the DevTools protocol, not as a <script> element, which
        # the page's Content-Security-Policy (rightly) refuses.
        page.evaluate("() => {\n" + AXE_SCRIPT.read_text() + "\n}")
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def describe(violations) -> str:
    return json.dumps(violations, indent=2)
