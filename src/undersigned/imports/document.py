"""Read a whole declaration from a Markdown or plain-text document like the seeds.

Pure Python. Takes the title (the first line), the byline (publisher, publication and
first-publication dates), source links ("Source: <url>"), the kind, and — when the
document carries one — the signatory list with its status line, which is taken out of
the body. Numbered points inside the text (demands) stay in the body: the list parser
takes a run of numbered sentences for body text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from undersigned.imports.parsing import (
    ParseResult,
    SkippedLine,
    parse_signatories,
    parse_status_date,
)

_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_FIRST_PUBLISHED = re.compile(
    r"(?:date\s+)?first\s+published|erstveröffentlich|zuerst\s+veröffentlicht|"
    r"première\s+publication|publicado\s+por\s+primera|впервые\s+опубликовано|"
    r"вперше\s+опубліковано",
    re.IGNORECASE,
)
_BY = re.compile(r"(?:^|[\s,;])(?:by|von|par|por|от)\s+(.+)$", re.IGNORECASE)
_SOURCE = re.compile(
    r"^(?P<label>source|sources|quelle|original|источник|джерело|fuente|fonte|"
    r"source originale)\s*:?\s*<?(?P<url>https?://[^\s<>]+?)>?[.;]?$",
    re.IGNORECASE,
)
_KINDS = (
    ("draft_resolution", re.compile(
        r"draft\s+resolution|resolutionsentwurf|проект\s+резолюц", re.I)),
    ("open_letter", re.compile(
        r"open\s+letter|offener\s+brief|lettre\s+ouverte|carta\s+abierta|"
        r"открытое\s+письмо|відкритий\s+лист", re.I)),
    ("petition", re.compile(r"\bpetition|petición|pétition|петиц", re.I)),
    ("resolution", re.compile(r"\bresolution|résolution|resolución|резолюц", re.I)),
)  # fmt: skip


@dataclass
class DeclarationDocument:
    title: str
    body: str
    kind: str = "statement"
    publisher: str = ""
    published_on: dt.date | None = None
    first_published_on: dt.date | None = None
    source_links: list[dict[str, str]] = field(default_factory=list)
    # The signatory list found at the end of the document, if any.
    signatories: ParseResult | None = None


def strip_inline_markdown(text: str) -> str:
    """Heading marks, emphasis and link syntax off a one-line title or byline."""
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text).strip()
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(\S.*?\S|\S)\1(?![\w*])", r"\2", text)
    return text.strip().strip("*_").strip()


def _is_markdown(lines: list[str]) -> bool:
    """Whether the document separates its paragraphs as Markdown does (blank lines)."""
    content = [line for line in lines if line.strip()]
    return len(content) < 2 or any(not line.strip() for line in lines[1:-1])


def _list_span(parsed: ParseResult, lines: list[str]) -> tuple[int, int] | None:
    """First and last (1-based) line of the signatory list with its heading and status line."""
    if not parsed.entries:
        return None
    first = min(entry.line_number for entry in parsed.entries)
    last = max(entry.line_number + entry.source_line.count("\n") for entry in parsed.entries)
    # Lines the parser skips that belong to the list (removed from the body with it).
    furniture = {skipped.line_number for skipped in parsed.skipped if skipped.note.type.list_part}
    while first > 1 and (not lines[first - 2].strip() or first - 1 in furniture):
        first -= 1
    while last < len(lines) and (not lines[last].strip() or last + 1 in furniture):
        last += 1
    # Skipped lines inside the list (group headings, "and many more") go with it.
    return first, last


def _byline(line: str) -> tuple[str, dt.date | None, dt.date | None] | None:
    """(publisher, published on, first published on) of a byline, or None if it is none."""
    plain = strip_inline_markdown(line)
    first_published = None
    match = _FIRST_PUBLISHED.search(plain)
    head = plain
    if match:
        first_published = parse_status_date(plain[match.end() :])
        head = plain[: match.start()].rstrip(" (")
    published = parse_status_date(head)
    by = _BY.search(head)
    publisher = ""
    if by:
        publisher = by.group(1).strip().rstrip(".,;(").strip()
        publisher = re.sub(r"\s*\(\s*$", "", publisher)
    if published is None and first_published is None:
        return None
    if len(plain) > 300:
        return None
    return publisher, published, first_published


def _kind(title: str, body: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(title):
            return kind
    # In the text, the kind named first: "This open letter … formed the Draft Resolution".
    found = [
        (match.start(), kind) for kind, pattern in _KINDS if (match := pattern.search(body[:1500]))
    ]
    return min(found)[1] if found else "statement"


def parse_declaration(text: str) -> DeclarationDocument:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    parsed = parse_signatories(text)
    span = _list_span(parsed, lines)
    keep = [True] * len(lines)
    if span is not None:
        for number in range(span[0], span[1] + 1):
            keep[number - 1] = False

    # The title: the first non-blank line.
    title_index = next((i for i, line in enumerate(lines) if line.strip() and keep[i]), None)
    if title_index is None:
        return DeclarationDocument(title="", body="", signatories=parsed if span else None)
    title = strip_inline_markdown(lines[title_index])[:300]
    keep[title_index] = False

    # A byline among the next few lines.
    publisher, published, first_published = "", None, None
    looked = 0
    for i in range(title_index + 1, len(lines)):
        if not lines[i].strip() or not keep[i]:
            continue
        looked += 1
        found = _byline(lines[i])
        if found is not None:
            publisher, published, first_published = found
            keep[i] = False
            break
        if looked >= 3:
            break

    sources = []
    for line in lines:
        match = _SOURCE.match(strip_inline_markdown(line) if "](" not in line else line.strip())
        if match:
            sources.append({"url": match.group("url"), "label": match.group("label").capitalize()})

    body_lines = [line for i, line in enumerate(lines) if keep[i]]
    if _is_markdown(lines):
        body = "\n".join(body_lines)
        body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
    else:
        # Plain text with one paragraph per line: Markdown needs blank lines between them.
        body = "\n\n".join(line.strip() for line in body_lines if line.strip())
    return DeclarationDocument(
        title=title,
        body=body + "\n" if body else "",
        kind=_kind(title, body),
        publisher=publisher[:300],
        published_on=published,
        first_published_on=first_published,
        source_links=sources,
        signatories=parsed if span else None,
    )


__all__ = ["DeclarationDocument", "SkippedLine", "parse_declaration", "strip_inline_markdown"]
