"""The word diff of two versions of a text (core/text/diff.py)."""

from __future__ import annotations

import re

from undersigned.core.text.diff import tokens, word_diff


def test_tokens_cover_every_character():
    text = "Wir fordern: die Freilassung — sofort!\n\nPS. l’ami  don't"
    assert "".join(tokens(text)) == text


def inserted(html: str) -> list[str]:
    return [part.strip() for part in re.findall(r"<ins>.*?</span>(.*?)</ins>", html)]


def removed(html: str) -> list[str]:
    return [part.strip() for part in re.findall(r"<del>.*?</span>(.*?)</del>", html)]


def test_changed_words_are_marked_in_words_not_only_colour():
    diff = word_diff(
        "We demand the release of all prisoners.",
        "We demand the immediate release of all political prisoners.",
    )
    assert (diff.added, diff.removed) == (2, 0)
    assert inserted(diff.html) == ["immediate", "political"]
    assert diff.html.count('<span class="visually-hidden">added: </span>') == 2
    assert "<del>" not in diff.html


def test_a_replaced_word_shows_both_and_everything_is_escaped():
    diff = word_diff("Signed by <b>us</b>", "Signed by <i>them</i>")
    assert "&lt;" in diff.html
    assert "<b>" not in diff.html
    assert "us" in removed(diff.html)
    assert "them" in inserted(diff.html)


def test_identical_texts_are_unchanged():
    assert word_diff("Same text.", "Same text.").unchanged


def test_non_latin_scripts_are_compared_word_by_word():
    diff = word_diff("Мы требуем свободы.", "Мы требуем немедленной свободы.")
    assert diff.added == 1
    assert "немедленной" in diff.html
