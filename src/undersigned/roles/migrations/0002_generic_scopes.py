"""Roles hold on any scope (a generic relation) or on the whole site, and coalitions no
longer list their declarations: a declaration names its coalitions
(``Declaration.coalitions``, declarations 0004, on the same table).

Data: each assignment keeps its scope; holders of the global
``signatures.moderate_signature`` permission become site-wide moderators and staff with
``signatures.add_signature`` site-wide organizers, which is what those permissions let
them do before (the one rule in roles/permissions.py no longer reads permissions).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RoleAssignment = apps.get_model("roles", "RoleAssignment")
    User = apps.get_model("auth", "User")
    declaration_type, _ = ContentType.objects.get_or_create(
        app_label="declarations", model="declaration"
    )
    coalition_type, _ = ContentType.objects.get_or_create(app_label="roles", model="coalition")
    for assignment in RoleAssignment.objects.all():
        if assignment.declaration_id is not None:
            assignment.scope_type_id, assignment.scope_id = (
                declaration_type.pk,
                assignment.declaration_id,
            )
        else:
            assignment.scope_type_id, assignment.scope_id = coalition_type.pk, assignment.coalition_id
        assignment.save(update_fields=["scope_type", "scope_id"])

    def holders(codename):
        granted = Q(user_permissions__codename=codename, user_permissions__content_type__app_label="signatures")
        via_group = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="signatures")
        return User.objects.filter(granted | via_group, is_active=True).distinct()

    for user in holders("moderate_signature"):
        RoleAssignment.objects.get_or_create(user=user, role="moderator", scope_type=None, scope_id=None)
    for user in holders("add_signature").filter(is_staff=True):
        RoleAssignment.objects.get_or_create(user=user, role="organizer", scope_type=None, scope_id=None)


def backwards(apps, schema_editor):
    RoleAssignment = apps.get_model("roles", "RoleAssignment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    RoleAssignment.objects.filter(scope_type__isnull=True).delete()
    for assignment in RoleAssignment.objects.all():
        model = ContentType.objects.get(pk=assignment.scope_type_id).model
        if model == "declaration":
            assignment.declaration_id = assignment.scope_id
        elif model == "coalition":
            assignment.coalition_id = assignment.scope_id
        else:
            assignment.delete()
            continue
        assignment.save(update_fields=["declaration", "coalition"])


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("signatures", "0003_signature_withdrawn_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="roleassignment",
            name="scope_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="roleassignment",
            name="scope_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RemoveConstraint(model_name="roleassignment", name="role_has_one_scope"),
        migrations.RemoveConstraint(model_name="roleassignment", name="role_unique_per_declaration"),
        migrations.RemoveConstraint(model_name="roleassignment", name="role_unique_per_coalition"),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="roleassignment", name="declaration"),
        migrations.RemoveField(model_name="roleassignment", name="coalition"),
        # The table stays: Declaration.coalitions takes it over (declarations 0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="coalition", name="declarations")],
            database_operations=[],
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("scope_id__isnull", True), ("scope_type__isnull", True)),
                    models.Q(("scope_id__isnull", False), ("scope_type__isnull", False)),
                    _connector="OR",
                ),
                name="role_scope_whole",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scope_type__isnull", False)),
                fields=("user", "role", "scope_type", "scope_id"),
                name="role_unique_per_scope",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scope_type__isnull", True)),
                fields=("user", "role"),
                name="role_unique_site_wide",
            ),
        ),
        migrations.AddIndex(
            model_name="roleassignment",
            index=models.Index(fields=["scope_type", "scope_id"], name="role_scope_idx"),
        ),
    ]
