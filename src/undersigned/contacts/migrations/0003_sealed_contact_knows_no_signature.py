"""The signature points to its sealed contact now (signatures 0005 copied every link)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_old_link_without_accessor"),
        ("signatures", "0005_signature_sealed_contact"),
    ]

    operations = [
        migrations.RemoveField(model_name="sealedcontact", name="signature"),
    ]
