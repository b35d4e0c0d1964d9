"""The cycle under consideration: recommendations received shortly before the
demo day, not yet decided by Cabinet, described as data.

The Human Rights Committee's concluding observations on New Zealand's seventh
report under the ICCPR (a body the Ministry of Justice leads) arrived two
months before the demo day. The lead agency imported them as drafts and asked
the agencies; some have answered (a new action, an existing one, or no action
with an explanation), the others have not yet. Nothing of the cycle is
published and Cabinet has not decided. ``responses.py`` writes it through the
response's actions (``workflows.actions``).
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .dates import DemoDates
from .recommendations import CycleSpec

BODY = "ICCPR"
SYMBOL = "CCPR/C/NZL/CO/7"
# Received this long before the demo day; asked this long after receiving.
RECEIVED_MONTHS_BEFORE = 2
ASKED_DAYS_AFTER = 16

# How an agency has answered so far (``Response.kind``).
AWAITING = "awaiting"
NEW_ACTION = "new"
EXISTING_ACTION = "existing"
NO_ACTION = "no_action"


@dataclass(frozen=True)
class Response:
    """An agency's answer: ``agency`` (code) proposes ``kind``; ``title`` and
    ``text`` are the new action's, ``action`` the existing action's reference,
    ``text`` the explanation of no action."""

    kind: str = AWAITING
    agency: str = ""
    title: str = ""
    text: str = ""
    action: str = ""


@dataclass(frozen=True)
class Proposal:
    """One recommendation of the cycle and where its response stands."""

    paragraph: str
    letter: str
    title: str
    text: str
    issues: tuple[str, ...]
    groups: tuple[str, ...]
    sdgs: tuple[int, ...]
    agencies: tuple[str, ...]
    response: Response = field(default_factory=Response)
    prioritised: bool = False
    follow_up: bool = False
    revisit: bool = False

    @property
    def reference(self) -> str:
        return f"para {self.paragraph}{f'({self.letter})' if self.letter else ''}"


def consideration_cycle(dates: DemoDates) -> CycleSpec:
    """The cycle, received ``RECEIVED_MONTHS_BEFORE`` months before the demo day."""
    received = received_on(dates)
    return CycleSpec(
        f"{BODY}-{received.year}",
        BODY,
        f"Human Rights Committee {received.year} (seventh report)",
        received,
        SYMBOL,
        len(PROPOSALS),
    )


def received_on(dates: DemoDates) -> datetime.date:
    return dates.today - relativedelta(months=RECEIVED_MONTHS_BEFORE)


def asked_on(dates: DemoDates) -> datetime.date:
    return received_on(dates) + datetime.timedelta(days=ASKED_DAYS_AFTER)


PROPOSALS = (
    Proposal(
        "6", "a", "Bill of Rights Act",
        "Strengthen the New Zealand Bill of Rights Act 1990, including by giving "
        "it higher legal status and empowering the courts to provide remedies "
        "for breaches of the Covenant.",
        ("NHRF", "Civil & political", "Remedy"), (), (16,), ("MoJ",),
        Response(
            NO_ACTION, "MoJ",
            text="Not consistent with current Government policy: the Government "
            "does not intend to entrench the Act or to let the courts strike down "
            "legislation. To be looked at again after the review of declarations "
            "of inconsistency.",
        ),
        revisit=True,
    ),
    Proposal(
        "6", "b", "National mechanism for reporting",
        "Establish a national mechanism for implementation, reporting and "
        "follow-up with a clear mandate and adequate resources.",
        ("NHRF", "Cooperation"), (), (16, 17), ("MoJ", "PSC"),
    ),
    Proposal(
        "8", "", "Counter-terrorism legislation",
        "Review the Terrorism Suppression Act 2002 to ensure that terrorist "
        "offences are precisely defined and that the designation of terrorist "
        "entities is subject to adequate safeguards and judicial review.",
        ("Counter-terrorism", "Liberty & security", "Justice"), (), (16,),
        ("MoJ", "Police"),
        Response(
            NEW_ACTION, "MoJ",
            title="Review of the Terrorism Suppression Act 2002",
            text="A review of the definitions of terrorist offences and of the "
            "designation process, with public consultation, reporting to the "
            "Minister of Justice.",
        ),
        prioritised=True,
        follow_up=True,
    ),
    Proposal(
        "10", "a", "Māori in the justice system",
        "Take effective measures to reduce the over-representation of Māori at "
        "every stage of the criminal justice system, in genuine partnership with "
        "Māori.",
        ("Criminal justice", "Indigenous rights", "Equality"), ("Māori",), (10, 16),
        ("MoJ", "Corrections", "Police"),
        Response(EXISTING_ACTION, "MoJ", action="ACT-MoJ-001"),
        prioritised=True,
        follow_up=True,
    ),
    Proposal(
        "10", "b", "Kaupapa Māori justice",
        "Expand kaupapa Māori and whānau-centred alternatives to imprisonment.",
        ("Criminal justice", "Indigenous rights"), ("Māori", "Liberty"), (16,),
        ("Corrections", "MoJ"),
    ),
    Proposal(
        "12", "", "Hate speech and hate crime",
        "Strengthen the recording and investigation of hate crimes and ensure "
        "that victims are supported to report them.",
        ("Equality", "Criminal justice"), ("Minorities", "Migrants"), (10, 16),
        ("Police", "MoJ"),
        Response(
            NEW_ACTION, "Police",
            title="Hate crime liaison officers in every Police district",
            text="A trained liaison officer in each district who supports "
            "victims to report hate crime and checks that reports are recorded "
            "as such.",
        ),
    ),
    Proposal(
        "14", "a", "Conditions of detention",
        "End the use of prolonged solitary confinement and ensure that "
        "segregation is used only as a last resort and for the shortest time.",
        ("Liberty & security", "Integrity"), ("Liberty",), (16,),
        ("Corrections",),
        follow_up=True,
    ),
    Proposal(
        "14", "b", "Seclusion and restraint",
        "End the use of seclusion and restraint in mental health and disability "
        "settings.",
        ("Health", "Integrity", "Disabilities (rights)"), ("Disabilities",), (3,),
        ("MoH", "Whaikaha"),
    ),
    Proposal(
        "16", "", "Minimum age of criminal responsibility",
        "Raise the minimum age of criminal responsibility to at least 14 years.",
        ("Children (rights of)", "Criminal justice"), ("Children",), (16,),
        ("MoJ", "MSD"),
        Response(
            NO_ACTION, "MoJ",
            text="Not consistent with current Government policy: no change to "
            "the age of criminal responsibility is planned this term. Children "
            "aged 10 to 13 are dealt with in the Youth Court only for the most "
            "serious offending.",
        ),
    ),
    Proposal(
        "18", "", "Te Aorerekura",
        "Implement Te Aorerekura, the national strategy to eliminate family "
        "violence and sexual violence, and resource specialist services.",
        ("Women & girls", "Family", "Integrity"), ("Women", "Children"), (5, 16),
        ("TPA", "Police"),
        Response(
            NEW_ACTION, "TPA",
            title="Family violence workforce capability framework",
            text="Shared training standards for the people who respond to "
            "family violence and sexual violence across government and "
            "specialist services.",
        ),
    ),
    Proposal(
        "20", "", "Prisoner voting",
        "Restore the right to vote to all persons serving a sentence of "
        "imprisonment.",
        ("Participation", "Civil & political"), ("Liberty",), (16,), ("MoJ",),
    ),
    Proposal(
        "22", "", "Redress for survivors of abuse in care",
        "Establish an independent, survivor-led redress scheme for abuse in "
        "state and faith-based care without further delay.",
        ("Remedy", "Integrity"), ("Children", "Disabilities", "Māori"), (16,),
        ("CRU", "MSD"),
    ),
)  # fmt: skip


def recommendation_fields(proposal: Proposal, dates: DemoDates) -> dict:
    """The recommendation's fields as the lead agency imported it."""
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "text": proposal.text,
        "paragraph": proposal.paragraph,
        "document_symbol": SYMBOL,
        "source_url": f"https://undocs.org/en/{SYMBOL}",
        "prioritised": proposal.prioritised,
        "follow_up": proposal.follow_up,
        "revisit_on": dates.revisit_dates[1] if proposal.revisit else None,
    }
