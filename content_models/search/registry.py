"""Which models the full-text index covers, and which of their columns."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Searchable:
    """One searchable model: its key (used in table names) and text fields.

    ``html_fields`` hold rich text: PostgreSQL indexes them without their tags.
    """

    key: str
    model_label: str
    fields: tuple[str, ...]
    html_fields: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def table(self):
        """The index table of this model (an FTS5 table on SQLite).

        The ``schema_`` prefix is history: the index began as the public API's
        and moved to the domain; renaming its tables would take a migration
        (and a rebuild) for no gain.
        """
        return f"schema_search_{self.key}"

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """``(column, holds_html)`` of every indexed field, in order."""
        meta = self.model._meta
        return [
            (meta.get_field(name).column, name in self.html_fields)
            for name in self.fields
        ]


SEARCHABLES = {
    searchable.key: searchable
    for searchable in (
        Searchable(
            "recommendation",
            "content_models.Recommendation",
            ("reference", "title", "text"),
        ),
        Searchable(
            "action",
            "content_models.Action",
            ("reference", "title", "description", "desired_outcome"),
        ),
        Searchable(
            "indicator",
            "content_models.Indicator",
            ("reference", "title", "description"),
        ),
        Searchable(
            "progress_report",
            "content_models.ProgressReport",
            ("title", "body"),
            html_fields=("body",),
        ),
    )
}


def searchable_for(model) -> Searchable | None:
    """The index entry of ``model`` (or of its concrete parent), if any."""
    label = model._meta.concrete_model._meta.label
    return next(
        (item for item in SEARCHABLES.values() if item.model_label == label), None
    )
