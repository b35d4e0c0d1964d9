"""Give every existing agency its own document collection.

New agencies get one from ``content_models.actions.save_agency``; this does the
same for the agencies that exist already, as children of the root collection
named after the agency. Documents still in the root collection and attached to
progress reports of exactly one agency (the indicator's responsible agency, or
the action's lead agency) move into that agency's collection, so its
contributors keep them; every other document stays where it is, reachable by
administrators only.

Historical models have no tree methods, so the materialised path is built here
as treebeard does (steps of four characters in base 36).
"""

from django.db import migrations
from django.db.models import Max

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _to_base36(number):
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return (digits or "0").rjust(STEP, "0")


def _from_base36(text):
    return int(text, len(ALPHABET))


def _report_agency(report):
    if report.indicator_id and report.indicator.responsible_agency_id:
        return report.indicator.responsible_agency_id
    return report.action.lead_agency_id


def create_collections(apps, schema_editor):
    Agency = apps.get_model("content_models", "Agency")
    Collection = apps.get_model("wagtailcore", "Collection")
    Document = apps.get_model("wagtaildocs", "Document")
    ProgressReport = apps.get_model("content_models", "ProgressReport")

    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    agencies = list(Agency.objects.filter(document_collection__isnull=True))
    if not agencies:
        return
    last_path = Collection.objects.filter(
        depth=2, path__startswith=root.path
    ).aggregate(last=Max("path"))["last"]
    position = _from_base36(last_path[-STEP:]) if last_path else 0
    for agency in sorted(agencies, key=lambda item: item.name):
        position += 1
        collection = Collection.objects.create(
            name=f"{agency.name} ({agency.code})",
            path=root.path + _to_base36(position),
            depth=2,
            numchild=0,
        )
        agency.document_collection = collection
        agency.save(update_fields=["document_collection"])
    root.numchild = Collection.objects.filter(
        depth=2, path__startswith=root.path
    ).count()
    root.save(update_fields=["numchild"])

    collection_of = dict(
        Agency.objects.filter(document_collection__isnull=False).values_list(
            "pk", "document_collection"
        )
    )
    owners = {}
    reports = ProgressReport.objects.filter(
        document__isnull=False, document__collection=root
    ).select_related("indicator", "action")
    for report in reports:
        owners.setdefault(report.document_id, set()).add(_report_agency(report))
    for document_id, agency_ids in owners.items():
        if len(agency_ids) == 1:
            collection = collection_of.get(next(iter(agency_ids)))
            if collection is not None:
                Document.objects.filter(pk=document_id).update(collection=collection)


def remove_collections(apps, schema_editor):
    Agency = apps.get_model("content_models", "Agency")
    Collection = apps.get_model("wagtailcore", "Collection")
    Document = apps.get_model("wagtaildocs", "Document")

    root = Collection.objects.filter(depth=1).order_by("path").first()
    collection_ids = list(
        Agency.objects.filter(document_collection__isnull=False).values_list(
            "document_collection", flat=True
        )
    )
    if root is None or not collection_ids:
        return
    Document.objects.filter(collection__in=collection_ids).update(collection=root)
    Agency.objects.update(document_collection=None)
    # Only empty leaves: a collection an administrator has since filled with
    # sub-collections is left in place.
    Collection.objects.filter(pk__in=collection_ids, numchild=0).delete()
    root.numchild = Collection.objects.filter(
        depth=2, path__startswith=root.path
    ).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("content_models", "0002_agency_document_collection"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_collections, remove_collections),
    ]
