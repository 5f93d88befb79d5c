"""What the parser says about a line: notes as codes with parameters.

Why codes: the preview shows a note in the organizer's language, the command line and the
JSON in English, and the import's own logic (which cell to highlight, which skipped lines
belong to the list) asks what a note is about. A code with parameters serves all three;
an English sentence parsed again by regular expressions served none of them well.

Each code is defined once here, with its English message (``%(name)s`` placeholders
filled from the note's parameters), the field of the entry it concerns, and whether it
only informs. The messages are marked with ``gettext_noop`` — a name ``makemessages``
knows — so the catalogues hold them and the preview translates them with Django's
``gettext``; this module itself imports nothing of Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "NOTE_TYPES",
    "Note",
    "NoteType",
    "gettext_noop",
    "note",
    "render",
]


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the catalogues (``makemessages`` reads this name); return it."""
    return message


@dataclass(frozen=True, slots=True)
class NoteType:
    """One kind of note: its code, English message and what it concerns."""

    code: str
    message: str
    field: str | None = None
    """The entry's field the note is about (the preview highlights that cell)."""
    informs: bool = False
    """The note tells something and asks for no correction."""
    list_part: bool = False
    """A line skipped for this reason belongs to the list (its heading, a separator)."""


_TYPES: tuple[NoteType, ...] = (
    # ---- about an entry: how its fields were read -------------------------------------
    NoteType("translation-not-transliteration", gettext_noop(
        "guessed that “(%(text)s)” is a translation, not a transliteration"),
        field="name_translation"),
    NoteType("transliteration-not-translation", gettext_noop(
        "guessed that “(%(text)s)” is a transliteration, not a translation"),
        field="name_transliteration"),
    NoteType("transliteration-guessed", gettext_noop(
        "guessed that “(%(text)s)” is a transliteration"), field="name_transliteration"),
    NoteType("translation-guessed", gettext_noop(
        "guessed that “(%(text)s)” is a translation of the name"), field="name_translation"),
    NoteType("renderings-swapped", gettext_noop(
        "the translation comes before the transliteration: check both"),
        field="name_transliteration"),
    NoteType("abbreviation-from-bracket", gettext_noop(
        "guessed that “(%(text)s)” is the abbreviation (it does not match the initials of "
        "the name)"), field="abbreviation"),
    NoteType("abbreviation-uncertain", gettext_noop(
        "abbreviation split uncertain: “%(abbreviation)s” does not match the initials of the "
        "name"), field="abbreviation"),
    NoteType("abbreviation-partial", gettext_noop(
        "“%(abbreviation)s” only partly matches the initials of the name"),
        field="abbreviation"),
    NoteType("abbreviation-unmatched", gettext_noop(
        "“%(word)s” looks like an abbreviation but could not be matched to the name"),
        field="abbreviation"),
    NoteType("link-left-out", gettext_noop("link left out of the entry: %(link)s"),
             informs=True),
    NoteType("handle-left-out", gettext_noop("handle left out of the entry: %(handle)s"),
             informs=True),
    NoteType("footnote-left-out", gettext_noop(
        "footnote mark left out of the entry: %(mark)s"), informs=True),
    NoteType("pseudonym-left-out", gettext_noop(
        "pseudonym left out of the name: %(pseudonym)s"), informs=True),
    NoteType("country-after-dash", gettext_noop(
        "country “%(country)s” taken from after a dash"), field="country"),
    NoteType("country-without-comma", gettext_noop(
        "country “%(country)s” taken from the end of the line (no comma before it)"),
        field="country"),
    NoteType("country-from-heading", gettext_noop(
        "country “%(country)s” taken from the group heading"), field="country"),
    NoteType("country-from-flag", gettext_noop(
        "country “%(country)s” read from the flag %(flag)s"), field="country"),
    NoteType("country-misspelled", gettext_noop(
        "country guessed: “%(country)s” looks like a misspelling"), field="country"),
    NoteType("country-region", gettext_noop("“%(country)s” is a region, not a state"),
             field="country"),
    NoteType("country-in-name", gettext_noop(
        "no country given; the name mentions %(country)s (not filled in)"), informs=True),
    NoteType("brackets-unbalanced", gettext_noop("unbalanced brackets in the name"),
             field="name"),
    NoteType("no-name-outside-brackets", gettext_noop(
        "no name outside brackets: check this line"), field="name"),
    NoteType("two-people-split", gettext_noop(
        "the line names two people; it was split into two entries"), field="name"),
    NoteType("maybe-two-people", gettext_noop(
        "the name may refer to two people (e.g. “Jane and John Doe”)"), field="name"),
    NoteType("split-from-line", gettext_noop("split from a line listing several signatories"),
             field="name"),
    NoteType("lines-joined", gettext_noop("lines %(first)s–%(last)s joined into one entry"),
             field="name"),
    NoteType("undecodable", gettext_noop(
        "the line contains undecodable bytes (shown as %(mark)s)"), field="name"),
    NoteType("kind-guessed-organization", gettext_noop(
        "guessed to be an organization (could be an individual)"), field="kind"),
    NoteType("kind-guessed-individual", gettext_noop(
        "guessed to be an individual (could be an organization)"), field="kind"),
    NoteType("kind-unknown-organization", gettext_noop(
        "kind “%(kind)s” not understood; guessed: an organization"), field="kind"),
    NoteType("kind-unknown-individual", gettext_noop(
        "kind “%(kind)s” not understood; guessed: an individual"), field="kind"),
    NoteType("numbering-jump", gettext_noop(
        "numbering jumps from %(previous)s to %(number)s: check for a missing or misread "
        "line"), field="name"),
    NoteType("long-name", gettext_noop("very long name: check that it is one signatory"),
             field="name"),
    NoteType("low-confidence", gettext_noop("low confidence"), field="name"),
    NoteType("edited", gettext_noop("corrected in the preview"), informs=True),
    # ---- why a line is not an entry ----------------------------------------------------
    NoteType("table-header", gettext_noop("table header"), list_part=True),
    NoteType("html-comment", gettext_noop("HTML comment")),
    NoteType("front-matter", gettext_noop("front matter of the page (its metadata)")),
    NoteType("record-comment", gettext_noop("a row commented out in the data file")),
    NoteType("record-key", gettext_noop("the data file's key above its rows")),
    NoteType("date-line", gettext_noop("a date, not a signatory")),
    NoteType("no-name", gettext_noop("no name on this line (only punctuation or symbols)"),
             list_part=True),
    NoteType("markup-only", gettext_noop(
        "markup only (nothing left after removing HTML/Markdown)"), list_part=True),
    NoteType("separator", gettext_noop("separator"), list_part=True),
    NoteType("status-line", gettext_noop("status line"), list_part=True),
    NoteType("another-status-line", gettext_noop("another status line"), list_part=True),
    NoteType("numbered-sentence", gettext_noop(
        "not a signatory: numbered or bulleted sentence (body text), no list found")),
    NoteType("no-list", gettext_noop("not part of a signatory list (no list found in the text)")),
    NoteType("before-list", gettext_noop("text before the list")),
    NoteType("after-list", gettext_noop("text after the list")),
    NoteType("letter-closing", gettext_noop("letter closing formula (the signatures follow)"),
             list_part=True),
    NoteType("signatories-heading", gettext_noop("signatories heading"), list_part=True),
    NoteType("lead-in", gettext_noop("lead-in of the list (the signatories follow)"),
             list_part=True),
    NoteType("closing-line", gettext_noop("closing line (further signatories not listed)"),
             list_part=True),
    NoteType("editorial-note", gettext_noop("editorial note in brackets, not a signatory"),
             list_part=True),
    NoteType("link-line", gettext_noop("link, not a signatory"), list_part=True),
    NoteType("footnote-line", gettext_noop(
        "footnote (explains a mark after a name), not a signatory"), list_part=True),
    NoteType("page-navigation", gettext_noop(
        "the page's navigation or sharing, not a signatory")),
    NoteType("number-without-name", gettext_noop("number without a name"), list_part=True),
    NoteType("group-heading", gettext_noop("group heading"), list_part=True),
    NoteType("unnumbered-heading", gettext_noop(
        "group heading (unnumbered line among numbered entries)"), list_part=True),
    NoteType("marked-heading", gettext_noop("marked as a heading in the preview"),
             list_part=True),
    NoteType("sentence", gettext_noop("sentence, not a signatory")),
    NoteType("category-line", gettext_noop(
        "names a kind of signatory, not one (“several town councils”)")),
    NoteType("csv-no-line", gettext_noop("no signatory line in this row")),
    NoteType("csv-no-name", gettext_noop("no name in this row")),
)  # fmt: skip

NOTE_TYPES: Mapping[str, NoteType] = {t.code: t for t in _TYPES}


@dataclass(frozen=True, slots=True)
class Note:
    """A note about one line: a code of ``NOTE_TYPES`` and the values of its placeholders."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTE_TYPES:
            raise ValueError(f"unknown note code {self.code!r}")

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))

    @property
    def type(self) -> NoteType:
        return NOTE_TYPES[self.code]

    @property
    def text(self) -> str:
        """The note in English (the JSON's ``issues`` and ``reason``, the command line)."""
        return render(self.code, self.params)

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}


def note(code: str, **params: object) -> Note:
    """``Note(code, params)`` with every parameter as text."""
    return Note(code, {name: str(value) for name, value in params.items()})


def render(
    code: str, params: Mapping[str, object], translate: Callable[[str], str] = gettext_noop
) -> str:
    """The message of ``code`` with ``params`` filled in, through ``translate``.

    A missing parameter or an unknown code never raises: the preview must show a draft
    that an older version of the parser wrote.
    """
    note_type = NOTE_TYPES.get(code)
    if note_type is None:
        return code
    try:
        return translate(note_type.message) % {k: str(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return translate(note_type.message)
