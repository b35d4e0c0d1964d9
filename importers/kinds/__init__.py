"""The kinds of import file, by the name the command and the admin use."""

from .actions import ActionsKind
from .base import Kind
from .indicators import IndicatorsKind
from .recommendations import RecommendationsKind
from .uhri import UhriKind

KINDS: dict[str, type[Kind]] = {
    kind.name: kind
    for kind in (RecommendationsKind, ActionsKind, IndicatorsKind, UhriKind)
}


def get_kind(name: str) -> Kind:
    """A fresh kind object for one import (kinds keep per-import state)."""
    return KINDS[name]()


__all__ = ["KINDS", "Kind", "get_kind"]
