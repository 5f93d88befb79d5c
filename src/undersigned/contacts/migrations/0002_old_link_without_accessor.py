"""The old link loses its reverse accessor, so that the new one (signatures 0005,
``Signature.sealed_contact`` with ``SealedContact.signature`` as its reverse) can take
the names while both exist."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("signatures", "0004_no_global_moderator_permission"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sealedcontact",
            name="signature",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="signatures.signature",
            ),
        ),
    ]
