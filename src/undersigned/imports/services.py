"""Bring an imported list into a declaration: match organizations, publish signatures.

``signatories_import`` is the one way in, for the command line and the organizer's
page alike. In one transaction it matches each organization against the existing
records (exact, then fuzzy — fuzzy ones only when a person confirmed them), creates the
rest, publishes every signature with ``signature_add_published`` (its audit row
included), gives it the list's status date as its publication date and, in an empty
declaration, the list's own numbers; then it writes one audit row for the import.

Before that, the organizer corrects the draft in the preview: ``draft_row_split``,
``draft_rows_merge``, ``draft_row_to_heading`` and ``draft_skipped_to_row``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_countries import countries

from undersigned.audit.services import audit_record
from undersigned.core.text.validators import validate_plain_text, whole_number
from undersigned.declarations.models import Declaration, DeclarationTranslation
from undersigned.declarations.services import (
    declaration_close,
    declaration_create,
    declaration_open,
    declaration_translation_save,
)
from undersigned.imports.document import DeclarationDocument
from undersigned.imports.models import ImportDraft
from undersigned.imports.parsing import (
    Entry,
    entry_text,
    match_country,
    note,
    read_entries,
    status_signing_open,
)
from undersigned.imports.rows import ImportRow, from_parse, row_from_entry, suggested_country
from undersigned.lists.selectors import day_start, latest_snapshot
from undersigned.organizations.models import Organization
from undersigned.organizations.selectors import OrganizationIndex, normalize_name
from undersigned.organizations.services import organization_add_aliases, organization_create
from undersigned.roles.permissions import Action, require
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_add_published
from undersigned.signatures.signatory import FIELDS, max_length

logger = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None


def _limits(kind: str) -> dict[str, int]:
    """The longest value each part of a row may hold, where it will be stored: the
    organization's record, or the person's signature (whose country, when it names no
    state, is kept as written in the city part of the line)."""
    organization = kind != "individual"
    limits = {
        field.name: max_length(field.name, organization=organization)
        for field in FIELDS
        if field.listed and (field.record if organization else field.person)
    }
    if not organization:
        limits["country"] = limits["city"]
    return limits


class SignatoriesImportError(Exception):
    """An import the declaration's state does not allow."""


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    organizations_created: int = 0
    organizations_matched: int = 0
    fuzzy_accepted: int = 0
    aliases_added: int = 0
    positions_kept: bool = False
    dry_run: bool = False
    # (row number in the input, its line, why it was not imported)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    # Fuzzy matches left as new organizations (without --accept-fuzzy).
    fuzzy_left_new: list[tuple[int, str, str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_source(*, status_date: dt.date | None, name: str = "") -> str:
    """The note each imported signature keeps: where it came from."""
    if status_date is not None:
        return f"imported from the list of {formats.date_format(status_date, 'd.m.Y')}"[:200]
    return (f"imported from {name}" if name else "imported")[:200]


def match_rows(rows: list[ImportRow], *, index: OrganizationIndex | None = None) -> None:
    """Fill each organization row's ``match`` (exact) and ``candidates`` (fuzzy)."""
    index = index or OrganizationIndex()
    for row in rows:
        if row.kind != "organization":
            row.match, row.candidates = "new", []
            continue
        found = index.match(
            abbreviation=row.abbreviation,
            names=[row.name, row.name_transliteration, row.name_translation],
        )
        row.candidates = [
            {
                "id": m.organization_id,
                "label": m.label,
                "score": round(m.score, 1),
                "exact": m.exact,
            }
            for m in found
        ]
        exact = [m for m in found if m.exact]
        if exact:
            row.match = str(exact[0].organization_id)
        elif row.match != "new" and not any(str(m.organization_id) == row.match for m in found):
            row.match = "new"


def flag_already_signed(rows: list[ImportRow], *, declaration: Declaration) -> None:
    """Mark the rows matched to an organization already on ``declaration``'s list
    (published or awaiting moderation): a row newly found so is left out of the import,
    so a list read twice, or one that overlaps, adds nobody twice."""
    matched = {int(row.match) for row in rows if row.kind == "organization" and row.match.isdigit()}
    signed = set(
        Signature.objects.filter(
            declaration=declaration,
            organization_id__in=matched,
            status__in=(Signature.Status.PENDING, Signature.Status.PUBLISHED),
        ).values_list("organization_id", flat=True)
    )
    for row in rows:
        already = row.kind == "organization" and row.match.isdigit() and int(row.match) in signed
        if already and not row.already_signed:
            row.include = False
        row.already_signed = already


def _check(row: ImportRow) -> str | None:
    """Why a row cannot be imported as it stands, or None."""
    if not row.name.strip():
        return _("no name")
    for name, limit in _limits(row.kind).items():
        value = getattr(row, name)
        if len(value) > limit:
            return _("%(field)s longer than %(limit)d characters") % {
                "field": name.replace("_", " "),
                "limit": limit,
            }
        try:
            validate_plain_text(value)
        except ValidationError as error:
            return f"{name.replace('_', ' ')}: {' '.join(error.messages)}"
    if row.kind not in ("organization", "individual"):
        return f"unknown kind {row.kind!r}"
    return None


def _country(written: str) -> tuple[str, str]:
    """(ISO code or "", the text as written).

    The text is kept even when it is the country's English name: the list shows it
    exactly as the source gave it, whatever the language of the page (a country's name
    from the ISO code would be translated).
    """
    written = written.strip()
    if not written:
        return "", ""
    found = match_country(written)
    return (found.alpha_2 if found is not None and found.alpha_2 else ""), written


def _normalized_person(name: str, role: str, affiliation: str) -> str:
    return "\x00".join(normalize_name(part) for part in (name, role, affiliation))


def _keeps_positions(rows: list[ImportRow], *, empty: bool, report: ImportReport) -> bool:
    """Whether the list's own numbers become the positions: only in an empty
    declaration, and only when every row has one and they rise (a note says otherwise)."""
    numbers = [row.position for row in rows]
    keep = (
        empty
        and bool(rows)
        and all(number is not None and number >= 1 for number in numbers)
        and all(a < b for a, b in pairwise(numbers))  # type: ignore[operator]
    )
    if not keep and any(number is not None for number in numbers):
        report.notes.append(
            _(
                "The list's own numbers were not kept (the declaration already has "
                "signatories, or the numbers do not rise): entries are numbered on from "
                "the current list."
            )
            if not empty
            else _("The list's own numbers were not kept (they are missing or do not rise).")
        )
    return keep


@dataclass
class _ListImport:
    """One run of ``signatories_import``: who is in the list already, and what the rows
    add to it."""

    declaration: Declaration
    user: User | None
    source: str
    report: ImportReport
    accept_fuzzy: bool
    index: OrganizationIndex = field(default_factory=OrganizationIndex)
    # organization id → its position (None while awaiting moderation); a person's
    # normalized name, role and affiliation → position.
    signed_orgs: dict[int, int | None] = field(default_factory=dict)
    signed_people: dict[str, int | None] = field(default_factory=dict)

    def load_existing(self) -> bool:
        """Read who has signed already; whether the list is empty."""
        existing = Signature.objects.filter(declaration=self.declaration)
        self.signed_orgs = dict(
            existing.filter(
                organization__isnull=False,
                status__in=(Signature.Status.PUBLISHED, Signature.Status.PENDING),
            ).values_list("organization_id", "position")
        )
        self.signed_people = {
            _normalized_person(name, role, affiliation): position
            for name, role, affiliation, position in existing.filter(
                kind=Signature.Kind.PERSON, status=Signature.Status.PUBLISHED
            ).values_list("name", "role", "affiliation", "position")
        }
        return not existing.filter(position__isnull=False).exists()

    def skip(self, label: int, row: ImportRow, why: str) -> None:
        self.report.skipped.append((label, row.source_line, why))

    def add(self, row: ImportRow, label: int) -> Signature | None:
        """Publish one row; None when it is skipped (and the report says why)."""
        if not row.include:
            self.skip(label, row, _("left out in the preview"))
            return None
        problem = _check(row)
        if problem is not None:
            self.skip(label, row, problem)
            return None
        if row.kind == "organization":
            return self._organization(row, label)
        return self._person(row, label)

    def _organization(self, row: ImportRow, label: int) -> Signature | None:
        organization = _organization_for(
            row, index=self.index, actor=self.user, accept_fuzzy=self.accept_fuzzy,
            report=self.report, label=label,
        )  # fmt: skip
        if organization is None:
            return None
        if organization.pk in self.signed_orgs:
            position = self.signed_orgs[organization.pk]
            self.skip(
                label,
                row,
                _("already in the list (No. %(number)s)") % {"number": position}
                if position
                else _("already signed, awaiting moderation"),
            )
            return None
        signature = signature_add_published(
            declaration=self.declaration,
            actor=self.user,
            organization=organization,
            source=self.source,
        )
        self.signed_orgs[organization.pk] = signature.position
        return signature

    def _person(self, row: ImportRow, label: int) -> Signature | None:
        key = _normalized_person(row.name, row.role, row.affiliation)
        if key in self.signed_people:
            self.skip(
                label,
                row,
                _("already in the list (No. %(number)s)") % {"number": self.signed_people[key]},
            )
            return None
        code, written = _country(row.country)
        city = row.city
        if written and code and written == _english(code):
            written = ""
        if written and not code:
            # No state to store: keep the words as the list gave them, where the line
            # shows them (between the affiliation and the country).
            city = ", ".join(part for part in (city, written) if part)
        elif written:
            self.report.notes.append(
                _(
                    "Row %(row)s: the country “%(written)s” is shown as “%(name)s” "
                    "(a person's country is stored as an ISO code)."
                )
                % {"row": label, "written": written, "name": _english(code)}
            )
        signature = signature_add_published(
            declaration=self.declaration,
            actor=self.user,
            person=PersonSubmission(
                name=row.name.strip(),
                email="",
                country=code,
                city=city.strip()[: max_length("city", organization=False)],
                affiliation=row.affiliation.strip(),
                role=row.role.strip(),
            ),
            source=self.source,
        )
        self.signed_people[key] = signature.position
        return signature


def signatories_import(
    *,
    declaration: Declaration,
    rows: list[ImportRow],
    actor: Actor,
    source: str,
    status_date: dt.date | None = None,
    accept_fuzzy: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Publish ``rows`` as signatures of ``declaration``; see the module's docstring.

    Rows are imported in order. An organization row whose ``match`` names an existing
    record signs as that record (a fuzzy candidate is taken without a person's choice
    only with ``accept_fuzzy``); otherwise a record is created. Signatories already in
    the list are skipped, as are rows that cannot be stored; every skip is reported.
    With ``dry_run`` everything is done and then rolled back, so the report is exact.
    """
    require(actor=actor, action=Action.MANAGE_LIST, on=declaration)
    user = actor if isinstance(actor, User) else None
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.status == Declaration.Status.WITHDRAWN:
            raise SignatoriesImportError(
                _("The declaration is withdrawn: nothing can be added to its list.")
            )
        # Under the declaration's lock, as snapshot_publish takes it: no snapshot can
        # be published between this check and the entries it dates.
        published_at = _import_moment(declaration, status_date=status_date, report=report)
        run = _ListImport(
            declaration=declaration,
            user=user,
            source=source,
            report=report,
            accept_fuzzy=accept_fuzzy,
        )
        empty = run.load_existing()
        keep_positions = _keeps_positions(
            [row for row in rows if row.include], empty=empty, report=report
        )
        report.positions_kept = keep_positions
        for number, row in enumerate(rows, start=1):
            if progress is not None:
                progress(1)
            signature = run.add(row, row.line_number or number)
            if signature is None:
                continue
            changes: dict[str, object] = {}
            if keep_positions and row.position != signature.position:
                changes["position"] = row.position
            if published_at is not None:
                changes["published_at"] = published_at
            if changes:
                Signature.objects.filter(pk=signature.pk).update(**changes)
            report.added += 1

        audit_record(
            action="signatures.import",
            target=declaration,
            actor=user,
            declaration_id=declaration.pk,
            data={
                "rows": report.rows,
                "added": report.added,
                "skipped": len(report.skipped),
                "organizations_created": report.organizations_created,
                "organizations_matched": report.organizations_matched,
                "fuzzy_accepted": report.fuzzy_accepted,
                "positions_kept": keep_positions,
                "status_date": status_date.isoformat() if status_date else None,
                "dry_run": dry_run,
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    logger.info(
        "declaration %s: imported %s of %s rows%s",
        declaration.pk, report.added, report.rows, " (dry run, rolled back)" if dry_run else "",
    )  # fmt: skip
    return report


def _import_moment(
    declaration: Declaration, *, status_date: dt.date | None, report: ImportReport
) -> dt.datetime | None:
    """When the imported entries are dated: the start of the list's status date, but
    never inside a day a published snapshot has frozen.

    A snapshot holds the list as it stood at the end of its date, and its hash is
    published: entries dated on or before that day would change the list "as of" it
    while the snapshot still vouched for it. They are dated the day after the latest
    snapshot instead (or now, if that day has not begun), and the report says so.
    ``None`` (no status date): the entries are published now, as any signature is.
    """
    if status_date is None:
        return None
    now = timezone.now()
    moment = min(day_start(status_date), now)
    latest = latest_snapshot(declaration=declaration)
    if latest is not None and status_date <= latest.status_date:
        frozen_until = day_start(latest.status_date + dt.timedelta(days=1))
        moment = min(frozen_until, now)
        report.notes.append(
            _(
                "A snapshot of this list is published for %(snapshot)s, so entries dated "
                "%(date)s would change it: they are dated %(dated)s instead."
            )
            % {
                "snapshot": formats.date_format(latest.status_date, "DATE_FORMAT"),
                "date": formats.date_format(status_date, "DATE_FORMAT"),
                "dated": formats.date_format(timezone.localtime(moment), "DATE_FORMAT"),
            }
        )
    return moment


def _english(code: str) -> str:
    return str(countries.name(code))


def _organization_for(
    row: ImportRow,
    *,
    index: OrganizationIndex,
    actor: User | None,
    accept_fuzzy: bool,
    report: ImportReport,
    label: int,
) -> Organization | None:
    """The record this row signs as: the one a person chose, an exact match, a fuzzy
    match when ``accept_fuzzy``, or else a new record."""
    found = index.match(
        abbreviation=row.abbreviation,
        names=[row.name, row.name_transliteration, row.name_translation],
    )
    chosen: Organization | None = None
    if row.match != "new":
        pk = whole_number(row.match)
        chosen = Organization.objects.filter(pk=pk).first() if pk is not None else None
    elif not row.decided:
        exact = [m for m in found if m.exact]
        fuzzy = [m for m in found if not m.exact]
        if exact:
            chosen = Organization.objects.filter(pk=exact[0].organization_id).first()
        elif fuzzy and accept_fuzzy:
            chosen = Organization.objects.filter(pk=fuzzy[0].organization_id).first()
            if chosen is not None:
                report.fuzzy_accepted += 1
        elif fuzzy:
            report.fuzzy_left_new.append((label, row.source_line, fuzzy[0].label, fuzzy[0].score))
    if chosen is not None:
        report.organizations_matched += 1
        added = organization_add_aliases(
            organization=chosen,
            spellings=[row.name, row.name_transliteration, row.name_translation],
            actor=actor,
        )
        report.aliases_added += len(added)
        return chosen
    code, written = _country(row.country)
    try:
        organization = organization_create(
            actor=actor,
            abbreviation=row.abbreviation,
            name=row.name,
            name_transliteration=row.name_transliteration,
            name_translation=row.name_translation,
            country=code,
            country_as_written=written,
            suggested_country="" if row.country else suggested_country(row),
        )
    except ValidationError as error:
        report.skipped.append((label, row.source_line, "; ".join(error.messages)))
        return None
    index.add(organization)
    report.organizations_created += 1
    return organization


@dataclass
class DeclarationImport:
    declaration: Declaration
    signatories: ImportReport | None


def declaration_import(
    *,
    document: DeclarationDocument,
    slug: str,
    actor: Actor,
    status: str = "auto",
    language: str = "",
    source_name: str = "",
    accept_fuzzy: bool = False,
    progress: Callable[[int], None] | None = None,
) -> DeclarationImport:
    """Create a declaration from a parsed document, with its signatory list if it has one.

    ``status``: ``draft``, ``open``, ``closed``, or ``auto`` — open when the list's status
    line says further signing is possible, closed when it says signing has closed, a
    draft otherwise. One transaction: the declaration, its signatories and the opening
    commit together or not at all.
    """
    user = actor if isinstance(actor, User) else None
    if not document.title:
        raise SignatoriesImportError(_("The document has no title (its first line is empty)."))
    if Declaration.objects.filter(slug=slug).exists():
        raise SignatoriesImportError(
            _("A declaration with the address “%(slug)s” exists already.") % {"slug": slug}
        )
    listed = document.signatories
    if status == "auto":
        says = status_signing_open(listed.status_line if listed else None)
        status = {True: "open", False: "closed"}.get(says, "draft")  # type: ignore[arg-type]
    with transaction.atomic():
        try:
            declaration = declaration_create(
                actor=user,
                slug=slug,
                title=document.title,
                kind=document.kind,
                publisher=document.publisher,
                body=document.body,
                language=language or settings.LANGUAGE_CODE,
                published_on=document.published_on,
                first_published_on=document.first_published_on,
                source_links=document.source_links,
            )
        except ValidationError as error:
            raise SignatoriesImportError("; ".join(error.messages)) from None
        report = None
        if listed is not None and listed.entries:
            read = from_parse(listed)
            match_rows(read.rows)
            report = signatories_import(
                declaration=declaration,
                rows=read.rows,
                actor=actor,
                source=import_source(status_date=listed.status_date, name=source_name),
                status_date=listed.status_date,
                accept_fuzzy=accept_fuzzy,
                progress=progress,
            )
        if status in ("open", "closed"):
            declaration = declaration_open(declaration=declaration, actor=user)
        if status == "closed":
            declaration = declaration_close(declaration=declaration, actor=user)
    return DeclarationImport(declaration=declaration, signatories=report)


@dataclass(frozen=True, kw_only=True)
class TranslationImport:
    translation: DeclarationTranslation
    created: bool
    # The document ended with a list of signatories: not imported, since every
    # language shares the original's one list.
    list_ignored: bool


def translation_import(
    *,
    document: DeclarationDocument,
    declaration: Declaration,
    language: str,
    official: bool = False,
    actor: Actor = None,
) -> TranslationImport:
    """Add (or replace) the translation of ``declaration`` into ``language`` from a
    document read like a declaration's: its title, publication date and body (#5)."""
    if not document.title:
        raise SignatoriesImportError(_("The document has no title (its first line is empty)."))
    existing = DeclarationTranslation.objects.filter(
        declaration=declaration, language=language
    ).first()
    translation = existing or DeclarationTranslation(declaration=declaration, language=language)
    translation.title = document.title
    translation.body = document.body
    translation.published_on = document.published_on
    translation.kind = (
        DeclarationTranslation.Kind.OFFICIAL if official else DeclarationTranslation.Kind.WORKING
    )
    try:
        declaration_translation_save(
            translation=translation, actor=actor if isinstance(actor, User) else None
        )
    except ValidationError as error:
        raise SignatoriesImportError("; ".join(error.messages)) from None
    return TranslationImport(
        translation=translation,
        created=existing is None,
        list_ignored=bool(document.signatories and document.signatories.entries),
    )


# --- Corrections in the preview: split, merge, heading, entry ------------------------
#
# What the parser gets wrong should cost the organizer seconds: a row that holds several
# signatories is split, two rows that are one are merged, a row that is a heading becomes
# a skipped line and a skipped line a row. Each works on the draft's stored rows in one
# transaction (the row is locked: two tabs cannot split the same row twice), keeps every
# line of the source accounted for, and matches new organization rows like the import did.


class ImportDraftError(Exception):
    """A correction the draft does not allow (the row or line is not there any more)."""


def _locked_draft(*, draft: ImportDraft, actor: Actor) -> ImportDraft:
    require(actor=actor, action=Action.MANAGE_LIST, on=draft.declaration)
    return ImportDraft.objects.select_for_update().get(pk=draft.pk)


def _rows_of(draft: ImportDraft) -> list[ImportRow]:
    return [ImportRow.from_dict(data) for data in draft.rows]


def _row_at(rows: list[ImportRow], index: int) -> ImportRow:
    if not 0 <= index < len(rows):
        raise ImportDraftError(_("That row is not in the import any more."))
    return rows[index]


def _rows_from(entries: list[Entry], *, source_line: str, line_number: int) -> list[ImportRow]:
    rows = []
    for entry in entries:
        row = row_from_entry(entry)
        row.source_line, row.line_number = source_line, line_number
        row.add_note(note("edited"))
        rows.append(row)
    return rows


def _save_rows(draft: ImportDraft, rows: list[ImportRow], new: list[ImportRow]) -> None:
    match_rows(new)
    draft.rows = [row.to_dict() for row in rows]
    draft.save(update_fields=["rows", "skipped"])


def draft_row_split(*, draft: ImportDraft, index: int, actor: Actor) -> int:
    """Split row ``index`` into the signatories its name holds; returns how many.

    The organizer types "|" between the entries in the name (or leaves it: the name is
    cut at the separators of an inline list, "A, B; C"). Each piece is read again as an
    entry; all keep the row's source line.
    """
    with transaction.atomic():
        draft = _locked_draft(draft=draft, actor=actor)
        rows = _rows_of(draft)
        row = _row_at(rows, index)
        text = " ".join(p for p in (row.abbreviation, row.name) if p)
        if row.country and "|" not in text:
            text = f"{text}, {row.country}"
        entries = read_entries(text, split=True)
        if len(entries) < 2:
            raise ImportDraftError(
                _("The row holds only one signatory: type | between the signatories first.")
            )
        new = _rows_from(entries, source_line=row.source_line, line_number=row.line_number)
        new[0].position = row.position
        rows[index : index + 1] = new
        _save_rows(draft, rows, new)
    return len(new)


def draft_rows_merge(*, draft: ImportDraft, index: int, actor: Actor) -> None:
    """Merge row ``index`` with the row after it into one signatory, read again.

    Rows from different lines are read from their source lines together (a name broken
    over two lines); rows from one line (an inline list cut too often) from their names.
    """
    with transaction.atomic():
        draft = _locked_draft(draft=draft, actor=actor)
        rows = _rows_of(draft)
        first, second = _row_at(rows, index), _row_at(rows, index + 1)
        if first.source_line == second.source_line:
            text = f"{first.name}, {second.name}"
            source = first.source_line
        else:
            text = f"{entry_text(first.source_line)} {entry_text(second.source_line)}"
            source = f"{first.source_line}\n{second.source_line}"
        entries = read_entries(text)[:1]
        new = _rows_from(entries, source_line=source, line_number=first.line_number)
        new[0].position = first.position
        rows[index : index + 2] = new
        _save_rows(draft, rows, new)


def draft_row_to_heading(*, draft: ImportDraft, index: int, actor: Actor) -> None:
    """Row ``index`` is a heading, not a signatory: it becomes a skipped line.

    Its line leaves the rows only when no other row was read from it.
    """
    with transaction.atomic():
        draft = _locked_draft(draft=draft, actor=actor)
        rows = _rows_of(draft)
        row = _row_at(rows, index)
        del rows[index]
        if not any(other.source_line == row.source_line for other in rows):
            marked = note("marked-heading")
            draft.skipped = sorted(
                [
                    *draft.skipped,
                    {
                        "line": row.source_line,
                        "reason": marked.text,
                        "notes": [marked.to_dict()],
                        "line_number": row.line_number,
                    },
                ],
                key=lambda s: int(s.get("line_number") or 0),
            )
        _save_rows(draft, rows, [])


def draft_skipped_to_row(*, draft: ImportDraft, index: int, actor: Actor) -> int:
    """Skipped line ``index`` is a signatory after all: it becomes a row (or several, as
    an inline list). Returns the index of the first new row."""
    with transaction.atomic():
        draft = _locked_draft(draft=draft, actor=actor)
        if not 0 <= index < len(draft.skipped):
            raise ImportDraftError(_("That line is not in the import any more."))
        skipped = draft.skipped[index]
        line, number = str(skipped["line"]), int(skipped.get("line_number") or 0)
        entries = read_entries(entry_text(line))
        if not entries:
            raise ImportDraftError(_("No name could be read from that line."))
        rows = _rows_of(draft)
        new = _rows_from(entries, source_line=line, line_number=number)
        at = next((i for i, row in enumerate(rows) if row.line_number > number), len(rows))
        rows[at:at] = new
        draft.skipped = [s for i, s in enumerate(draft.skipped) if i != index]
        _save_rows(draft, rows, new)
    return at
