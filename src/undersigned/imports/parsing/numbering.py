"""Numbers and bullets: "1.", "১.", "١-", "(1)", "①", "I. II. III.", "- ", "• ", "✅ ".

Why apart from ``lines``: both are read only where a list uses them consistently. "I."
opens a name as an initial ("I. Ivanova") as often as it numbers a line, so Roman
numerals count only in a run that goes I, II, III...; a check mark or an emoji opens
a line of a list as a bullet would, but a flag stands for a country and stays.
"""

from __future__ import annotations

import re
import unicodedata

from undersigned.imports.parsing.scripts import ascii_digits
from undersigned.imports.parsing.segment import Segment

__all__ = [
    "SEPARATOR_RE",
    "detect_bare_numbering",
    "detect_marker",
    "detect_roman_numbering",
    "symbol_bullet",
]

# "1.", "1)", "(1)", "1 - ", "1.-", "১.", "١-", "۱_ ", "1、", "①"; digits of any script.
_NUMBER_MARKER = re.compile(
    r"^(?:[(\[（]\s*(?P<a>\d{1,4})\s*[)\]）]|(?P<b>\d{1,4})\s*"
    r"(?:[.)\]．、:：]\s*[-–—](?=\s|[^\W\d])|[.)\]．、:：।۔]|_(?=\s)|\s?[-–—](?=\s|[^\W\d_]))(?![\d]))"
    r"(?P<space>\s*)"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# "- ", "• ", "· ", and a hyphen glued to a letter ("-الاتحاد", "--Name").
_BULLET_MARKER = re.compile(
    r"^(?:[-*+](?=\s)|-{1,2}(?=[^\W\d_])|[•·▪◦●○►‣⁃→✓✔☐■□◆◇➢➤▸‐⦁∙・]|[–—](?=\s)|[a-z]\)(?=\s))\s*"
)
SEPARATOR_RE = re.compile(r"^(?:[-*_=~•·]\s*){3,}$")

_ROMAN = re.compile(r"^(?P<n>[IVXLC]{1,7})[.)]\s+(?=\S)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_REGIONAL = range(0x1F1E6, 0x1F200)
_JOINERS = "\ufe0f\u200d\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral as written in lists (I to CC), None if malformed."""
    total = 0
    previous = 0
    for ch in reversed(numeral):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if _to_roman(total) == numeral else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                            (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while value >= number:
            out += letters
            value -= number
    return out


def detect_roman_numbering(segments: list[Segment]) -> None:
    """ "I. Name", "II. Name", "III. Name": numbered, when three or more run in order."""
    run: list[tuple[Segment, int, int]] = []

    def flush() -> None:
        if len(run) >= 3 and run[0][1] == 1:
            for segment, value, end in run:
                segment.marker, segment.position = "number", value
                segment.content = segment.text[end:].strip()
        run.clear()

    for segment in segments:
        match = _ROMAN.match(segment.text) if segment.marker == "none" else None
        value = roman_value(match.group("n")) if match else None
        if match is None or value is None:
            if segment.text and segment.note is None:
                flush()
            continue
        if run and value != run[-1][1] + 1:
            flush()
        run.append((segment, value, match.end()))
    flush()


def symbol_bullet(text: str) -> int:
    """Length of a symbol used as a bullet at the start of ``text`` ("✅ ", "👉 ", "🔹"),
    with the space after it; 0 when there is none. A flag is no bullet."""
    if not text or ord(text[0]) in _REGIONAL:
        return 0
    if unicodedata.category(text[0]) != "So":
        return 0
    end = 1
    while end < len(text) and text[end] in _JOINERS:
        end += 1
    if end < len(text) and not text[end].isspace():
        return 0
    while end < len(text) and text[end].isspace():
        end += 1
    return end if end < len(text) else 0


# Ethiopic numerals (Amharic, Tigrinya): additive, without a zero, so not decimal digits.
_ETHIOPIC_VALUES = dict(
    zip("፩፪፫፬፭፮፯፰፱፲፳፴፵፶፷፸፹፺፻", [*range(1, 10), *range(10, 100, 10), 100], strict=True)
)
_ETHIOPIC = re.compile(r"^([፩-፻]{1,4})\s*[.።፡:)]\s*(?=\S)")


def _ethiopic_number(segment: Segment) -> bool:
    match = _ETHIOPIC.match(segment.text)
    if match is None:
        return False
    segment.marker = "number"
    segment.position = sum(_ETHIOPIC_VALUES[ch] for ch in match.group(1))
    segment.content = segment.text[match.end() :].strip()
    return True


def detect_marker(segment: Segment) -> None:
    """Read the number or bullet that starts the segment, leaving the rest as content."""
    text = segment.text
    if text[:1] and text[0] in _CIRCLED:
        segment.marker, segment.position = "number", _CIRCLED.index(text[0]) + 1
        segment.content = text[1:].strip()
        return
    if _ethiopic_number(segment):
        return
    match = _NUMBER_MARKER.match(text)
    if match:
        digits = match.group("a") or match.group("b")
        rest = text[match.end() :]
        no_space = not match.group("space") and match.group("a") is None
        plausible = bool(rest) and not (no_space and (rest[0].islower() or rest[0].isdigit()))
        # "2024. Stand ..." or "350.org" are not list numbers
        if plausible and not (len(digits) == 4 and not match.group("space")):
            segment.marker = "number"
            segment.position = int(ascii_digits(digits))
            segment.content = rest.strip()
            return
        if not rest and match.group("a") is None:
            segment.marker = "number"
            segment.position = int(ascii_digits(digits))
            segment.content = ""
            return
    match = _BULLET_MARKER.match(text)
    if match and not SEPARATOR_RE.match(text):
        segment.marker = "bullet"
        segment.content = text[match.end() :].strip()
        return
    symbol = symbol_bullet(text)
    if symbol:
        segment.marker = "bullet"
        segment.content = text[symbol:].strip()
        return
    segment.content = text


def detect_bare_numbering(segments: list[Segment]) -> None:
    """Lines like "1 ORC ..." (number without punctuation) count as numbered only in runs
    of consecutive numbers, rising or falling (newest first: "1567 Name", "1566 Name")."""
    candidates: list[tuple[int, int]] = []
    for i, segment in enumerate(segments):
        if segment.marker != "none" or not segment.text:
            continue
        match = re.match(r"^(\d{1,5})\s+(?=\S)", segment.text)
        if match:
            candidates.append((i, int(ascii_digits(match.group(1)))))
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if len(run) >= 3:
            for i, number in run:
                segments[i].marker = "number"
                segments[i].position = number
                segments[i].content = re.sub(r"^\d{1,5}\s+", "", segments[i].text)

    step = 0
    for item in candidates:
        if run and item[1] - run[-1][1] in ({1, -1} if len(run) == 1 else {step}):
            step = item[1] - run[-1][1]
            run.append(item)
        else:
            flush()
            run = [item]
    flush()
