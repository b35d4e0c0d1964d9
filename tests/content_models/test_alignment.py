"""Alignment suggestions: ranking, reasons, scope (drafts), determinism."""

import pytest

from content_models.alignment import align, align_recommendation
from content_models.models import Action, Recommendation
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    HumanRightsIssueFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)

from .alignment_pairs import DISTRACTORS, PAIRS

pytestmark = pytest.mark.django_db

TOP = 5
REQUIRED = 8


def build_pairs():
    """The known pairs: each recommendation in its own cycle (so every other
    recommendation is of another cycle), each action with the same issue as
    one distractor, so the taxonomy alone cannot pick it."""
    pairs = []
    for number, (text, issue_names, title, description) in enumerate(PAIRS):
        issues = [
            HumanRightsIssueFactory(slug=name.lower(), name=name, short_name=name)
            for name in issue_names
        ]
        cycle = ReportingCycleFactory(code=f"PAIR-{number}")
        recommendation = RecommendationFactory(cycle=cycle, text=text)
        recommendation.issues.set(issues)
        recommendation.save()
        action = ActionFactory(title=title, description=description)
        action.issues.set(issues)
        action.save()
        distractor_title, distractor_text = DISTRACTORS[number]
        distractor = ActionFactory(title=distractor_title, description=distractor_text)
        distractor.issues.set(issues)
        distractor.save()
        pairs.append((recommendation, action))
    for title, description in DISTRACTORS[len(PAIRS) :]:
        ActionFactory(title=title, description=description)
    return pairs


def rank_of(action, alignment) -> int | None:
    ranked = [aligned.item.pk for aligned in alignment.actions]
    return ranked.index(action.pk) + 1 if action.pk in ranked else None


def test_the_right_action_is_in_the_top_five_for_at_least_eight_of_ten(capsys):
    pairs = build_pairs()
    ranks = []
    for recommendation, action in pairs:
        alignment = align_recommendation(
            recommendation,
            recommendations=Recommendation.objects.live(),
            actions=Action.objects.live(),
            limit=TOP,
        )
        ranks.append(rank_of(action, alignment))
    found = sum(1 for rank in ranks if rank is not None)
    with capsys.disabled():
        print(f"\nalignment quality: {found}/10 in the top {TOP}, ranks {ranks}")
    assert found >= REQUIRED, ranks


def test_pasted_text_finds_the_answer_too(capsys):
    """Text pasted before the recommendation is in the Monitor: the issues are
    read from its words."""
    pairs = build_pairs()
    ranks = []
    for recommendation, action in pairs:
        alignment = align(
            text=recommendation.text,
            recommendations=Recommendation.objects.live(),
            actions=Action.objects.live(),
            limit=TOP,
        )
        ranks.append(rank_of(action, alignment))
    found = sum(1 for rank in ranks if rank is not None)
    with capsys.disabled():
        print(f"\npasted text: {found}/10 in the top {TOP}, ranks {ranks}")
    assert found >= REQUIRED, ranks


def test_reasons_name_the_shared_issue_agency_phrase_and_words():
    agency = AgencyFactory(code="COR", name="Ara Poutama Aotearoa")
    issue = HumanRightsIssueFactory(slug="detention", name="Detention")
    recommendation = RecommendationFactory(
        cycle=ReportingCycleFactory(code="CAT-2030"),
        text="Reduce pre-trial detention and separate remand prisoners.",
    )
    recommendation.issues.set([issue])
    recommendation.save()
    recommendation.responsible_agencies.set([agency])
    recommendation.save()
    action = ActionFactory(
        title="Remand reform",
        description="Fewer remand prisoners held in custody before trial.",
    )
    action.issues.set([issue])
    action.save()
    action.responsible_agencies.set([agency])
    action.save()

    alignment = align_recommendation(
        recommendation,
        recommendations=Recommendation.objects.live(),
        actions=Action.objects.live(),
    )

    assert [aligned.item for aligned in alignment.actions] == [action]
    (aligned,) = alignment.actions
    assert aligned.reasons == [
        "Human-rights issues in common: Detention",
        "Responsible agencies in common: Ara Poutama Aotearoa",
        "Phrases that matched: “remand prisoners”",
        "Words that matched: trial, remand, prisoners",
    ]
    assert 0 < aligned.score <= 1


def test_a_word_of_the_thesaurus_is_named_with_the_word_it_stands_for():
    action = ActionFactory(title="Fewer people held in custody")
    alignment = align(
        text="Reduce pre-trial detention.",
        recommendations=Recommendation.objects.live(),
        actions=Action.objects.live(),
    )
    assert [(a.item, a.reasons) for a in alignment.actions] == [
        (action, ["Related words: custody (for detention)"])
    ]


def test_own_cycle_and_linked_actions_are_left_out_other_cycles_kept():
    cycle = ReportingCycleFactory(code="CRC-2030")
    text = "End the detention of children in police cells."
    recommendation = RecommendationFactory(cycle=cycle, text=text)
    same_cycle = RecommendationFactory(cycle=cycle, text=text + " Again.")
    other_cycle = RecommendationFactory(
        cycle=ReportingCycleFactory(code="CAT-2031"), text=text
    )
    linked = ActionFactory(title="Children out of police cells")
    linked.recommendations.set([recommendation])
    linked.save()
    unlinked = ActionFactory(title="Police cells: no children detained")

    alignment = align_recommendation(
        recommendation,
        recommendations=Recommendation.objects.live(),
        actions=Action.objects.live(),
    )

    assert [a.item for a in alignment.recommendations] == [other_cycle]
    assert same_cycle not in [a.item for a in alignment.recommendations]
    assert [a.item for a in alignment.actions] == [unlinked]


def test_only_rows_of_the_given_scope_are_suggested():
    """The public passes published rows: a draft is never suggested to it,
    while an editor whose scope holds the draft sees it."""
    text = "Phase out seclusion in psychiatric wards."
    published = ActionFactory(title="Seclusion phased out in psychiatric wards")
    draft = ActionFactory(title="Seclusion rooms closed", live=False)

    public = align(
        text=text,
        recommendations=Recommendation.objects.live(),
        actions=Action.objects.live(),
    )
    editor = align(
        text=text,
        recommendations=Recommendation.objects.all(),
        actions=Action.objects.all(),
    )

    assert [a.item for a in public.actions] == [published]
    assert {a.item for a in editor.actions} == {published, draft}


def test_the_same_text_gives_the_same_ranking_and_ties_go_to_the_lower_id():
    first = ActionFactory(title="Legal aid for asylum seekers")
    second = ActionFactory(title="Legal aid for asylum seekers")
    text = "Provide free legal aid to asylum seekers."

    runs = [
        [
            (a.item.pk, a.score, a.reasons)
            for a in align(
                text=text,
                recommendations=Recommendation.objects.live(),
                actions=Action.objects.live(),
            ).actions
        ]
        for _ in range(2)
    ]

    assert runs[0] == runs[1]
    assert [pk for pk, _score, _reasons in runs[0]] == [first.pk, second.pk]


def test_a_text_of_stop_words_only_suggests_nothing():
    ActionFactory(title="The State party shall take measures")
    alignment = align(
        text="The Committee recommends that the State party take measures.",
        recommendations=Recommendation.objects.all(),
        actions=Action.objects.all(),
    )
    assert alignment.actions == [] and alignment.recommendations == []


def test_a_short_word_matches_only_itself_not_the_start_of_longer_words():
    """``pre`` of ``pre-trial`` must not find ``preventive``; longer stems
    match the words they start (``investigations`` finds ``investigated``)."""
    ActionFactory(title="National preventive mechanism")
    investigated = ActionFactory(title="Every death investigated")
    alignment = align(
        text="Pre-trial investigations",
        recommendations=Recommendation.objects.all(),
        actions=Action.objects.all(),
    )
    assert [(a.item, a.reasons) for a in alignment.actions] == [
        (investigated, ["Words that matched: investigations"])
    ]
