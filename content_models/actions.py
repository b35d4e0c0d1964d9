"""State changes of the taxonomies that involve more than one row.

Every path that creates or renames an agency (the admin, ``load_taxonomies``,
``seed_demo``, the tests' factories) goes through ``save_agency``, so an agency
never exists without the collection its documents live in.
"""

from django.db import transaction
from wagtail.models import Collection

from .models import Agency


def collection_name(agency: Agency) -> str:
    """The name of ``agency``'s document collection, e.g. ``Police (Police)``."""
    return f"{agency.name} ({agency.code})"


@transaction.atomic
def save_agency(*, agency: Agency, form=None) -> Agency:
    """Save ``agency`` and keep its document collection in step with it.

    A new agency gets a collection of its own, a child of the root collection;
    a renamed agency's collection is renamed with it. ``form``, a validated
    model form of ``agency``, saves many-to-many fields (members) too. Running
    it again on a saved agency changes nothing.
    """
    if form is not None:
        agency = form.save()
    else:
        agency.save()
    _provide_collection(agency)
    return agency


def _provide_collection(agency):
    name = collection_name(agency)
    collection = agency.document_collection
    if collection is None:
        # Lock the root: two agencies created at once must not compute the
        # same materialised path for their collections.
        root = Collection.objects.select_for_update().get(
            pk=Collection.get_first_root_node().pk
        )
        collection = root.add_child(instance=Collection(name=name))
        agency.document_collection = collection
        agency.save(update_fields=["document_collection"])
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
