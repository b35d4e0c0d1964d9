"""A recommendation's source URL becomes a link only when it is safe to follow.

The model's URL validation keeps such values out of the admin's forms, but
rows are also written in bulk (imports, scripts, a database restore) and the
explorer is an example partners copy: it draws the URL with the same check as
links inside progress reports (``safeHref`` in dom.js).
"""

import pytest

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from content_models.models import Recommendation  # noqa: E402

from .explorer import open_explorer  # noqa: E402

SAFE = "https://www.ohchr.org/en/hr-bodies/upr/nz-index"


def source_fact(page):
    """The "Source" row of the detail's facts, as (its text, its links' hrefs)."""
    row = page.locator("#detail-view dt", has_text="Source").locator(
        "xpath=following-sibling::dd[1]"
    )
    return row.inner_text(), [
        link.get_attribute("href") for link in row.locator("a").all()
    ]


@pytest.mark.parametrize(
    "unsafe",
    [
        "javascript:window.sourceScriptRan=true",
        " JaVaScRiPt:window.sourceScriptRan=true",
        "data:text/html,<script>window.sourceScriptRan=true</script>",
    ],
)
def test_an_unsafe_source_url_is_shown_as_text_never_as_a_link(
    world, page, steps, unsafe
):
    bad, good = world.housing[0], world.housing[1]
    # Written to the published row directly, as a bulk write would: the
    # model's URL validator refuses it through a revision.
    Recommendation.objects.filter(pk=bad.pk).update(source_url=unsafe)
    Recommendation.objects.filter(pk=good.pk).update(source_url=SAFE)

    open_explorer(page, f"{world.url}/?recommendation=UPR-2024/{bad.reference}")
    expect(page.locator("#detail-heading")).to_contain_text(bad.reference)
    steps.shot(page, "unsafe source")
    text, hrefs = source_fact(page)
    assert (text, hrefs) == (unsafe.strip(), [])
    assert page.locator('#detail-view a[href^="javascript:" i]').count() == 0
    assert page.locator('#detail-view a[href^="data:" i]').count() == 0
    page.locator("#detail-view dd", has_text="sourceScriptRan").click()
    assert page.evaluate("window.sourceScriptRan === undefined")

    # Positive control: a safe URL on the same page layout is a link.
    open_explorer(page, f"{world.url}/?recommendation=UPR-2024/{good.reference}")
    expect(page.locator("#detail-heading")).to_contain_text(good.reference)
    assert source_fact(page) == (SAFE, [SAFE])
