"""On PostgreSQL, refuse UPDATE and DELETE of audit events in the database itself, so that
not even raw SQL from the application can rewrite the trail. (SQLite, the embedded default,
relies on the model and queryset guards.) TRUNCATE is left alone for test databases."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION centres_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS centres_auditevent_append_only ON centres_auditevent;
CREATE TRIGGER centres_auditevent_append_only
    BEFORE UPDATE OR DELETE ON centres_auditevent
    FOR EACH ROW EXECUTE FUNCTION centres_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS centres_auditevent_append_only ON centres_auditevent;
DROP FUNCTION IF EXISTS centres_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
