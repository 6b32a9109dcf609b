"""The clear CPR column goes (migration 0011 encrypted and hashed every number); the keyed hash
becomes unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0012_citizen_cpr_encrypted"),
    ]

    operations = [
        migrations.RemoveField(model_name="citizen", name="cpr"),
        migrations.AlterField(
            model_name="citizen",
            name="cpr_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="CPR number (keyed hash)"
            ),
        ),
    ]
