"""Which models the public search covers, and which of their columns."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Searchable:
    """One searchable model: its key (used in table names) and text fields."""

    key: str
    model_label: str
    fields: tuple[str, ...]

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def table(self):
        """The search index table of this model (an FTS5 table on SQLite)."""
        return f"schema_search_{self.key}"

    @property
    def columns(self) -> list[str]:
        meta = self.model._meta
        return [meta.get_field(name).column for name in self.fields]


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
    )
}
