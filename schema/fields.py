"""Field helpers for the Django types: descriptions everywhere, blanks as null,
and nested lists that cannot grow without bound."""

from collections.abc import Callable
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Prefetch
from django.db.models.fields.files import FileDescriptor
from django.db.models.query_utils import DeferredAttribute
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching

from content_models.models import SMART_LETTERS, SmartCriterion
from content_models.models.smart import reason_field_name

from .common import MAX_LIMIT, SMART_LIMIT, check_page
from .cost import list_size
from .enums import SmartLetter
from .taxonomy_lists import ATTRIBUTE as TAXONOMY_LISTS


class ColumnField(StrawberryDjangoField):
    """A field that reads a plain column of the row, optionally transformed.

    strawberry-django resolves every field through its own resolver, with an
    ``Info`` object and its arguments converted; for a column already on the
    row that is most of the cost of an item (a page of 20 recommendations has
    some 400 of them). A plain column is a *basic* field here: strawberry
    reads the attribute and nothing else. Relations, properties, files and
    fields with a resolver keep strawberry-django's path (and with it the
    type's visibility on nested lists).
    """

    def __init__(self, *args, transform: Callable[[Any], Any] | None = None, **kwargs):
        self.transform = transform
        super().__init__(*args, **kwargs)

    def __copy__(self):
        new_field = super().__copy__()
        new_field.transform = self.transform
        return new_field

    @property
    def is_basic_field(self) -> bool:
        if self.base_resolver or self.extensions or self.is_relation:
            return False
        django_type = self.origin_django_type
        if django_type is None:
            return False
        attribute = getattr(
            django_type.model, self.django_name or self.python_name, None
        )
        return isinstance(attribute, DeferredAttribute) and not isinstance(
            attribute, FileDescriptor
        )

    def get_result(self, source, info, args, kwargs):
        if info is not None:  # not basic: strawberry-django's own path
            result = super().get_result(source, info, args, kwargs)
        else:
            result = getattr(source, self.django_name or self.python_name)
        return result if self.transform is None else self.transform(result)


def field(description: str, **kwargs) -> Any:
    """A model field exposed as is, with its description."""
    return ColumnField(description=description, **kwargs)


def _blank_as_null(value):
    return value or None


def optional_text(name: str, description: str) -> Any:
    """A text column whose blank value is exposed as ``null``."""
    return ColumnField(
        django_name=name, description=description, transform=_blank_as_null
    )


def enum_field(name: str, enum, description: str) -> Any:
    """A choices column exposed as a GraphQL enum (``null`` when blank)."""

    def to_member(value):
        return enum(value) if value else None

    return ColumnField(django_name=name, description=description, transform=to_member)


def _int_argument(name: str, default: int, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(int),
        default=default,
        description=description,
    )


class CappedListField(StrawberryDjangoField):
    """A nested relation list with ``offset`` and ``limit`` (0 to 100).

    Without it a relation such as an action's recommendations returns every
    row; with it the response holds at most ``limit`` of them, and the
    optimizer still prefetches the relation of all parents in one query.
    ``default_limit`` is what a query gets
    without a ``limit``: enough for every realistic item, small enough that
    the work budget (:mod:`.cost`) can multiply it through nested lists.
    """

    def __init__(self, *args, default_limit: int = MAX_LIMIT, **kwargs):
        if not 0 < default_limit <= MAX_LIMIT:
            raise ValueError(f"default_limit must be between 1 and {MAX_LIMIT}")
        self.default_limit = default_limit
        super().__init__(*args, **kwargs)

    def __copy__(self):
        # strawberry copies fields per type, through __init__ without our
        # keyword: carry the default over.
        new_field = super().__copy__()
        new_field.default_limit = self.default_limit
        return new_field

    @property
    def arguments(self) -> list[StrawberryArgument]:
        arguments = super().arguments
        if not any(argument.python_name == "limit" for argument in arguments):
            arguments = [
                *arguments,
                _int_argument("offset", 0, "How many to skip (0 or more)."),
                _int_argument(
                    "limit",
                    self.default_limit,
                    f"How many, 0 to {MAX_LIMIT}; {self.default_limit} when not given.",
                ),
            ]
            self.arguments = arguments
        return arguments

    @arguments.setter
    def arguments(self, value: list[StrawberryArgument]) -> None:
        StrawberryDjangoField.arguments.fset(self, value)

    def get_queryset(self, queryset, info, *, offset=0, limit=None, **kwargs):
        check_page(offset, self.default_limit if limit is None else limit)
        return super().get_queryset(queryset, info, **kwargs)

    def get_result(self, source, info, args, kwargs):
        rows = self.prefetched_page(
            source, kwargs.get("offset", 0), kwargs.get("limit")
        )
        if rows is None:
            return super().get_result(source, info, args, kwargs)
        return rows

    def prefetched_page(self, source, offset: int, limit: int | None) -> list | None:
        """What the path of :meth:`get_result` returns for a relation the
        optimizer prefetched (with the item type's visibility applied by the
        prefetch): its rows, cut to the page; ``None`` when it was not
        prefetched. Without building a related manager, a queryset clone and
        a thread-safety wrapper per item and relation, which cost more than
        the rest of the item. Also the executor's way (:mod:`.execution`)."""
        rows = self._prefetched_rows(source)
        if rows is None:
            return None
        limit = self.default_limit if limit is None else limit
        check_page(offset, limit)
        return rows[offset : offset + limit]

    def _prefetched_rows(self, source) -> list | None:
        """The rows the optimizer prefetched for this relation of ``source``
        (or the page read from a link table: :mod:`.taxonomy_lists`), or
        ``None`` when it did not (then the ordinary path runs)."""
        if source is None or self.base_resolver is not None:
            return None
        taken = source.__dict__.get(TAXONOMY_LISTS)
        if taken is not None:
            rows = taken.get(self.django_name or self.python_name)
            if rows is not None:
                return rows
        prefetched = getattr(source, "_prefetched_objects_cache", None)
        if not prefetched:
            return None
        names = self.__dict__.setdefault("_cache_names", {})
        name = names.get(type(source))
        if name is None:
            manager = getattr(source, self.django_name or self.python_name)
            name = names[type(source)] = _prefetch_cache_name(manager)
        queryset = prefetched.get(name)
        if (
            queryset is None
            or queryset._result_cache is None
            or not is_optimized_by_prefetching(queryset)
        ):
            return None
        return queryset._result_cache

    def get_queryset_hook(self, info, *, offset=0, limit=None, **kwargs):
        hook = super().get_queryset_hook(info, offset=offset, limit=limit, **kwargs)
        end = offset + (self.default_limit if limit is None else limit)

        def page(queryset):
            # The optimizer prefetched the whole relation of every parent on
            # the page (a plain prefetch: strawberry-django's windowed one
            # joins a many-to-many twice and reads the relation of every
            # *other* parent of each row too, 14,000 rows for a page of 20
            # recommendations' issues). An item's own relation is short; cut
            # it here. Unoptimised, this slices the query (LIMIT/OFFSET).
            return hook(queryset)[offset:end]

        return page


def _prefetch_cache_name(manager) -> str:
    """Where ``prefetch_related`` keeps a related manager's rows (where
    strawberry-django's ``resolve_base_manager`` and modelcluster's deferring
    manager read them)."""
    original = getattr(manager, "get_original_manager", None)
    if original is not None:  # modelcluster's ParentalManyToManyField
        manager = original()
    name = getattr(manager, "prefetch_cache_name", None)
    if name:
        return name
    remote = manager.field.remote_field
    return getattr(remote, "cache_name", None) or remote.get_cache_name()


def capped_list(description: str, *, default_limit: int, **kwargs) -> Any:
    """A nested list with ``offset`` and ``limit`` arguments (see
    :class:`CappedListField`); say in ``description`` what it lists."""
    return CappedListField(
        description=description, default_limit=default_limit, **kwargs
    )


# Where smart_letters() finds its own prefetch of the SMART criteria.
_SMART_ATTRIBUTE = "public_smart_criteria"


def smart_letters(description: str) -> Any:
    """The letters of an item's SMART criteria, all of them, in SMART order.

    They are read from a prefetch of their own: in the same query the item's
    ``smartCriteria`` list may be paged, and a shared prefetch would cut the
    letters to that page.
    """

    def resolve(root) -> list[SmartLetter]:
        criteria = getattr(root, _SMART_ATTRIBUTE, None)
        if criteria is None:  # not optimised, so nothing else was prefetched
            criteria = root.smart_criteria.all()
        return [SmartLetter(criterion.letter) for criterion in criteria]

    return strawberry_django.field(
        resolver=resolve,
        description=description,
        prefetch_related=[
            Prefetch(
                "smart_criteria",
                queryset=SmartCriterion.objects.all(),
                to_attr=_SMART_ATTRIBUTE,
            )
        ],
    )


@strawberry.type(
    name="SmartLetterAssessment",
    description="One letter of the lead agency's SMART assessment of a "
    "published item: met or not, and why.",
)
class SmartLetterAssessment:
    letter: SmartLetter = strawberry.field(description="The letter.")
    met: bool = strawberry.field(description="Whether the item meets it.")
    reason: str | None = strawberry.field(
        description="Why it is met or not; null when no reason was given."
    )


# Not _SMART_ATTRIBUTE: two prefetches to one attribute in a query collide.
_ASSESSMENT_ATTRIBUTE = "public_smart_assessment_criteria"


def smart_assessment(description: str) -> Any:
    """The published SMART assessment: the five letters in SMART order.

    Read from the row, which holds the published item: a draft's assessment
    is in its revision and never shows here.
    """

    def resolve(root) -> list[SmartLetterAssessment]:
        criteria = getattr(root, _ASSESSMENT_ATTRIBUTE, None)
        if criteria is None:  # not optimised
            criteria = root.smart_criteria.all()
        met = {criterion.letter for criterion in criteria}
        return [
            SmartLetterAssessment(
                letter=SmartLetter(letter),
                met=letter in met,
                reason=getattr(root, reason_field_name(letter)) or None,
            )
            for letter in SMART_LETTERS
        ]

    return strawberry_django.field(
        resolver=resolve,
        description=description,
        only=[reason_field_name(letter) for letter in SMART_LETTERS],
        metadata=list_size(SMART_LIMIT),
        prefetch_related=[
            Prefetch(
                "smart_criteria",
                queryset=SmartCriterion.objects.all(),
                to_attr=_ASSESSMENT_ATTRIBUTE,
            )
        ],
    )
