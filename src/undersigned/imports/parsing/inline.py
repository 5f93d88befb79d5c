"""Inline lists: many signatories in one paragraph, "A, B (X), C; D、E، F – G".

Why a separate reading: a paragraph after "signed by:" (or a bullet "Ecologists: A, B, C")
holds entries separated by whatever the script and the writer use — commas, semicolons,
the ideographic comma 、, the Arabic comma ، or dashes — and a comma inside brackets or
quotes separates nothing. The separator that cuts the paragraph into the most pieces that
read as names wins; a paragraph whose pieces read as sentences is prose, not a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.cues import name_cue, sentence_score
from undersigned.imports.parsing.inline_prose import caseless_prose, trim_caseless_prose
from undersigned.imports.parsing.lexicon import has_org_word, has_role_word
from undersigned.imports.parsing.people import person_score
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.text import CLOSERS, OPENERS, ends_with_abbreviation

__all__ = ["InlineList", "find_inline_list", "split_outside_brackets"]

# Candidate separators, most specific first (a tie goes to the earlier one).
# ",;" splits at either: writers mix them in one paragraph.
_SEPARATORS: tuple[str, ...] = (
    "、", "،", "؛", ";", "；", "，", ",", ",;", " – ", " — ", " - ", " · ", " • ", " | ", " / ",
    "/",
)  # fmt: skip
_QUOTES_OPEN = "“«„「『"
_QUOTES_CLOSE = "”»“」』"


@dataclass(frozen=True, slots=True)
class InlineList:
    """The pieces of a paragraph that is a list, and what came before the first one."""

    pieces: list[str]
    separator: str
    lead: str = ""


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """Split at ``separator`` where it is not inside brackets or quotes."""
    parts: list[str] = []
    depth = quote = 0
    start = i = 0
    n, width = len(text), len(separator)
    while i < n:
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch in "«„「『" or (ch == "“" and not quote):
            quote += 1
        elif ch in "»”」』" or (ch == "“" and quote):
            quote = max(0, quote - 1)
        if depth == 0 and quote == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += width
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _unspaced(text: str) -> bool:
    return dominant_script(text) in UNSPACED_SCRIPTS


def piece_is_name(piece: str) -> bool:
    """Whether one piece of a split paragraph reads as a signatory's name."""
    piece = piece.strip().strip(_QUOTES_OPEN + _QUOTES_CLOSE + "\"'").strip()
    if not piece or not any(ch.isalnum() for ch in piece):
        return False
    if _unspaced(piece):
        letters = sum(1 for ch in piece if ch.isalpha())
        return letters <= 40 and sentence_score(piece) < 1.0
    words = piece.split()
    if len(words) > 14:
        return False
    first = piece[:1]
    if first.isalpha() and first.islower() and first.upper() != first:
        return False  # "teils in Parteien organisiert": a clause, not a name
    return sentence_score(piece) < 1.0 and name_cue(piece) == 1


def _starts_with_role(piece: str) -> bool:
    """ "Professor of Physics (Emeritus)", "member NAS": a description, not a name."""
    outside = re.sub(r"\([^()]*\)", " ", piece).split()
    if not outside or not has_role_word(" ".join(outside[:2])):
        return False
    # "Sekretär des Sozialistischen Gedankenforums": a role, then where it is held
    head = " ".join(outside[:2])
    return not has_org_word(piece) or (outside[0][:1].isupper() and not has_org_word(head))


@cache
def _lead_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in vocab.phrases("lead_words"))
    return re.compile(rf"(?:^|\s)(?:{words})\s+", re.IGNORECASE)


def _lead(text: str, *, quotes: bool = True) -> tuple[str, str]:
    """A lead-in glued before the first entry: "Signed by X: A, B", "... of “A، B”",
    "Partidos políticos como IU, PCE"."""
    for mark in (":", "："):
        head, colon, tail = text.partition(mark)
        if colon and tail.strip() and len(head) <= 200 and not re.search(r"[,;、،]", head):
            return head + colon, tail.strip()
    for mark in (":", "："):
        # "… این نامه را هفت چهره … امضا کرده‌اند: A، B، C": a sentence with commas of
        # its own ends in the colon, many entries after it
        head, colon, tail = text.rpartition(mark)
        many = max(len(re.findall(sep, tail)) for sep in (",", "،", "、", ";"))
        if colon and len(head) >= 60 and many >= 4:
            return head + colon, tail.strip()
    first_separator = re.search(r"[,;、،]", text)
    limit = first_separator.start() if first_separator else len(text)
    word = _lead_words().search(text, 0, limit)
    if word and word.start() > 0:
        return text[: word.end()], text[word.end() :]
    for opening in _QUOTES_OPEN if quotes else "":
        position = text.find(opening)
        if 0 < position <= 200 and not re.search(r"[,;、،/]", text[:position]):
            return text[: position + 1], text[position + 1 :]
    return "", text


@cache
def _last_and() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in vocab.phrases("list_conjunctions"))
    return re.compile(
        rf"^(?P<a>.*\S)\s+(?:{words})\s+"
        r"(?:the\s+|die\s+|der\s+|la\s+|le\s+|el\s+|les\s+|los\s+)?(?P<b>\S.*)$"
    )


def _split_last_and(pieces: list[str]) -> list[str]:
    """ "…, Article 19 and the Committee to Protect Journalists": the last two of a list
    in a sentence are joined by "and"."""
    if len(pieces) < 2:
        return pieces
    first_word, _, after = pieces[-1].partition(" ")
    if fold(first_word) in vocab.words("list_conjunctions") and piece_is_name(after):
        return [*pieces[:-1], after.strip()]  # "…, Setara Institute, dan Pilnet Indonesia"
    match = _last_and().match(pieces[-1])
    if not match or not (piece_is_name(match.group("a")) and piece_is_name(match.group("b"))):
        return pieces
    # both sides look like names: "Article 19" and "Committee to Protect Journalists"
    if match.group("b")[:1].isupper() and not match.group("a").split()[-1][:1].islower():
        return [*pieces[:-1], match.group("a"), match.group("b")]
    return pieces


def _trim_prose(pieces: list[str]) -> list[str]:
    """The prose around a list inside a sentence: a first piece ending in a lower-case word
    ("Koalisi … berunsurkan, Imparsial, …") is its lead-in; a last piece goes up to the end
    of its sentence ("De Jure. (Rep-02)")."""
    if len(pieces) >= 3 and caseless_prose(pieces):
        pieces = trim_caseless_prose(pieces)
    if len(pieces) >= 3:
        first = pieces[0].split()
        cased = dominant_script(pieces[0]) not in CASELESS_SCRIPTS
        if cased and len(first) >= 3 and first[-1][:1].islower() and first[-1].isalpha():
            pieces = pieces[1:]
            # "… han mostrat el seu suport, com Jordi Cabré, …": the word that opens the
            # list after the sentence's comma is no part of the first name
            opening = _lead_words().match(pieces[0])
            if opening and pieces[0][opening.end() :].strip()[:1].isupper():
                pieces = [pieces[0][opening.end() :].strip(), *pieces[1:]]
        elif cased:
            pieces = [_without_glued_lead(pieces[0]), *pieces[1:]]
        pieces = _until_prose(pieces)
        last = pieces[-1]
        # a full stop (or a danda, an Urdu stop) and more text: the sentence goes on
        stop = re.search(r"[.।۔]\s+\S", last)
        if stop and not ends_with_abbreviation(last[: stop.start() + 1]):
            pieces = [*pieces[:-1], last[: stop.start()]]
    return pieces


def _without_glued_lead(piece: str) -> str:
    """ "Dayanışma Ağı bileşenleri Eşit Haklar İçin İzleme Derneği": a lead-in glued to
    the first name ends at its last lower-case word when capitalised words follow."""
    found = piece.split("(")[0].split()  # what a bracket says is no lead-in
    small = vocab.words("acronym_stopwords") | vocab.words("name_particles")
    lower = [
        i for i, w in enumerate(found) if w[:1].islower() and w.isalpha() and fold(w) not in small
    ]
    if len(found) < 6 or not lower or lower[-1] < 2:
        return piece
    rest = found[lower[-1] + 1 :]
    capitals = [w for w in rest if w[:1].isupper()]
    if len(rest) >= 2 and len(capitals) >= 2 and rest[0][:1].isupper():
        return piece[piece.index(" ".join(rest)) :]
    return piece


def _until_prose(pieces: list[str]) -> list[str]:
    """A list inside a sentence ends where the sentence goes on: "…, Research Institute
    (ABD), 25 Mart 2021 tarihinde … bir mektup kaleme alarak X, Y": what follows a piece
    of running text (the letter's addressees) is no signatory."""
    small = vocab.words("acronym_stopwords") | vocab.words("name_particles")
    for index, piece in enumerate(pieces):
        found = piece.split()
        lower = sum(1 for w in found if w[:1].islower() and fold(w) not in small)
        if index >= 3 and len(found) >= 12 and lower >= 0.35 * len(found):
            return pieces[:index]
    return pieces


def _merge_descriptions(pieces: list[str], separator: str) -> list[str]:
    """ "Andreas Bernig – MdL (DGB)": a piece that is only a role describes the name before."""
    out: list[str] = []
    described = False  # the last piece is a person with a description joined to it
    joiner = separator if separator.startswith(" ") else separator + " "
    for piece in pieces:
        if not piece:
            continue
        person = bool(out) and (described or person_score(out[-1]) >= 0.6)
        if person and _starts_with_role(piece):
            out[-1] = out[-1] + joiner + piece
            described = True
        elif out and separator in {",", "，", "،"} and _only_countries(piece):
            # "Kämpfende Arbeiterunion (S.L.L.), Italien": the country of the piece before
            out[-1] = out[-1] + joiner + piece
        else:
            out.append(piece)
            described = False
    return out


def _only_countries(piece: str) -> bool:
    """ "Italien", "Frankreich und Italien", "Γαλικία (Ισπανία)": nothing but countries
    (a region, its state in brackets)."""
    piece = re.sub(r"^([^()]+?)\s*\(([^()]+)\)$", r"\1 / \2", piece.strip())
    parts = re.split(r"\s+(?:and|und|et|y|e|i|ve|и|і|та|och|og|en|oraz|a|és|ja)\s+|\s*/\s*", piece)
    return all(match_country(p.strip(), allow_fuzzy=False) is not None for p in parts if p.strip())


def _glued_dashes(parts: list[str], separator: str) -> list[str]:
    """ "SMATA- UOCRA- UPCN" in a list cut by " – ": the writer's dash, glued on one side."""
    if separator.strip() not in "–—-":
        return parts
    return [q.strip() for p in parts for q in re.split(r"(?<=[^\W\d_])[-–—]\s+(?=\S)", p)]


def _clean_piece(piece: str) -> str:
    piece = piece.strip()
    piece = piece.strip(_QUOTES_OPEN + _QUOTES_CLOSE) if _balanced_quotes(piece) else piece
    return piece.strip().rstrip(".。")


def _balanced_quotes(piece: str) -> bool:
    """A quote at one end only was the list's own quote, not the name's."""
    opens = sum(piece.count(q) for q in "«„「『") + (1 if piece[:1] == "“" else 0)
    closes = sum(piece.count(q) for q in "»」』") + (1 if piece[-1:] in "”“" else 0)
    return opens != closes or piece[:1] not in _QUOTES_OPEN


_QUOTE_PAIRS = {"“": "”", "„": "“”", "«": "»", "»": "«", '"': '"', "「": "」", "『": "』", "‘": "’"}


def _unquoted(body: str) -> str:
    """The list quoted whole after its lead-in ("… are: “A, B, C and D.”"): the quotes
    are the news report's, not a name's, so the list is read inside them."""
    closing = _QUOTE_PAIRS.get(body[:1])
    if closing is None:
        return body
    inner = body[1:].rstrip(" .;!")
    if not inner or inner[-1] not in closing:
        return body
    inner = inner[:-1]
    if any(q in inner for q in (body[0], *closing) if q != body[0] or body[0] not in closing):
        return body  # another quote inside: a quoted name, not one quote around the list
    return inner.strip()


def find_inline_list(
    text: str,
    *,
    min_pieces: int = 5,
    share: float = 0.75,
    with_lead: bool = False,
    asked: bool = False,
) -> InlineList | None:
    """The pieces of ``text`` if it is a list of names in one paragraph, else None.

    ``with_lead``: only a line with a category before its names ("Ecologists: A, B").
    ``asked``: a person asked for the split; a name with its description is split too.
    """
    lead, body = _lead(text, quotes=not with_lead)
    if with_lead and not lead:
        return None
    body = _unquoted(body) if lead else body
    best: InlineList | None = None
    best_key: tuple[int, float] | None = None
    for separator in _SEPARATORS:
        if separator != ",;" and separator not in body:
            continue
        if separator == "/" and dominant_script(body) not in UNSPACED_SCRIPTS:
            continue  # "IMBB/FORTH": in spaced scripts a bare slash is inside a name
        if separator == ",;":
            if ";" not in body or "," not in body:
                continue
            parts = [
                q.strip()
                for p in split_outside_brackets(body, ";")
                for q in split_outside_brackets(p, ",")
            ]
        else:
            parts = [p.strip() for p in split_outside_brackets(body, separator)]
        parts = [p for p in _glued_dashes(parts, separator) if p]
        if len(parts) < min_pieces:
            continue
        cleaned = _merge_descriptions([_clean_piece(p) for p in parts if p], separator)
        cleaned = _split_last_and(_trim_prose(cleaned))
        good = sum(1 for p in cleaned if piece_is_name(p))
        if good < min_pieces or good / len(cleaned) < share:
            continue
        if not asked and sum(1 for p in cleaned[1:] if _starts_with_role(p)) >= 2:
            continue  # "Name, Professor of X, University, member NAS": one person
        cased = not asked and dominant_script(cleaned[0]) not in CASELESS_SCRIPTS
        described = any(_starts_with_role(p) for p in cleaned[1:]) or (
            match_country(cleaned[-1], allow_fuzzy=False) is not None
        )
        people = sum(1 for p in cleaned[1:] if person_score(p) >= 0.6)
        alone = person_score(cleaned[0]) >= 0.6 and people < 0.5 * (len(cleaned) - 1)
        if cased and described and alone:
            continue  # "Bonnie Doe, Lecturer, Faculty of X, University of Y, Canada"
        key = (good, good / len(cleaned))
        if best_key is None or key[0] > best_key[0]:
            best, best_key = InlineList(cleaned, separator, lead), key
    return best
