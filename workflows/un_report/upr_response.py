"""The UPR response: the table the Human Rights Council receives.

Each recommendation's reference, text, recommending states, the State's
position (supported, supported in part, noted) and its comment; then the
words of the comments against the word limit (the cycle's
``upr_response_word_limit``, else ``settings.UPR_RESPONSE_WORD_LIMIT``), and
a warning saying by how many words the comments are over it.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content_models.models import Recommendation

from ..formatting import word_count
from .base import CycleContent, Paragraph, Report, Table, Warning, names

KIND = "upr-response"
DEFAULT_WORD_LIMIT = 3000

COLUMNS = (
    gettext_lazy("Ref."),
    gettext_lazy("Recommendation"),
    gettext_lazy("Recommending states"),
    gettext_lazy("Position"),
    gettext_lazy("Comment"),
)


def word_limit(cycle) -> int:
    """The words the comments of ``cycle``'s response may use."""
    if cycle.upr_response_word_limit:
        return cycle.upr_response_word_limit
    return int(getattr(settings, "UPR_RESPONSE_WORD_LIMIT", DEFAULT_WORD_LIMIT))


def comment_words(content: CycleContent, *, excluding=None) -> int:
    """Words of the comments of ``content`` (leaving out recommendation
    ``excluding``, whose comment the admin counts as it is typed)."""
    return sum(
        word_count(shown.content.response_comment)
        for shown in content.recommendations
        if excluding is None or shown.item.pk != excluding
    )


def count_line(words: int, limit: int) -> str:
    return _("Words in the comments: %(words)s of %(limit)s.") % {
        "words": f"{words:,}",
        "limit": f"{limit:,}",
    }


def over_line(words: int, limit: int) -> str:
    over = words - limit
    return ngettext(
        "The comments are %(over)s word over the limit of %(limit)s words: "
        "shorten them before the response is submitted.",
        "The comments are %(over)s words over the limit of %(limit)s words: "
        "shorten them before the response is submitted.",
        over,
    ) % {"over": f"{over:,}", "limit": f"{limit:,}"}


def build(content: CycleContent) -> Report:
    cycle = content.cycle
    rows, positions = [], {}
    for shown in content.recommendations:
        item = shown.content
        position = item.get_upr_response_display() if item.upr_response else ""
        positions[item.upr_response] = positions.get(item.upr_response, 0) + 1
        rows.append(
            [
                shown.mark(item.reference),
                item.text,
                "; ".join(names(item.recommending_states)),
                position or _("No position yet"),
                item.response_comment.strip(),
            ]
        )
    words, limit = comment_words(content), word_limit(cycle)
    cover = [
        (_("Recommendations"), str(len(rows))),
        *[
            (str(choice.label), str(positions.get(choice.value, 0)))
            for choice in Recommendation.UprResponse
        ],
        (_("No position yet"), str(positions.get("", 0))),
        (_("Word limit"), f"{limit:,}"),
    ]
    blocks = [
        Table([str(column) for column in COLUMNS], rows),
        Paragraph(count_line(words, limit)),
    ]
    warnings = [over_line(words, limit)] if words > limit else []
    return content.report(
        kind=KIND,
        title=_("Response to the recommendations of %(cycle)s") % {"cycle": cycle.code},
        cover=cover,
        blocks=blocks + [Warning(text) for text in warnings],
        landscape=True,
        warnings=warnings,
        summary=count_line(words, limit),
    )
