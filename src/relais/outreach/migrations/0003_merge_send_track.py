from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_send_delivery_body_and_claim"),
        ("outreach", "0002_track_hit_key"),
    ]

    operations = []
