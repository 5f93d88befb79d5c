"""The address is stored sealed under a key of its own outside the database
(core/shredding.py), never in plain text: the column becomes ``sealed_email`` and any
address still waiting for its mail is sealed in place."""

from django.db import migrations, models

from undersigned.core.shredding import PREFIX, shred_seal


def seal_waiting(apps, schema_editor):
    Signature = apps.get_model("signatures", "Signature")
    waiting = Signature.objects.exclude(sealed_email="").exclude(
        sealed_email__startswith=f"{PREFIX}:"
    )
    for pk, address in waiting.values_list("pk", "sealed_email"):
        Signature.objects.filter(pk=pk).update(sealed_email=shred_seal(address))


class Migration(migrations.Migration):
    dependencies = [("signatures", "0005_signature_sealed_contact")]

    operations = [
        migrations.RenameField("signature", "email", "sealed_email"),
        migrations.AlterField(
            "signature", "sealed_email", models.TextField(blank=True, editable=False)
        ),
        # Backwards, the sealed values stay sealed: their keys cannot be put back in a
        # plain column without reading them, and an old version sends no mail for them.
        migrations.RunPython(seal_waiting, migrations.RunPython.noop, elidable=True),
    ]
