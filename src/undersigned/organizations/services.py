"""Writes of organizations: create a record from an imported line, learn a new spelling."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from undersigned.audit.services import audit_record
from undersigned.organizations.models import Organization
from undersigned.organizations.selectors import normalize_name

Actor = User | AnonymousUser | None


def organization_create(
    *,
    actor: Actor,
    abbreviation: str,
    name: str,
    name_transliteration: str = "",
    name_translation: str = "",
    country: str = "",
    country_as_written: str = "",
    suggested_country: str = "",
    website: str = "",
) -> Organization:
    """A new organization record (from an imported list or an organizer's form)."""
    with transaction.atomic():
        organization = Organization(
            abbreviation=abbreviation.strip(),
            name=name.strip(),
            name_transliteration=name_transliteration.strip(),
            name_translation=name_translation.strip(),
            country=country,
            country_as_written=country_as_written.strip(),
            suggested_country=suggested_country,
            website=website.strip(),
        )
        organization.full_clean()
        organization.save()
        audit_record(
            action="organization.create",
            target=organization,
            actor=actor,
            data={"country": country, "suggested_country": suggested_country},
        )
    return organization


def organization_add_aliases(
    *, organization: Organization, spellings: list[str], actor: Actor
) -> list[str]:
    """Remember other spellings of the organization's name seen in an import.

    Only spellings it is not known by yet are added (compared after normalizing case,
    spacing and quotes). Returns the spellings added.
    """
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        known = {normalize_name(name) for name in organization.spellings}
        added: list[str] = []
        for spelling in spellings:
            spelling = " ".join(spelling.split())
            if spelling and normalize_name(spelling) not in known:
                known.add(normalize_name(spelling))
                added.append(spelling)
        if added:
            organization.aliases = [*organization.aliases, *added]
            organization.save(update_fields=["aliases"])
            audit_record(
                action="organization.add_aliases",
                target=organization,
                actor=actor,
                data={"added": len(added)},
            )
    return added
