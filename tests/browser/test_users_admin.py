"""An administrator creates a user with a role and an agency, in Chromium,
then finds the change in the audit trail."""

from .support import require_browser

require_browser()

from django.contrib.auth import get_user_model  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from workflows import roles  # noqa: E402

from ..factories import AgencyFactory  # noqa: E402
from .conftest import user  # noqa: E402
from .support import field, login  # noqa: E402


def test_an_administrator_creates_a_contributor_of_an_agency(server, page, steps):
    police = AgencyFactory(code="Police", name="New Zealand Police")
    AgencyFactory(code="MoJ", name="Ministry of Justice")
    user("monitor-admin", roles.ADMINISTRATORS)
    login(page, server, "monitor-admin")

    page.goto(server + "/admin/users/new/")
    field(page, "Username").fill("dana")
    field(page, "Email").fill("dana@police.govt.nz")
    field(page, "First Name").fill("Dana")
    field(page, "Last Name").fill("Ngata")
    page.get_by_label("Role").select_option(roles.AGENCY_CONTRIBUTORS)
    # The agency is missing: refused, and said why.
    page.get_by_label("Password", exact=False).first.fill("a-long-pass-phrase-7")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Create").click()
    expect(
        page.get_by_text("Agency contributors work for an agency: choose it.")
    ).to_be_visible()
    steps.shot(page, "refused without agency")
    assert not get_user_model().objects.filter(username="dana").exists()

    page.get_by_label("Agency").select_option(label="New Zealand Police (Police)")
    page.get_by_label("Password", exact=False).first.fill("a-long-pass-phrase-7")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(server + "/admin/users/")
    row = page.get_by_role("row").filter(has_text="Dana Ngata")
    expect(row.get_by_role("cell", name="Agency contributors")).to_be_visible()
    expect(row.get_by_role("cell", name="Police", exact=True)).to_be_visible()
    steps.shot(page, "listing")
    dana = get_user_model().objects.get(username="dana")
    assert list(dana.agencies.all()) == [police]

    page.goto(server + "/admin/audit-trail/")
    entry = page.get_by_role("row").filter(has_text="Role or agency changed")
    expect(entry).to_contain_text("dana")
    expect(entry).to_contain_text("no role → Agency contributors (Police); by admin")
    steps.shot(page, "audit trail")
