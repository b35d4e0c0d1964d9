"""Demo content for New Zealand, and synthetic bulk data for benchmarks.

``seed_demo()`` is what ``manage.py seed_demo`` runs: it loads the taxonomies,
writes the hand-made demo through Wagtail (``story.py``, ``writer.py``) and, with
``scale``, bulk-inserts synthetic rows (``scale.py``). Both parts are
deterministic and idempotent: objects are found by natural key and existing
ones are left alone.
"""

from django.db import transaction

from content_models.taxonomy_loader import load_taxonomies, read_preset

from . import scale as bulk
from .common import SeedSummary, Taxonomy
from .people import seed_moderation, seed_people
from .story import build_story
from .writer import StoryWriter

PRESET = "nz"


def agency_names(preset: str = PRESET) -> dict[str, str]:
    """Agency code → name as the preset spells it (the demo's prose uses them)."""
    return {
        item["short_title"]: item["title"]
        for item in read_preset(preset)["government_agencies"]
    }


@transaction.atomic
def seed_demo(*, scale: int | None = None) -> SeedSummary:
    """Write the demo, plus ``scale`` synthetic recommendations when given.

    Raises ``ValueError`` for a ``scale`` below 1, before writing anything.
    """
    if scale is not None and scale < 1:
        raise ValueError("scale must be at least 1")
    summary = SeedSummary(taxonomies=load_taxonomies(preset=PRESET))
    taxonomy = Taxonomy()
    StoryWriter(taxonomy, summary).write(build_story(agency_names()))
    seed_people(summary)
    seed_moderation(summary)
    if scale:
        bulk.generate(scale, taxonomy=taxonomy, summary=summary)
    return summary


__all__ = ["SeedSummary", "seed_demo"]
