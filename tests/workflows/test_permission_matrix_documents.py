"""The permission matrix of documents: who may handle which agency's files.

The same roles and world as ``test_permission_matrix.py``. Each agency's files
are in its collection; who lists, chooses, edits, replaces, deletes and sees
the usage of each agency's document: its contributors, the managers of the
bodies it is responsible for content of, and administrators. Each
non-administrator handles exactly one of the two documents, so every refusal
has its positive control: the same user, the same request, on the document of
their own agency. A refusal is exact (the admin's redirect) and leaves the
document as it was: title, file name, collection and the file's bytes.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from ..factories import ActionFactory, ProgressReportFactory
from .admin_helpers import (
    ROLES,
    assert_redirected_away,
    document_snapshot,
    edit_data,
    login,
    snapshot,
    url,
)
from .conftest import make_document

pytestmark = pytest.mark.django_db

DOCUMENT_HANDLERS = {
    "police": {"police_contributor", "moj_manager", "admin"},
    "msd": {"msd_contributor", "msd_manager", "admin"},
}
DOCUMENTS = list(DOCUMENT_HANDLERS)


def own_document(documents, role):
    return next(documents[key] for key in DOCUMENTS if role in DOCUMENT_HANDLERS[key])


def document_url(view, document=None):
    return reverse(f"wagtaildocs:{view}", args=(document.pk,) if document else ())


def edit_document(client, document, **changes):
    data = {"title": document.title, "collection": str(document.collection_id)}
    data.update(changes)
    return client.post(document_url("edit", document), data)


def check_document_request(client, world, documents, role, owner, request, done):
    """``request(document)`` on ``owner``'s document: ``done(document, response)``
    when the role handles it; otherwise the exact refusal, the document as it
    was, and then the positive control on the role's own document."""
    document = documents[owner]
    login(client, world, role)
    before = document_snapshot(document)
    response = request(document)
    if role in DOCUMENT_HANDLERS[owner]:
        done(document, response)
        return
    assert_redirected_away(response, role)
    assert document_snapshot(document) == before
    if role != "anonymous":
        own = own_document(documents, role)
        done(own, request(own))


@pytest.mark.parametrize("role", ROLES)
def test_documents_listing_shows_only_the_role_s_agencies(
    client, world, documents, role
):
    login(client, world, role)
    response = client.get(document_url("index"))
    if role == "anonymous":
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    assert {document.pk for document in response.context["documents"]} == {
        documents[key].pk for key in DOCUMENTS if role in DOCUMENT_HANDLERS[key]
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
def test_documents_chooser(client, world, documents, role, owner):
    login(client, world, role)
    listing = client.get(reverse("wagtaildocs_chooser:choose"))
    if role == "anonymous":
        assert_redirected_away(listing, role)
    else:
        assert listing.status_code == 200
        html = listing.json()["html"]
        assert (documents[owner].title in html) == (role in DOCUMENT_HANDLERS[owner])

    def choose(document):
        return client.get(reverse("wagtaildocs_chooser:chosen", args=(document.pk,)))

    def chosen(document, response):
        assert response.status_code == 200
        assert response.json()["result"]["id"] == str(document.pk)

    check_document_request(client, world, documents, role, owner, choose, chosen)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
@pytest.mark.parametrize("view", ["edit", "document_usage", "delete"])
def test_document_pages(client, world, documents, role, owner, view):
    def shown(document, response):
        assert response.status_code == 200
        assert response.context["object"] == document

    check_document_request(
        client,
        world,
        documents,
        role,
        owner,
        lambda document: client.get(document_url(view, document)),
        shown,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
def test_editing_a_document(client, world, documents, role, owner):
    def edited(document, response):
        assert response.status_code == 302, response.context["form"].errors
        assert document_snapshot(document)[0] == f"Renamed by {role}"

    check_document_request(
        client,
        world,
        documents,
        role,
        owner,
        lambda document: edit_document(client, document, title=f"Renamed by {role}"),
        edited,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
def test_replacing_a_document_s_file(client, world, documents, role, owner):
    def replace(document):
        upload = SimpleUploadedFile("forged.pdf", b"forged by " + role.encode())
        return edit_document(client, document, file=upload)

    def replaced(document, response):
        assert response.status_code == 302, response.context["form"].errors
        title, name, collection, content = document_snapshot(document)
        assert (title, collection) == (document.title, document.collection_id)
        assert name.startswith("documents/forged")
        assert content == b"forged by " + role.encode()

    check_document_request(client, world, documents, role, owner, replace, replaced)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
def test_deleting_a_document(client, world, documents, role, owner):
    def deleted(document, response):
        assert response.status_code == 302
        assert response["Location"] == document_url("index")
        assert document_snapshot(document) is None

    check_document_request(
        client,
        world,
        documents,
        role,
        owner,
        lambda document: client.post(document_url("delete", document)),
        deleted,
    )


def bulk_delete_url(document):
    path = reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "delete"))
    return f"{path}?id={document.pk}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
def test_bulk_deleting_documents(client, world, documents, role, owner):
    def deleted(document, response):
        assert response.status_code == 302
        assert document_snapshot(document) is None

    document = documents[owner]
    login(client, world, role)
    before = document_snapshot(document)
    response = client.post(bulk_delete_url(document))
    if role in DOCUMENT_HANDLERS[owner]:
        deleted(document, response)
        return
    if role == "anonymous":
        assert_redirected_away(response, role)
    else:
        # Wagtail skips what the user may not delete, and says so when asked.
        assert response.status_code == 302
        assert response["Location"] == bulk_delete_url(document).split("?")[0]
        confirm = client.get(bulk_delete_url(document))
        assert confirm.context["items"] == []
        assert [row["item"] for row in confirm.context["items_with_no_access"]] == [
            document
        ]
    assert document_snapshot(document) == before
    if role != "anonymous":
        own = own_document(documents, role)
        deleted(own, client.post(bulk_delete_url(own)))


@pytest.mark.parametrize("role", ROLES)
def test_admin_api_lists_only_the_role_s_documents(client, world, documents, role):
    login(client, world, role)
    response = client.get("/admin/api/main/documents/")
    if role == "anonymous":
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    handled = {documents[key].pk for key in DOCUMENTS if role in DOCUMENT_HANDLERS[key]}
    assert {item["id"] for item in response.json()["items"]} == handled
    for key in DOCUMENTS:
        detail = client.get(f"/admin/api/main/documents/{documents[key].pk}/")
        assert detail.status_code == (200 if documents[key].pk in handled else 404)


def test_the_probe_a_contributor_cannot_forge_another_agency_s_published_file(
    client, world, documents
):
    """The security probe: Police replaced, then deleted, the file of a MoJ
    report's published document; the public URL served the forged file."""
    moj_action = ActionFactory(reference="ACT-MOJ-1", lead_agency=world.moj)
    moj_action.recommendations.set([world.upr_recommendation])
    moj_action.save_revision().publish()
    report = ProgressReportFactory(action=moj_action, title="MoJ report")
    report.document = make_document(world.moj, "MoJ annex", b"the real annex")
    report.document_public = True
    report.save_revision().publish()
    document = report.document
    before = document_snapshot(document)

    client.force_login(world.police_contributor)
    forged = SimpleUploadedFile("annex.pdf", b"forged annex")
    response = edit_document(client, document, file=forged)
    assert_redirected_away(response, "police_contributor")
    response = client.post(document_url("delete", document))
    assert_redirected_away(response, "police_contributor")
    assert document_snapshot(document) == before

    client.logout()
    public = client.get(document.url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == b"the real annex"

    # Positive control: the same contributor replaces their own draft's file.
    client.force_login(world.police_contributor)
    own = documents["police"]
    upload = SimpleUploadedFile("annex.pdf", b"police's new annex")
    assert edit_document(client, own, file=upload).status_code == 302
    assert document_snapshot(own)[3] == b"police's new annex"


PUBLISHERS_OF = {
    "police": {"moj_manager", "admin"},
    "msd": {"msd_manager", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", DOCUMENTS)
@pytest.mark.parametrize("change", ["replace", "delete"])
def test_a_published_report_s_file_takes_the_right_to_publish_it(
    client, world, published_documents, role, owner, change
):
    """Replacing or deleting the file a published report shows changes
    published content: only those who may publish the report may; its own
    agency's contributors attach a new document to a draft instead."""
    document = published_documents[owner]

    def request(document):
        if change == "delete":
            return client.post(document_url("delete", document))
        upload = SimpleUploadedFile("annex.pdf", b"replaced by " + role.encode())
        return edit_document(client, document, file=upload)

    login(client, world, role)
    before = document_snapshot(document)
    response = request(document)
    if role in PUBLISHERS_OF[owner]:
        assert response.status_code == 302
        after = document_snapshot(document)
        if change == "delete":
            assert after is None
        else:
            assert after[3] == b"replaced by " + role.encode()
        return
    assert_redirected_away(response, role)
    assert document_snapshot(document) == before
    client.logout()
    served = client.get(document.url)
    assert b"".join(served.streaming_content) == before[3]
    if role in DOCUMENT_HANDLERS[owner]:
        # The contributor still sees and chooses it, and changes the file of a
        # document no published report shows.
        login(client, world, role)
        chosen = client.get(reverse("wagtaildocs_chooser:chosen", args=(document.pk,)))
        assert chosen.status_code == 200
        fresh = make_document(document.collection.agency, "Draft annex")
        assert request(fresh).status_code == 302


@pytest.mark.parametrize("role", ["police_contributor", "moj_manager"])
def test_the_listing_offers_published_files_only_to_their_publishers(
    client, world, published_documents, role
):
    login(client, world, role)
    listed = {
        document.pk
        for document in client.get(document_url("index")).context["documents"]
    }
    expected = {published_documents["police"].pk} if role == "moj_manager" else set()
    assert listed == expected


def chooser_upload(client, url_name, title, collection):
    return client.post(
        reverse(url_name),
        {
            "document-chooser-upload-title": title,
            "document-chooser-upload-file": SimpleUploadedFile(
                f"{title}.pdf", b"uploaded"
            ),
            "document-chooser-upload-collection": str(collection.pk),
        },
    )


@pytest.mark.parametrize("chooser", ["wagtaildocs_chooser", "report_document_chooser"])
def test_a_contributor_s_chooser_upload_lands_in_their_agency_s_collection(
    client, world, documents, chooser
):
    client.force_login(world.police_contributor)
    modal = client.get(reverse(f"{chooser}:choose"))
    # One collection to upload into: the form does not ask.
    assert "collection" not in modal.context["creation_form"].fields
    # A forged choice of another agency's collection is ignored.
    response = chooser_upload(
        client, f"{chooser}:create", "uploaded", world.msd.document_collection
    )
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    document = get_document_model().objects.get(title="uploaded")
    assert document.collection == world.police.document_collection
    assert document.uploaded_by_user == world.police_contributor


def test_a_manager_s_report_chooser_uploads_into_the_report_s_agency(
    client, world, items, documents
):
    client.force_login(world.moj_manager)
    report = items["progressreport"]
    police_collection = world.police.document_collection
    edit = client.get(url("progressreport", "edit", report))
    modal_url = edit.context["form"].fields["document"].widget.get_chooser_modal_url()
    assert modal_url == (
        reverse("report_document_chooser:choose")
        + f"?collection_id={police_collection.pk}"
    )
    assert modal_url in edit.content.decode()
    form = client.get(modal_url).context["creation_form"]
    # The collections of the agencies of MoJ's bodies, the report's first.
    assert set(form.fields["collection"].queryset) == {
        world.moj.document_collection,
        police_collection,
    }
    assert form["collection"].value() == police_collection.pk

    count = get_document_model().objects.count()
    refused = chooser_upload(
        client,
        "report_document_chooser:create",
        "forged",
        world.msd.document_collection,
    )
    assert refused.json()["step"] == "reshow_creation_form"
    assert get_document_model().objects.count() == count
    accepted = chooser_upload(
        client, "report_document_chooser:create", "annex", police_collection
    )
    assert accepted.json()["step"] == "chosen"
    assert get_document_model().objects.get(title="annex").collection == (
        police_collection
    )


def test_a_report_cannot_take_another_agency_s_document(
    client, world, items, documents
):
    """Attaching a document by a forged id would open it to every reader of
    the report; the form offers the user's documents only."""
    report = items["progressreport"]
    client.force_login(world.admin)
    data = edit_data(client, "progressreport", report)
    client.force_login(world.police_contributor)
    before = snapshot(report)
    data["document"] = str(documents["msd"].pk)
    response = client.post(url("progressreport", "edit", report), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["document"]
    assert snapshot(report) == before

    second = make_document(world.police, "Police second annex")
    data["document"] = str(second.pk)
    response = client.post(url("progressreport", "edit", report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.get_latest_revision_as_object().document == second


def test_the_policy_names_the_users_who_handle_a_document(world, documents):
    """What Wagtail asks when it lists who may act on a document."""
    policy = policy_registry.get_by_type(get_document_model())
    for key in DOCUMENTS:
        users = policy.users_with_any_permission_for_instance(
            ["change"], documents[key]
        )
        assert {user.username for user in users} == {
            getattr(world, role).username for role in DOCUMENT_HANDLERS[key]
        } | {world.superuser.username}
