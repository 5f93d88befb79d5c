"""One row written with one precompiled INSERT, for the few writes a surge repeats.

``Model.objects.create()`` compiles its INSERT afresh on every call (quoting every
column, walking the query's machinery), and sends ``pre_save``/``post_save``: for a
signature that came to half of the sign POST's time in the database layer. On the
signing path, the only write a surge repeats, ``insert_row`` instead builds the
statement once per model and database and only prepares the values, through the same
field methods ``save()`` uses (``pre_save`` for ``auto_now_add``, ``get_db_prep_save``).

With ``signals`` it sends ``pre_save`` and ``post_save`` as ``save()`` does (for a
model whose library sets fields in a receiver, as django-tasks-db does); without, it is
only for models with no receivers for them. Tests hold the rows equal to ones written
by ``save()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple[type[Model], str], tuple[list[Field[Any, Any]], str, bool]] = {}


def _statement(model: type[Model], using: str) -> tuple[list[Field[Any, Any]], str, bool]:
    key = (model, using)
    if key not in _statements:
        connection = connections[using]
        meta = model._meta
        auto = meta.auto_field
        fields = [
            field
            for field in meta.local_concrete_fields
            if field is not auto and not field.generated
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(field.column)) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Only names from the model's own metadata, quoted; the values are parameters.
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        returning = auto is not None and connection.features.can_return_columns_from_insert
        if returning:
            assert auto is not None
            sql += f" RETURNING {quote(str(auto.column))}"
        _statements[key] = (fields, sql, returning)
    return _statements[key]


@dataclass(frozen=True)
class PreparedInsert:
    """An INSERT with its values already prepared: ``execute()`` only sends it, so a
    caller can prepare before its transaction takes SQLite's write lock."""

    instance: Model
    sql: str
    params: list[Any]
    returning: bool
    using: str
    signals: bool

    def execute(self) -> None:
        connection = connections[self.using]
        instance, model = self.instance, type(self.instance)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            auto = model._meta.auto_field
            if auto is not None:
                if self.returning:
                    row = cursor.fetchone()
                    assert row is not None
                    value = row[0]
                else:
                    value = connection.ops.last_insert_id(
                        cursor, model._meta.db_table, str(auto.column)
                    )
                setattr(instance, auto.attname, value)
        instance._state.adding = False
        instance._state.db = self.using
        if self.signals:
            post_save.send(
                sender=model, instance=instance, created=True, raw=False, using=self.using,
                update_fields=None,
            )  # fmt: skip


def prepare_insert(
    instance: Model, *, using: str = "default", signals: bool = False
) -> PreparedInsert:
    """The INSERT of ``instance`` (a new, unsaved one), its values prepared now."""
    model = type(instance)
    if signals:
        pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    fields, sql, returning = _statement(model, using)
    connection = connections[using]
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    return PreparedInsert(instance, sql, params, returning, using, signals)


def insert_row(instance: Model, *, using: str = "default", signals: bool = False) -> None:
    """INSERT ``instance`` (a new, unsaved one) and give it its primary key."""
    prepare_insert(instance, using=using, signals=signals).execute()


@dataclass(frozen=True)
class PreparedUpsert:
    """An INSERT … ON CONFLICT … DO UPDATE … RETURNING with its values prepared:
    ``execute()`` sends it and returns the stored row's ``returning`` columns, whether
    the row is new or was there (and maybe changed)."""

    sql: str
    params: list[Any]
    using: str

    def execute(self) -> tuple[Any, ...]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            row = cursor.fetchone()
        assert row is not None  # DO UPDATE always yields the row
        return tuple(row)


def prepare_upsert(
    instance: Model,
    *,
    conflict: str,
    update: str,
    update_params: list[Any],
    returning: list[str],
    using: str = "default",
) -> PreparedUpsert:
    """The INSERT of ``instance`` that, when the row named by ``conflict`` (the target of
    a unique index, as SQL) exists, updates it by ``update`` (SQL; ``excluded.`` names
    the values offered) instead of failing.

    A statement that cannot fail on a duplicate is what keeps personal data out of the
    database server's log: PostgreSQL logs every failed statement with its values. Both
    SQLite (3.35+) and PostgreSQL run it; the row comes back either way, so a caller does
    the same work for a new row and an existing one.
    """
    if instance._meta.auto_field is None:
        raise ValueError("prepare_upsert needs a model with an auto primary key")
    sql = _upsert_statement(type(instance), using, conflict, update, tuple(returning))
    insert = prepare_insert(instance, using=using)
    return PreparedUpsert(sql, [*insert.params, *update_params], using)


@lru_cache(maxsize=64)
def _upsert_statement(
    model: type[Model], using: str, conflict: str, update: str, returning: tuple[str, ...]
) -> str:
    """The upsert's SQL, built once per model, database and clauses (like the INSERT)."""
    _fields, sql, _returning = _statement(model, using)
    base = sql.split(" RETURNING ", 1)[0]
    quote = connections[using].ops.quote_name
    columns = ", ".join(quote(name) for name in returning)
    return f"{base} ON CONFLICT {conflict} DO UPDATE SET {update} RETURNING {columns}"
