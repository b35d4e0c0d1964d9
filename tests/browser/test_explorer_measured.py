"""A measured indicator on the explorer's action page: an accessible inline
SVG chart with its table; a draft report's value never shows; a process step
looks as it did."""

import datetime
from decimal import Decimal

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from ..factories import IndicatorFactory, ProgressReportFactory  # noqa: E402
from .conftest import publish  # noqa: E402
from .explorer import axe_violations, open_explorer  # noqa: E402


def measured_world(world):
    indicator = world.indicator
    indicator.refresh_from_db()
    change = indicator.get_latest_revision_as_object()
    change.unit = "incidents"
    change.baseline_value = Decimal("240")
    change.baseline_date = datetime.date(2024, 7, 1)
    change.target_value = Decimal("120")
    change.target_date = datetime.date(2026, 6, 30)
    change.save_revision().publish()
    dues = {due.date: due for due in indicator.due_dates.all()}
    for day, value, title in (
        (datetime.date(2024, 10, 1), "221.5", "Quarter to September 2024"),
        (datetime.date(2025, 1, 1), "198", "Quarter to December 2024"),
    ):
        publish(
            ProgressReportFactory(
                action=world.restraint_action,
                indicator=indicator,
                due_date=dues[day],
                title=title,
                measured_value=Decimal(value),
                proposed_status="in_progress",
                live=False,
            )
        )
    # A draft's value: never on the public page.
    draft = ProgressReportFactory(
        action=world.restraint_action,
        indicator=indicator,
        due_date=dues[datetime.date(2025, 4, 1)],
        title="Quarter to March 2025",
        measured_value=Decimal("99999"),
        live=False,
    )
    draft.save_revision()
    # A process step beside it: no chart.
    publish(
        IndicatorFactory(
            reference="IND-POL-1-2",
            title="Custody guidelines issued",
            action=world.restraint_action,
            responsible_agency=world.police,
        )
    )


def test_a_measured_indicator_shows_its_chart_and_table(world, page, steps):
    measured_world(world)
    open_explorer(page, world.url + "/?view=actions&action=ACT-POL-1")
    detail = page.locator("#detail-view")
    expect(page.locator("#detail-heading")).to_have_text(
        "ACT-POL-1 — Reduce the use of restraint in police custody"
    )
    measures = detail.locator("[data-measured-indicator]")
    expect(measures).to_have_count(1)  # not the process step
    measure = measures.first
    expect(measure).to_have_attribute("data-measured-indicator", "IND-POL-1-1")

    chart = measure.get_by_role("img")
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(
        "Custody restraint incidents, reported quarterly: baseline 240 incidents "
        "on 1 Jul 2024; 2 measured values, latest 198 incidents on 1 Jan 2025; "
        "target 120 incidents by 30 Jun 2026."
    )
    assert chart.evaluate("node => node.tagName") == "svg"
    # One shape per point: a square baseline, two circles, a diamond target.
    assert chart.locator("rect.measure__baseline").count() == 1
    assert chart.locator("circle.measure__point").count() == 2
    assert chart.locator("path.measure__target").count() == 1
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 80

    table = measure.get_by_role("table", name="Values of IND-POL-1-1 (incidents)")
    rows = table.locator("tbody tr")
    expect(rows).to_have_text(
        [
            "1 Jul 2024240 incidentsBaseline",
            "1 Oct 2024221.5 incidentsMeasured (progress report)",
            "1 Jan 2025198 incidentsMeasured (progress report)",
            "30 Jun 2026120 incidentsTarget",
        ]
    )
    # The report says its value; the draft's is nowhere.
    expect(
        detail.locator(".report", has_text="Quarter to December 2024")
    ).to_contain_text("measured 198 incidents")
    assert "99,999" not in detail.inner_text()
    assert "99999" not in detail.inner_text()
    assert axe_violations(page) == []
    steps.shot(page, "measured indicator chart and table")

    # The indicators table itself is as it was: the same six columns.
    headers = detail.locator("table.indicators thead th")
    expect(headers).to_have_text(
        ["Indicator", "Kind", "Reports", "Period", "Responsible", "SMART"]
    )
