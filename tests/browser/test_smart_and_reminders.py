"""In Chromium: the public detail's SMART assessment with its legend, and the
administrator reading the reminder log, the next run and the schedule."""

import datetime

from django.utils import timezone

from content_models.models import DueDate
from workflows.actions import assess_smart, send_due_reminders

from .support import login, require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import open_explorer  # noqa: E402

LEGEND = (
    "S = Specific · M = Measurable · A = Assignable · R = Relevant · T = Time-bound"
)


def test_the_action_detail_shows_the_smart_assessment_with_a_legend(world, page, steps):
    action = world.restraint_action
    assess_smart(
        item=action,
        met=["S", "M", "T"],
        reasons={
            "S": "Names the custody units and the guidelines.",
            "A": "Shared between Police and Corrections.",
        },
        user=world.moj_manager,
    )
    action.save_revision().publish()
    # A later draft of the assessment stays in the admin.
    action.refresh_from_db()
    assess_smart(
        item=action, met=["S"], reasons={"S": "DRAFT REASON"}, user=world.admin
    )
    action.save_revision()

    open_explorer(page, world.url + "/?action=ACT-POL-1")
    section = page.get_by_role("region", name="SMART assessment", exact=True)
    expect(section.get_by_role("heading", name="SMART assessment")).to_be_visible()
    expect(section.locator(".smart-assessment__legend")).to_have_text(LEGEND)
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text(
        "SSpecificMetNames the custody units and the guidelines."
    )
    expect(rows.nth(1)).to_contain_text("MMeasurableMet—")
    expect(rows.nth(2)).to_contain_text(
        "AAssignableNot metShared between Police and Corrections."
    )
    expect(rows.nth(4)).to_contain_text("TTime-boundMet—")
    expect(section).to_contain_text("Assessed by the lead agency on ")
    expect(section).not_to_contain_text("DRAFT REASON")
    expect(section).not_to_contain_text("moj-manager")
    steps.shot(page, "smart assessment")


def test_the_administrator_reads_the_reminder_log(world, page, steps):
    today = timezone.localdate()
    DueDate.objects.create(
        action=world.restraint_action,
        indicator=world.indicator,
        date=today + datetime.timedelta(days=10),
    )
    send_due_reminders(now=timezone.now())

    login(page, world.url, world.admin.username)
    page.get_by_role("link", name="Reminders").click()
    page.wait_for_url(f"{world.url}/admin/reminders/")
    expect(page.get_by_role("heading", name="Reminders", level=1)).to_be_visible()
    expect(page.locator(".reminders-schedule")).to_contain_text("every day at 7:00 am")
    table = page.locator("table.listing")
    expect(table).to_contain_text("Report due soon")
    expect(table).to_contain_text("police-contributor@example.govt.nz")
    expect(table).to_contain_text("IND-POL-1-1 — Custody restraint incidents")
    steps.shot(page, "reminder log")

    # The filters: only the prompts "due soon" (to the contributor and the
    # agency's mailbox), then a rule that sent nothing.
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Reminder").click()
    page.get_by_label("Reminder", exact=True).select_option(label="Report due soon")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Report due soon")
    expect(rows.nth(1)).to_contain_text("police@example.govt.nz")
    steps.shot(page, "filtered")
    page.goto(f"{world.url}/admin/reminders/?rule=escalation&recipient=nobody")
    expect(page.locator("table.listing")).to_have_count(0)

    page.goto(f"{world.url}/admin/reminders/")
    page.get_by_role("link", name="What the next run would send").click()
    expect(page.get_by_role("heading", name="Next reminder run")).to_be_visible()
    expect(page.locator("#main")).to_contain_text("nothing is recorded or sent")
    expect(page.locator("#main")).to_contain_text("The next run would send nothing.")
    steps.shot(page, "next run")
