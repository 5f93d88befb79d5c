"""The shape of a document: which lines are headings, status lines, body text, the list.

Why classify before reading names: a declaration's demands are numbered too, a heading
("Universities and research institutes") looks like a name, and "Status of the
signatories 06.01.2025" must be found wherever it stands. Each line gets a kind here;
``find_anchor`` and ``find_run`` then say where the list starts and ends.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.cues import name_cue, sentence_score
from undersigned.imports.parsing.dates import has_month_year, is_date_line, parse_status_date
from undersigned.imports.parsing.inline import find_inline_list
from undersigned.imports.parsing.lines import SEPARATOR_RE, Segment
from undersigned.imports.parsing.result import Hint
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.text import has_stem, words

__all__ = [
    "classify",
    "entry_like",
    "find_anchor",
    "find_run",
    "group_heading",
    "is_lead_in",
    "is_salutation",
    "list_gaps",
    "name_cue",
    "sentence_score",
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
def _salutation_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{vocab.alternatives('salutations')})[\s,.:!]*$", re.IGNORECASE)


@cache
def _heading_prefix_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:(?:{vocab.alternatives('heading_prefixes')})\s+)*", re.IGNORECASE)


@cache
def _status_keywords_re() -> re.Pattern[str]:
    # no word boundary before a word of a script without spaces ("2021/7/12現在")
    boundary = r"(?:^|\b|(?<=[\d\u3040-\u9fff\uac00-\ud7af]))"
    return re.compile(rf"{boundary}(?:{vocab.alternatives('status_keywords')})", re.IGNORECASE)


# "[…]", "[Initial signers – later signers below]", "(...)": the editor's, not a name
_EDITORIAL = re.compile(r"\[[^\[\]]*\]|\(\s*(?:…|\.{3})\s*\)|…|\.{3}")

# Kinds of lines that neither start nor end a list.
_TRANSPARENT = frozenset(
    {"markup", "separator", "link", "date", "editorial", "navigation", "footnote"}
)
# "¹ in a personal capacity", "[2] Affiliation for identification only", "*pseudonym":
# what a mark after a name means, under the list.
_FOOTNOTE_LINE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[†‡§]+|\[\d{1,2}\]|\*{1,3}(?=[^\s*]))\s*\S")

_LINK_RE = re.compile(
    r"^(?:[\w\s]{0,30}:\s*)?(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)[\s.,;)]*$",
    re.IGNORECASE,
)
_SIGN_WORD = re.compile(
    r"\bsign|unterzeichn|unterschr|\bfirm|подпис|підпис|sottoscri|assin|onderteken|imza|υπογρ|"
    r"ký tên|aláír|allekirj|underteck|undersk|podepsa|semn|potpis|امضا|توقيع|الموقع|חתימ|"
    r"हस्ताक्षर|স্বাক্ষর|署名|签名|簽名|联署|聯署|서명|연명|penandatangan|ditandatangani|lumagda",
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


def normalize_heading_text(text: str) -> str:
    text = text.strip().strip("*_#").strip()
    return re.sub(r"[\s:：.!]+$", "", text).strip()


def is_salutation(text: str) -> bool:
    return bool(_salutation_re().match(normalize_heading_text(text) + ","))


def signatories_heading(text: str) -> tuple[bool, str]:
    """(is a signatories heading, content after a colon on the same line)."""
    if len(text) > 160:
        return False, ""
    if is_salutation(text):
        return True, ""
    head, colon, after = text.partition(":")
    if not colon:
        head, colon, after = text.partition("：")
    candidate = normalize_heading_text(head if colon else text)
    folded = _heading_prefix_re().sub("", fold(candidate))
    if len(folded.split()) > 8:
        return False, ""
    sentence_words = vocab.words("sentence_words")
    for phrase in vocab.phrases("signatory_headings"):
        if folded.startswith(phrase):
            tail = folded[len(phrase) :]
            # scripts without spaces: "聯署團體" is "聯署" (co-signed) + "團體" (groups)
            unspaced = dominant_script(phrase) in UNSPACED_SCRIPTS and len(tail) <= 8
            if not tail or not tail[0].isalpha() or unspaced:
                rest = tail.strip()
                # "signatories (as of ...)" / "signatories of the appeal" / "(23)"
                if len(rest.split()) <= 6 and not sentence_words.intersection(rest.split()):
                    inline = after.strip() if colon else ""
                    return True, inline if inline_is_list(inline) else ""
    # "The following organisations have signed:" -- a short line ending in a colon
    if colon and not after.strip() and len(folded.split()) <= 12 and _SIGN_WORD.search(folded):
        return True, ""
    # Chinese, Japanese, Korean headings name the signatories anywhere in a short line:
    # "한미정상회담 입장 발표 연명 여성단체들", "【賛同団体・グループ】".
    # A name can contain the word too ("…署名をすすめる長和町の会"): it must be bracketed
    # ("【賛同団体】") or followed closely by a word for groups or people.
    script = dominant_script(candidate)
    if (script in UNSPACED_SCRIPTS or script == "HANGUL") and len(candidate) <= 40:
        bracketed = candidate[:1] in "【<〈［[「『＜《"
        for phrase in vocab.phrases("signatory_headings"):
            position = folded.find(phrase)
            if position < 0 or dominant_script(phrase) != script:
                continue
            window = folded[position + len(phrase) : position + len(phrase) + 6]
            ends = folded.rstrip(" :：").endswith(phrase) and len(phrase) >= 3
            if bracketed or ends or any(w in window for w in vocab.phrases("cjk_group_words")):
                return True, ""
    return False, ""


def inline_is_list(inline: str) -> bool:
    """Whether text after "Signatories:" on the same line is itself a list of names."""
    caseless = dominant_script(inline) in CASELESS_SCRIPTS
    if not inline or inline[0].isdigit():
        return False
    if not caseless and not (inline[0].isupper() or not inline[0].isalpha()):
        return False
    if inline[0] in "([（【" and inline.rstrip()[-1:] in ")]）】":
        return False  # "(국외 지지하는 여성운동단체)": a gloss on the heading
    return sentence_score(inline) < 1.5 and name_cue(inline) == 1


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


def classify(segments: list[Segment]) -> None:
    """Give every segment its kind: status, heading, closing, link, item, markup..."""
    for segment in segments:
        if segment.note is not None:
            segment.kind = "markup"
            continue
        text = segment.text
        if SEPARATOR_RE.match(text):
            segment.kind = "separator"
        elif segment.marker == "number" and not segment.content:
            segment.kind = "number-only"
        elif not any(ch.isalnum() for ch in segment.content):
            segment.kind = "markup"
            segment.note = "no-name"
        elif _EDITORIAL.fullmatch(segment.content):
            segment.kind = "editorial"
        elif segment.marker == "none" and _FOOTNOTE_LINE.match(segment.content):
            segment.kind = "footnote"
        elif is_navigation(segment.content):
            segment.kind = "navigation"
        elif segment.marker == "none" and is_contact_heading(segment.content):
            segment.kind = "contact"
        elif is_status_line(segment.content or text):
            segment.kind = "status"
        elif signatories_heading(segment.content if segment.marker == "none" else "")[0]:
            segment.kind = "heading"
        elif segment.marker == "none" and is_date_line(segment.content):
            segment.kind = "date"
        elif is_closing_line(segment.content):
            segment.kind = "closing"
        elif segment.only_links or is_link_line(segment.content):
            segment.kind = "link"
        else:
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


def entry_like(segment: Segment) -> bool:
    if segment.kind == "item" and segment.inline:
        return True
    return segment.kind == "item" and segment.sentence < 1.5 and len(segment.content) <= 400


_FROM = re.compile(
    r"^(?:from|aus|de|d'|du|des|del|de la|из|з|із|desde|da|dall'|dalla|dalle|uit)\s+",
    re.IGNORECASE,
)


def _hint_of(text: str) -> Hint:
    hint = Hint(heading=text)
    if vocab.pattern("group_kind_organization").search(text):
        hint.kind = "organization"
    elif vocab.pattern("group_kind_individual").search(text):
        hint.kind = "individual"
    return hint


def has_ordering_note(text: str) -> bool:
    """ "(in alphabetical order)", "（排名不分先後）": a note that only a heading carries."""
    folded = fold(text)
    return any(n in folded for n in vocab.phrases("ordering_notes"))


def is_category(text: str) -> bool:
    """ "Universities and research institutes", "Gewerkschaften und Verbände": a line of
    nothing but words for kinds of signatories, joined by "and"."""
    core = normalize_heading_text(text)
    found = [w.strip("()/,&-*") for w in fold(core).split()]
    found = [w for w in found if w]
    if not 1 <= len(found) <= 6:
        return False
    group_words = vocab.words("group_words")
    joining = vocab.words("acronym_stopwords") | {"&", "/", "+", "–", "-"}
    content = [w for w in found if w not in joining]
    return bool(content) and all(w in group_words for w in content)


def group_heading(segment: Segment, in_list: bool) -> Hint | None:
    """If the segment is a group heading inside a list, the hint it gives."""
    if segment.marker != "none" and is_category(segment.content):
        return _hint_of(segment.content)
    text = segment.content if segment.marker == "none" else ""
    if not text:
        return None
    core = normalize_heading_text(text)
    if not core:
        return None
    if has_ordering_note(core) and len(core) <= 80:
        hint = Hint(heading=text)
        if vocab.pattern("group_kind_organization").search(core):
            hint.kind = "organization"
        elif vocab.pattern("group_kind_individual").search(core):
            hint.kind = "individual"
        return hint
    found = core.split()
    ends_colon = text.rstrip().rstrip("*_").rstrip().endswith((":", "："))
    folded = fold(core)
    hint = Hint(heading=text)
    country = match_country(_FROM.sub("", core), allow_fuzzy=False)
    if country is not None:
        hint.country = country.text
    if vocab.pattern("group_kind_organization").search(core):
        hint.kind = "organization"
    elif vocab.pattern("group_kind_individual").search(core):
        hint.kind = "individual"
    vocabulary = is_category(core) or bool(vocab.pattern("group_phrases").match(folded))
    if country is not None and len(found) <= 6:
        return hint
    if vocabulary and len(found) <= 6:
        return hint
    if not in_list:
        return None
    if ends_colon and len(found) <= 8 and not has_stem(core, vocab.words("sentence_words")):
        return hint
    if segment.md_heading and len(found) <= 10:
        return hint
    return None


def _followers(segments: list[Segment], index: int) -> list[Segment]:
    """The items after ``segments[index]`` up to the next heading, status or lead-in."""
    found: list[Segment] = []
    for follower in segments[index + 1 :]:
        if follower.kind in _TRANSPARENT | {"closing"}:
            continue
        if follower.kind in {"heading", "status"} or (
            follower.kind == "item" and is_lead_in(follower.content)
        ):
            break
        found.append(follower)
        if len(found) >= 12:
            break
    return found


def _list_quality(segments: list[Segment], index: int) -> float:
    """Share of the lines after a lead-in that read as signatories' names."""
    followers = [f for f in _followers(segments, index) if f.kind in {"item", "number-only"}]
    if not followers:
        return 0.0
    good = sum(
        1
        for f in followers
        if f.kind == "number-only" or f.inline or (entry_like(f) and name_cue(f.content))
    )
    return good / len(followers)


def find_anchor(segments: list[Segment]) -> int | None:
    """Index of the heading, status line or lead-in after which the list starts.

    A heading or status line counts when the first real line after it is name-like. Of
    several such anchors the first is taken, unless body text (sentences) lies between it
    and a later one: "Stand: ..." above the title, "Signatories:" below the body. Without
    one, a lead-in ("The following organizations support the strike:") counts when most
    lines after it read as names; of several, the one followed best (the later on a tie).
    """
    valid: list[int] = []
    for segment in segments:
        if segment.kind not in {"heading", "status"}:
            continue
        if segment.kind == "heading" and signatories_heading(segment.content)[1]:
            valid.append(segment.index)
            continue
        for follower in segments[segment.index + 1 :]:
            if follower.kind in {
                "markup",
                "separator",
                "heading",
                "status",
                "link",
                "date",
                "editorial",
                "footnote",
            }:
                continue
            if follower.kind == "item" and group_heading(follower, in_list=True):
                continue
            if entry_like(follower) or follower.kind == "number-only":
                valid.append(segment.index)
            break
    if valid:
        chosen = valid[0]
        for later in valid[1:]:
            # body text between two anchors (a paragraph, not a list item) moves the start
            between = segments[chosen + 1 : later]
            if any(s.kind == "item" and s.marker == "none" and not entry_like(s) for s in between):
                chosen = later
        return chosen
    best: tuple[float, int] | None = None
    for segment in segments:
        if segment.kind == "item" and is_lead_in(segment.content):
            quality = _list_quality(segments, segment.index)
            if quality >= 0.5 and (best is None or quality >= best[0]):
                best = (quality, segment.index)
    return best[1] if best else None


def find_run(segments: list[Segment]) -> tuple[int, int] | None:
    """The best run of entry-like segments when there is no anchor: (start, end)."""
    runs: list[tuple[int, int, int, int]] = []  # start, end, count, cues
    start: int | None = None
    count = cues = 0
    last = -1
    for segment in segments:
        if segment.kind in {
            "markup",
            "separator",
            "link",
            "closing",
            "status",
            "date",
            "editorial",
            "footnote",
        }:
            continue
        if segment.kind == "item" and group_heading(segment, in_list=False):
            continue
        if entry_like(segment) or segment.kind == "number-only":
            if start is None:
                start, count, cues = segment.index, 0, 0
            if segment.kind == "item" and segment.inline:
                count += len(segment.inline)
                cues += len(segment.inline)
            elif segment.kind == "item":
                count += 1
                cues += name_cue(segment.content)
            last = segment.index
        else:
            if start is not None:
                runs.append((start, last, count, cues))
            start = None
    if start is not None:
        runs.append((start, last, count, cues))
    sentences = sum(1 for s in segments if s.kind == "item" and not entry_like(s))
    best: tuple[int, int, int, int] | None = None
    for run in runs:
        _, _, count, cues = run
        qualifies = count >= 3 or (count >= 1 and sentences == 0)
        if not qualifies or cues < count / 2:
            continue
        if best is None or count >= best[2]:
            best = run
    return (best[0], best[1]) if best else None


def short_exclamation(segment: Segment) -> bool:
    """Inside a list, "Ende Gelände!" is a name, not a slogan."""
    found = [fold(w) for w in words(segment.content)]
    return (
        0 < len(found) <= 4
        and not vocab.words("sentence_words").intersection(found)
        and found[0] not in vocab.words("imperative_first")
        and not segment.content.rstrip().endswith((":", "?"))
    )


def list_gaps(items: list[Segment]) -> list[tuple[int, int]]:
    """Stretches of the text after the list's start that are not the list: [start, stop).

    A contact heading ("Press contact:") ends the list; so does, in a numbered or
    bulleted list, a paragraph of running text after its last marked entry; and in any
    list, two paragraphs of running text in a row after three entries — until a new
    signatories heading or group heading ("Einzelpersonen:") starts it again. A page
    goes on after its list (sharing buttons, related articles, a press contact), and
    none of that may become a signatory.
    """
    end = len(items)
    for index, segment in enumerate(items):
        if segment.kind == "contact" and any(entry_like(s) for s in items[:index]):
            end = index
            break
    gaps: list[tuple[int, int]] = [(end, len(items))] if end < len(items) else []
    marked = [i for i, s in enumerate(items[:end]) if s.kind == "item" and s.marker != "none"]
    for index in range(marked[-1] + 1 if marked else end, end):
        segment = items[index]
        if segment.kind == "item" and segment.marker == "none" and not entry_like(segment):
            before = [s for s in items[:index] if s.kind == "item"]
            if sum(1 for s in before if s.marker != "none") >= 0.6 * len(before):
                return [(index, len(items))]
            break
    texts = [i for i, s in enumerate(items[:end]) if s.kind == "item"]
    for a, b in pairwise(texts):
        if entry_like(items[a]) or entry_like(items[b]):
            continue
        if sum(1 for s in items[:a] if entry_like(s)) < 3:
            continue
        restart = next(
            (
                j
                for j in range(b + 1, end)
                if items[j].kind in {"heading", "status"}
                or (
                    items[j].kind == "item"
                    and group_heading(items[j], in_list=True) is not None
                    and is_lead_in(items[j].content)
                )
            ),
            end,
        )
        return [(a, restart), *gaps] if restart < end else [(a, len(items))]
    return gaps
