"""From text to lines: HTML and Markdown leftovers cleaned, numbers and bullets read.

Why keep two texts per line: ``raw`` is what the organizer pasted (every entry's
``source_line`` and every skipped line report it, so nothing is silently changed), and
``text`` is what the rules read (tags, emphasis, entities and invisible characters gone).
"""

from __future__ import annotations

import html
import re

from undersigned.imports.parsing.descriptive_cells import without_descriptions
from undersigned.imports.parsing.flow_records import flow_records
from undersigned.imports.parsing.numbering import (
    detect_bare_numbering,
    detect_marker,
    detect_roman_numbering,
)
from undersigned.imports.parsing.records import csv_table, html_cards, pipe_row
from undersigned.imports.parsing.segment import Segment

__all__ = ["Segment", "is_table_row", "read_segments"]

_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BREAK_RE = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>|</li>\s*<li[^>]*>|</div>\s*<div[^>]*>", re.I)
# Colons of other scripts and forms, read as ":" by the rules (the raw line keeps them).
_COLONS = str.maketrans({"︰": "：", "﹕": "：", "꞉": ":", "፦": ":", "፥": ":"})
# A Markdown hard break at the end of a line: two backslashes, or one.
_HARD_BREAK = re.compile(r"(?:\s*\\{1,2})+\s*$")
# A Markdown link that fills a parenthesis ("Name ([@handle](https://...))"): the
# bracket holds a link, not a description, so the link is what stays of it.
_LINK_IN_PARENS = re.compile(r"\(\s*\[[^\]]*\]\(((?:[^()\s]|\([^()]*\))*)\)\s*\)")
# (The ideographic space U+3000 stays: it aligns two-character names, "成\u3000名".)
_NBSP = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# Marks that carry nothing a name needs. The zero-width (non-)joiners stay: Persian
# (روزنامه‌نگاران), the Indic scripts and emoji are spelt with them.
_INVISIBLE = "\u200b\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
_TABLE_SEPARATOR = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?")


_RULED = re.compile(r"^\s*([-=~*_─━═—]{3,})\s*(\S.*?)\s*[-=~*_─━═—]{3,}\s*$")


def _strip_markdown(text: str) -> tuple[str, bool, bool]:
    """Remove Markdown leftovers. Returns (text, was_heading, was_wholly_bold)."""
    heading = False
    match = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", text)
    if match:
        heading = True
        text = match.group(2)
    ruled = _RULED.match(text)
    if ruled:  # "------ Signatories ------": a heading between rules
        heading = True
        text = ruled.group(2)
    text = re.sub(r"^(?:\s*>)+\s?", "", text)
    stripped = text.strip()
    whole_bold = bool(
        re.fullmatch(r"(\*\*|__)(?!\s).+(?<!\s)\1[:：]?", stripped)
        and stripped.count("**") + stripped.count("__") == 2
    )
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<((?:https?|mailto|ftp):[^>\s]+)>", r"\1", text)
    text = re.sub(r"<([\w.+-]+@[\w-]+\.[\w.]+)>", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?![\s_])(.+?)(?<![\s_])_(?![\w])", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])", r"\1", text)
    return text, heading, whole_bold


def is_table_row(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def _is_table_separator(text: str) -> bool:
    stripped = text.strip()
    return "-" in stripped and "|" in stripped and bool(_TABLE_SEPARATOR.fullmatch(stripped))


def _table_cells(row: str) -> list[str]:
    """The cells of a Markdown table row, escaped pipes (``\\|``) kept inside a cell."""
    inner = row.strip()
    inner = inner.removeprefix("|").removesuffix("|")
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


# A name in bold at the start of an entry, its description after it with no separator:
# "- **Josep Navarro** **Cantero** Periodista".
_BOLD_LEAD = re.compile(r"^(\s*(?:[-*+•·]\s+|\d{1,4}[.)]\s+)?)((?:\*\*[^*\n]+\*\*\s*)+)(\S.*)$")


def _separate_bold_name(fragment: str) -> str:
    """ "**Name** Description" -> "**Name** – Description": the bold marks where the name
    ends, and cleaning the Markdown would lose that."""
    match = _BOLD_LEAD.match(fragment)
    if not match or match.group(3)[0] in ",;:–—-(/|*":
        return fragment
    name = " ".join(part.strip() for part in re.findall(r"\*\*([^*]+)\*\*", match.group(2)))
    return f"{match.group(1)}**{name}** – {match.group(3)}"


def clean(fragment: str) -> tuple[str, bool, bool, bool, list[str]]:
    """Clean HTML/Markdown from one fragment: (text, heading, bold, list item, cells)."""
    fragment = _HARD_BREAK.sub("", fragment).translate(_COLONS)
    fragment = _separate_bold_name(fragment)
    fragment = _LINK_IN_PARENS.sub(r"(\1)", fragment)
    li = bool(re.match(r"^\s*<li\b", fragment, re.IGNORECASE))
    heading_tag = bool(re.match(r"^\s*<h[1-6]\b", fragment, re.IGNORECASE))
    fragment = re.sub(r"<((?:https?|mailto|ftp):[^>\s]+)>", r"\1", fragment)
    cells: list[str] = []
    tabbed = [c.strip() for c in fragment.strip().split("\t")]
    if len([c for c in tabbed if c]) >= 2 and "<" not in fragment and "|" not in fragment:
        # columns copied from a spreadsheet, separated by tabs
        cells = [_strip_markdown(_plain(c))[0].strip() for c in tabbed if c]
        fragment = "\t".join(cells)
    elif re.search(r"<t[dh]\b", fragment, re.IGNORECASE):
        # an HTML table row on one line: its cells, then the row as text
        pieces = re.split(r"<t[dh]\b[^>]*>", fragment, flags=re.IGNORECASE)[1:]
        cells = without_descriptions([_plain(_TAG_RE.sub(" ", p)) for p in pieces])
        fragment = " | ".join(cells)
        cells = [_strip_markdown(c)[0].strip() for c in cells]
    fragment = _without_tags(fragment)
    fragment = _plain(fragment)
    if is_table_row(fragment) and not cells:
        cells = [_strip_markdown(c)[0].strip() for c in _table_cells(fragment)]
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
            return "", False, False, False, []
        fragment = ", ".join(c for c in cells if c)
    elif cells:
        fragment = ", ".join(c for c in cells if c)
    text, md_heading, whole_bold = _strip_markdown(fragment)
    # spaces inside stay as written ("University of Minnesota,  Hamline University")
    text = re.sub(r"[^\S \u3000]", " ", text).strip()
    return text, md_heading or heading_tag, whole_bold, li, cells


def _without_tags(fragment: str) -> str:
    """HTML tags off, and the spaces around them collapsed as a browser does: a tag
    leaves one space ("<strong>Name</strong> – X" is "Name – X", not a column gap), none
    before punctuation ("</strong>, Director")."""
    marked = _TAG_RE.sub("\x00", fragment)
    if "\x00" not in marked:
        return fragment
    marked = re.sub(r"[ \t]*\x00[\x00 \t]*(?=[,;:.)\]])", "", marked)
    return re.sub(r"[ \t]*\x00[\x00 \t]*", " ", marked)


def _plain(fragment: str) -> str:
    fragment = html.unescape(fragment)
    fragment = fragment.translate({ord(c): " " for c in _NBSP})
    fragment = fragment.translate({ord(c): None for c in _INVISIBLE})
    return fragment.replace("\t", " ")


_LINKS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<?(?:https?://|www\.)[^\s>]+>?", re.IGNORECASE)


def _only_links(fragment: str) -> bool:
    """Whether a line is nothing but links and the separators between them."""
    if not _LINKS.search(fragment):
        return False
    rest = _LINKS.sub(" ", _TAG_RE.sub(" ", fragment))
    return not any(ch.isalnum() for ch in rest)


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with HTML comments removed, and whether a comment is still open."""
    pieces: list[str] = []
    work = line
    while True:
        if in_comment:
            end = work.find("-->")
            if end < 0:
                return " ".join(pieces), True
            work = work[end + 3 :]
            in_comment = False
        start = work.find("<!--")
        if start < 0:
            pieces.append(work)
            return " ".join(pieces), False
        pieces.append(work[:start])
        work = work[start + 4 :]
        in_comment = True


def _front_matter(lines: list[str]) -> set[int]:
    """Indexes of a page's front matter ("---" ... "---" at the top: YAML metadata)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() not in {"---", "+++"}:
        return set()
    fence = lines[first].strip()
    for end in range(first + 1, min(len(lines), first + 40)):
        if lines[end].strip() == fence:
            return set(range(first, end + 1))
    return set()


def _html_rows(lines: list[str]) -> dict[int, int]:
    """HTML table rows written over several lines: first line index -> last line index."""
    rows: dict[int, int] = {}
    i = 0
    while i < len(lines):
        lowered = lines[i].lower()
        if "<tr" in lowered and "</tr>" not in lowered:
            for j in range(i + 1, min(len(lines), i + 40)):
                if "</tr>" in lines[j].lower():
                    rows[i] = j
                    i = j
                    break
                if "<tr" in lines[j].lower():
                    break
        i += 1
    return rows


def _piped_tables(lines: list[str]) -> list[str]:
    """Markdown tables written without their outer pipes ("Name | Country" over "--- | ---")
    get them, so that every table row reads alike; other lines are left as they are."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not _is_table_separator(line) or line.strip().startswith("|"):
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and "|" in lines[j] and not lines[j].strip().startswith("|"):
                if j != i and not _is_table_separator(lines[j]):
                    out[j] = f"| {lines[j].strip()} |"
                j += step
        out[i] = f"| {line.strip()} |"
    return out


def _segment_of(fragment: str, index: int, line_no: int, raw: str, indent: int) -> Segment | None:
    """One piece of a line (between ``<br>``s) as a segment; None when nothing is left."""
    cleaned, md_heading, whole_bold, li, cells = clean(fragment)
    if not cleaned:
        return None
    segment = Segment(
        index=index,
        line_no=line_no,
        raw=raw,
        text=cleaned,
        indent=indent,
        md_heading=md_heading,
        whole_bold=whole_bold,
        has_replacement="\ufffd" in raw,
        cells=cells,
        only_links=_only_links(fragment),
        header_cells=bool(re.search(r"<th\b", fragment, re.IGNORECASE)),
    )
    detect_marker(segment)
    if li and segment.marker == "none":
        segment.marker = "bullet"
    return segment


def _mark_table_header(
    segments: list[Segment], joined: str, lines: list[str], line_no: int
) -> None:
    """Under a Markdown table's header row, its "|---|" line: the row above is the header."""
    if _is_table_separator(joined) and segments and is_table_row(lines[line_no - 2]):
        header = segments[-1]
        if header.line_no == line_no - 1:
            header.note = "table-header"


def _add_line(
    segments: list[Segment], joined: str, comment_only: bool, where: tuple[int, str, int]
) -> None:
    """The segments of one line (cleaned of comments): one per ``<br>`` piece, or one
    that says why nothing is left of the line."""
    line_no, raw, indent = where
    produced = False
    for fragment in _BREAK_RE.split(joined) if not comment_only else []:
        segment = _segment_of(fragment, len(segments), line_no, raw, indent)
        if segment is not None:
            segments.append(segment)
            produced = True
    if not produced:
        segments.append(
            Segment(
                index=len(segments),
                line_no=line_no,
                raw=raw,
                text="",
                indent=indent,
                note="html-comment" if comment_only else "markup-only",
                has_replacement="\ufffd" in raw,
            )
        )


def read_segments(text: str) -> list[Segment]:
    """Every non-blank line of ``text`` as one or more segments (``<br>`` splits a line).

    An HTML table row written over several lines is one segment, its raw text those
    lines (non-blank, stripped) joined with ``"\n"``.
    """
    segments: list[Segment] = []
    in_comment = False
    originals = text.splitlines()
    lines = _piped_tables(originals)
    rows = _html_rows(lines)
    csv_rows, csv_headers = csv_table(lines)
    lines = [pipe_row(csv_rows[i]) if i in csv_rows else line for i, line in enumerate(lines)]
    cards = html_cards(lines)
    records, about_records = flow_records(lines)
    cards.update(records)
    merged_until = -1
    # A comment that is never closed ("<!-- ... .>") ends with its own line: hiding the
    # rest of the page would hide the signatories under it.
    last_close = max((i for i, line in enumerate(lines) if "-->" in line), default=-1)
    front = _front_matter(lines)
    for line_no, raw_line in enumerate(lines, start=1):
        raw = originals[line_no - 1].strip()  # as written, whatever the reading adds
        if line_no - 1 <= merged_until or not raw:
            continue
        card = cards.get(line_no - 1)
        if line_no - 1 in rows or card is not None:
            merged_until = card.last if card is not None else rows[line_no - 1]
            parts = [line.strip() for line in originals[line_no - 1 : merged_until + 1]]
            raw = "\n".join(part for part in parts if part)
            raw_line = pipe_row(card.values) if card else " ".join(p for p in parts if p)
        expanded = raw_line.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        if line_no - 1 in front or line_no - 1 in about_records:
            note = about_records.get(line_no - 1, "front-matter")
            segments.append(Segment(len(segments), line_no, raw, "", indent, note=note))
            continue
        joined, in_comment = _without_comments(raw_line, in_comment)
        if in_comment and line_no - 1 >= last_close:
            in_comment = False
        _mark_table_header(segments, joined, lines, line_no)
        first = len(segments)
        _add_line(segments, joined, not joined.strip(), (line_no, raw, indent))
        for segment in segments[first:]:
            segment.header_cells = segment.header_cells or line_no - 1 in csv_headers
            segment.cell_titles = card.titles if card is not None else []
    detect_bare_numbering(segments)
    detect_roman_numbering(segments)
    return segments
