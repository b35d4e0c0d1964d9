"""Multi-row INSERTs without the ORM's per-value expression machinery.

``bulk_create`` resolves and compiles every value as an expression, ~10 µs a
value: for 10,000 objects with revisions, history and relations that is most
of an import. These helpers write the same rows from plain SQL text: values
go through each field's ``pre_save`` and ``get_db_prep_save`` as Django's
insert does, and primary keys come back with ``RETURNING`` (PostgreSQL; other
databases use ``bulk_create``).
"""

from django.db import connections, router

ROWS = 1000


def allocate_ids(model, count: int) -> list[int] | None:
    """``count`` fresh primary keys from the table's sequence (PostgreSQL).

    Knowing the keys before inserting lets rows that point at each other (an
    object and its latest revision) be inserted without a second pass.
    ``None`` on other databases.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [value for (value,) in cursor.fetchall()]


def insert(model, objects: list) -> None:
    """Insert ``objects`` (new) and set their ``pk`` when they have none."""
    if not objects:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._base_manager.using(alias).bulk_create(objects, batch_size=ROWS)
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    with_pk = all(obj.pk is not None for obj in objects)
    fields = [
        field
        for field in model._meta.concrete_fields
        if with_pk or not field.primary_key
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(objects), ROWS):
        batch = objects[start : start + ROWS]
        params = []
        for obj in batch:
            for field in fields:
                params.append(
                    field.get_db_prep_save(field.pre_save(obj, True), connection)
                )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
                f"{', '.join([row_sql] * len(batch))} RETURNING {quote(pk.column)}",
                params,
            )
            for obj, (value,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
                obj._state.adding = False
                obj._state.db = alias


def insert_pairs(through, source: str, target: str, pairs: list[tuple]) -> None:
    """Rows ``(source_id, target_id)`` of a many-to-many table."""
    if not pairs:
        return
    connection = connections[router.db_for_write(through)]
    quote = connection.ops.quote_name
    columns = (
        through._meta.get_field(source).column,
        through._meta.get_field(target).column,
    )
    for start in range(0, len(pairs), ROWS * 5):
        batch = pairs[start : start + ROWS * 5]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(through._meta.db_table)} "
                f"({quote(columns[0])}, {quote(columns[1])}) VALUES "
                + ", ".join(["(%s, %s)"] * len(batch)),
                [value for pair in batch for value in pair],
            )


def update(model, objects: list, names: list[str]) -> None:
    """Write fields ``names`` of ``objects`` (rows that exist) back to the table.

    PostgreSQL gets one ``UPDATE … FROM (VALUES …)`` per batch: ``bulk_update``
    would build a ``CASE`` expression per field and row, which costs more than
    the update itself.
    """
    if not objects or not names:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._base_manager.using(alias).bulk_update(objects, names, batch_size=ROWS)
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    typed = [pk, *fields]
    row_sql = (
        "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in typed) + ")"
    )
    aliases = ", ".join(quote(field.column) for field in typed)
    assignments = ", ".join(
        f"{quote(field.column)} = v.{quote(field.column)}" for field in fields
    )
    table = quote(model._meta.db_table)
    for start in range(0, len(objects), ROWS):
        batch = objects[start : start + ROWS]
        params = []
        for obj in batch:
            params.append(pk.get_db_prep_save(obj.pk, connection))
            for field in fields:
                params.append(
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES "
                f"{', '.join([row_sql] * len(batch))}) AS v ({aliases}) "
                f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )
