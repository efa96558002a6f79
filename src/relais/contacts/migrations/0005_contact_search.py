"""The search index: ``ContactSearch`` rows, then each vendor's own index over them.

SQLite: external-content FTS5 tables (unicode61 words with prefix indexes over everything,
and trigrams over names, emails and phones), kept in step by triggers, and the typo vocabulary. PostgreSQL: the ``pg_trgm``
extension (needs a superuser or a pre-created extension, see docs/search.md) and GIN indexes.
Existing contacts are indexed at the end.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE contacts_search_fts USING fts5(names, reach, "
    "content='contacts_contactsearch', content_rowid='contact_id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE contacts_search_tokens USING fts5(names, reach, other, "
    "content='contacts_contactsearch', content_rowid='contact_id', "
    "tokenize='unicode61', prefix='2 3')",
    """CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts_contactsearch BEGIN
        INSERT INTO contacts_search_fts(rowid, names, reach)
            VALUES (new.contact_id, new.names, new.reach);
        INSERT INTO contacts_search_tokens(rowid, names, reach, other)
            VALUES (new.contact_id, new.names, new.reach, new.other);
    END""",
    """CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts_contactsearch BEGIN
        INSERT INTO contacts_search_fts(contacts_search_fts, rowid, names, reach)
            VALUES ('delete', old.contact_id, old.names, old.reach);
        INSERT INTO contacts_search_tokens(contacts_search_tokens, rowid, names, reach, other)
            VALUES ('delete', old.contact_id, old.names, old.reach, old.other);
    END""",
    """CREATE TRIGGER contacts_search_au AFTER UPDATE ON contacts_contactsearch BEGIN
        INSERT INTO contacts_search_fts(contacts_search_fts, rowid, names, reach)
            VALUES ('delete', old.contact_id, old.names, old.reach);
        INSERT INTO contacts_search_tokens(contacts_search_tokens, rowid, names, reach, other)
            VALUES ('delete', old.contact_id, old.names, old.reach, old.other);
        INSERT INTO contacts_search_fts(rowid, names, reach)
            VALUES (new.contact_id, new.names, new.reach);
        INSERT INTO contacts_search_tokens(rowid, names, reach, other)
            VALUES (new.contact_id, new.names, new.reach, new.other);
    END""",
    "CREATE TABLE contacts_search_words (variant TEXT NOT NULL, word TEXT NOT NULL, "
    "PRIMARY KEY (variant, word)) WITHOUT ROWID",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS contacts_search_words",
    "DROP TRIGGER IF EXISTS contacts_search_au",
    "DROP TRIGGER IF EXISTS contacts_search_ad",
    "DROP TRIGGER IF EXISTS contacts_search_ai",
    "DROP TABLE IF EXISTS contacts_search_tokens",
    "DROP TABLE IF EXISTS contacts_search_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE contacts_search_words (variant text NOT NULL, word text NOT NULL, "
    "PRIMARY KEY (variant, word))",
    *(
        f"CREATE INDEX contacts_search_{column}_trgm ON contacts_contactsearch "
        f"USING gin ({column} gin_trgm_ops)"
        for column in ("names", "reach", "other")
    ),
]
POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS contacts_search_words",
    *(
        f"DROP INDEX IF EXISTS contacts_search_{column}_trgm"
        for column in ("names", "reach", "other")
    ),
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


def index_existing(apps, schema_editor):
    # The current indexing code: the index is derived data, rebuilt the same way at any time
    # with `relais contacts reindex`.
    from relais.contacts.search.index import index_contacts

    Contact = apps.get_model("contacts", "Contact")
    ids = list(Contact.objects.values_list("pk", flat=True))
    if ids:
        index_contacts(ids)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_contact_merged_into"),
        ("timeline", "0002_import_tracking_bcc"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactSearch",
            fields=[
                (
                    "contact",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="contacts.contact",
                    ),
                ),
                ("names", models.TextField(blank=True)),
                ("reach", models.TextField(blank=True)),
                ("other", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
