"""On PostgreSQL: the unaccent and pg_trgm extensions and trigram indexes on the search keys.

SQLite has neither; there the search keys' B-tree indexes serve prefix lookups and the rest is
a scan of the (already folded) key column.
"""

from django.db import migrations

INDEXES = [
    ("organizations_agency", "organizations_agency_search_trgm"),
    ("organizations_person", "organizations_person_search_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
