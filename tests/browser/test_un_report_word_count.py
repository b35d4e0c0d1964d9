"""In Chromium: the Ministry of Justice's manager edits the response comment
of a UPR-2024 recommendation and sees the cycle's word count change as they
type, with a warning once the comments are over the cycle's word limit."""

from content_models.models import Recommendation

from .support import login, require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402


def test_the_word_count_follows_the_typing(world, page, steps):
    cycle = world.upr_2024
    cycle.upr_response_word_limit = 10
    cycle.save()
    # Another published comment of the cycle counts: 4 words.
    Recommendation.objects.filter(pk=world.family_violence.pk).update(
        response_comment="Te Aorerekura is funded."
    )
    base = world.url
    login(page, base, "moj-manager")
    page.goto(
        f"{base}/admin/snippets/content_models/recommendation/edit/"
        f"{world.seclusion.pk}/"
    )
    counter = page.locator("[data-word-count]")
    total = counter.locator("[data-word-total]")
    over = counter.locator("[data-word-over]")
    expect(total).to_have_text("4")
    expect(over).to_be_hidden()
    comment = page.get_by_label("Response comment")
    comment.fill("Supported: the review is under way.")
    expect(total).to_have_text("10")
    expect(counter).to_contain_text("Words in the comments of UPR-2024: 10 of 10.")
    expect(over).to_be_hidden()
    steps.shot(page, "at the limit")
    comment.press_sequentially(" Report due soon")
    expect(total).to_have_text("13")
    expect(over).to_be_visible()
    expect(over).to_have_text(
        "Over the word limit by 3 words: shorten the comments before the "
        "response is submitted."
    )
    steps.shot(page, "over the limit")
    comment.fill("")
    expect(total).to_have_text("4")
    expect(over).to_be_hidden()

    # The cycle's Cabinet page offers the response as Word, with its count.
    page.goto(f"{base}/admin/cabinet/cycles/{cycle.pk}/")
    section = page.locator("section.cabinet-un-reports")
    expect(section.get_by_role("heading", name="Reports for the UN")).to_be_visible()
    with page.expect_download() as download:
        section.get_by_role("link", name="UPR response (Word)", exact=True).click()
    assert download.value.suggested_filename == "upr-response-UPR-2024.docx"
    expect(section).to_contain_text("Words in the comments: 4 of 10.")
    steps.shot(page, "reports for the UN")
    assert [line for line in steps.console if line.startswith(("error", "page"))] == []
