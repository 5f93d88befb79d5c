"""Organizations: "ABBR Native name (Transliteration) (English name), Country".

Why try every split and score it: where the abbreviation ends, which brackets belong to
the name ("(Marxist-Leninist)") and which render it, cannot be read left to right. Each
candidate split (0-6 leading tokens as the abbreviation, 0-2 trailing brackets as
renderings) is scored by how well the abbreviation matches the initials, whether a
bracket sounds like the name (a transliteration) or is English (a translation), and
the best one wins; whatever it had to guess becomes a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import (
    abbreviation_shape,
    acronym_score,
    acronym_words,
    contains_sequence,
)
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.lexicon import english_score, english_share
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.result import Hint, Reading
from undersigned.imports.parsing.scripts import (
    CASELESS_SCRIPTS,
    UNSPACED_SCRIPTS,
    dominant_script,
    fold,
    is_mixed_script,
    transliteration_similarity,
)
from undersigned.imports.parsing.tails import (
    take_leading_country,
    take_trailing_country,
    take_trailing_url,
)
from undersigned.imports.parsing.text import bracket_balance, tokenize, trailing_groups, words

__all__ = ["is_trailing_abbreviation", "parse_organization"]


@dataclass(slots=True)
class _AbbrChoice:
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


def _legal_form_tail(text: str) -> tuple[str, str]:
    """ "Bundesverband Digitale Wirtschaft (BVDW) e.V." -> (text before, " e.V.")."""
    folded = fold(text)
    for form in sorted(vocab.phrases("legal_forms"), key=len, reverse=True):
        if folded.endswith(" " + form) and len(form) >= 2:
            cut = len(text) - len(form)
            return text[:cut].rstrip(), text[cut - 1 :] if text[cut - 1] == " " else " " + text[
                cut:
            ]
    return text, ""


def _abbreviation_candidates(text: str) -> list[_AbbrChoice]:
    tokens = tokenize(text)
    choices = [_AbbrChoice(None, text.strip(), 0.5, 0.0, False)]
    if len(tokens) < 2:
        return choices
    rest_has_lower = any(c.islower() for c in text)
    skip_words = vocab.words("acronym_stopwords") | vocab.words("foreign_words")
    for n in range(1, min(6, len(tokens) - 1) + 1):
        cand_tokens = tokens[:n]
        candidate = text[: cand_tokens[-1].end].strip()
        rest_index = n
        separated = False
        # "PCPE – Partido ...", "PTB-PVDA: Parti ...": an explicit separator after the abbreviation
        if tokens[n].text in {"-", "–", "—", ":", "|", "/", ".", "·"} and n + 1 < len(tokens):
            rest_index, separated = n + 1, True
        elif candidate.endswith((":", "：")) and len(candidate) > 1:
            candidate, separated = candidate[:-1].rstrip(), True
        elif (
            candidate.endswith(".")
            and "." not in candidate[:-1]
            and abbreviation_shape(candidate[:-1]) >= 1.0
        ):
            candidate, separated = candidate[:-1], True  # "FAEE. Federación de Artistas"
        rest = text[tokens[rest_index].start :].strip()
        first_rest = tokens[rest_index].text
        if first_rest[0] in "([{,;/&-–—" or len(candidate) > 40:
            continue
        if not separated and first_rest.islower() and fold(first_rest) in skip_words:
            continue  # "CP of Albania", "WP in Denmark": the abbreviation opens the name
        if n == 1 and fold(candidate) in vocab.phrases("legal_forms"):
            continue  # "ООО «Медиа»", "АНО «Центр»": a legal form opens the name
        if starts_with_legal_form(rest):
            continue  # "LOAD e.V. – Verein …": the legal form belongs to LOAD's name
        if (
            separated
            and n == 1
            and tokens[n].text in {"-", "–", "—"}
            and len(tokens) - rest_index >= 2
        ):
            # "cnetz – Verein für Netzpolitik", "Bitkom – Bundesverband …": one word, a dash
            choices.append(_AbbrChoice(candidate, rest, 0.95, 0.9, True))
            continue
        if any(q in candidate for q in '"„“”«»,;:'):
            continue
        last_token = cand_tokens[-1].text
        if last_token.islower() and fold(last_token) in skip_words:
            continue
        plain = [t for t in cand_tokens if not t.text.startswith(("(", "["))]
        shapes = [abbreviation_shape(t.text) for t in plain]
        shaped = bool(plain) and all(s >= 0.8 for s in shapes) and rest_has_lower
        acr = acronym_score(candidate, rest)
        cand_words = acronym_words(candidate)
        rest_words = acronym_words(rest)
        verbatim = (
            sum(len(w) for w in cand_words) >= 4
            and len(rest_words) > len(cand_words)
            and contains_sequence(rest_words, cand_words)
        )
        if shaped:
            score = 0.2 if acr == 0.0 and len(rest_words) < 3 else 0.6 + 0.4 * acr
            if n > 1 and not all(t.text.startswith(("(", "[")) for t in cand_tokens[1:]):
                score -= 0.15 * (n - 1)
        elif acr >= 0.85 and len(rest_words) >= 2 and n >= 2:
            score = 0.9 * acr
        elif (
            n == 1
            and acr >= 0.9
            and len(rest_words) >= 2
            and dominant_script(candidate) in CASELESS_SCRIPTS
            and len(candidate) <= 6
        ):
            score = 0.8  # abbreviations in scripts without capitals
        elif verbatim and not abbreviation_shape(rest.split()[0]):
            score = 0.85 + 0.03 * min(len(cand_words), 4)
        else:
            continue
        if separated:
            score += 0.1
        choices.append(
            _AbbrChoice(candidate, rest, score, max(acr, 0.9 if verbatim else 0), shaped)
        )
    return choices


_DASH_ABBREVIATION_TAIL = re.compile(r"^(.*\S)\s+[-–—]\s+(\S+)$|^(.*\S\s+\S+?)[-–](\S+)$")


_AFTER_BRACKET_ABBREVIATION = re.compile(
    r"^(.*[^\W\d_].*\))\s+((?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]*(?:\([A-Za-z/]{1,4}\))?)$"
)


def _abbreviation_of_another_language(tail: str, name: str) -> bool:
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


@dataclass(slots=True)
class _Extras:
    score: float
    transliteration: str | None = None
    translation: str | None = None
    abbreviation: str | None = None
    notes: list[Note] = field(default_factory=list)
    name: str | None = None
    """The name, when the bracket holds it and what stood before was its abbreviation."""


def _caseless_abbreviation(extra: str, name: str) -> bool:
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
    if _caseless_abbreviation(extra, name):
        return True
    if len(extra.split()) != 1 or abbreviation_shape(extra) < 0.8:
        return False
    letters = sum(1 for c in extra if c.isalpha())
    threshold = 0.6 if letters >= 3 else 0.8
    if abbreviation_shape(extra) < 1.0:
        threshold = 0.8  # "BITMi", "KontraS": mixed case must match well
    return acronym_score(extra, name) >= threshold


def _latin_after_other_script(name: str, extra: str) -> _Extras:
    """One Latin bracket after a non-Latin name: transliteration or translation?"""
    similarity = transliteration_similarity(name, extra)
    share = english_share(extra)
    if share >= 0.75 and similarity < 95:
        notes = []
        if similarity >= 80:
            notes.append(note("translation-not-transliteration", text=extra))
        return _Extras(1.0, translation=extra, notes=notes)
    if similarity >= 65:
        notes = []
        if similarity < 75 or share >= 0.5:
            notes.append(note("transliteration-not-translation", text=extra))
        return _Extras(1.0, transliteration=extra, notes=notes)
    notes = []
    if share < 0.5:
        notes.append(note("translation-not-transliteration", text=extra))
    return _Extras(1.0, translation=extra, notes=notes)


def _classify_extras(name: str, extras: list[str], has_abbreviation: bool) -> _Extras:
    """Score reading ``extras`` (trailing bracket contents) as transliteration/translation.

    A bracket can also be the name's own abbreviation ("... (PCR)", "... (ФАС)") when the
    line has no leading abbreviation.
    """
    if not extras:
        return _Extras(0.0)
    if (
        not has_abbreviation
        and len(extras) == 1
        and len(name.split()) == 1
        and abbreviation_shape(name) >= 0.8
        and len(extras[0].split()) >= 2
        and extras[0][:1].isupper()
        and match_country(extras[0], allow_fuzzy=False) is None
    ):
        # "KKE (Kommounistiko Komma Elladas)": ABBR (NAME), the name in the bracket
        return _Extras(1.2, abbreviation=name, name=extras[0])
    abbreviation: str | None = None
    bonus = 0.0
    notes: list[Note] = []
    if not has_abbreviation:
        for index in (0, len(extras) - 1):
            if is_trailing_abbreviation(extras[index], name):
                abbreviation = extras[index]
                extras = extras[:index] + extras[index + 1 :]
                bonus = 0.6
                break
        else:
            last = extras[-1]
            letters = [c for c in last if c.isalpha()]
            if (
                len(last.split()) == 1
                and abbreviation_shape(last) >= 1.0
                and len(letters) >= 3
                and last.upper() not in vocab.words("tendency_markers")
                and any(c.islower() for c in name)
            ):
                # "Dockers' Union of Piraeus (ENEDEP)": an abbreviation of the original name
                abbreviation = last
                extras = extras[:-1]
                bonus = 0.3
                notes.append(note("abbreviation-from-bracket", text=last))
    if not extras:
        return _Extras(bonus, abbreviation=abbreviation, notes=notes)
    result = _classify_renderings(name, extras)
    result.score += bonus
    result.abbreviation = abbreviation
    result.notes = notes + result.notes
    return result


def _katakana_share(text: str) -> float:
    """Share of katakana among the letters (after a prefix like "(社)")."""
    letters = [ch for ch in re.sub(r"^[(（][^)）]*[)）]", "", text) if ch.isalpha()]
    katakana = sum(1 for ch in letters if "\u30a0" <= ch <= "\u30ff")
    return katakana / len(letters) if letters else 0.0


def _classify_renderings(name: str, extras: list[str]) -> _Extras:
    name_script = dominant_script(name)
    mixed = is_mixed_script(name)
    non_latin_name = name_script not in {"LATIN", "NONE"} and not mixed
    if len(extras) == 1:
        extra = extras[0]
        extra_script = dominant_script(extra)
        if extra_script == "NONE":
            return _Extras(-1.0)
        if non_latin_name and extra_script == "LATIN":
            return _latin_after_other_script(name, extra)
        if name_script == extra_script == "CJK" and _katakana_share(name) >= 0.5:
            # "キョレハナ(民族はひとつ)": a foreign name in katakana, its meaning in brackets
            return _Extras(0.8, translation=extra)
        if extra_script != "LATIN" or name_script != "LATIN":
            return _Extras(-0.6)
        words_extra = len(words(extra))
        words_name = len(words(name))
        similarity = fuzz.ratio(fold(extra), fold(name))
        if similarity >= 90 and words_extra >= 2:
            return _Extras(0.8, translation=extra)
        english_extra = english_score(extra)
        english_name = english_score(name)
        if english_extra >= 0.6 and english_name <= 0.5:
            if words_extra >= 2:
                return _Extras(0.4 + 0.5 * (english_extra - english_name), translation=extra)
            if words_name == 1:
                return _Extras(
                    0.3, translation=extra, notes=[note("translation-guessed", text=extra)]
                )
        return _Extras(-0.6)
    if len(extras) == 2:
        first, second = extras
        if (
            non_latin_name
            and dominant_script(first) == "LATIN"
            and dominant_script(second) == "LATIN"
        ):
            sim_first = transliteration_similarity(name, first)
            sim_second = transliteration_similarity(name, second)
            if sim_second > sim_first + 10 and english_share(first) > english_share(second):
                return _Extras(
                    1.3,
                    transliteration=second,
                    translation=first,
                    notes=[note("renderings-swapped")],
                )
            notes = []
            if sim_first < 60:
                notes.append(note("transliteration-guessed", text=first))
            return _Extras(1.5, transliteration=first, translation=second, notes=notes)
        return _Extras(-1.0)
    return _Extras(-2.0)


def parse_organization(content: str, hint: Hint) -> Reading:
    """Read one organization's entry: abbreviation, name, renderings, country."""
    parsed = Reading(kind="organization", name=content)
    text, url = take_trailing_url(content)
    if url:
        parsed.penalize(0.05, note("link-left-out", link=url))
    text, leading_country = take_leading_country(text)
    text, country, how = take_trailing_country(text)
    if country is None and leading_country is not None:
        country, how = leading_country, "leading"
    tail_abbreviation: str | None = None
    dash_tail = _DASH_ABBREVIATION_TAIL.match(text)
    if dash_tail:
        head = dash_tail.group(1) or dash_tail.group(3)
        tail = dash_tail.group(2) or dash_tail.group(4)
        spaced = dash_tail.group(1) is not None
        # "Name – ABBR"; glued only in scripts without capitals ("… দল-বিএনপি")
        if (spaced or _caseless_abbreviation(tail, head)) and is_trailing_abbreviation(tail, head):
            text, tail_abbreviation = head, tail
        elif spaced and _abbreviation_of_another_language(tail, head):
            # "Institut für Internationale Solidarität - ISAI": the original name's
            text, tail_abbreviation = head, tail
    after_bracket = _AFTER_BRACKET_ABBREVIATION.match(text)
    if tail_abbreviation is None and after_bracket:
        # "Kommunistische Partei Spanien (Wiederaufbau) PCE(r)": the abbreviation last
        text, tail_abbreviation = after_bracket.group(1), after_bracket.group(2)
    before_form, legal_form = _legal_form_tail(text)
    inner_groups = trailing_groups(before_form) if legal_form else []
    if inner_groups and tail_abbreviation is None:
        # "Bundesverband Digitale Wirtschaft (BVDW) e.V.": the abbreviation, then the form
        start, end = inner_groups[-1]
        inner, head = before_form[start + 1 : end - 1].strip(), before_form[:start].rstrip()
        if head and is_trailing_abbreviation(inner, head):
            text, tail_abbreviation = head + legal_form, inner
    spans = trailing_groups(text)
    best: tuple[float, _AbbrChoice, _Extras, int] | None = None
    for t in range(0, min(len(spans), 2) + 1):
        cut = spans[len(spans) - t][0] if t else len(text)
        name_part = text[:cut].strip()
        extras = [text[s + 1 : e - 1].strip() for s, e in spans[len(spans) - t :]] if t else []
        if not name_part:
            continue
        for choice in _abbreviation_candidates(name_part):
            info = _classify_extras(choice.name, extras, choice.abbreviation is not None)
            total = choice.score + info.score - 0.01 * t
            if best is None or total > best[0] + 1e-9:
                best = (total, choice, info, t)
    if best is None:
        parsed.name = text
    else:
        _, choice, info, _ = best
        parsed.name = info.name or choice.name
        parsed.abbreviation = choice.abbreviation or info.abbreviation or tail_abbreviation
        parsed.transliteration = info.transliteration
        parsed.translation = info.translation
        for extra_note in info.notes:
            parsed.penalize(0.2, extra_note)
        if choice.abbreviation is not None:
            if choice.score < 0.7:
                parsed.penalize(
                    0.25, note("abbreviation-uncertain", abbreviation=choice.abbreviation)
                )
            elif choice.shaped and choice.detail < 0.5:
                parsed.penalize(0.1, note("abbreviation-partial", abbreviation=choice.abbreviation))
        else:
            first = parsed.name.split()[0] if parsed.name.split() else ""
            if abbreviation_shape(first) >= 0.8 and len(parsed.name.split()) >= 3:
                parsed.penalize(0.25, note("abbreviation-unmatched", word=first))
    if country is not None:
        parsed.country = country.text
        if country.guessed:
            parsed.penalize(0.2, note("country-misspelled", country=country.text))
        if how == "dash":
            parsed.penalize(0.1, note("country-after-dash", country=country.text))
        elif how == "leading":
            parsed.penalize(0.05)
    elif hint.country:
        parsed.country = hint.country
        parsed.penalize(0.15, note("country-from-heading", country=hint.country))
    parsed.name = parsed.name.strip().rstrip(",;:").rstrip()
    if bracket_balance(parsed.name) != 0:
        parsed.penalize(0.3, note("brackets-unbalanced"))
    if not any(ch.isalnum() for ch in re.sub(r"\([^()]*\)", "", parsed.name)):
        parsed.penalize(0.5, note("no-name-outside-brackets"))
    return parsed
