"""A cycle's Cabinet page in the admin: who may see it, the annex downloads,
recording the decision and publishing what was agreed, over the real URLs."""

import datetime
import html
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from content_models.models import CabinetDecision, Recommendation
from workflows import actions

from .admin_helpers import assert_redirected_away
from .cabinet_support import build_response
from .conftest import make_document
from .test_cabinet import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(world):
    return build_response(world)


def page(cycle):
    return f"/admin/cabinet/cycles/{cycle.pk}/"


def test_the_lead_agency_manager_sees_the_cabinet_page(client, world, response):
    cycle = response["cycle"]
    client.force_login(world.moj_manager)
    answer = client.get(page(cycle))
    assert answer.status_code == 200
    text = answer.content.decode()
    assert '<th scope="row">Cabinet target</th><td>1 Mar 2027</td>' in text
    for extension, group_by in (
        ("docx", "issue"),
        ("docx", "agency"),
        ("xlsx", "issue"),
        ("xlsx", "agency"),
    ):
        assert f"{page(cycle)}annex.{extension}?group_by={group_by}" in text
    assert "Recommendation: UPR-2024/122.2 — End child poverty." in text
    assert "Recommendation: UPR-2024/122.3" in text
    # Awaiting the lead agency's approval: not agreed yet.
    assert "Action: ACT-NEW-1" not in text
    # No decision yet: nothing to press.
    assert "Publish 2 items" not in text
    assert "Record Cabinet's decision first" in html.unescape(text)

    actions.approve(obj=response["proposal"], user=world.moj_manager)
    decide(cycle, world)
    text = client.get(page(cycle)).content.decode()
    assert "Action: ACT-NEW-1 — Child poverty reduction plan" in text
    assert "Publish 3 items" in text


@pytest.mark.parametrize("role", ["msd_manager", "police_contributor"])
def test_others_are_refused_every_cabinet_url(client, world, response, role):
    cycle = response["cycle"]
    client.force_login(getattr(world, role))
    before = snapshot()
    assert_redirected_away(client.get(page(cycle)), role)
    assert_redirected_away(client.get(f"{page(cycle)}annex.docx"), role)
    posted = client.post(
        page(cycle), {"decided_on": "2027-01-25", "minute_reference": "CAB-1"}
    )
    assert_redirected_away(posted, role)
    assert_redirected_away(client.post(f"{page(cycle)}publish-agreed/"), role)
    assert not CabinetDecision.objects.exists()
    assert snapshot() == before


def test_the_other_manager_has_the_page_of_their_own_body(client, world, response):
    client.force_login(world.msd_manager)
    assert client.get(page(world.crc_recommendation.cycle)).status_code == 200


def test_anonymous_is_sent_to_sign_in(client, response):
    cycle = response["cycle"]
    assert_redirected_away(client.get(page(cycle)), "anonymous")
    assert_redirected_away(client.get(f"{page(cycle)}annex.xlsx"), "anonymous")
    assert_redirected_away(client.post(f"{page(cycle)}publish-agreed/"), "anonymous")


def test_the_annex_downloads_as_word_and_xlsx(client, world, response):
    cycle = response["cycle"]
    client.force_login(world.moj_manager)
    word = client.get(f"{page(cycle)}annex.docx?group_by=agency")
    assert word.status_code == 200
    assert word["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert word["Content-Disposition"] == (
        'attachment; filename="cabinet-annex-UPR-2024-by-agency.docx"'
    )
    document = docx.Document(io.BytesIO(word.content))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [
        "Ministry of Social Development",
        "New Zealand Police",
        "No responsible agency",
    ]
    workbook = client.get(f"{page(cycle)}annex.xlsx")
    assert workbook.status_code == 200
    assert workbook["Content-Disposition"] == (
        'attachment; filename="cabinet-annex-UPR-2024-by-issue.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["Annex"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Equality",
        "Equality",
        "Justice",
        "Justice",
        "No human rights issue",
    ]


def test_a_bad_grouping_or_format_is_refused(client, world, response):
    cycle = response["cycle"]
    client.force_login(world.moj_manager)
    bad = client.get(f"{page(cycle)}annex.docx?group_by=body")
    assert bad.status_code == 400
    assert bad.content.decode() == "group_by=body: not a grouping; use issue or agency."
    # No such URL (after the admin's APPEND_SLASH redirect).
    assert client.get(f"{page(cycle)}annex.pdf", follow=True).status_code == 404


def formset(rows):
    data = {
        "documents-TOTAL_FORMS": str(len(rows)),
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    for index, (document, public) in enumerate(rows):
        data[f"documents-{index}-document"] = str(document.pk) if document else ""
        if public:
            data[f"documents-{index}-public"] = "on"
    return data


def test_recording_the_decision_in_the_admin(client, world, response, media):
    cycle = response["cycle"]
    paper = make_document(world.moj, "Cabinet paper")
    minute = make_document(world.moj, "Cabinet minute")
    client.force_login(world.moj_manager)
    posted = client.post(
        page(cycle),
        {
            "decided_on": "25/01/2027",
            "minute_reference": "CAB-27-MIN-0012",
            "summary": "Agreed.",
            "public": "on",
            **formset([(paper, True), (minute, False), (None, False)]),
        },
    )
    assert posted.status_code == 302
    assert posted["Location"] == page(cycle)
    decision = CabinetDecision.objects.get()
    assert (
        decision.cycle,
        decision.decided_on.isoformat(),
        decision.minute_reference,
        decision.public,
        decision.recorded_by,
        [(row.document, row.public) for row in decision.documents.all()],
    ) == (
        cycle,
        "2027-01-25",
        "CAB-27-MIN-0012",
        True,
        world.moj_manager,
        [(paper, True), (minute, False)],
    )
    shown = client.get(page(cycle)).content.decode()
    assert "Decided on 25 Jan 2027, minute CAB-27-MIN-0012." in shown


def test_a_decision_without_its_minute_is_refused_with_the_field(
    client, world, response
):
    client.force_login(world.moj_manager)
    posted = client.post(
        page(response["cycle"]),
        {"decided_on": "25/01/2027", "minute_reference": "", **formset([])},
    )
    assert posted.status_code == 400
    assert posted.context["form"].errors == {
        "minute_reference": ["This field is required."]
    }
    assert not CabinetDecision.objects.exists()


def decide(cycle, world):
    actions.record_cabinet_decision(
        cycle=cycle,
        user=world.moj_manager,
        decided_on=datetime.date(2027, 2, 10),
        minute_reference="CAB-27-MIN-0042",
    )


def test_publishing_before_the_decision_is_refused(client, world, response):
    cycle = response["cycle"]
    before = snapshot()
    client.force_login(world.moj_manager)
    posted = client.post(f"{page(cycle)}publish-agreed/", follow=True)
    assert posted.status_code == 200
    assert (
        "Nothing was published: Cabinet&#x27;s decision on UPR-2024 is not "
        "recorded yet: record it before publishing what was agreed."
    ) in posted.content.decode()
    assert snapshot() == before


def test_publishing_what_was_agreed_from_the_admin(client, world, response):
    cycle = response["cycle"]
    actions.approve(obj=response["proposal"], user=world.moj_manager)
    decide(cycle, world)
    client.force_login(world.moj_manager)
    posted = client.post(f"{page(cycle)}publish-agreed/", follow=True)
    assert posted.status_code == 200
    assert "Published 3 items of UPR-2024." in posted.content.decode()
    assert Recommendation.objects.get(reference="122.2").live is True
    assert client.get(f"{page(cycle)}publish-agreed/").status_code == 405


def test_publishing_one_agreed_item_says_so_in_the_singular(client, world, response):
    cycle = response["cycle"]
    decide(cycle, world)
    agreed = actions.agreed_content(cycle=cycle)
    for item in agreed[1:]:
        actions.approve_or_publish(obj=item, user=world.moj_manager)
    client.force_login(world.moj_manager)
    posted = client.post(f"{page(cycle)}publish-agreed/", follow=True)
    assert posted.status_code == 200
    text = posted.content.decode()
    assert "Published 1 item of UPR-2024." in text
    assert "Published 1 items" not in text
    assert actions.agreed_content(cycle=cycle) == []
    assert type(agreed[0]).objects.get(pk=agreed[0].pk).live is True


def test_the_cycles_listing_links_to_the_cabinet_page(client, world, response):
    client.force_login(world.moj_manager)
    listing = client.get(reverse("wagtailsnippets_content_models_reportingcycle:list"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert page(response["cycle"]) in text
    assert page(world.crc_recommendation.cycle) not in text
    assert "1 Mar 2027" in text  # the Cabinet target column
