"""Indexes for name searches on PostgreSQL. Django's istartswith becomes
UPPER(name::text) LIKE 'X%', which the plain name indexes cannot serve; these expression
indexes with text_pattern_ops can, taking a name search on 100,000 families from ~200 ms to
~50 ms (bench/README.md). SQLite has no use for them."""

from django.db import migrations

INDEXES = [
    ("families_adult_upper_first_name", "families_adult", "first_name"),
    ("families_adult_upper_last_name", "families_adult", "last_name"),
    ("families_child_upper_first_name", "families_child", "first_name"),
    ("families_child_upper_last_name", "families_child", "last_name"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (upper({column}) text_pattern_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("families", "0004_cases_and_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
