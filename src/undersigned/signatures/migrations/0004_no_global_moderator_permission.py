"""The global moderate_signature permission is gone: roles/permissions.py decides."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('signatures', '0003_signature_withdrawn_idx'),
        # After roles 0002 has turned the permission's holders into site-wide moderators.
        ('roles', '0002_generic_scopes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='signature',
            options={'ordering': ['declaration', 'position', 'created_at'], 'verbose_name': 'signature', 'verbose_name_plural': 'signatures'},
        ),
    ]
