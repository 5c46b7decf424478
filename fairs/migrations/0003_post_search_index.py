"""A GIN index for Dutch full-text search on PostgreSQL (SQLite has no such
index; the board falls back to a plain substring search there)."""

from django.db import migrations

INDEX = "fairs_post_search_dutch_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON fairs_post USING gin "
            "(to_tsvector('dutch'::regconfig, COALESCE(search_text, ''::text)))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("fairs", "0002_post_cvview_publication_reaction_and_more")]

    operations = [migrations.RunPython(create, drop)]
