"""Where an organization's abbreviation is: leading ("KPD Kommunistische Partei…"),
after a dash or a bracket at the end, or in brackets before a legal form.

Why candidates with scores: where the abbreviation ends cannot be read left to right —
"PC (ML) Partido…", "CP of Albania" (the abbreviation opens the name), "ООО «Медиа»"
(a legal form, no abbreviation). Each split is scored by how well the abbreviation
matches the initials of the rest; ``organizations`` weighs it with the brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import (
    abbreviation_shape,
    acronym_score,
    acronym_words,
    contains_sequence,
)
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
)
from undersigned.imports.parsing.text import Token, tokenize, trailing_groups

__all__ = [
    "AbbrChoice",
    "abbreviation_candidates",
    "is_trailing_abbreviation",
    "legal_form_tail",
    "looks_like_abbreviation",
    "starts_with_legal_form",
    "take_tail_abbreviation",
]


@dataclass(slots=True)
class AbbrChoice:
    abbreviation: str | None
    name: str
    score: float
    detail: float  # acronym score (or verbatim) for notes
    shaped: bool


def starts_with_legal_form(text: str) -> bool:
    """Whether ``text`` begins with a legal form ("e.V. – Verein …", "GmbH")."""
    folded = fold(text.strip())
    for form in vocab.phrases("legal_forms"):
        if folded.startswith(form) and (
            len(folded) == len(form) or not folded[len(form)].isalnum()
        ):
            return True
    return False


def legal_form_tail(text: str) -> tuple[str, str]:
    """ "Bundesverband Digitale Wirtschaft (BVDW) e.V." -> (text before, " e.V.")."""
    folded = fold(text)
    for form in sorted(vocab.phrases("legal_forms"), key=len, reverse=True):
        if folded.endswith(" " + form) and len(form) >= 2:
            cut = len(text) - len(form)
            return text[:cut].rstrip(), text[cut - 1 :] if text[cut - 1] == " " else " " + text[
                cut:
            ]
    return text, ""


_SEPARATORS = {"-", "–", "—", ":", "|", "/", ".", "·"}


def _separated(text: str, tokens: list[Token], n: int) -> tuple[str, int, bool]:
    """(abbreviation candidate, index of the name's first token, explicitly separated)."""
    candidate = text[: tokens[n - 1].end].strip()
    # "PCPE – Partido ...", "PTB-PVDA: Parti ...": an explicit separator after the abbreviation
    if tokens[n].text in _SEPARATORS and n + 1 < len(tokens):
        return candidate, n + 1, True
    if candidate.endswith((":", "：")) and len(candidate) > 1:
        return candidate[:-1].rstrip(), n, True
    if (
        candidate.endswith(".")
        and "." not in candidate[:-1]
        and abbreviation_shape(candidate[:-1]) >= 1.0
    ):
        return candidate[:-1], n, True  # "FAEE. Federación de Artistas"
    return candidate, n, False


def _rejected(candidate: str, rest: str, first_rest: str, separated: bool, n: int) -> bool:
    """Splits that cannot be an abbreviation and a name, whatever their letters."""
    skip_words = vocab.words("acronym_stopwords") | vocab.words("foreign_words")
    if first_rest[0] in "([{,;/&-–—" or len(candidate) > 40:
        return True
    if not separated and first_rest.islower() and fold(first_rest) in skip_words:
        return True  # "CP of Albania", "WP in Denmark": the abbreviation opens the name
    if n == 1 and fold(candidate) in vocab.phrases("legal_forms"):
        return True  # "ООО «Медиа»", "АНО «Центр»": a legal form opens the name
    return starts_with_legal_form(rest)  # "LOAD e.V. – Verein …": LOAD's legal form


def _verbatim(cand_words: list[str], rest_words: list[str]) -> bool:
    """Whether the candidate's words (four letters or more in all) stand, in order, among
    the more numerous words of the rest: the candidate is spelled out verbatim there."""
    return (
        sum(len(w) for w in cand_words) >= 4
        and len(rest_words) > len(cand_words)
        and contains_sequence(rest_words, cand_words)
    )


def _score(candidate: str, rest: str, cand_tokens: list[Token], shaped: bool) -> float | None:
    """How well ``candidate`` abbreviates ``rest`` (None: not at all)."""
    n = len(cand_tokens)
    acr = acronym_score(candidate, rest)
    cand_words = acronym_words(candidate)
    rest_words = acronym_words(rest)
    verbatim = _verbatim(cand_words, rest_words)
    if shaped:
        score = 0.2 if acr == 0.0 and len(rest_words) < 3 else 0.6 + 0.4 * acr
        if n > 1 and not all(t.text.startswith(("(", "[")) for t in cand_tokens[1:]):
            score -= 0.15 * (n - 1)
        return score
    if acr >= 0.85 and len(rest_words) >= 2 and n >= 2:
        return 0.9 * acr
    caseless = dominant_script(candidate) in CASELESS_SCRIPTS
    if n == 1 and acr >= 0.9 and len(rest_words) >= 2 and caseless and len(candidate) <= 6:
        return 0.8  # abbreviations in scripts without capitals
    if verbatim and not abbreviation_shape(rest.split()[0]):
        return 0.85 + 0.03 * min(len(cand_words), 4)
    return None


def _detail(candidate: str, rest: str) -> float:
    cand_words = acronym_words(candidate)
    rest_words = acronym_words(rest)
    verbatim = _verbatim(cand_words, rest_words)
    return max(acronym_score(candidate, rest), 0.9 if verbatim else 0)


def _choice(text: str, tokens: list[Token], n: int) -> AbbrChoice | None:
    """The split after the first ``n`` tokens, scored, or None when it is no split."""
    candidate, rest_index, separated = _separated(text, tokens, n)
    rest = text[tokens[rest_index].start :].strip()
    if _rejected(candidate, rest, tokens[rest_index].text, separated, n):
        return None
    if separated and n == 1 and tokens[n].text in {"-", "–", "—"} and len(tokens) - rest_index >= 2:
        # "cnetz – Verein für Netzpolitik", "Bitkom – Bundesverband …": one word, a dash
        return AbbrChoice(candidate, rest, 0.95, 0.9, True)
    if any(q in candidate for q in '"„“”«»,;:'):
        return None
    last_token = tokens[n - 1].text
    skip_words = vocab.words("acronym_stopwords") | vocab.words("foreign_words")
    if last_token.islower() and fold(last_token) in skip_words:
        return None
    plain = [t for t in tokens[:n] if not t.text.startswith(("(", "["))]
    shaped = (
        bool(plain)
        and all(abbreviation_shape(t.text) >= 0.8 for t in plain)
        and any(c.islower() for c in text)
    )
    score = _score(candidate, rest, tokens[:n], shaped)
    if score is None:
        return None
    return AbbrChoice(
        candidate, rest, score + (0.1 if separated else 0.0), _detail(candidate, rest), shaped
    )


def abbreviation_candidates(text: str) -> list[AbbrChoice]:
    """Every plausible (abbreviation, name) split of ``text``, the whole name first."""
    tokens = tokenize(text)
    choices = [AbbrChoice(None, text.strip(), 0.5, 0.0, False)]
    for n in range(1, min(6, len(tokens) - 1) + 1):
        choice = _choice(text, tokens, n)
        if choice is not None:
            choices.append(choice)
    return choices


def caseless_abbreviation(extra: str, name: str) -> bool:
    """In scripts without capitals and with spaces (Bengali, Arabic, Persian...), one
    word after a name of several ("জাতীয় সমাজতান্ত্রিক দল (জেএসডি)") is its abbreviation."""
    script = dominant_script(name)
    return (
        script in CASELESS_SCRIPTS
        and script not in UNSPACED_SCRIPTS
        and dominant_script(extra) == script
        and len(extra.split()) == 1
        and len(name.split()) >= 2
        and len(extra) <= 10
    )


def is_trailing_abbreviation(extra: str, name: str) -> bool:
    """ "(PCR)" after "Partido Comunista Revolucionario": the name's abbreviation."""
    if caseless_abbreviation(extra, name):
        return True
    if len(extra.split()) != 1 or abbreviation_shape(extra) < 0.8:
        return False
    letters = sum(1 for c in extra if c.isalpha())
    threshold = 0.6 if letters >= 3 else 0.8
    if abbreviation_shape(extra) < 1.0:
        threshold = 0.8  # "BITMi", "KontraS": mixed case must match well
    return acronym_score(extra, name) >= threshold


def looks_like_abbreviation(text: str) -> bool:
    """One word of three letters or more in capitals ("ENEDEP"), or mostly capitals
    starting with one ("PCdoB", "ISOC.DE"): an abbreviation even where it matches no
    initials (of the name in another language); no tendency marker ("(ML)")."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return (
        len(text.split()) == 1
        and len(letters) >= 3
        and text[:1].isupper()
        and (abbreviation_shape(text) >= 1.0 or (upper >= 3 and upper >= 0.5 * len(letters)))
        and text.upper() not in vocab.words("tendency_markers")
    )


def abbreviation_of_another_language(tail: str, name: str) -> bool:
    """One word of three capitals or more after a name in mixed case: an abbreviation,
    though of the name in another language ("… Freundschaft - ISAI")."""
    letters = [c for c in tail if c.isalpha()]
    return (
        len(tail.split()) == 1
        and len(letters) >= 3
        and abbreviation_shape(tail) >= 1.0
        and tail.upper() not in vocab.words("tendency_markers")
        and any(c.islower() for c in name)
        and len(name.split()) >= 2
    )


_DASH_ABBREVIATION_TAIL = re.compile(r"^(.*\S)\s+[-–—]\s+(\S+)$|^(.*\S\s+\S+?)[-–](\S+)$")
_AFTER_BRACKET_ABBREVIATION = re.compile(
    r"^(.*[^\W\d_].*\))\s+((?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]*(?:\([A-Za-z/]{1,4}\))?)$"
)


def _dash_abbreviation(text: str) -> tuple[str, str | None]:
    """ "Name – ABBR"; glued only in scripts without capitals ("… দল-বিএনপি")."""
    dash_tail = _DASH_ABBREVIATION_TAIL.match(text)
    if not dash_tail:
        return text, None
    head = dash_tail.group(1) or dash_tail.group(3)
    tail = dash_tail.group(2) or dash_tail.group(4)
    spaced = dash_tail.group(1) is not None
    if (spaced or caseless_abbreviation(tail, head)) and is_trailing_abbreviation(tail, head):
        return head, tail
    if spaced and abbreviation_of_another_language(tail, head):
        return head, tail  # "Institut für Internationale Solidarität - ISAI"
    return text, None


def take_tail_abbreviation(text: str) -> tuple[str, str | None]:
    """An abbreviation at the end of a name, off it: after a dash, after a closing bracket
    ("… (Wiederaufbau) PCE(r)"), or in brackets before a legal form ("… (BVDW) e.V.")."""
    text, found = _dash_abbreviation(text)
    if found is None:
        after_bracket = _AFTER_BRACKET_ABBREVIATION.match(text)
        if after_bracket:
            text, found = after_bracket.group(1), after_bracket.group(2)
    before_form, legal_form = legal_form_tail(text)
    inner_groups = trailing_groups(before_form) if legal_form else []
    if inner_groups and found is None:
        start, end = inner_groups[-1]
        inner, head = before_form[start + 1 : end - 1].strip(), before_form[:start].rstrip()
        if head and (is_trailing_abbreviation(inner, head) or looks_like_abbreviation(inner)):
            return head + legal_form, inner
    if found is None:
        text, found = _inner_abbreviation(text)
    return _trailing_capitals(text) if found is None else (text, found)


# "Postępowa Partia Ludu pracującego Cypru AKEL": a party's own acronym after its name in
# another language, no bracket or dash between
_TRAILING_CAPITALS = re.compile(
    r"^(?P<name>(?:\S+\s+){2,}\S*[a-zà-ÿ]\S*)\s+(?P<abbr>[A-ZÀ-Þ]{3,8})$"
)


def _trailing_capitals(text: str) -> tuple[str, str | None]:
    match = _TRAILING_CAPITALS.match(text.strip())
    if match is None or fold(match.group("abbr")) in vocab.words("legal_forms"):
        return text, None
    if match_country(match.group("abbr"), allow_fuzzy=False) is not None:
        return text, None  # "… Party USA": a country, read as one later
    return match.group("name"), match.group("abbr")


# "… e.V. (IPPNW), Berlin", "… (DFG-VK) – Bundesverband": a bracket that a comma or a
# dash follows, inside the name, before a city or a branch.
_INNER_BRACKET = re.compile(r"\s\(([^()]{2,15})\)(?=,\s|\s[-–—]\s)")


def _inner_abbreviation(text: str) -> tuple[str, str | None]:
    match = _INNER_BRACKET.search(text)
    if match is None:
        return text, None
    inner, head = match.group(1).strip(), text[: match.start()].rstrip()
    if head and (is_trailing_abbreviation(inner, head) or looks_like_abbreviation(inner)):
        return head + text[match.end() :], inner
    return text, None
