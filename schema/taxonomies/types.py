"""GraphQL types of the taxonomies: plain snippets, always public."""

import datetime

import strawberry
import strawberry_django

from content_models import models

from ..common import CYCLES_LIMIT
from ..cost import list_size
from ..documents import PublicDocument, public_document
from ..enums import BodyKind, SmartLetter
from ..fields import capped_list, enum_field, field, optional_text
from .current import current_cycle_ids

#: The most released documents a Cabinet decision lists.
CABINET_DOCUMENTS_LIMIT = 20


@strawberry_django.type(
    models.Agency, name="Agency", description="A government agency."
)
class AgencyType:
    id: strawberry.ID = field("Database id.")
    code: str = field("Short stable code, e.g. MoJ; the filters take it.")
    name: str = field("Full name.")


@strawberry_django.type(
    models.HumanRightsBody,
    name="HumanRightsBody",
    description="A UN body that examines the State and issues recommendations.",
)
class HumanRightsBodyType:
    id: strawberry.ID = field("Database id.")
    code: str = field("Stable code, e.g. UPR or CAT; the filters take it.")
    name: str = field("Full name.")
    kind: BodyKind = enum_field("kind", BodyKind, "The kind of body.")
    treaty: str | None = optional_text("treaty", "The treaty it monitors, if any.")
    lead_agency: AgencyType | None = field(
        "The agency that coordinates reporting to this body."
    )
    cycles: list["ReportingCycleType"] = capped_list(
        "Its reporting cycles (examinations of the State), most recent first.",
        default_limit=CYCLES_LIMIT,
    )


@strawberry_django.type(
    models.ReportingCycle,
    name="ReportingCycle",
    description="One examination of the State by one body.",
)
class ReportingCycleType:
    id: strawberry.ID = field("Database id.")
    code: str = field("Stable code, e.g. UPR-2024; the filters take it.")
    name: str = field("Name.")
    body: HumanRightsBodyType = field("The body that examined the State.")
    received_on: datetime.date | None = field("The date the recommendations arrived.")
    document_symbol: str | None = optional_text(
        "document_symbol", "UN document symbol of the concluding observations."
    )
    follow_up_due_on: datetime.date | None = field(
        "Deadline of the one-year follow-up report (treaty bodies)."
    )

    @strawberry_django.field(
        description="Whether this is the latest cycle of its body.", only=["id"]
    )
    def is_current(self, info: strawberry.Info) -> bool:
        return self.pk in current_cycle_ids(info)

    @strawberry_django.field(
        description=(
            "When Cabinet should consider the government's response: 12 months "
            "after the recommendations were received unless the cycle sets "
            "another date."
        ),
        only=["received_on", "cabinet_target_on"],
    )
    def cabinet_target_on(self) -> datetime.date | None:
        return self.cabinet_target_date

    @strawberry_django.field(
        description="Cabinet's decision on the response, once it is published.",
    )
    def cabinet_decision(self) -> "CabinetDecisionType | None":
        decision = models.CabinetDecision.objects.filter(
            cycle_id=self.pk, public=True
        ).first()
        return decision


@strawberry_django.type(
    models.CabinetDecision,
    name="CabinetDecision",
    description=(
        "Cabinet's decision on the response to a cycle's recommendations, with "
        "the documents released to the public."
    ),
)
class CabinetDecisionType:
    decided_on: datetime.date = field("The date of Cabinet's decision.")
    minute_reference: str = field("The Cabinet minute reference.")
    summary: str | None = optional_text("summary", "What Cabinet agreed, in brief.")

    @strawberry_django.field(
        description="The released documents the public may download, in order.",
        metadata=list_size(CABINET_DOCUMENTS_LIMIT),
    )
    def documents(self, info: strawberry.Info) -> list[PublicDocument]:
        return [
            public_document(released.document, info)
            for released in self.public_documents()[:CABINET_DOCUMENTS_LIMIT]
        ]


@strawberry_django.type(
    models.Country,
    name="Country",
    description="A State, e.g. one that made a UPR recommendation.",
)
class CountryType:
    id: strawberry.ID = field("Database id.")
    code: str = field("ISO 3166-1 alpha-3 code; the filters take it.")
    alpha2: str | None = optional_text("alpha_2", "ISO 3166-1 alpha-2 code.")
    name: str = field("Common name.")
    official_name: str | None = optional_text("official_name", "Official name.")


@strawberry.type
class NamedTermType:
    """The fields of a term with a slug and an optional short name (the
    models' ``_NamedTerm``); each subclass is its own GraphQL type."""

    id: strawberry.ID = field("Database id.")
    slug: str = field("Stable slug; the filters take it.")
    name: str = field("Full name.")
    short_name: str | None = optional_text("short_name", "Short name, if any.")


@strawberry_django.type(
    models.HumanRightsIssue,
    name="HumanRightsIssue",
    description="A human-rights theme, e.g. Equality and non-discrimination.",
)
class HumanRightsIssueType(NamedTermType):
    pass


@strawberry_django.type(
    models.AffectedGroup,
    name="AffectedGroup",
    description="A group of affected persons, e.g. Children and young people.",
)
class AffectedGroupType(NamedTermType):
    pass


@strawberry_django.type(
    models.SmartCriterion,
    name="SmartCriterion",
    description="One letter of SMART, with the definition assessors apply.",
)
class SmartCriterionType:
    letter: SmartLetter = enum_field("letter", SmartLetter, "The letter.")
    name: str = field("What the letter stands for, e.g. Measurable.")
    definition: str | None = optional_text(
        "definition", "The definition assessors apply."
    )


@strawberry_django.type(
    models.SustainableDevelopmentGoal,
    name="SustainableDevelopmentGoal",
    description="One of the 17 UN Sustainable Development Goals.",
)
class SustainableDevelopmentGoalType:
    number: int = field("Goal number, 1 to 17; the filters take it.")
    name: str = field("Name of the goal.")
