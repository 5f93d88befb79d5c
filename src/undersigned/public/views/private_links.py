"""The private links mailed to a signer or a supporter (confirm, withdraw): the record
the link names, once its token is checked, with the language of its pages set."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import check_for_language

from undersigned.forums.models import Support
from undersigned.signatures.identity import LinkPurpose, link_token_valid
from undersigned.signatures.models import Signature


def from_private_link[Linked: (Signature, Support)](
    queryset: QuerySet[Linked], public_id: str, token: str, purpose: LinkPurpose
) -> Linked:
    """The record of ``queryset`` the link names; 404 when it is unknown or the token is
    wrong or damaged."""
    found = queryset.filter(public_id=public_id).first()
    if found is None or not link_token_valid(
        public_id=public_id, nonce=found.token_nonce, purpose=purpose, token=token
    ):
        raise Http404("unknown or damaged link")
    # A private link has no language in its address: its pages speak the language the
    # person signed (or supported) in, as their mail did.
    if check_for_language(found.language):
        translation.activate(found.language)
    return found
