"""The shape of a document: which lines are headings, status lines, body text, the list.

Why classify before reading names: a declaration's demands are numbered too, a heading
("Universities and research institutes") looks like a name, and "Status of the
signatories 06.01.2025" must be found wherever it stands. Each line gets a kind here;
``anchor.find_anchor`` and ``find_run`` then say where the list starts and ends, and
``headings`` reads the headings.
"""

from __future__ import annotations

import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.cues import sentence_score
from undersigned.imports.parsing.dates import has_month_year, is_date_line, parse_status_date
from undersigned.imports.parsing.headings import (
    group_heading,
    is_salutation,
    normalize_heading_text,
    signatories_heading,
)
from undersigned.imports.parsing.inline import find_inline_list
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.numbering import SEPARATOR_RE
from undersigned.imports.parsing.scripts import UNSPACED_SCRIPTS, dominant_script, fold
from undersigned.imports.parsing.spaced_names import names_by_spaces
from undersigned.imports.parsing.text import words

__all__ = [
    "TRANSPARENT",
    "classify",
    "entry_like",
    "group_heading",
    "is_lead_in",
    "is_salutation",
    "short_exclamation",
    "signatories_heading",
    "status_signing_open",
    "without_closing_tail",
]


@cache
def _closing_re() -> re.Pattern[str]:
    return re.compile(
        r"^(?:\.{2,}|…|\(|\[)?\s*(?:"
        rf"(?:{vocab.alternatives('closing_conjunctions')})\s+"
        rf"(?:{vocab.alternatives('closing_quantities')})"
        rf"|{vocab.alternatives('closing_phrases')}"
        r")(?:\W|$)",
        re.IGNORECASE,
    )


@cache
def _status_keywords_re() -> re.Pattern[str]:
    # no word boundary before a word of a script without spaces ("2021/7/12現在")
    boundary = r"(?:^|\b|(?<=[\d\u3040-\u9fff\uac00-\ud7af]))"
    return re.compile(rf"{boundary}(?:{vocab.alternatives('status_keywords')})", re.IGNORECASE)


# "[…]", "[Initial signers – later signers below]", "(...)": the editor's, not a name
_EDITORIAL = re.compile(r"\[[^\[\]]*\]|\(\s*(?:…|\.{3})\s*\)|…|\.{3}")

# Kinds of lines that neither start nor end a list.
TRANSPARENT = frozenset(
    {"markup", "separator", "link", "date", "editorial", "navigation", "footnote"}
)
# "¹ in a personal capacity", "[2] Affiliation for identification only", "*pseudonym":
# what a mark after a name means, under the list.
_FOOTNOTE_LINE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[†‡§]+|\[\d{1,2}\]|\*{1,3}(?=[^\s*]))\s*\S")

_LINK_RE = re.compile(
    r"^(?:[\w\s]{0,30}:\s*)?(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)"
    r"(?:\s+\+?\d[\d\s()/.-]{5,})?[\s.,;)]*$",  # a contact's address, and a phone number
    re.IGNORECASE,
)


def status_signing_open(status_line: str | None) -> bool | None:
    """Whether a status line says signing goes on (True), has closed (False), or neither."""
    if not status_line:
        return None
    if vocab.pattern("status_closed").search(status_line):
        return False
    if vocab.pattern("status_open").search(status_line):
        return True
    return None


def is_status_line(text: str) -> bool:
    if len(text.split()) > 30:
        return False
    if vocab.pattern("status_open").search(text):
        return True
    if not _status_keywords_re().search(text):
        return False
    has_date = parse_status_date(text) is not None or has_month_year(text)
    if has_date and len(text.split()) <= 12:
        return True
    return has_date and bool(vocab.pattern("status_sign_words").search(text))


@cache
def _closing_tail_re() -> re.Pattern[str]:
    return re.compile(
        rf"[\s,;]+(?:{vocab.alternatives('closing_conjunctions')})\s+"
        rf"(?:{vocab.alternatives('closing_quantities')})(?:\s+\w+)?[.…!]*$",
        re.IGNORECASE,
    )


def without_closing_tail(text: str) -> str:
    """ "Leslie Malton, Schauspielerin und viele mehr": the entry without "and many more"."""
    match = _closing_tail_re().search(text)
    if match and match.start() > 0 and len(text[match.start() :].split()) <= 4:
        return text[: match.start()].rstrip(" ,;")
    return text


def is_contact_heading(text: str) -> bool:
    """ "Press contact:", "Kontakt:": the statement's contact details follow, not signers."""
    core = fold(normalize_heading_text(text)).strip(" :")
    return len(core) <= 40 and core in vocab.words("contact_headings")


def is_navigation(text: str) -> bool:
    """ "Share", "Read more", "Facebook": a web page's navigation, not a signatory."""
    core = fold(text).strip(" :.…|·•-–—»«>")
    return len(core) <= 40 and core in vocab.words("navigation")


def is_closing_line(text: str) -> bool:
    core = text.strip().strip("*_").strip()
    return len(core.split()) <= 12 and bool(_closing_re().match(core))


def is_link_line(text: str) -> bool:
    return bool(_LINK_RE.match(text.strip()))


_LEAD_IN_END = re.compile(r"(?:[:：]|\s[-–—]|(?<=[^\s\d\-–—])[-–—])$")


def is_lead_in(text: str) -> bool:
    """A line that announces what follows: it ends with a colon (or a dash)."""
    core = text.strip().rstrip("*_ ").strip()
    return len(core) <= 500 and bool(_LEAD_IN_END.search(core))


def _mark_kind(segment: Segment) -> str | None:
    """The kind a line has by its marks alone: a rule, a number, an editor's bracket."""
    content = segment.content
    if SEPARATOR_RE.match(segment.text):
        return "separator"
    if segment.marker == "number" and not content:
        return "number-only"
    if not any(ch.isalnum() for ch in content):
        segment.note = "no-name"
        return "markup"
    if _EDITORIAL.fullmatch(content):
        return "editorial"
    if segment.marker != "number" and _FOOTNOTE_LINE.match(content):
        return "footnote"
    return None


def _text_kind(segment: Segment) -> str | None:
    """The kind a line has by its words: navigation, a status line, a heading..."""
    content = segment.content
    unmarked = segment.marker == "none"
    if is_navigation(content):
        return "navigation"
    if unmarked and is_contact_heading(content):
        return "contact"
    if is_status_line(content or segment.text):
        return "status"
    if signatories_heading(content if unmarked else "")[0]:
        return "heading"
    if unmarked and is_date_line(content):
        return "date"
    if is_closing_line(content):
        return "closing"
    if segment.only_links or is_link_line(content):
        return "link"
    return None


def _read_item(segment: Segment) -> None:
    segment.kind = "item"
    segment.sentence = sentence_score(segment.content)
    # A numbered or bulleted line is one entry ("Name, Professor, University");
    # an unmarked paragraph may hold many.
    if segment.marker == "none":
        # a paragraph of names; after a lead-in of its own, three are a list
        found = find_inline_list(segment.content) or find_inline_list(
            segment.content, min_pieces=3, with_lead=True
        )
    else:
        found = find_inline_list(segment.content, min_pieces=2, with_lead=True)
    if found is not None:
        segment.inline = found.pieces
        segment.inline_lead = found.lead
    elif segment.marker == "none" and (names := names_by_spaces(segment.content)):
        segment.inline = names  # "Marta Bartkowska Magdalena Bauer …": lost line breaks


def classify(segments: list[Segment]) -> None:
    """Give every segment its kind: status, heading, closing, link, item, markup..."""
    for segment in segments:
        if segment.note is not None:
            segment.kind = "markup"
            continue
        kind = _mark_kind(segment) or _text_kind(segment)
        if kind is None:
            _read_item(segment)
        else:
            segment.kind = kind


def entry_like(segment: Segment) -> bool:
    if segment.kind == "item" and segment.inline:
        return True
    return segment.kind == "item" and segment.sentence < 1.5 and len(segment.content) <= 400


def short_exclamation(segment: Segment) -> bool:
    """Inside a list, "Ende Gelände!" is a name, not a slogan."""
    found = [fold(w) for w in words(segment.content)]
    if dominant_script(segment.content) in UNSPACED_SCRIPTS and len(segment.content) > 20:
        return False  # without spaces a whole sentence is one "word"
    return (
        0 < len(found) <= 4
        and not vocab.words("sentence_words").intersection(found)
        and found[0] not in vocab.words("imperative_first")
        and not segment.content.rstrip().endswith((":", "?"))
    )
