"""The workplace's own dispensation fields are gone: their values now live as Dispensation rows
(moved by 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0004_move_dispensations_and_rimelighedskrav_rules"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="workplace",
            name="dispensation_capacity",
        ),
        migrations.RemoveField(
            model_name="workplace",
            name="dispensation_from",
        ),
        migrations.RemoveField(
            model_name="workplace",
            name="dispensation_reason",
        ),
        migrations.RemoveField(
            model_name="workplace",
            name="dispensation_to",
        ),
    ]
