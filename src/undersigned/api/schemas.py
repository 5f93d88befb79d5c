"""The shapes the API answers with: its OpenAPI document is generated from these.

Part of ``v1``: a field may be added, none removed or changed in meaning (docs/api.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field
from pydantic import BaseModel, ConfigDict


class Shape(BaseModel):
    """The base of every shape here: a plain pydantic model.

    Every operation answers with dicts and lists, never model instances, so nothing
    needs django-ninja's ``Schema``, which wraps each object it validates for attribute
    lookups on models: over a page of 100 signatories that wrapping was a third of the
    request's time (docs/benchmarks.md). ninja documents and validates these as it does
    its own schemas.
    """

    model_config = ConfigDict(from_attributes=True)


class ErrorBody(Shape):
    code: str = Field(description="Stable, machine-readable: see docs/api.md.")
    message: str = Field(description="For people, in English.")
    details: dict[str, Any] | list[Any] | None = Field(
        None, description="What exactly was wrong (a parameter's problem, a limit)."
    )


class ErrorOut(Shape):
    error: ErrorBody


class Links(Shape):
    """Where the pages of a paginated resource are; null where there is none."""

    self: str
    first: str
    prev: str | None
    next: str | None


class DeclarationLinks(Shape):
    page: str = Field(description="The declaration's page, in its original language.")
    api: str
    signatories: str
    count: str
    countries: str
    daily: str
    changes: str
    snapshots: str
    exports: dict[str, str] = Field(description="The list as txt, csv, json and md files.")
    feed: str = Field(description="Atom feed of new signatories.")
    badge: str
    widget: str
    stats: str


class Declaration(Shape):
    slug: str
    title: str
    kind: str = Field(description="statement, open_letter, resolution, draft_resolution, petition")
    status: Literal["open", "closed"]
    language: str = Field(description="The original's language.")
    languages: list[str] = Field(description="Every language the text can be read in.")
    publisher: str
    published_on: date | None
    first_published_on: date | None
    opened_at: datetime | None
    closed_at: datetime | None
    count: int = Field(description="Published signatures (the page's count).")
    links: DeclarationLinks


class SourceLink(Shape):
    url: str
    label: str


class Translation(Shape):
    language: str
    kind: Literal["official", "working"]
    title: str
    summary: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="Rendered and sanitized.")
    published_on: date | None


class SigningPolicy(Shape):
    organizations: bool = Field(description="Organizations may sign.")
    individuals: bool = Field(description="Individuals may sign.")
    individuals_named_by_default: bool = Field(
        description="Individuals are listed by name unless they opt out."
    )
    follow_up_region: str | None = Field(
        description='The region of "ready to work together in …", when asked.'
    )


class Snapshot(Shape):
    number: int
    status_date: date
    entry_count: int
    sha256: str
    previous_sha256: str | None
    created_at: datetime
    url: str = Field(description="The exact document the hash is computed over.")


class DeclarationDetail(Declaration):
    body: str = Field(description="The original text, Markdown.")
    body_html: str
    source_links: list[SourceLink]
    policy: SigningPolicy
    translations: list[Translation]
    status_line: str
    snapshot: Snapshot | None = Field(description="The latest published snapshot.")


class DeclarationPage(Shape):
    count: int
    links: Links
    results: list[Declaration]


class Signatory(Shape):
    """One entry of the list, as the page and the exports show it (docs/exports.md)."""

    position: int
    kind: Literal["person", "organization"]
    line: str
    withdrawn: bool = Field(description="Only in a list as of a past day.")
    abbreviation: str | None
    name: str | None
    name_transliteration: str | None
    name_translation: str | None
    role: str | None
    affiliation: str | None
    city: str | None
    country: str | None
    country_code: str | None
    organization_id: int | None
    published_on: date | None


class SignatoryPage(Shape):
    declaration: str
    as_of: date | None
    count: int = Field(description="Entries in the whole list (now, or as of the day).")
    page_size: int
    links: Links
    results: list[Signatory]


class Count(Shape):
    declaration: str
    status: Literal["open", "closed"]
    count: int
    counted_at: datetime | None = Field(description="When the counter job last folded.")


class CountryCount(Shape):
    code: str = Field(description="ISO 3166-1 alpha-2.")
    name: str = Field(description="In English.")
    signatories: int


class Countries(Shape):
    declaration: str
    threshold: int = Field(description="Countries with fewer signatories are in other.")
    countries: list[CountryCount]
    other: int
    unstated: int = Field(description="Signatories the list shows no country for.")
    total: int
    counted_at: datetime | None


class Day(Shape):
    date: date
    signed: int = Field(description="Entered the list that day.")
    withdrawn: int = Field(description="Left it that day.")
    net: int
    cumulative: int = Field(description="In the list at the end of the day.")


class Daily(Shape):
    declaration: str
    days: list[Day] = Field(description="Oldest first; a day without a change is left out.")
    counted_at: datetime | None


class Changes(Shape):
    declaration: str
    since: date = Field(description="From the end of this day …")
    until: date = Field(description="… to the end of this one.")
    added: list[Signatory]
    withdrawn: list[int] = Field(description="Positions that left the list.")
    links: Links


class Snapshots(Shape):
    declaration: str
    results: list[Snapshot]


class Organization(Shape):
    id: int
    abbreviation: str
    name: str
    name_transliteration: str
    name_translation: str
    country_code: str | None
    country: str = Field(description="As the published list shows it.")
    website: str
    links: dict[str, str]


class OrganizationPage(Shape):
    count: int
    links: Links
    results: list[Organization]


class Signed(Shape):
    declaration: str
    title: str
    position: int | None
    published_at: datetime | None
    api: str


class OrganizationDetail(Organization):
    signed: list[Signed]


class Root(Shape):
    version: str
    openapi: str
    reference: str
    declarations: str
    organizations: str
    forums: str
