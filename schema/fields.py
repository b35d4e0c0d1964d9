"""Field helpers for the Django types: descriptions everywhere, blanks as null,
and nested lists that cannot grow without bound."""

from typing import Any

import strawberry_django
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.pagination import OffsetPaginationInput

from .common import MAX_LIMIT, check_page


def field(description: str, **kwargs) -> Any:
    """A model field exposed as is, with its description."""
    return strawberry_django.field(description=description, **kwargs)


def optional_text(name: str, description: str) -> Any:
    """A text column whose blank value is exposed as ``null``."""

    def resolve(root) -> str | None:
        return getattr(root, name) or None

    return strawberry_django.field(resolver=resolve, description=description)


def enum_field(name: str, enum, description: str) -> Any:
    """A choices column exposed as a GraphQL enum (``null`` when blank)."""

    def resolve(root) -> enum | None:  # type: ignore[valid-type]
        value = getattr(root, name)
        return enum(value) if value else None

    return strawberry_django.field(resolver=resolve, description=description)


def _int_argument(name: str, default: int, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(int),
        default=default,
        description=description,
    )


class CappedListField(StrawberryDjangoField):
    """A nested relation list with ``offset`` and ``limit`` (at most 100).

    Without it a relation such as an action's recommendations returns every
    row; with it the optimizer still prefetches all parents in one query
    (window functions per parent).
    """

    @property
    def arguments(self) -> list[StrawberryArgument]:
        arguments = super().arguments
        if not any(argument.python_name == "limit" for argument in arguments):
            arguments = [
                *arguments,
                _int_argument("offset", 0, "How many to skip (0 or more)."),
                _int_argument("limit", MAX_LIMIT, f"How many, 0 to {MAX_LIMIT}."),
            ]
            self.arguments = arguments
        return arguments

    @arguments.setter
    def arguments(self, value: list[StrawberryArgument]) -> None:
        StrawberryDjangoField.arguments.fset(self, value)

    def get_queryset(self, queryset, info, *, offset=0, limit=MAX_LIMIT, **kwargs):
        check_page(offset, limit)
        return super().get_queryset(
            queryset,
            info,
            pagination=OffsetPaginationInput(offset=offset, limit=limit),
            **kwargs,
        )

    def get_queryset_hook(self, info, **kwargs):
        hook = super().get_queryset_hook(info, **kwargs)

        def unique_hook(queryset):
            result = hook(queryset)
            if not isinstance(result, list):
                return result
            # strawberry-django pages a prefetched many-to-many with a window
            # over a second join of the through table, so an item linked to two
            # parents on one page comes back once per parent. Keep the first.
            seen = set()
            unique = []
            for item in result:
                if item.pk not in seen:
                    seen.add(item.pk)
                    unique.append(item)
            return unique[: kwargs.get("limit", MAX_LIMIT)]

        return unique_hook


def capped_list(description: str, **kwargs) -> Any:
    return CappedListField(description=description, **kwargs)
