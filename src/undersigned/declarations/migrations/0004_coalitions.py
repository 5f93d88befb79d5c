"""A declaration names its coalitions, on the table the coalition kept until now
(roles 0002 took the field off Coalition): a state-only move."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0003_translations"),
        ("roles", "0002_generic_scopes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="declaration",
                    name="coalitions",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="roles_coalition_declarations",
                        related_name="declarations",
                        to="roles.coalition",
                        verbose_name="coalitions",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
