"""The Content-Security-Policy in a real browser: nothing is refused, all works.

Chromium reports every refused script, style, image, font or request as a
``securitypolicyviolation`` event and a console error; both are collected for
each page. The admin (dashboard, a snippet listing, an edit form with the rich
text editor and a chooser modal, the lockout screen), the explorer and GraphiQL
must show none. GraphiQL runs with every request off the live server blocked,
as on a network without internet.
"""

import json
from urllib.parse import quote, urlsplit

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import open_explorer, results_heading  # noqa: E402
from .support import login  # noqa: E402

# Reported by the page itself, before any of its own scripts run.
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""

QUERY = """{
  recommendations(limit: 2, filter: {bodies: ["CRC"]}) {
    totalCount
    items { reference title }
  }
}"""


class Watch:
    """CSP violations and console errors of every page of a browser context."""

    def __init__(self, context, steps):
        self.violations = []
        self.errors = []
        context.expose_binding(
            "reportViolation",
            lambda source, detail: self.violations.append(
                {"page": source["page"].url, **detail}
            ),
        )
        context.add_init_script(WATCH_VIOLATIONS)
        self.steps = steps

    def page(self, context):
        page = context.new_page()
        self.steps.watch(page)
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"{page.url}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def assert_clean(self):
        assert self.violations == [], json.dumps(self.violations, indent=2)
        assert self.errors == [], "\n".join(self.errors)


def test_the_admin_works_under_its_policy(world, new_context, steps):
    context = new_context()
    watch = Watch(context, steps)
    page = watch.page(context)
    login(page, world.url, "monitor-admin")

    # The dashboard.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    steps.shot(page, "dashboard")

    # A snippet listing.
    page.goto(world.url + "/admin/snippets/content_models/action/")
    expect(page.get_by_role("link", name="ACT-POL-1")).to_be_visible()
    steps.shot(page, "listing")

    # An edit form: the rich text editor works, and so does a chooser modal.
    edit = f"/admin/snippets/content_models/progressreport/edit/{world.report.pk}/"
    page.goto(world.url + edit)
    editor = page.locator(".Draftail-Editor [contenteditable=true]")
    expect(editor).to_contain_text("Restraint incidents fell by")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Typed under the policy.")
    expect(editor).to_contain_text("Typed under the policy.")
    action = page.locator("#id_action-chooser")
    action.get_by_role("button", name="Actions").click()
    action.get_by_role("button", name="Choose another action").click()
    chooser = page.get_by_role("dialog")
    other = chooser.get_by_role("link", name="ACT-MOJ-1 — Te Aorerekura action plan")
    expect(other).to_be_visible()
    steps.shot(page, "chooser")
    other.click()
    expect(chooser).to_be_hidden()
    expect(action.locator("[data-chooser-title]")).to_have_text(
        "ACT-MOJ-1 — Te Aorerekura action plan"
    )
    steps.shot(page, "chosen")

    # The administrators' lockout screen.
    page.goto(world.url + "/admin/sign-in-lockouts/")
    expect(page.get_by_text("Nothing is locked.")).to_be_visible()

    watch.assert_clean()


def test_the_explorer_works_under_the_public_policy(world, new_context, steps):
    context = new_context()
    watch = Watch(context, steps)
    page = watch.page(context)
    response = page.goto(world.url + "/")
    policy = response.headers["content-security-policy"]
    assert "'nonce-" in policy and "'unsafe-inline'" not in policy

    open_explorer(page, world.url + "/")
    expect(results_heading(page)).to_have_text("23 recommendations, 1–20 shown")
    page.get_by_role("link", name="122.2 — Family violence prevention").click()
    expect(page.locator("#detail-heading")).to_have_text(
        "122.2 — Family violence prevention"
    )
    expect(page.locator("#detail-view")).to_contain_text("Te Aorerekura action plan")
    steps.shot(page, "explorer detail")
    watch.assert_clean()

    # The world's published report on 122.1 carries a planted
    # <img onerror=...>. The explorer's sanitiser drops it; the policy also
    # refuses the handler as it is parsed, and says so: the one report.
    page.get_by_role("link", name="← Back to the list").click()
    page.get_by_role("link", name="122.1 — Seclusion and restraint").click()
    expect(page.locator(".report__body")).to_have_text(
        "Restraint incidents fell by 12%."
    )
    assert page.evaluate("window.reportScriptRan === undefined")
    assert [
        (violation["directive"], violation["blocked"], violation["source"])
        for violation in watch.violations
    ] == [("script-src-attr", "inline", world.url + "/static/explorer/dom.js")]
    assert len(watch.errors) == 1
    assert (
        "Executing inline event handler violates the following Content Security "
        "Policy directive 'script-src 'self' 'nonce-"
    ) in watch.errors[0]


def test_graphiql_runs_a_query_with_only_the_site_reachable(world, new_context, steps):
    context = new_context()
    watch = Watch(context, steps)
    elsewhere = []
    site = urlsplit(world.url).netloc

    def only_the_site(route):
        if urlsplit(route.request.url).netloc == site:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    page = watch.page(context)
    response = page.goto(world.url + "/graphql/?q=" + quote(QUERY))
    assert "'self'" in response.headers["content-security-policy"]
    run = page.get_by_role("button", name="Execute query (Ctrl-Enter)")
    expect(run).to_be_visible()
    steps.shot(page, "graphiql")

    run.click()
    result = page.locator(".result-window")
    expect(result).to_contain_text('"totalCount": 1')
    expect(result).to_contain_text('"reference": "para 12(a)"')
    steps.shot(page, "graphiql result")

    # Signed in, the browser sends the session cookie: Django then checks
    # CSRF, and start.js passes the token from the cookie.
    signed_in = new_context()
    signed_in_watch = Watch(signed_in, steps)
    signed_in.route("**/*", only_the_site)
    editor = signed_in_watch.page(signed_in)
    login(editor, world.url, "monitor-admin")
    editor.goto(world.url + "/graphql/?q=" + quote(QUERY))
    editor.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    expect(editor.locator(".result-window")).to_contain_text('"totalCount": 1')

    assert elsewhere == []
    watch.assert_clean()
    signed_in_watch.assert_clean()
