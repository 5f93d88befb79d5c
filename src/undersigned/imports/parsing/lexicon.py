"""Word cues: does a text name an organization, a role, an institution; is it English?

Why cues and not a classifier: a list is short, its language often unknown, and the
organizer must be able to see why a line was read one way. Each cue is a vocabulary in
``vocab/`` (stems in many languages) and a small rule for using it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.countries import country_name_words
from undersigned.imports.parsing.scripts import UNSPACED_SCRIPTS, dominant_script, fold
from undersigned.imports.parsing.text import has_stem

__all__ = [
    "english_score",
    "english_share",
    "has_institution_word",
    "has_org_word",
    "has_role_word",
    "is_demonym",
    "named_like_profession",
    "starts_with_role",
]

_FOREIGN_SUFFIX = re.compile(
    r"(?:isch|ische|ischen|ischer|ung|heit|keit|schaft|yj|ij|aja|oje|ogo|ego|ykh|ikh|ov|ev|"
    r"ija|iya|ismo|ista|istas|ción|cion|ione|zione|dade|ização|isme|iste|ique|iques|eur|eurs|"
    r"eux|ität|tät|ismus|isten|ewo|owo|aire|aires|aria|ario|ados|adas|ismo|ski|ska|sko|nyj|"
    r"naja|noje|stvo|stwo|ność|ości|ności|ção|ções|ões|ão)$"
)


@cache
def _org_substrings() -> tuple[str, ...]:
    """Words found inside others (Chinese 党, 協会); Arabic-script ones are matched as
    words instead (``_arabic_org_word``): "نادية" holds "نادي" (club), "عادل" "دل"."""
    found = (fold(sub) for sub in vocab.phrases("org_substrings"))
    return tuple(sub for sub in found if dominant_script(sub) != "ARABIC")


@cache
def _arabic_org_words() -> re.Pattern[str]:
    words = [fold(w) for w in vocab.phrases("org_substrings") if dominant_script(w) == "ARABIC"]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # a conjunction, a preposition and the article glued before the word ("والنقابة"),
    # a plural or Persian ending after it ("نقابات", "شورای")
    return re.compile(
        rf"(?<![\w\u0600-\u06ff])(?:و|ف)?(?:ب|ل|ك)?(?:ال|لل)?(?:{alternatives})"
        r"(?:ات|ه|ی|ها)?(?![\w\u0600-\u06ff])"
    )


@lru_cache(maxsize=8192)
def has_org_word(text: str) -> bool:
    """Whether ``text`` has a word that names organizations ("Party", "Verein", "党")."""
    if has_stem(text, vocab.phrases("org_stems")):
        return True
    folded_text = fold(text)
    if any(sub in folded_text for sub in _org_substrings()):
        return True
    if _arabic_org_words().search(folded_text):
        return True
    suffixes = vocab.phrases("org_suffixes")
    for token in re.findall(r"[^\W\d_][\w\-]*", fold(text)):
        for part in token.split("-"):
            for suffix in suffixes:
                if len(part) > len(suffix) + 2 and part.endswith(suffix):
                    return True
    return False


@lru_cache(maxsize=8192)
def has_role_word(text: str) -> bool:
    """Whether ``text`` has a word of a person's role or profession.

    Compounds count by their ending too ("Politikwissenschaftlerin", "Personalrat").
    """
    if has_stem(text, vocab.phrases("role_stems")):
        return True
    if dominant_script(text) in UNSPACED_SCRIPTS and any(
        w in text for w in vocab.phrases("role_substrings")
    ):
        return True
    suffixes = vocab.phrases("role_suffixes")
    for token in re.findall(r"[^\W\d_][\w\-]*", fold(text)):
        for part in token.split("-"):
            if any(len(part) > len(s) + 2 and part.endswith(s) for s in suffixes):
                return True
            if _prefixed_role(part):
                return True
    return False


def _prefixed_role(word: str) -> bool:
    """ "Wiceprezes", "Vizepräsident", "вицепрезидент", "coordinadora": a role after a
    prefix of rank (vice, co, deputy...) written as one word."""
    for prefix in vocab.phrases("role_prefixes"):
        rest = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(rest) >= 4
            and has_stem(rest, vocab.phrases("role_stems"))
        ):
            return True
    return False


def starts_with_role(text: str) -> bool:
    """Whether ``text`` begins with a role ("Professor of X", "Vorsitzender des BUND")."""
    first = text.split()[:2]
    return bool(first) and (has_role_word(first[0]) or has_role_word(" ".join(first)))


@lru_cache(maxsize=8192)
def has_institution_word(text: str) -> bool:
    """Whether ``text`` names an institution (a university, an institute, a hospital)."""
    return has_stem(text, vocab.phrases("institution_stems"))


@cache
def _demonym_prefixes() -> frozenset[str]:
    """Stems of country names that English demonyms start with (Paraguay -> "paragu")."""
    generic = vocab.words("demonym_generic")
    stems = {w[: max(4, len(w) - 2)] for w in country_name_words() if len(w) >= 4}
    stems -= {w[: max(4, len(w) - 2)] for w in generic}
    stems.update({"kurd", "tamil", "basq", "catala", "palestin", "afric", "europ", "asia"})
    return frozenset(stems)


def is_demonym(word: str) -> bool:
    return re.search(r"(?:an|ian|ese|ish|i|ic)$", word) is not None and any(
        word.startswith(stem) for stem in _demonym_prefixes()
    )


def english_score(text: str) -> float:
    """Share of recognisably English words among recognisable words; 0.5 when unknown."""
    english = foreign = 0
    demonym_stems = country_name_words()
    english_words = vocab.words("english_words")
    foreign_words = vocab.words("foreign_words")
    for raw in re.findall(r"[^\W\d_][\w'’\-]*", text):
        word = fold(raw).strip("'-")
        parts = [p for p in re.split(r"[-]", word) if p] or [word]
        for part in parts:
            base = re.sub(r"'s$|s'$", "", part)
            if part in english_words or base in english_words:
                english += 1
            elif (
                part in foreign_words
                or any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", part))
                or not part.isascii()
            ):
                foreign += 1
            elif is_demonym(part):
                english += 1
            elif part in demonym_stems:
                continue
            elif len(part) > 3 and _FOREIGN_SUFFIX.search(part):
                foreign += 1
    if english + foreign == 0:
        return 0.5
    return english / (english + foreign)


def english_share(text: str) -> float:
    """Share of all words of ``text`` that are English (lexicon, demonym or country word)."""
    words = [fold(w).strip("'-") for w in re.findall(r"[^\W\d_][\w'’\-]*", text)]
    if not words:
        return 0.0
    country_words = country_name_words()
    english_words = vocab.words("english_words")
    english = 0
    for word in words:
        base = re.sub(r"'s$|s'$", "", word)
        parts = [p for p in base.split("-") if p]
        if all(p in english_words or p in country_words or is_demonym(p) for p in parts or [base]):
            english += 1
    return english / len(words)


def named_like_profession(text: str) -> bool:
    """ "Médecins du Monde", "Lawyers for Human Rights": a plural profession in title case
    names an organization."""
    found = text.split()
    if not (len(found) >= 3 and found[0][:1].isupper() and found[-1][:1].isupper()):
        return False
    first = found[0]
    # a plural: the word without its "s" is a role too ("Médecins", not "Wiceprezes")
    return first.endswith("s") and has_role_word(first) and has_role_word(first[:-1])
