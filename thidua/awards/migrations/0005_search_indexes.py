"""Indexes for the diacritic-insensitive search of people, agencies and the history.

First a data step: records imported before ``CommendationRecord.search_key`` existed get their
key (folded decision number, issuer and reason; the folding is repeated here, a migration does
not import app code). Then, depending on the database:

* PostgreSQL: a GIN trigram index on ``awards_commendationrecord.search_key`` (``pg_trgm`` is
  created by ``organizations.0002``, which also indexes the people's and agencies' keys), so
  ``LIKE '%…%'`` on the key is an index scan.
* SQLite: three FTS5 tables with the ``trigram`` tokenizer, one per search key (people,
  agencies, history records). They are *external content* tables: they keep only the index and
  read the text from the base table, so the keys are not stored twice. Triggers on the base
  tables keep them in step on insert, update of the key and delete, and a ``rebuild`` fills
  them from the rows already there. ``thidua.awards.search`` queries them with ``MATCH``.

Caveat (SQLite): Django rebuilds a SQLite table for some later schema changes (copy, drop,
rename), which drops the triggers on it. A later migration that does so to one of the three
base tables must run ``sqlite_forwards`` again; ``test_search`` checks that the triggers exist.
"""

import unicodedata
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

Editor = BaseDatabaseSchemaEditor

BATCH = 2000
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _fold(text: str) -> str:
    """The same folding as ``thidua.core.text.fold`` (lower case, no tone marks, đ → d)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def backfill_record_keys(apps: Any, schema_editor: Editor) -> None:
    """Give every record without a search key the key that the import now writes."""
    Record = apps.get_model("awards", "CommendationRecord")
    db = schema_editor.connection.alias
    pending = Record.objects.using(db).filter(search_key="").order_by("pk")
    last = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last).only("pk", "decision_number", "issuer", "note")[:BATCH]
        )
        if not batch:
            return
        for record in batch:
            parts = (record.decision_number, record.issuer, record.note)
            record.search_key = _fold(" ".join(p for p in parts if p))[:600]
        Record.objects.using(db).bulk_update(batch, ["search_key"])
        last = batch[-1].pk


# --- PostgreSQL -------------------------------------------------------------------------------

PG_INDEX = "awards_rec_search_trgm"


def pg_forwards(schema_editor: Editor) -> None:
    # PostgreSQL refuses CREATE INDEX on a table with deferred foreign-key checks still queued
    # in the transaction (rows the backfill, or a caller, just wrote): run them now.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON awards_commendationrecord "
        "USING gin (search_key gin_trgm_ops)"
    )


def pg_backwards(schema_editor: Editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


# --- SQLite -----------------------------------------------------------------------------------

# FTS table → the base table whose ``search_key`` it indexes (rowid = the base table's id).
FTS_TABLES = {
    "awards_person_fts": "organizations_person",
    "awards_agency_fts": "organizations_agency",
    "awards_record_fts": "awards_commendationrecord",
}


def _sqlite_statements(fts: str, base: str) -> list[str]:
    """Create ``fts`` over ``base.search_key``, its three sync triggers, and fill it."""
    remove = (
        f"INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.id, old.search_key);"
    )
    add = f"INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"search_key, content='{base}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {base} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {base} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF id, search_key ON {base} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_forwards(schema_editor: Editor) -> None:
    for fts, base in FTS_TABLES.items():
        for statement in _sqlite_statements(fts, base):
            schema_editor.execute(statement)


def sqlite_backwards(schema_editor: Editor) -> None:
    for fts in FTS_TABLES:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


# --- Both ---------------------------------------------------------------------------------------


def create_indexes(apps: Any, schema_editor: Editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        pg_forwards(schema_editor)
    elif vendor == "sqlite":
        sqlite_forwards(schema_editor)


def drop_indexes(apps: Any, schema_editor: Editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        pg_backwards(schema_editor)
    elif vendor == "sqlite":
        sqlite_backwards(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_eligibility_rules"),
        ("organizations", "0003_provinces"),
    ]

    operations = [
        migrations.RunPython(backfill_record_keys, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
