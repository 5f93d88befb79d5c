"""Headings: the list's own ("Signatories:", "联署团体：") and the groups inside it
("Universities and research institutes", "Germany", "Confederations:").

Why apart from the rest of a document's structure: a heading decides where a list
starts and what kind and country its next lines have, and each language and script
writes it differently (a colon, a bracket, a word for groups right after the signing
word in Chinese, Japanese, Korean and Thai). The words are vocabularies.
"""

from __future__ import annotations

import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.cues import name_cue, sentence_score
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.result import Hint
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.text import has_stem

__all__ = [
    "group_heading",
    "has_ordering_note",
    "inline_is_list",
    "is_category",
    "is_salutation",
    "normalize_heading_text",
    "signatories_heading",
]


@cache
def _salutation_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{vocab.alternatives('salutations')})[\s,.:!]*$", re.IGNORECASE)


@cache
def _heading_prefix_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:(?:{vocab.alternatives('heading_prefixes')})\s+)*", re.IGNORECASE)


_SIGN_WORD = re.compile(
    r"\bsign|unterzeichn|unterschr|\bfirm|подпис|підпис|sottoscri|assin|onderteken|imza|υπογρ|"
    r"ký tên|aláír|allekirj|underteck|undersk|podepsa|semn|potpis|امضا|توقيع|الموقع|חתימ|"
    r"हस्ताक्षर|স্বাক্ষর|署名|签名|簽名|联署|聯署|서명|연명|penandatangan|ditandatangani|lumagda|"
    r"saini|ลงนาม",
    re.IGNORECASE,
)
_BRACKETS_OPEN = "【<〈［[「『＜《"
_FROM = re.compile(
    r"^(?:from|aus|de|d'|du|des|del|de la|из|з|із|desde|da|dall'|dalla|dalle|uit)\s+",
    re.IGNORECASE,
)


def normalize_heading_text(text: str) -> str:
    text = text.strip().strip("*_#").strip()
    return re.sub(r"[\s:：.!]+$", "", text).strip()


def is_salutation(text: str) -> bool:
    return bool(_salutation_re().match(normalize_heading_text(text) + ","))


def _split_colon(text: str) -> tuple[str, str, str]:
    head, colon, after = text.partition(":")
    if not colon:
        head, colon, after = text.partition("：")
    return head, colon, after


def _starts_with_heading_phrase(folded: str) -> bool:
    """ "signatories (as of ...)", "signatories of the appeal", "聯署團體": a phrase of
    the vocabulary, then at most a short qualifier."""
    sentence_words = vocab.words("sentence_words")
    for phrase in vocab.phrases("signatory_headings"):
        if not folded.startswith(phrase):
            continue
        tail = folded[len(phrase) :]
        # scripts without spaces: "聯署團體" is "聯署" (co-signed) + "團體" (groups)
        unspaced = dominant_script(phrase) in UNSPACED_SCRIPTS and len(tail) <= 8
        # a word goes on ("signatorys"), unless another script starts: "Organizations发起团体"
        glued = dominant_script(tail[:1]) == dominant_script(phrase[-1:])
        if tail and tail[0].isalpha() and not unspaced and glued:
            continue
        rest = tail.strip().split()
        if len(rest) <= 6 and not sentence_words.intersection(rest):
            return True
    return False


def _unspaced_heading(candidate: str, folded: str) -> bool:
    """Chinese, Japanese, Korean and Thai headings name the signatories anywhere in a short
    line: "한미정상회담 입장 발표 연명 여성단체들", "【賛同団体・グループ】",
    "รายชื่อองค์กรที่ร่วมลงนาม". A name can contain the word too
    ("…署名をすすめる長和町の会"): it must be bracketed, end the line, or be followed
    closely by a word for groups or people."""
    script = dominant_script(candidate)
    if not (script in UNSPACED_SCRIPTS or script == "HANGUL") or len(candidate) > 40:
        return False
    bracketed = candidate[:1] in _BRACKETS_OPEN
    group_words = vocab.phrases("cjk_group_words")
    kind = re.fullmatch(r"[^()（）]{1,12}[(（]([^()（）]{1,4})[)）]", candidate.strip(" :："))
    if kind and kind.group(1) in {*group_words, "個人", "个人", "개인"}:
        return True  # "メッセージ(団体)": messages (of groups), the kind in brackets
    for phrase in vocab.phrases("signatory_headings"):
        position = folded.find(phrase)
        if position < 0 or dominant_script(phrase) != script:
            continue
        window = folded[position + len(phrase) : position + len(phrase) + 6]
        ends = folded.rstrip(" :：").endswith(phrase) and len(phrase) >= 3
        if bracketed or ends or any(w in window for w in group_words):
            return True
    return False


def signatories_heading(text: str) -> tuple[bool, str]:
    """(is a signatories heading, content after a colon on the same line)."""
    if len(text) > 160:
        return False, ""
    if is_salutation(text):
        return True, ""
    head, colon, after = _split_colon(text)
    candidate = normalize_heading_text(head if colon else text)
    folded = _heading_prefix_re().sub("", fold(candidate))
    if len(folded.split()) > 8:
        return False, ""
    if _starts_with_heading_phrase(folded):
        inline = after.strip() if colon else ""
        return True, inline if inline_is_list(inline) else ""
    # "The following organisations have signed:" -- a short line ending in a colon
    if colon and not after.strip() and len(folded.split()) <= 12 and _SIGN_WORD.search(folded):
        return True, ""
    return _unspaced_heading(candidate, folded), ""


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


def _hint_of(text: str, heading: str | None = None) -> Hint:
    hint = Hint(heading=text if heading is None else heading)
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


def _heading_inside_list(segment: Segment, text: str, core: str) -> bool:
    """ "Confederations:", "## Academics": a short line a list uses as a heading."""
    found = core.split()
    ends_colon = text.rstrip().rstrip("*_").rstrip().endswith((":", "："))
    if ends_colon and len(found) <= 8 and not has_stem(core, vocab.words("sentence_words")):
        return True
    return segment.md_heading and len(found) <= 10


def group_heading(segment: Segment, in_list: bool) -> Hint | None:
    """If the segment is a group heading inside a list, the hint it gives."""
    if segment.marker != "none" and is_category(segment.content):
        return _hint_of(segment.content)
    text = segment.content if segment.marker == "none" else ""
    core = normalize_heading_text(text) if text else ""
    if not core:
        return None
    hint = _hint_of(core, heading=text)
    if has_ordering_note(core) and len(core) <= 80:
        return hint
    short = len(core.split()) <= 6
    country = match_country(_FROM.sub("", core), allow_fuzzy=False)
    if country is not None:
        hint.country = country.text
        if short:
            return hint
    vocabulary = is_category(core) or bool(vocab.pattern("group_phrases").match(fold(core)))
    if vocabulary and short:
        return hint
    if in_list and _heading_inside_list(segment, text, core):
        return hint
    return None
