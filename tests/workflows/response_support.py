"""A new UPR cycle imported as drafts, for the response board's tests."""

from content_models.models import Recommendation

from ..factories import RecommendationFactory, ReportingCycleFactory


def draft_recommendation(cycle, reference, agencies=(), **fields):
    """A recommendation never published, as the importer leaves one."""
    recommendation = RecommendationFactory(
        cycle=cycle, reference=reference, live=False, **fields
    )
    recommendation.responsible_agencies.set(list(agencies))
    recommendation.save()  # parental relations are written on save
    recommendation.save_revision()
    return Recommendation.objects.get(pk=recommendation.pk)


def new_cycle(world):
    """UPR-2029 (led by MoJ): 1 for Police, 2 for Police and MSD, 3 for nobody."""
    cycle = ReportingCycleFactory(code="UPR-2029", name="Fifth UPR", body=world.upr)
    return {
        "cycle": cycle,
        "r1": draft_recommendation(cycle, "1.1", [world.police]),
        "r2": draft_recommendation(cycle, "1.2", [world.police, world.msd]),
        "r3": draft_recommendation(cycle, "1.3"),
    }


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)
