"""Dates in status lines and headings: "06.01.2025", "6 January 2025", "12 апреля 2023 г."

Month names in many languages come from ``vocab/months.json``. A slashed date is read
only when it cannot be misread (one of its first two numbers is above 12): lists come
from every country, and 01/02/2025 is a different day in each half of the world.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.scripts import UNSPACED_SCRIPTS, ascii_digits, dominant_script

__all__ = ["has_month_year", "is_date_line", "parse_status_date"]


@cache
def _months() -> dict[str, int]:
    table: dict[str, list[str]] = vocab.data("months")
    return {name: int(number) for number, names in table.items() for name in names}


@cache
def _month_alternation() -> str:
    return "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    months = _month_alternation()
    return (
        (re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"), "ymd"),
        (re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)"), "dmy"),
        (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "slash"),
        (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
        (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"), "ymd"),
        (
            re.compile(
                rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.|º|°|-?го|-?е)?\s+(?:de\s+)?({months})\.?"
                rf",?\s+(?:de\s+|del\s+)?(\d{{4}})(?!\d)",
                re.IGNORECASE,
            ),
            "d_month_y",
        ),
        (
            re.compile(
                rf"(?<![\w])({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)",
                re.IGNORECASE,
            ),
            "month_d_y",
        ),
    )


def parse_status_date(text: str) -> dt.date | None:
    """The first full date (day, month and year) in ``text``, else None.

    Dotted dates are day-first (06.01.2025 = 6 January); slashed dates are read only when
    unambiguous (one of the first two numbers is above 12).
    """
    text = ascii_digits(text)
    months = _months()
    best: tuple[int, dt.date] | None = None
    for pattern, shape in _patterns():
        for match in pattern.finditer(text):
            groups = match.groups()
            try:
                if shape == "ymd":
                    y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
                elif shape == "dmy":
                    d, m, y = int(groups[0]), int(groups[1]), int(groups[2])
                elif shape == "slash":
                    a, b, y = int(groups[0]), int(groups[1]), int(groups[2])
                    if a > 12 >= b:
                        d, m = a, b
                    elif b > 12 >= a:
                        d, m = b, a
                    else:
                        continue
                elif shape == "d_month_y":
                    d, m, y = int(groups[0]), months[groups[1].casefold()], int(groups[2])
                else:
                    m, d, y = months[groups[0].casefold()], int(groups[1]), int(groups[2])
                value = dt.date(y, m, d)
            except (ValueError, KeyError):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), value)
            break
    return best[1] if best else None


def has_month_year(text: str) -> bool:
    """Whether ``text`` names a month and a year ("November 2016")."""
    return bool(re.search(rf"(?:{_month_alternation()})\.?\s+\d{{4}}", text, re.IGNORECASE))


_DATE_WORDS = re.compile(
    r"\b(?:de|del|of|the|le|der|den|am|г|р|року|года|year|yılı|tarihinde|on|dated?)\b|[年月日년월일號号]",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """A line that is only a date, perhaps with a place ("Berlin, 5 May 2024", "2021年5月20日").

    Such a line dates the statement; it names nobody.
    """
    if len(text) > 80:
        return False
    other = vocab.phrases("other_calendar_months")
    dated = parse_status_date(text) is not None or has_month_year(text)
    if not dated:
        dated = bool(re.search(r"\d{1,2}\s+\S+\s+\d{4}", ascii_digits(text))) and any(
            m in text for m in other
        )
    if not dated:
        dated = bool(
            re.fullmatch(r"\s*\d{4}\s*[年년]\s*(?:\d{1,2}\s*[月월]\s*)?", ascii_digits(text))
        )
    if not dated:
        return False
    rest = ascii_digits(text)
    for name in sorted([*_months(), *other], key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(name)}\.?(?!\w)", " ", rest, flags=re.IGNORECASE)
    rest = _DATE_WORDS.sub(" ", re.sub(r"[\d\W_]+", " ", rest))
    if dominant_script(rest) in UNSPACED_SCRIPTS:
        return sum(1 for ch in rest if ch.isalpha()) <= 3
    return len(rest.split()) <= 3
