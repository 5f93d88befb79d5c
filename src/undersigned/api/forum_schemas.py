"""The shapes of the API's forum resources (``api/forums.py``), in its OpenAPI document.

Every tally field is nullable: ``null`` while the forum's tallies are hidden
(``tallies_public`` is false), never a number that could tell anything.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field

from undersigned.api.schemas import Shape


class ForumLinks(Shape):
    api: str
    page: str
    drafts_csv: str
    drafts_json: str


class Forum(Shape):
    slug: str
    name: str
    phase: str = Field(description="preparation, drafting, support or closed")
    place: str
    online: bool
    starts_on: date | None
    ends_on: date | None
    languages: list[str] = Field(description="The original language first.")
    admission: str = Field(description="email (confirmed by mail) or codes (participation codes)")
    one_draft_only: bool
    tallies_public: bool = Field(description="False while tallies are hidden until the close.")
    participants: int | None = Field(
        description="Codes issued, or distinct confirmed supporters; null while hidden."
    )
    links: ForumLinks


class ForumPage(Shape):
    count: int
    results: list[Forum]


class DraftSummary(Shape):
    number: int
    title: str
    submitted_by: str
    language: str
    version: int = Field(description="The current version's number.")
    version_date: datetime
    supports: int | None = Field(description="Of the current version; null while hidden.")
    share: float | None = Field(description="supports / participants; null while hidden.")
    adopted: bool | None = Field(description="Adopted by the outcome; null before one.")
    declaration: str | None = Field(description="Slug of the declaration it became.")
    api: str


class AdoptedVersion(Shape):
    draft: int
    version: int
    title: str


class Votes(Shape):
    for_: int | None = Field(alias="for")
    against: int | None
    abstentions: int | None


class Outcome(Shape):
    status: str = Field(description="preliminary or final")
    decided_on: date
    adopted: list[AdoptedVersion]
    votes: Votes
    statements: dict[str, str] = Field(description="By language code.")


class ForumDetail(Forum):
    drafts: list[DraftSummary]
    outcome: Outcome | None


class Version(Shape):
    number: int
    title: str
    created_at: datetime
    editorial: bool = Field(description="An editorial correction: supports carried over.")
    note: str
    amendment: int | None = Field(description="The amendment it accepted, if any.")


class Amendment(Shape):
    number: int
    status: str
    base_version: int
    proposed_by: str
    rationale: str
    reason: str
    body: str
    supports: int | None


class DraftDetail(DraftSummary):
    body: str = Field(description="The current version's text, Markdown.")
    body_html: str = Field(description="The same, rendered and sanitized.")
    versions: list[Version]
    amendments: list[Amendment]
