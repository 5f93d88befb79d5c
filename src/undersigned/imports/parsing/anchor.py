"""Where a list starts and ends: after a heading, a status line or a lead-in, or as the
best run of name-like lines; and the stretches after its start that are not the list.

Why apart: a declaration's demands are numbered too, a page goes on after its list
(sharing buttons, a press contact), and a list may stand above the title ("Stand: …")
or below the body ("Signatories:"). These rules look at the lines' kinds only
(``structure.classify`` gave them), never at one line's words alone.
"""

from __future__ import annotations

from itertools import pairwise

from undersigned.imports.parsing.cues import name_cue
from undersigned.imports.parsing.headings import group_heading, signatories_heading
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.structure import TRANSPARENT, entry_like, is_lead_in

__all__ = ["find_anchor", "find_run", "list_gaps"]

# What may stand between a heading and its first entry, and inside a run of entries.
_BEFORE_FIRST = TRANSPARENT | {"heading", "status"}
_INSIDE_RUN = TRANSPARENT | {"closing", "status"}


def _followers(segments: list[Segment], index: int) -> list[Segment]:
    """The items after ``segments[index]`` up to the next heading, status or lead-in."""
    found: list[Segment] = []
    for follower in segments[index + 1 :]:
        if follower.kind in TRANSPARENT | {"closing"}:
            continue
        if follower.kind in {"heading", "status"} or (
            follower.kind == "item" and is_lead_in(follower.content)
        ):
            break
        found.append(follower)
        if len(found) >= 12:
            break
    return found


def _list_quality(segments: list[Segment], index: int) -> float:
    """Share of the lines after a lead-in that read as signatories' names."""
    followers = [f for f in _followers(segments, index) if f.kind in {"item", "number-only"}]
    if not followers:
        return 0.0
    good = sum(
        1
        for f in followers
        if f.kind == "number-only" or f.inline or (entry_like(f) and name_cue(f.content))
    )
    return good / len(followers)


def _followed_by_entry(segments: list[Segment], index: int) -> bool:
    """Whether the first real line after ``segments[index]`` is name-like."""
    for follower in segments[index + 1 :]:
        if follower.kind in _BEFORE_FIRST:
            continue
        if follower.kind == "item" and group_heading(follower, in_list=True):
            continue
        return entry_like(follower) or follower.kind == "number-only"
    return False


def _valid_anchors(segments: list[Segment]) -> list[int]:
    valid: list[int] = []
    for segment in segments:
        if segment.kind not in {"heading", "status"}:
            continue
        with_entries = segment.kind == "heading" and signatories_heading(segment.content)[1]
        if with_entries or _followed_by_entry(segments, segment.index):
            valid.append(segment.index)
    return valid


def _best_lead_in(segments: list[Segment]) -> int | None:
    best: tuple[float, int] | None = None
    for segment in segments:
        if segment.kind == "item" and is_lead_in(segment.content):
            quality = _list_quality(segments, segment.index)
            if quality >= 0.5 and (best is None or quality >= best[0]):
                best = (quality, segment.index)
    return best[1] if best else None


def find_anchor(segments: list[Segment]) -> int | None:
    """Index of the heading, status line or lead-in after which the list starts.

    A heading or status line counts when the first real line after it is name-like. Of
    several such anchors the first is taken, unless body text (sentences) lies between it
    and a later one: "Stand: ..." above the title, "Signatories:" below the body. Without
    one, a lead-in ("The following organizations support the strike:") counts when most
    lines after it read as names; of several, the one followed best (the later on a tie).
    """
    valid = _valid_anchors(segments)
    if not valid:
        return _best_lead_in(segments)
    chosen = valid[0]
    for later in valid[1:]:
        # body text between two anchors (a paragraph, not a list item) moves the start
        between = segments[chosen + 1 : later]
        if any(s.kind == "item" and s.marker == "none" and not entry_like(s) for s in between):
            chosen = later
    return chosen


def _runs(segments: list[Segment]) -> list[tuple[int, int, int, int]]:
    """Runs of entry-like lines: (start, end, entries, entries with a name's cue)."""
    runs: list[tuple[int, int, int, int]] = []
    start: int | None = None
    count = cues = 0
    last = -1
    number: int | None = None  # the position of the run's last numbered line
    for segment in segments:
        if segment.kind in _INSIDE_RUN:
            continue
        if segment.kind == "item" and group_heading(segment, in_list=False):
            continue
        # a numbered line that goes on with the run's numbering is in the run, however
        # long or wordy it reads ("6 Org Title Name、Name" between 5 and 7)
        numbered_on = (
            start is not None
            and number is not None
            and segment.kind == "item"
            and segment.position == number + 1
        )
        number = segment.position if segment.kind == "item" else number
        if start is not None and _message_between_bullets(segments, last, segment.index):
            continue  # "◆ Org", its message, "◆ Org": the messages are in the run
        if not (entry_like(segment) or segment.kind == "number-only" or numbered_on):
            if start is not None:
                runs.append((start, last, count, cues))
            start = None
            continue
        if start is None:
            start, count, cues = segment.index, 0, 0
        if segment.kind == "item":
            many = len(segment.inline)
            count += many or 1
            cues += many or name_cue(segment.content)
        last = segment.index
    if start is not None:
        runs.append((start, last, count, cues))
    return runs


def _bullet(segment: Segment) -> str:
    return segment.raw.strip()[:1] if segment.marker == "bullet" else ""


def _message_between_bullets(segments: list[Segment], last: int, index: int) -> bool:
    """Whether unmarked text at ``index`` stands between two entries with the same bullet
    (the one at ``last`` and the next marked line): a signer's message, its e-mail or its
    page under each "◆ Org" of a list of messages."""
    if last < 0 or not _bullet(segments[last]) or segments[index].marker != "none":
        return False
    for follower in segments[index + 1 :]:
        if follower.kind in _INSIDE_RUN or (follower.kind == "item" and follower.marker == "none"):
            continue
        return _bullet(follower) == _bullet(segments[last]) and entry_like(follower)
    return False


def _after_messages(items: list[Segment]) -> int | None:
    """Where a list of messages under "◆ Org" ends, or None: at the first line marked
    otherwise after its last entry and that entry's message ("①…", the demands the last
    message lists)."""
    same = [i for i, s in enumerate(items) if _bullet(s)]
    same = [i for i in same if _bullet(items[i]) == _bullet(items[same[-1]])] if same else []
    if len(same) < 3:
        return None
    messages = sum(
        1
        for s in items[same[0] : same[-1]]
        if s.kind == "item" and s.marker == "none" and not entry_like(s)
    )
    if messages < 2:
        return None
    after_message = False
    for j in range(same[-1] + 1, len(items)):
        segment = items[j]
        if segment.kind != "item":
            continue
        if segment.marker == "none":
            after_message = True
            continue
        return j if after_message else None
    return None


def find_run(segments: list[Segment]) -> tuple[int, int] | None:
    """The best run of entry-like segments when there is no anchor: (start, end)."""
    sentences = sum(1 for s in segments if s.kind == "item" and not entry_like(s))
    best: tuple[int, int, int, int] | None = None
    for run in _runs(segments):
        _, _, count, cues = run
        qualifies = count >= 3 or (count >= 1 and sentences == 0)
        if not qualifies or cues < count / 2:
            continue
        if best is None or count >= best[2]:
            best = run
    if best is None:
        return None
    return _after_lead_in(segments, best[0], best[1]), best[1]


def _after_lead_in(segments: list[Segment], start: int, end: int) -> int:
    """A paragraph whose list follows a lead-in of its own ("The letter was signed by
    A, B and C") starts the list: the lines before it are the title and the body."""
    for segment in segments[start + 1 : end + 1]:
        if segment.kind == "item" and segment.inline and len(segment.inline_lead.split()) >= 3:
            return segment.index
    return start


def list_gaps(items: list[Segment]) -> list[tuple[int, int]]:
    """Stretches of the text after the list's start that are not the list: [start, stop).

    A contact heading ("Press contact:") ends the list; so does, in a numbered or
    bulleted list, a paragraph of running text after its last marked entry; and in any
    list, two paragraphs of running text in a row after three entries — until a new
    signatories heading or group heading ("Einzelpersonen:") starts it again. A page
    goes on after its list (sharing buttons, related articles, a press contact), and
    none of that may become a signatory.
    """
    end = len(items)
    for index, segment in enumerate(items):
        if segment.kind == "contact" and any(entry_like(s) for s in items[:index]):
            end = index
            break
    end = _after_messages(items[:end]) or end
    gaps: list[tuple[int, int]] = [(end, len(items))] if end < len(items) else []
    marked = [i for i, s in enumerate(items[:end]) if s.kind == "item" and s.marker != "none"]
    for index in range(marked[-1] + 1 if marked else end, end):
        segment = items[index]
        if segment.kind == "item" and segment.marker == "none" and not entry_like(segment):
            before = [s for s in items[:index] if s.kind == "item"]
            if sum(1 for s in before if s.marker != "none") >= 0.6 * len(before):
                return [(index, len(items))]
            break
    texts = [i for i, s in enumerate(items[:end]) if s.kind == "item"]
    for a, b in pairwise(texts):
        if entry_like(items[a]) or entry_like(items[b]):
            continue
        bullets = [i for i in range(a) if _bullet(items[i])]
        if bullets and _message_between_bullets(items, bullets[-1], b):
            continue  # messages under "◆ Org", another "◆ Org" after them
        if sum(1 for s in items[:a] if entry_like(s)) < 3:
            continue
        restart = next(
            (
                j
                for j in range(b + 1, end)
                if items[j].kind in {"heading", "status"}
                or (
                    items[j].kind == "item"
                    and group_heading(items[j], in_list=True) is not None
                    and is_lead_in(items[j].content)
                )
            ),
            end,
        )
        return [(a, restart), *gaps] if restart < end else [(a, len(items))]
    return gaps
