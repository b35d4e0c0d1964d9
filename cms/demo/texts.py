"""Text templates the demo and the scale generator compose their content from.

Every function takes the caller's ``random.Random`` so that the same seed always
gives the same words.
"""

import datetime
import random

from .topics import Topic

UPR_OPENERS = (
    "Take further measures to",
    "Continue its efforts to",
    "Strengthen efforts to",
    "Adopt concrete measures to",
    "Step up efforts to",
    "Redouble its efforts to",
    "Consider measures to",
    "Take all necessary steps to",
)

TREATY_OPENERS = (
    "",
    "",
    "Take effective measures to",
    "Strengthen its efforts to",
    "Expedite efforts to",
    "Allocate sufficient resources to",
)

SUFFIXES = (
    "",
    "",
    "",
    ", including by allocating adequate human, technical and financial resources",
    ", in genuine partnership with Māori",
    ", in consultation with civil society and affected communities",
    ", in accordance with Te Tiriti o Waitangi/the Treaty of Waitangi",
    ", with clear timelines and measurable targets",
    ", and collect disaggregated data to monitor progress",
)

RESPONSE_COMMENTS = {
    "supported": (
        "New Zealand supports this recommendation and has work under way in this area.",
        "Supported. The Government considers that current and planned work gives "
        "effect to this recommendation.",
        "New Zealand supports this recommendation; progress will be reported "
        "through the national plan of action.",
    ),
    "supported_in_part": (
        "New Zealand supports this recommendation in part: it accepts its intent "
        "but cannot commit to every element within this review period.",
        "Supported in part. The Government supports the first element; the "
        "second remains under consideration.",
    ),
    "noted": (
        "New Zealand notes this recommendation. It is not consistent with current "
        "Government policy.",
        "Noted. The Government is not in a position to accept this recommendation "
        "at this time.",
        "New Zealand notes this recommendation; the matter is being considered as "
        "part of a wider review.",
    ),
}

NO_ACTION_REASONS = (
    "Not consistent with current Government policy; to be reconsidered at the "
    "next review.",
    "The matter is before a select committee; no separate action is proposed "
    "until it reports back.",
    "Existing work programmes already address this recommendation.",
    "Awaiting the outcome of a wider review before deciding on a response.",
)

TARGET_DATE_COMMENTS = (
    "",
    "",
    "Subject to Budget funding.",
    "Legislation to be introduced in this parliamentary term.",
    "Staged roll-out; the first stage is due on this date.",
)

INDICATOR_TITLES = {
    "process_step": (
        "{action}: Cabinet decisions",
        "{action}: public consultation completed",
        "{action}: cross-agency working group established",
        "{action}: options paper to Ministers",
    ),
    "key_deliverable": (
        "{action}: implementation plan published",
        "{action}: operational guidance issued",
        "{action}: independent evaluation completed",
        "{action}: legislation introduced",
    ),
    "progress_indicator": (
        "{measure}",
        "{measure}: annual figure",
        "{measure} in priority regions",
    ),
}

INDICATOR_DESCRIPTIONS = (
    "Reported by {agency} from its own records.",
    "Assessed by {agency} against the baseline agreed with the lead agency.",
    "{agency} confirms completion with supporting documents.",
)

PROGRESS_SENTENCES = {
    "in_preparation": (
        "has completed initial scoping and engagement with stakeholders",
        "has briefed Ministers on options and is preparing a Cabinet paper",
        "has established a cross-agency working group and agreed its terms of "
        "reference",
    ),
    "in_progress": (
        "has begun implementation in {count} regions",
        "has confirmed funding of ${count} million through Budget 2024",
        "has completed {count} of the planned engagement hui with iwi and "
        "community groups",
    ),
    "completed": (
        "has completed the work and handed it over to business as usual",
        "has delivered the final milestone and commissioned an evaluation",
    ),
}

NEXT_STEPS = (
    "The next report will cover the first results of the evaluation.",
    "Next steps are agreed with the responsible agencies and on track.",
    "Delivery is slightly behind schedule because of recruitment delays.",
    "Engagement with Māori and Pacific communities continues this quarter.",
)

# Real ISO 3166-1 alpha-3 codes of States that often recommend to New Zealand.
RECOMMENDING_STATES = (
    "AUS", "CAN", "FJI", "WSM", "TON", "PNG", "VUT", "SLB", "KIR", "TUV",
    "MEX", "BRA", "CHL", "ARG", "URY", "PER", "FRA", "DEU", "IRL", "NOR",
    "SWE", "FIN", "DNK", "ISL", "NLD", "BEL", "CHE", "AUT", "ESP", "ITA",
    "PRT", "GBR", "USA", "JPN", "KOR", "IND", "IDN", "MYS", "THA", "PHL",
    "VNM", "ZAF", "KEN", "GHA", "SEN", "EGY", "TUR", "ISR", "QAT", "CHN",
)  # fmt: skip

REGIONS = (
    "Northland", "Auckland", "Waikato", "Bay of Plenty", "Gisborne",
    "Hawke's Bay", "Taranaki", "Manawatū-Whanganui", "Wellington", "Tasman",
    "Nelson", "Marlborough", "West Coast", "Canterbury", "Otago", "Southland",
)  # fmt: skip


def recommendation_text(rng: random.Random, clause: str, *, upr: bool) -> str:
    """A recommendation worded the way the body writes them."""
    opener = rng.choice(UPR_OPENERS if upr else TREATY_OPENERS)
    sentence = f"{opener} {clause}" if opener else clause
    return sentence[0].upper() + sentence[1:] + rng.choice(SUFFIXES) + "."


def indicator_titles(
    rng: random.Random, count: int, topic: Topic, action: str
) -> list[tuple[str, str]]:
    """``count`` distinct (kind, title) pairs for the indicators of one action."""
    pairs = [
        (kind, template)
        for kind, templates in INDICATOR_TITLES.items()
        for template in templates
    ]
    return [
        (kind, template.format(action=action, measure=topic.measure))
        for kind, template in rng.sample(pairs, k=count)
    ]


def action_description(title: str, lead: str, partners: list[str]) -> str:
    text = f"{title}. Led by {lead}"
    if partners:
        text += " with " + ", ".join(partners[:-1])
        text += (" and " if len(partners) > 1 else "") + partners[-1]
    return text + "."


def report_body(rng: random.Random, agency: str, status: str) -> str:
    """Rich text (two paragraphs) of a progress report."""
    sentence = rng.choice(PROGRESS_SENTENCES[status]).format(count=rng.randint(2, 9))
    return f"<p>{agency} {sentence}.</p><p>{rng.choice(NEXT_STEPS)}</p>"


def month_label(day: datetime.date) -> str:
    return day.strftime("%B %Y")
