"""The full-text index: its triggers, parser and queries, on either database.

Nothing here is skipped on SQLite or PostgreSQL: the same assertions hold for
the FTS5 tables and the ``tsvector`` side tables.
"""

import unicodedata

import pytest
from django.db import connection

from content_models.models import (
    Action,
    Indicator,
    ProgressReport,
    Recommendation,
)
from content_models.search import (
    SEARCHABLES,
    Matching,
    Relevance,
    parse,
    search_ids,
)
from content_models.search import install as search_install
from content_models.search.folding import fold, matches, row_text

from ..factories import (
    ActionFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def found(key, text, *, prefix=False):
    """The ids index ``key`` finds for ``text``, sorted."""
    return sorted(search_ids(key, parse(text, prefix=prefix)))


@pytest.fixture
def cycle():
    return ReportingCycleFactory(code="UPR-2024")


# --- the triggers keep the index in sync ------------------------------------


def test_every_searchable_model_has_its_triggers_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM schema_search_state ORDER BY name")
        assert [row[0] for row in cursor.fetchall()] == sorted(SEARCHABLES)
    assert sorted(SEARCHABLES) == [
        "action",
        "indicator",
        "progress_report",
        "recommendation",
    ]


def test_create_update_and_delete_are_followed(cycle):
    recommendation = RecommendationFactory(
        cycle=cycle, reference="122.45", text="Support Te Puni Kōkiri."
    )
    assert found("recommendation", "kokiri") == [recommendation.pk]

    recommendation.text = "Protect the kākāpō."
    recommendation.save()
    assert found("recommendation", "kokiri") == []
    assert found("recommendation", "kakapo") == [recommendation.pk]

    Recommendation.objects.filter(pk=recommendation.pk).update(title="Tūhono")
    assert found("recommendation", "tuhono kakapo") == [recommendation.pk]

    recommendation.delete()
    assert found("recommendation", "kakapo") == []


def test_bulk_create_and_queryset_update_are_followed(cycle):
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(cycle=cycle, reference=f"B.{n}", text=f"Bulk whānau {n}")
            for n in range(3)
        ]
    )
    ids = sorted(obj.pk for obj in Recommendation.objects.filter(cycle=cycle))
    assert len(created) == 3
    assert found("recommendation", "whanau") == ids

    Recommendation.objects.filter(reference="B.1").update(text="Changed")
    changed = Recommendation.objects.get(reference="B.1").pk
    assert found("recommendation", "whanau") == [pk for pk in ids if pk != changed]
    assert found("recommendation", "changed") == [changed]

    Recommendation.objects.filter(cycle=cycle).delete()
    assert found("recommendation", "whanau") == []


def test_actions_and_indicators_are_indexed_by_every_text_column():
    action = ActionFactory(
        reference="ACT-7",
        title="Kaupapa Māori justice",
        description="Whānau-centred alternatives",
        desired_outcome="Fewer people in prison",
    )
    indicator = IndicatorFactory(
        action=action, reference="IND-7", title="Marae hearings", description="Rōpū"
    )
    assert found("action", "act 7 maori whanau centred prison") == [action.pk]
    assert found("indicator", "ind-7 marae ropu") == [indicator.pk]
    Action.objects.filter(pk=action.pk).update(desired_outcome="Less reoffending")
    assert found("action", "prison") == []
    Indicator.objects.filter(pk=indicator.pk).delete()
    assert found("indicator", "marae") == []


def test_progress_reports_are_indexed_by_title_and_body():
    report = ProgressReportFactory(
        title="Second quarter",
        body="<p>We opened <b>three</b> kōhanga reo in Ōtautahi &amp; Tāmaki.</p>",
    )
    assert found("progress_report", "second quarter") == [report.pk]
    assert found("progress_report", "kohanga reo otautahi tamaki") == [report.pk]
    # SQLite indexes the markup (content_models.search.install): a phrase
    # across a formatting tag is found on PostgreSQL only.
    assert found("progress_report", '"three kohanga"') == (
        [report.pk] if POSTGRESQL else []
    )
    assert found("progress_report", '"kohanga reo"') == [report.pk]
    ProgressReport.objects.filter(pk=report.pk).update(body="<p>Nothing yet</p>")
    assert found("progress_report", "kohanga") == []
    assert found("progress_report", "nothing") == [report.pk]


def test_rich_text_markup_is_not_indexed_as_words():
    report = ProgressReportFactory(
        title="Markup",
        body='<p data-block-key="x1y2z">A <a href="https://example.org">link</a> '
        "&amp; more key data</p>",
    )
    assert found("progress_report", "link more") == [report.pk]
    # Draftail's block keys and character references, on either database.
    for word in ("block", "amp"):
        assert found("progress_report", word) == []
    assert found("progress_report", "key data") == [report.pk]
    # Tag and attribute names: PostgreSQL drops the tags, SQLite indexes them
    # (content_models.search.install).
    assert found("progress_report", "href") == ([] if POSTGRESQL else [report.pk])


def test_install_repairs_missing_triggers_and_rebuilds_a_stale_index(cycle):
    recommendation = RecommendationFactory(cycle=cycle, text="Original words")
    assert search_install.install(connection) == []
    table = SEARCHABLES["recommendation"].table
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute(
                f"DROP TRIGGER {table}_rows ON {Recommendation._meta.db_table}"
            )
        else:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER {table}_{event}")
    Recommendation.objects.filter(pk=recommendation.pk).update(text="Later words")
    assert found("recommendation", "later") == []

    assert search_install.install(connection) == ["recommendation"]

    assert found("recommendation", "later") == [recommendation.pk]
    assert found("recommendation", "original") == []
    RecommendationFactory(cycle=cycle, text="Later still")
    assert len(found("recommendation", "later")) == 2


# --- queries ----------------------------------------------------------------


@pytest.fixture
def references(cycle):
    return {
        reference: RecommendationFactory(cycle=cycle, reference=reference, text=text)
        for reference, text in [
            ("122.45", "Māori language and Te Puni Kōkiri"),
            ("122.5", "maori maori maori rights"),
            ("122.46", "Housing"),
            ("12.4", "Prisons"),
        ]
    }


def test_macrons_and_case_do_not_matter(references):
    expected = sorted(references[ref].pk for ref in ("122.45", "122.5"))
    assert found("recommendation", "maori") == expected
    assert found("recommendation", "Māori") == expected
    assert found("recommendation", "MAORI") == expected
    assert found("recommendation", unicodedata.normalize("NFD", "Māori")) == expected


def test_the_last_word_is_a_prefix_only_when_asked(references):
    assert found("recommendation", "122.4") == []
    assert found("recommendation", "122.4", prefix=True) == sorted(
        references[ref].pk for ref in ("122.45", "122.46")
    )
    assert found("recommendation", "māo", prefix=True) == sorted(
        references[ref].pk for ref in ("122.45", "122.5")
    )
    # Only the last word: "te" must be a whole word, "kok" may start one.
    assert found("recommendation", "te kok", prefix=True) == [references["122.45"].pk]
    assert found("recommendation", "t kokiri", prefix=True) == []
    # A quoted phrase at the end is whole words.
    assert found("recommendation", '"puni kok"', prefix=True) == []
    assert found("recommendation", '"puni kokiri"', prefix=True) == [
        references["122.45"].pk
    ]


def test_prefix_search_keeps_query_syntax_out(references):
    for text in ["122.4*", "maori:*", "ma'o", "ma\\", "NEAR(", "a & !b | c"]:
        # Taken as words: no error, no syntax.
        assert isinstance(found("recommendation", text, prefix=True), list)
    assert found("recommendation", "maori:*", prefix=True) == sorted(
        references[ref].pk for ref in ("122.45", "122.5")
    )


def test_matching_and_relevance_work_inside_a_queryset(references):
    query = parse("maori", prefix=True)
    rows = (
        Recommendation.objects.filter(pk__in=Matching("recommendation", query))
        .annotate(relevance=Relevance("recommendation", query))
        .order_by("-relevance")
    )
    assert [row.reference for row in rows] == ["122.5", "122.45"]
    assert rows[0].relevance > rows[1].relevance > 0
    # Through a relation: actions answering a matching recommendation.
    action = ActionFactory()
    action.recommendations.set([references["122.46"]])
    action.save()
    housing = Matching("recommendation", parse("housing"))
    assert list(Action.objects.filter(recommendations__in=housing)) == [action]


def test_an_empty_query_is_refused_by_the_expressions():
    with pytest.raises(ValueError):
        Matching("recommendation", parse("  !! "))
    with pytest.raises(ValueError):
        Relevance("recommendation", parse(""))


def test_parser_with_prefix():
    query = parse('122.4 "te puni" kōk', prefix=True)
    assert (query.terms, query.prefix) == (
        (("122", "4"), ("te", "puni"), ("kōk",)),
        True,
    )
    # The word being typed goes last even when it repeats an earlier one.
    assert parse("maori rights maori", prefix=True).terms == (
        ("rights",),
        ("maori",),
    )
    assert not parse('maori "te puni"', prefix=True).prefix
    assert not parse("maori.", prefix=True).prefix
    assert not parse("maori", prefix=False).prefix
    terms = [(q.terms, q.prefix) for q in parse("a b", prefix=True).each_term()]
    assert terms == [((("a",),), False), ((("b",),), True)]


# --- small tables, in Python -------------------------------------------------


def test_folding_drops_case_and_accents():
    assert fold("Māori") == "maori"
    assert fold("CÔTE D’IVOIRE") == "cote d’ivoire"
    assert fold("Straße") == "strasse"
    assert fold(unicodedata.normalize("NFD", "Ōtautahi")) == "otautahi"


def test_small_table_matching_is_a_folded_icontains():
    text = row_text(["Te Puni Kōkiri", "TPK", None])
    assert matches(parse("kokiri"), text)
    assert matches(parse("puni kōk"), text)
    assert matches(parse("tpk"), text)
    assert matches(parse("oki"), text)  # inside a word, as icontains
    assert not matches(parse("kokiri ministry"), text)
    # A phrase does not run across two fields.
    assert not matches(parse('"kokiri tpk"'), text)
