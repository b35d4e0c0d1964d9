"""The admin as an editor sees it in Chromium: dates in New Zealand form, read
and typed day first; the Monitor's brand; nothing fetched from another host
(no Gravatar, no web fonts, no CDN); no stock Wagtail furniture."""

import datetime
import re
from urllib.parse import urlsplit

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from content_models.models import Action  # noqa: E402

from .support import login  # noqa: E402


def only_the_site(context, site_url):
    """Abort every request to another host; the list records the attempts."""
    elsewhere = []
    site = urlsplit(site_url).netloc

    def route(route):
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).netloc == site:
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", route)
    return elsewhere


def test_dates_read_and_typed_in_new_zealand_form(world, new_context, steps):
    context = new_context()
    elsewhere = only_the_site(context, world.url)
    page = context.new_page()
    steps.watch(page)
    login(page, world.url, "monitor-admin")

    # A listing: the cycle received on 22 January 2024.
    page.goto(world.url + "/admin/snippets/content_models/reportingcycle/")
    row = page.get_by_role("row").filter(has_text="UPR-2024")
    expect(row.get_by_role("cell", name="22 Jan 2024", exact=True)).to_be_visible()
    expect(page.get_by_text("Jan. 22, 2024")).to_have_count(0)
    steps.shot(page, "cycles listing")

    # An edit form shows 30 June 2026 day first and reads 6/12/2026 as
    # 6 December 2026.
    edit = f"/admin/snippets/content_models/action/edit/{world.restraint_action.pk}/"
    page.goto(world.url + edit)
    target = page.locator("#id_target_date")
    expect(target).to_have_value("30/06/2026")
    target.fill("6/12/2026")
    # The picker, opened on the typed month, closes when focus leaves it.
    expect(
        page.locator(".xdsoft_datetimepicker .xdsoft_label.xdsoft_month").first
    ).to_contain_text("December")
    steps.shot(page, "typed")
    page.locator("#id_title").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_hidden()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    expect(page.locator("#id_target_date")).to_have_value("06/12/2026")
    steps.shot(page, "saved")
    draft = Action.objects.get(pk=world.restraint_action.pk)
    assert draft.get_latest_revision_as_object().target_date == datetime.date(
        2026, 12, 6
    )

    assert elsewhere == []


def test_the_admin_is_the_monitors_and_stays_on_the_site(world, new_context, steps):
    context = new_context()
    elsewhere = only_the_site(context, world.url)
    page = context.new_page()
    steps.watch(page)

    page.goto(world.url + "/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to the Human Rights Monitor"
    )
    expect(page.get_by_role("img", name="Human Rights Monitor")).to_be_visible()
    expect(page.get_by_role("img", name="Wagtail")).to_have_count(0)
    assert page.title() == "Sign in - Human Rights Monitor"
    steps.shot(page, "login")

    login(page, world.url, "monitor-admin")
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("img", name="Human Rights Monitor")).to_be_visible()
    expect(sidebar.get_by_role("button", name="Monitor", exact=True)).to_be_visible()
    for stock in ("Pages", "Images", "Help"):
        expect(sidebar.get_by_text(stock, exact=True)).to_have_count(0)
    expect(page.get_by_text("Search all pages")).to_have_count(0)
    expect(
        page.get_by_text(re.compile(r"^\d+ (Pages?|Images?|Documents?)$"))
    ).to_have_count(0)
    # The avatar is the site's own picture, and it loads.
    avatar = page.locator(".w-dashboard img.avatar, .w-dashboard .avatar img").first
    expect(avatar).to_be_visible()
    assert avatar.evaluate("image => image.complete && image.naturalWidth > 0")
    assert urlsplit(avatar.get_attribute("src")).path.startswith("/static/")
    steps.shot(page, "dashboard")

    # The dashboard's search box searches recommendations.
    page.get_by_placeholder("Search recommendations…").fill("restraint")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/snippets/content_models/recommendation/"))
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Seclusion and restraint")
    steps.shot(page, "searched")

    # Nothing (script, style, font, picture) was asked of another host.
    assert elsewhere == []
