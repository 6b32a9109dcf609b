"""API tokens stored hashed: each existing DRF token (rest_framework.authtoken, key in clear) is
moved to core.ApiToken as the SHA-256 of its key, with its issue time, and the clear row deleted.
Clients keep their keys: a key sent is hashed and compared, so they keep working until the token
expires. Reversing deletes the hashed tokens (the clear keys cannot be restored; clients then ask
for new tokens)."""

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("core", "ApiToken")
    for token in Token.objects.all():
        ApiToken.objects.create(
            digest=hashlib.sha256(token.key.encode()).hexdigest(),
            user_id=token.user_id,
            created=token.created,
        )
    Token.objects.all().delete()


def drop_hashed_tokens(apps, schema_editor):
    apps.get_model("core", "ApiToken").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_task_outbox'),
        ('authtoken', '0004_alter_tokenproxy_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('digest', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='digest')),
                ('created', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='issued')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
            },
        ),
        migrations.RunPython(hash_existing_tokens, drop_hashed_tokens),
    ]
