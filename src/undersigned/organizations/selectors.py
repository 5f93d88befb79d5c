"""Reads of organizations: candidates for moderators and imports, and the public page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from undersigned.organizations.models import Organization


def organization_candidates(*, abbreviation: str, name: str) -> QuerySet[Organization]:
    """Existing records a moderator may mean: same abbreviation or same name, ignoring case."""
    query = Q()
    if abbreviation.strip():
        query |= Q(abbreviation__iexact=abbreviation.strip())
    if name.strip():
        query |= (
            Q(name__iexact=name.strip())
            | Q(name_translation__iexact=name.strip())
            | Q(name_transliteration__iexact=name.strip())
        )
    if not query:
        return Organization.objects.none()
    return Organization.objects.filter(query).order_by("name")[:10]


# --- Matching imported names against existing records ---------------------------------


def normalize_name(text: str) -> str:
    """What two spellings of one name share: case, spacing and typographic quotes aside."""
    text = text.casefold()
    for a, b in (("’", "'"), ("‘", "'"), ("„", '"'), ("“", '"'), ("”", '"'), ("«", '"'),
                 ("»", '"'), ("–", "-"), ("—", "-")):  # fmt: skip
        text = text.replace(a, b)
    return " ".join(text.split())


@dataclass(frozen=True, kw_only=True)
class OrganizationMatch:
    organization_id: int
    label: str
    score: float
    exact: bool


class OrganizationIndex:
    """The existing organizations, loaded once per import, to match names against.

    Exact: one of the imported names equals one of the record's names or aliases (after
    ``normalize_name``), and the abbreviations agree (equal, or one of them empty).
    Fuzzy: rapidfuzz's token-sort ratio of the names is at least ``FUZZY_CUTOFF``; these
    are only offered, a person confirms them.
    """

    FUZZY_CUTOFF = 85.0

    def __init__(self) -> None:
        self._labels: dict[int, str] = {}
        self._abbreviations: dict[int, str] = {}
        self._by_name: dict[str, set[int]] = {}
        self._choices: list[str] = []
        self._choice_ids: list[int] = []
        for org in Organization.objects.only(
            "abbreviation", "name", "name_transliteration", "name_translation", "aliases"
        ).order_by("pk"):
            self.add(org)

    def add(self, org: Organization) -> None:
        self._labels[org.pk] = str(org)
        self._abbreviations[org.pk] = normalize_name(org.abbreviation)
        for spelling in org.spellings:
            key = normalize_name(spelling)
            self._by_name.setdefault(key, set()).add(org.pk)
            self._choices.append(key)
            self._choice_ids.append(org.pk)

    def match(
        self, *, abbreviation: str, names: list[str], limit: int = 3
    ) -> list[OrganizationMatch]:
        """Exact matches (at most one is expected), else up to ``limit`` fuzzy candidates."""
        abbreviation = normalize_name(abbreviation)
        keys = [normalize_name(name) for name in names if name.strip()]

        def agrees(pk: int) -> bool:
            known = self._abbreviations[pk]
            return not known or not abbreviation or known == abbreviation

        exact = sorted({pk for key in keys for pk in self._by_name.get(key, ()) if agrees(pk)})
        if exact:
            return [
                OrganizationMatch(
                    organization_id=pk, label=self._labels[pk], score=100.0, exact=True
                )
                for pk in exact[:limit]
            ]
        best: dict[int, float] = {}
        for key in keys:
            for _choice, score, index in process.extract(
                key,
                self._choices,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=self.FUZZY_CUTOFF,
                limit=limit * 3,
            ):
                pk = self._choice_ids[index]
                if agrees(pk) or score >= 95:
                    best[pk] = max(best.get(pk, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [
            OrganizationMatch(organization_id=pk, label=self._labels[pk], score=score, exact=False)
            for pk, score in ranked
        ]
