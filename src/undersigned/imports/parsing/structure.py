"""The shape of a document: which lines are headings, status lines, body text, the list.

Why classify before reading names: a declaration's demands are numbered too, a heading
("Universities and research institutes") looks like a name, and "Status of the
signatories 06.01.2025" must be found wherever it stands. Each line gets a kind here;
``find_anchor`` and ``find_run`` then say where the list starts and ends.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab
from .acronyms import abbreviation_shape
from .countries import match_country
from .dates import has_month_year, parse_status_date
from .entry import ends_with_abbreviation
from .lexicon import has_org_word
from .lines import SEPARATOR_RE, Segment
from .people import person_score
from .result import Hint
from .scripts import fold
from .tails import take_trailing_country
from .text import has_stem, split_top_level, words

__all__ = [
    "classify",
    "entry_like",
    "find_anchor",
    "find_run",
    "group_heading",
    "is_salutation",
    "name_cue",
    "sentence_score",
    "signatories_heading",
    "status_signing_open",
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
    return re.compile(rf"(?:^|\b)(?:{vocab.alternatives('status_keywords')})", re.IGNORECASE)


_LINK_RE = re.compile(
    r"^(?:[\w\s]{0,30}:\s*)?(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)[\s.,;)]*$",
    re.IGNORECASE,
)
_SIGN_WORD = re.compile(
    r"\bsign|unterzeichn|unterschr|\bfirm|подпис|підпис|sottoscri|assin|onderteken|imza|υπογρ",
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
            if not tail or not tail[0].isalpha():
                rest = tail.strip()
                # "signatories (as of ...)" / "signatories of the appeal" / "(23)"
                if len(rest.split()) <= 6 and not sentence_words.intersection(rest.split()):
                    inline = after.strip() if colon else ""
                    return True, inline if inline_is_list(inline) else ""
    # "The following organisations have signed:" -- a short line ending in a colon
    if colon and not after.strip() and len(folded.split()) <= 12 and _SIGN_WORD.search(folded):
        return True, ""
    return False, ""


def inline_is_list(inline: str) -> bool:
    """Whether text after "Signatories:" on the same line is itself a list of names."""
    if not inline or inline[0].isdigit() or not (inline[0].isupper() or not inline[0].isalpha()):
        return False
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


def is_closing_line(text: str) -> bool:
    core = text.strip().strip("*_").strip()
    return len(core.split()) <= 12 and bool(_closing_re().match(core))


def is_link_line(text: str) -> bool:
    return bool(_LINK_RE.match(text.strip()))


def sentence_score(text: str) -> float:
    """How much ``text`` reads as running text (higher = more sentence-like)."""
    core = text.strip().strip("*_\"'“”„«»").strip()
    if not core:
        return 0.0
    found = re.findall(r"[^\W\d_][\w'’\-]*", core)
    folded = [fold(w) for w in found]
    score = 0.0
    hits = vocab.words("sentence_words").intersection(folded)
    if len(hits) >= 2:
        score += 1.5
    elif len(hits) == 1:
        score += 0.7
    tail = core.rstrip(")]}»”\"' ")
    if tail.endswith(("!", "?", "！", "？")):
        score += 1.5
    elif tail.endswith(".") and not ends_with_abbreviation(tail):
        score += 0.8 if len(found) >= 4 else 0.3
    elif tail.endswith((":", "：")):
        score += 1.0
    if len(found) > 40:
        score += 1.5
    elif len(found) > 25:
        score += 0.7
    if parse_status_date(core) is not None:
        score += 0.7
    if folded and folded[0] in vocab.words("imperative_first"):
        score += 0.7
    if len(core) > 300:
        score += 2.0
    if has_org_word(core):
        score -= 0.5
    first = core.split()[0] if core.split() else ""
    if abbreviation_shape(first) >= 0.8:
        score -= 0.5
    if person_score(split_top_level(core)[0]) >= 0.6:
        score -= 0.5
    return score


def name_cue(content: str) -> int:
    """1 when the start of ``content`` looks like a signatory's name, else 0."""
    first = split_top_level(content, ",;")[0]
    tokens = first.split()
    if not tokens:
        return 0
    if has_org_word(first) or abbreviation_shape(tokens[0]) >= 0.8:
        return 1
    if person_score(first) >= 0.6:
        return 1
    if take_trailing_country(content)[1] is not None:
        return 1
    if len(tokens) <= 6 and all(t[:1].isupper() or not t[:1].isalpha() for t in tokens):
        return 1
    return 0


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
        elif is_status_line(segment.content or text):
            segment.kind = "status"
        elif signatories_heading(segment.content if segment.marker == "none" else "")[0]:
            segment.kind = "heading"
        elif is_closing_line(segment.content):
            segment.kind = "closing"
        elif is_link_line(segment.content):
            segment.kind = "link"
        else:
            segment.kind = "item"
            segment.sentence = sentence_score(segment.content)


def entry_like(segment: Segment) -> bool:
    return segment.kind == "item" and segment.sentence < 1.5 and len(segment.content) <= 400


_FROM = re.compile(
    r"^(?:from|aus|de|d'|du|des|del|de la|из|з|із|desde|da|dall'|dalla|dalle|uit)\s+",
    re.IGNORECASE,
)


def group_heading(segment: Segment, in_list: bool) -> Hint | None:
    """If the segment is a group heading inside a list, the hint it gives."""
    text = segment.content if segment.marker == "none" else ""
    if not text:
        return None
    core = normalize_heading_text(text)
    if not core:
        return None
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
    group_words = vocab.words("group_words")
    vocabulary = all(
        w.strip("()/,&-") in group_words or w in {"and", "und", "et", "y", "&", "/"}
        for w in folded.split()
    ) or bool(vocab.pattern("group_phrases").match(folded))
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


def find_anchor(segments: list[Segment]) -> int | None:
    """Index of the heading/status segment after which the list starts.

    A heading or status line counts when the first real line after it is name-like. Of
    several such anchors the first is taken, unless body text (sentences) lies between it
    and a later one: "Stand: ..." above the title, "Signatories:" below the body.
    """
    valid: list[int] = []
    for segment in segments:
        if segment.kind not in {"heading", "status"}:
            continue
        if segment.kind == "heading" and signatories_heading(segment.content)[1]:
            valid.append(segment.index)
            continue
        for follower in segments[segment.index + 1 :]:
            if follower.kind in {"markup", "separator", "heading", "status", "link"}:
                continue
            if follower.kind == "item" and group_heading(follower, in_list=True):
                continue
            if entry_like(follower) or follower.kind == "number-only":
                valid.append(segment.index)
            break
    if not valid:
        return None
    chosen = valid[0]
    for later in valid[1:]:
        between = segments[chosen + 1 : later]
        if any(s.kind == "item" and not entry_like(s) for s in between):
            chosen = later
    return chosen


def find_run(segments: list[Segment]) -> tuple[int, int] | None:
    """The best run of entry-like segments when there is no anchor: (start, end)."""
    runs: list[tuple[int, int, int, int]] = []  # start, end, count, cues
    start: int | None = None
    count = cues = 0
    last = -1
    for segment in segments:
        if segment.kind in {"markup", "separator", "link", "closing", "status"}:
            continue
        if segment.kind == "item" and group_heading(segment, in_list=False):
            continue
        if entry_like(segment) or segment.kind == "number-only":
            if start is None:
                start, count, cues = segment.index, 0, 0
            if segment.kind == "item":
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
