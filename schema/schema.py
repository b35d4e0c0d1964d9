"""The public schema: every domain's queries, the optimizer and the limits."""

from datetime import date, datetime
from decimal import Decimal

import strawberry
from django.conf import settings
from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from . import cost, inputs
from .actions.queries import ActionQuery
from .alignment.queries import AlignmentQuery
from .common import PublicError
from .execution import Executor
from .indicators.queries import IndicatorQuery
from .recommendations.queries import RecommendationQuery
from .reports.queries import ProgressReportQuery
from .taxonomies.queries import TaxonomyQuery
from .timeout import StatementTimeout, is_timeout

# Deep enough for recommendations > items > actions > indicators >
# progressReports > indicator > responsibleAgency, not for cycles of cycles.
MAX_DEPTH = 10
MAX_ALIASES = 15
# GraphiQL's introspection query is about 300 tokens.
MAX_TOKENS = 2000


def should_mask_error(error: GraphQLError) -> bool:
    """Mask unexpected errors (they may carry SQL or internals); keep errors
    about the request itself: syntax, validation, limits, bad arguments."""
    original = error.original_error
    return original is not None and not isinstance(original, PublicError)


class PublicSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):
        """Log unexpected errors only; the request's own mistakes are not news."""
        unexpected = [
            error
            for error in errors
            if error.original_error is not None
            and not isinstance(error.original_error, PublicError)
            # A statement timeout is logged as a warning (see .timeout).
            and not is_timeout(error)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


# What a resolver returns that the optimizer has nothing to do with.
_PLAIN_RESULTS = frozenset(
    {str, int, float, bool, type(None), list, tuple, dict, Decimal, date, datetime}
)


class Optimizer(DjangoOptimizerExtension):
    """strawberry-django's optimizer, which sees every resolved field, with a
    fast way past the hundreds of columns and lists of a page: only a
    queryset or a manager is optimised."""

    def resolve(self, next_, root, info, *args, **kwargs):
        result = next_(root, info, *args, **kwargs)
        if result.__class__ in _PLAIN_RESULTS:
            return result
        return super().resolve(lambda *_, **__: result, root, info)


# The rule classes are built once: ValidationCache keys its entries by the rule
# classes, and the limiters' factories would make new classes per request.
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    inputs.ControlCharacterRule,
]


class RequestChecks(SchemaExtension):
    """The checks that depend on the variables, so cannot be validation rules
    cached by document: control characters in variables, then the work budget.

    They run once validation has passed, as execution starts: a result set
    here means nothing executes (strawberry's documented way to skip it).
    """

    def on_execute(self):
        context = self.execution_context
        errors = inputs.variable_errors(
            context.graphql_document, context.variables
        ) or cost.budget_errors(context)
        if errors:
            context.result = ExecutionResult(data=None, errors=errors)
        yield


def build_extensions():
    extensions = [
        # only() is off: custom resolvers read columns the optimizer cannot see,
        # and deferred columns would cost a query per row.
        lambda: Optimizer(enable_only_optimization=False),
        # QueryDepthLimiter and MaxAliasesLimiter, with their rules built once.
        lambda: AddValidationRules(_LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        RequestChecks,
        StatementTimeout,
    ]
    if getattr(settings, "GRAPHQL_MASK_ERRORS", not settings.DEBUG):
        extensions.append(lambda: MaskErrors(should_mask_error=should_mask_error))
    return extensions


Query = merge_types(
    "Query",
    (
        RecommendationQuery,
        ActionQuery,
        IndicatorQuery,
        ProgressReportQuery,
        TaxonomyQuery,
        AlignmentQuery,
    ),
)

schema = PublicSchema(
    query=Query,
    extensions=build_extensions(),
    execution_context_class=Executor,
    config=StrawberryConfig(disable_field_suggestions=not settings.DEBUG),
)
