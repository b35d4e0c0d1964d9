"""factory_boy factories for the Monitor's models."""

import factory
from django.contrib.auth import get_user_model

from content_models.actions import save_agency
from content_models.models import (
    Action,
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.govt.nz")
    password = factory.django.Password("password")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    email = factory.LazyAttribute(
        lambda agency: f"{agency.code.lower()}@example.govt.nz"
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As every other path: through the action that gives it its collection.
        return save_agency(agency=super()._create(model_class, *args, **kwargs))


class HumanRightsBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HumanRightsBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"BODY{n}")
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = HumanRightsBody.Kind.TREATY_BODY
    lead_agency = factory.SubFactory(AgencyFactory)


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCycle
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CYCLE-{2000 + n}")
    name = factory.LazyAttribute(lambda cycle: f"Cycle {cycle.code}")
    body = factory.SubFactory(HumanRightsBodyFactory)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "NZL"
    name = "New Zealand"


class HumanRightsIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HumanRightsIssue
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"issue-{n}")
    name = factory.Sequence(lambda n: f"Issue {n}")


class AffectedGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffectedGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    cycle = factory.SubFactory(ReportingCycleFactory)
    reference = factory.Sequence(lambda n: f"122.{n}")
    text = factory.Sequence(lambda n: f"Strengthen the protection of rights, item {n}.")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    reference = factory.Sequence(lambda n: f"ACT-{n:04d}")
    title = factory.Sequence(lambda n: f"Action {n}")
    lead_agency = factory.SubFactory(AgencyFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    reference = factory.Sequence(lambda n: f"IND-{n:04d}")
    title = factory.Sequence(lambda n: f"Indicator {n}")
    action = factory.SubFactory(ActionFactory)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Progress report {n}")
    body = "<p>Work is under way.</p>"
