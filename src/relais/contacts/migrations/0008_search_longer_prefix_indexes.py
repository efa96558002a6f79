"""SQLite: prefix indexes of 2 to 12 characters on the word index (was 2 and 3).

FTS5 answers a word prefix from a prefix index only when one has exactly the prefix's length;
any other prefix ('initech*', 'hooli*') is answered by merging the postings of every term it
starts before giving a row — about 7 ms per common word on a million contacts, and the cause of
the slow several-word searches (docs/benchmarks.md, issue 5). With an index for every length a
typed word is likely to have, a word prefix costs what a whole word costs.

An FTS5 table's options cannot be altered: the table is dropped, created again and rebuilt from
``contacts_contactsearch`` (its external content; the triggers that keep it in step name it and
go on working). On a million contacts the rebuild takes about a minute and the table grows from
about 250 to about 630 MiB. PostgreSQL: nothing to do.
"""

from django.db import migrations

COLUMNS = (
    "names, reach, other, content='contacts_contactsearch', content_rowid='contact_id', "
    "tokenize='unicode61'"
)
LONGER = " ".join(str(n) for n in range(2, 13))


def _recreate(prefix: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in (
            "DROP TABLE IF EXISTS contacts_search_tokens",
            f"CREATE VIRTUAL TABLE contacts_search_tokens USING fts5({COLUMNS}, "
            f"prefix='{prefix}')",
            "INSERT INTO contacts_search_tokens(contacts_search_tokens) VALUES ('rebuild')",
        ):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_freshness_and_lawful_basis"),
    ]

    operations = [
        migrations.RunPython(_recreate(LONGER), _recreate("2 3")),
    ]
