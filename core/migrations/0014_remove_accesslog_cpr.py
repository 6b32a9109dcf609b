"""The access log's clear CPR column goes (migration 0013 hashed every row)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_accesslog_cpr_hash"),
    ]

    operations = [
        migrations.RemoveField(model_name="accesslog", name="cpr"),
    ]
