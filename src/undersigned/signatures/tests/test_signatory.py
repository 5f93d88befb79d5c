"""The one definition of a signatory (signatures/signatory.py) and what derives from it."""

from __future__ import annotations

import pytest

from undersigned.core.shredding import shred_seal
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.signatory import (
    FIELDS,
    LIST_COLUMNS,
    WITHDRAWN_ERASES,
    ListEntry,
    max_length,
    signatory_line,
)
from undersigned.signatures.tests.factories import SignatureFactory


def test_every_listed_part_is_a_part_of_a_list_entry():
    assert {field.name for field in FIELDS if field.listed} <= set(ListEntry._fields)


def test_every_column_names_a_real_field():
    for field in FIELDS:
        if field.person:
            Signature._meta.get_field(field.person)
        if field.typed:
            Signature._meta.get_field(field.typed)
        if field.record:
            Organization._meta.get_field(field.record)


@pytest.mark.django_db
def test_the_list_columns_read_and_a_withdrawal_erases_every_part():
    signature = SignatureFactory(
        kind=Signature.Kind.ORGANIZATION,
        status=Signature.Status.PUBLISHED,
        position=1,
        name="Whoever signed",
        role="secretary",
        city="Lyon",
        org_abbreviation="KOL",
        org_name="Kommunistische Organisation Luxemburg",
        org_name_transliteration="-",
        org_name_translation="Communist Organisation of Luxembourg",
        org_country="LU",
        org_website="https://kol.example",
        sealed_email=shred_seal("kept@example.org"),
        dedupe_hash="abc",
    )
    assert Signature.objects.filter(pk=signature.pk).values_list(*LIST_COLUMNS).get()
    signature_withdraw(signature=signature)
    signature.refresh_from_db()
    for column in WITHDRAWN_ERASES:
        assert getattr(signature, column) in ("", None), column
    assert signatory_line(signature) == "A signatory who has since withdrawn"


def test_lengths_come_from_the_models():
    assert max_length("abbreviation", organization=True) == 64
    assert max_length("name", organization=False) == Signature._meta.get_field("name").max_length
    with pytest.raises(ValueError, match="a person has no abbreviation"):
        max_length("abbreviation", organization=False)
