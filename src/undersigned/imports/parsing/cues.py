"""Does a text read as running text or as a signatory's name?

Why apart: finding where a list is, splitting a paragraph into entries and reading an
entry all ask these two questions, and every script answers them differently (capitals in
Latin and Cyrillic, sentence punctuation in Chinese and Japanese, line length in Arabic).
"""

from __future__ import annotations

import re
import unicodedata

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.dates import parse_status_date
from undersigned.imports.parsing.lexicon import has_org_word
from undersigned.imports.parsing.people import person_score
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.tails import take_trailing_country
from undersigned.imports.parsing.text import ends_with_abbreviation, split_top_level

__all__ = ["is_vague_category", "name_cue", "sentence_score"]

_ABBREVIATION_BRACKET = re.compile(
    r"\S\s*[(（]\s*[A-ZÀ-ÞА-ЯΑ-Ω][A-ZÀ-ÞА-ЯΑ-Ω0-9&.\-/]{1,9}\s*[)）]\s*$"
)


def _unspaced_sentence_score(core: str) -> float:
    """Sentence cues of scripts written without spaces (Chinese, Japanese) and Korean.

    What stands in brackets does not count: "阿部洋二(東京都清瀬市、共同代表)" is a name.
    """
    outside = core
    while True:  # nested brackets from the inside out
        shorter = re.sub(r"[(（][^()（）]*[)）]", "", outside)
        if shorter == outside:
            break
        outside = shorter
    core = outside.strip() or core
    letters = sum(1 for ch in core if ch.isalpha())
    score = 0.0
    inner = core[:-1]
    if any(mark in inner for mark in "，。；！？、"):
        # "專業。民主。起動" is a short name; a sentence goes on longer
        score += 1.5 if letters > 15 else 0.5
    if core.endswith(("。", "；", "！", "？")):
        score += 0.8
    if letters > 60:
        score += 2.0
    elif letters > 30:
        score += 1.0
    return score


def _words_score(found: list[str]) -> float:
    """Sentence words ("the", "we", "und") and an imperative first word."""
    folded = [fold(w) for w in found]
    hits = vocab.words("sentence_words").intersection(folded)
    score = 1.5 if len(hits) >= 2 else 0.7 if hits else 0.0
    if folded and folded[0] in vocab.words("imperative_first"):
        score += 0.7
    return score


def _punctuation_score(core: str, found: list[str]) -> float:
    tail = core.rstrip(")]}»”\"' ")
    if tail.endswith(("!", "?", "！", "？")):
        return 1.5
    if tail.endswith((".", "।", "۔")) and not ends_with_abbreviation(tail):
        return 0.8 if len(found) >= 4 else 0.3
    if tail.endswith((":", "：")):
        return 1.0
    return 0.0


def _shape_score(core: str, found: list[str], script: str) -> float:
    """Length, and mostly lower-case words where names would capitalise them."""
    score = 1.5 if len(found) > 40 else 0.7 if len(found) > 25 else 0.0
    if script not in CASELESS_SCRIPTS and len(found) >= 4:
        small = vocab.words("acronym_stopwords") | vocab.words("name_particles")
        content = [w for w in found if fold(w) not in small]
        lower = sum(1 for w in content if w[:1].islower())
        if content and lower / len(content) > 0.6:
            score += 0.8
    if script in CASELESS_SCRIPTS and len(found) > 14:
        score += 1.5  # Arabic, Persian, Hindi...: a name rarely has fifteen words
    if len(core) > 300:
        score += 2.0
    return score


def _name_discount(core: str) -> float:
    """What makes a line read as a name after all: an organization word, an
    abbreviation first, a person's name before the first comma."""
    discount = 0.5 if has_org_word(core) else 0.0
    first = core.split()[0] if core.split() else ""
    if abbreviation_shape(first) >= 0.8:
        discount += 0.5
    if person_score(split_top_level(core)[0]) >= 0.6:
        discount += 0.5
    return discount


def _without_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))


def sentence_score(text: str) -> float:
    """How much ``text`` reads as running text (higher = more sentence-like)."""
    core = text.strip().strip("*_\"'“”„«»").strip()
    if not core:
        return 0.0
    script = dominant_script(core)
    if script in UNSPACED_SCRIPTS or script == "HANGUL":
        return _unspaced_sentence_score(core)
    # words with their vowel signs and diacritics (Devanagari matras, Arabic harakat are
    # marks, not letters, and would cut "नागरिकों" into four words)
    found = re.findall(r"[^\W\d_][\w'’\-]*", _without_marks(core))
    score = _words_score(found) + _punctuation_score(core, found)
    score += _shape_score(core, found, script)
    if parse_status_date(core) is not None:
        score += 0.7
    return score - _name_discount(core)


def name_cue(content: str) -> int:
    """1 when the start of ``content`` looks like a signatory's name, else 0."""
    first = split_top_level(content, ",;،")[0]
    # "Jan Rokita – polityk": the name before a spaced dash and its description
    first = re.split(r"\s[-–—]\s", first, maxsplit=1)[0]
    tokens = first.split()
    if not tokens:
        return 0
    if has_org_word(first) or abbreviation_shape(tokens[0]) >= 0.8:
        return 1
    if person_score(first) >= 0.6:
        return 1
    if take_trailing_country(content)[1] is not None:
        return 1
    if _ABBREVIATION_BRACKET.search(first):
        return 1  # "… Tanganyika (TLS)": a name followed by its abbreviation, any language
    if len(tokens) <= 6 and all(t[:1].isupper() or not t[:1].isalpha() for t in tokens):
        return 1
    # "Amigos de la Tierra", "Ecologistas en Acción": capitalised words and particles
    small = vocab.words("acronym_stopwords") | vocab.words("name_particles")
    if (
        len(tokens) <= 8
        and tokens[0][:1].isupper()
        and all(t[:1].isupper() or not t[:1].isalpha() or fold(t) in small for t in tokens)
    ):
        return 1
    # Scripts without capitals: a short line without a sentence's punctuation.
    script = dominant_script(first)
    if script in CASELESS_SCRIPTS and not re.search(r"[.。!?！？؟،,;；]\s*\S", first):
        letters = sum(1 for ch in first if ch.isalpha())
        if (len(tokens) <= 8 and script not in UNSPACED_SCRIPTS) or letters <= 30:
            return 1
    return 0


def is_vague_category(text: str) -> bool:
    """A line naming a kind of signatory, not one: "Town councils of several localities",
    "Organizaciones de autónomos de Cataluña".

    A name may hold such words too ("Some Group", "ABC Other Voices"): a quantifier
    counts only written in lower case, and a line with an abbreviation is a name.
    """
    words = re.findall(r"[^\W\d_][\w'’\-]*", text)
    if not words or len(words) > 10 or any(abbreviation_shape(w) >= 1.0 for w in words):
        return False
    if person_score(split_top_level(text)[0]) >= 0.6:
        return False  # "Leslie Malton, Schauspielerin": a person, however described
    lowered = {w for w in words[1:] if w[:1].islower()}
    if vocab.words("vague_quantifiers").intersection(lowered):
        return True
    if fold(words[0]) not in vocab.words("group_words"):
        return False
    small = vocab.words("acronym_stopwords") | vocab.words("name_particles")
    proper = [w for w in words[1:] if w[:1].isupper() and fold(w) not in small]
    return all(match_country(w, allow_fuzzy=False) is not None for w in proper)


def reads_as_message(text: str) -> bool:
    """A signer's message under their name ("先日、国会図書館に調査に行きました。"): a long
    line ending with a sentence's full stop, in any script."""
    text = text.strip()
    if not text.endswith(("。", "！", "!", "？", "?", "।", "۔")) and not re.search(
        r"[^\W\d_]{3,}\.$", text
    ):
        return False
    unspaced = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    if unspaced >= 15:
        return True
    # "Professor of History at the University of X, Canada." ends in a full stop too
    return len(text.split()) >= 8 and sentence_score(text) >= 1.0
