"""Demo content for New Zealand, and synthetic bulk data for benchmarks.

``seed_demo()`` is what ``manage.py seed_demo`` runs: it loads the taxonomies,
writes the hand-made demo through Wagtail (``story.py``, ``writer.py``) with
its dates around the demo day (``dates.py``), then the steps before
publication through the Monitor's actions (a cycle under consideration and
public feedback, ``responses.py``), without sending e-mail, and, with
``scale``, bulk-inserts synthetic rows (``scale.py``). Both parts are
deterministic (given the demo day) and idempotent: objects are found by
natural key and existing ones are left alone; a run whose story is already
written skips it altogether (``models.DemoSeeding``).
"""

import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from content_models.taxonomy_loader import load_taxonomies, read_preset
from workflows.notifications import notifications_suppressed

from . import scale as bulk
from .common import SeedSummary, Taxonomy
from .models import DemoSeeding
from .people import ADMINISTRATOR, seed_moderation, seed_people
from .responses import seed_consideration, seed_feedback
from .story import build_story
from .writer import StoryWriter

PRESET = "nz"


def agency_names(preset: str = PRESET) -> dict[str, str]:
    """Agency code → name as the preset spells it (the demo's prose uses them)."""
    return {
        item["short_title"]: item["title"]
        for item in read_preset(preset)["government_agencies"]
    }


# The modules whose code decides what the story holds: a change to any of
# them makes a new story version, which the next run writes (adding only
# what is missing).
STORY_MODULES = (
    "catalogue.py",
    "common.py",
    "dates.py",
    "measured.py",
    "people.py",
    "consideration.py",
    "recommendations.py",
    "responses.py",
    "story.py",
    "texts.py",
    "topics.py",
    "writer.py",
)


def story_version() -> str:
    """A hash of the demo's code (cheap: a few files read)."""
    digest = hashlib.sha256()
    for name in STORY_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def legacy_demo_present() -> bool:
    """A demo written before the demo remembered its day (its dates fixed in
    2024–25; its logins are the sign): its story cannot be rebuilt, so it is
    left as it is."""
    return get_user_model().objects.filter(username=ADMINISTRATOR).exists()


@transaction.atomic
def seed_demo(*, scale: int | None = None) -> SeedSummary:
    """Write the demo, plus ``scale`` synthetic recommendations when given.

    The story's dates are placed around the demo day: today (New Zealand) on
    the first run, the same day on every later one. When the story version
    written last is the current one, only the taxonomies are checked. No
    workflow e-mail is sent. Raises ``ValueError`` for a ``scale`` below 1,
    before writing anything.
    """
    if scale is not None and scale < 1:
        raise ValueError("scale must be at least 1")
    summary = SeedSummary(taxonomies=load_taxonomies(preset=PRESET))
    taxonomy = Taxonomy()
    version = story_version()
    seeding = DemoSeeding.objects.first()
    if seeding is None and legacy_demo_present():
        summary.notes.append(
            "The demo in this database was written by an older version, with "
            "fixed dates; it is left as it is. For the current demo, start "
            "from an empty database."
        )
    elif seeding is not None and seeding.story_version == version:
        summary.notes.append(
            f"The demo of {date_format(seeding.day, 'j M Y')} is up to date."
        )
    else:
        day = seeding.day if seeding else timezone.localdate()
        with notifications_suppressed():
            StoryWriter(taxonomy, summary).write(build_story(agency_names(), today=day))
            seed_people(summary)
            seed_moderation(summary)
            seed_consideration(day, taxonomy, summary)
            seed_feedback(summary)
        DemoSeeding.objects.update_or_create(
            pk=seeding.pk if seeding else None,
            defaults={"day": day, "story_version": version},
        )
    if scale:
        bulk.generate(scale, taxonomy=taxonomy, summary=summary)
    return summary


__all__ = ["SeedSummary", "seed_demo"]
