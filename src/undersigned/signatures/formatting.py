"""How a signatory reads in the public list, in the style coalitions publish it.

Organizations: ``ABBR Native name (Transliteration) (English name), Country``;
people: ``Name, Role, Affiliation, City, Country``; each part only when known.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from undersigned.signatures.models import Signature


def organization_line(
    *, abbreviation: str, name: str, transliteration: str, translation: str, country: str
) -> str:
    line = " ".join(part for part in (abbreviation, name) if part)
    for extra in (transliteration, translation):
        if extra:
            line += f" ({extra})"
    if country:
        line += f", {country}"
    return line


def person_line(*, name: str, role: str, affiliation: str, city: str, country: str) -> str:
    return ", ".join(part for part in (name, role, affiliation, city, country) if part)


def signatory_line(signature: Signature) -> str:
    """The text of one published entry, without its number."""
    if signature.is_organization:
        org = signature.organization
        if org is None:  # not approved yet: what the signer typed
            return organization_line(
                abbreviation=signature.org_abbreviation,
                name=signature.org_name,
                transliteration=signature.org_name_transliteration,
                translation=signature.org_name_translation,
                country=str(signature.org_country.name) if signature.org_country else "",
            )
        return organization_line(
            abbreviation=org.abbreviation,
            name=org.name,
            transliteration=org.name_transliteration,
            translation=org.name_translation,
            # As written in the list it came from, when that differs (imports, #3).
            country=org.display_country,
        )
    if not signature.show_name:
        return _("A signatory who chose not to be named")
    return person_line(
        name=signature.name,
        role=signature.role,
        affiliation=signature.affiliation,
        city=signature.city,
        country=str(signature.country.name) if signature.country else "",
    )
