"""``alignment``: what published content may already answer a text.

The domain ranks (``content_models.alignment``); this exposes it over
published recommendations and actions only, within the API's limits: the text
at most :data:`MAX_TEXT_LENGTH` characters, ``limit`` 0 to :data:`MAX_ALIGNED`,
and the work budget counting each list at ``limit`` items.
"""

from typing import Annotated

import strawberry

from content_models.alignment import align
from content_models.alignment.ranking import MAX_TEXT_LENGTH
from content_models.models import Action, Recommendation

from ..common import PublicError
from ..cost import PAGE, list_size

# Suggestions are read one by one by a person: a short list is the point.
MAX_ALIGNED = 20
DEFAULT_ALIGNED = 10

RecommendationType = Annotated[
    "RecommendationType", strawberry.lazy("schema.recommendations.types")
]
ActionType = Annotated["ActionType", strawberry.lazy("schema.actions.types")]


@strawberry.type(
    name="AlignedRecommendation",
    description="A published recommendation that may answer the text.",
)
class AlignedRecommendation:
    recommendation: RecommendationType = strawberry.field(
        description="The recommendation."
    )
    score: float = strawberry.field(
        description="How close it is, from 0 to 1 (higher is closer)."
    )
    reasons: list[str] = strawberry.field(
        description="Why, in words: shared issues, affected groups and agencies, "
        "the phrases and words that matched."
    )


@strawberry.type(
    name="AlignedAction",
    description="A published action that may already answer the text.",
)
class AlignedAction:
    action: ActionType = strawberry.field(description="The action.")
    score: float = strawberry.field(
        description="How close it is, from 0 to 1 (higher is closer)."
    )
    reasons: list[str] = strawberry.field(
        description="Why, in words: shared issues, affected groups and agencies, "
        "the phrases and words that matched."
    )


@strawberry.type(
    name="Alignment",
    description="Published content that may already answer a text, best first.",
)
class AlignmentType:
    recommendations: list[AlignedRecommendation] = strawberry.field(
        description="Recommendations, best first.", metadata=list_size(PAGE)
    )
    actions: list[AlignedAction] = strawberry.field(
        description="Actions, best first.", metadata=list_size(PAGE)
    )


@strawberry.type
class AlignmentQuery:
    @strawberry.field(
        description="Published recommendations and actions that may already "
        "answer `text` (a recommendation, pasted in), each with a score and the "
        "reasons. Deterministic: the same text and content give the same answer."
    )
    def alignment(
        self,
        text: Annotated[
            str,
            strawberry.argument(
                description=f"The text to align, at most {MAX_TEXT_LENGTH:,} "
                "characters."
            ),
        ],
        limit: Annotated[
            int,
            strawberry.argument(
                description=f"Suggestions of each kind, 0 to {MAX_ALIGNED}."
            ),
        ] = DEFAULT_ALIGNED,
    ) -> AlignmentType:
        if len(text) > MAX_TEXT_LENGTH:
            raise PublicError(
                f"text must be at most {MAX_TEXT_LENGTH:,} characters "
                f"(it has {len(text):,})."
            )
        if limit < 0 or limit > MAX_ALIGNED:
            raise PublicError(f"limit must be between 0 and {MAX_ALIGNED}.")
        found = align(
            text=text,
            recommendations=Recommendation.objects.live(),
            actions=Action.objects.live(),
            limit=limit,
        )
        return AlignmentType(
            recommendations=[
                AlignedRecommendation(
                    recommendation=aligned.item,
                    score=aligned.score,
                    reasons=aligned.reasons,
                )
                for aligned in found.recommendations
            ],
            actions=[
                AlignedAction(
                    action=aligned.item, score=aligned.score, reasons=aligned.reasons
                )
                for aligned in found.actions
            ],
        )
