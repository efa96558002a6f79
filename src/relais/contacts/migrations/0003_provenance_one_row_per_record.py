"""One provenance row per source record: the points it supplied become a list of ids.

Existing per-point rows keep their meaning: each becomes a row whose ``points`` holds the
one point it was about (its ``fields`` held only the point's kind, which is now read from the
point itself). The contact's own index on points goes: the unique (contact, kind, value)
index starts with the contact and serves the same queries.
"""

import django.db.models.deletion
from django.db import migrations, models


def points_from_rows(apps, schema_editor):
    table = "contacts_provenance"
    if schema_editor.connection.vendor == "postgresql":
        array, empty = "jsonb_build_array(contact_point_id)", "'[]'::jsonb"
    else:
        array, empty = "json_array(contact_point_id)", "'[]'"
    schema_editor.execute(
        f"UPDATE {table} SET points = {array}, fields = {empty} "  # noqa: S608
        "WHERE contact_point_id IS NOT NULL"
    )


def rows_from_points(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        first = "(points->>0)::bigint"
    else:
        first = "json_extract(points, '$[0]')"
    schema_editor.execute(
        f"UPDATE contacts_provenance SET contact_point_id = {first} "  # noqa: S608
        f"WHERE contact_point_id IS NULL AND {first} IN (SELECT id FROM contacts_contactpoint)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_import_tracking"),
    ]

    operations = [
        migrations.AddField(
            model_name="provenance",
            name="points",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(points_from_rows, rows_from_points),
        migrations.RemoveField(
            model_name="provenance",
            name="contact_point",
        ),
        migrations.AlterField(
            model_name="contactpoint",
            name="contact",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="points",
                to="contacts.contact",
            ),
        ),
    ]
