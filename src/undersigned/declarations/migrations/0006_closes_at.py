from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("declarations", "0005_signature_goal"),
    ]

    operations = [
        migrations.AddField(
            model_name="declaration",
            name="closes_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Optional: signing closes by itself at this date and time.",
                null=True,
                verbose_name="closes at",
            ),
        ),
    ]
