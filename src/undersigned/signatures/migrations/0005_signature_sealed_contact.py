"""A signature points to its sealed contact, instead of the contact to its signature, so
that the contacts app needs to know nothing of signatures (contacts 0002 drops the old
link once this one holds every pair)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    SealedContact = apps.get_model("contacts", "SealedContact")
    Signature = apps.get_model("signatures", "Signature")
    for contact_id, signature_id in SealedContact.objects.values_list("pk", "signature_id"):
        Signature.objects.filter(pk=signature_id).update(sealed_contact_id=contact_id)


def backwards(apps, schema_editor):
    SealedContact = apps.get_model("contacts", "SealedContact")
    Signature = apps.get_model("signatures", "Signature")
    for signature_id, contact_id in Signature.objects.filter(
        sealed_contact__isnull=False
    ).values_list("pk", "sealed_contact_id"):
        SealedContact.objects.filter(pk=contact_id).update(signature_id=signature_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_old_link_without_accessor"),
        ("signatures", "0004_no_global_moderator_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="sealed_contact",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="signature",
                to="contacts.sealedcontact",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
