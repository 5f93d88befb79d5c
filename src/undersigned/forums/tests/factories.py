"""Test data for forums: built through the services, so the rows are what the site makes."""

from __future__ import annotations

from pathlib import Path

from undersigned.forums.models import Draft, Forum
from undersigned.forums.services.drafts import draft_submit
from undersigned.forums.services.forums import forum_save

SEED = Path(__file__).resolve().parents[4] / "tests" / "data" / "seeds" / "002_18e71d892ce9157f.txt"


def seed_points() -> str:
    """The numbered points of the second seed: the draft resolution's text."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("1. This conference condemns")
    return text[start : text.index("---", start)].strip() + "\n"


_made = 0


def make_forum(**fields: object) -> Forum:
    global _made
    _made += 1
    values: dict[str, object] = {
        "slug": f"forum-{_made}",
        "name": "Left Anti-War Emigration Forum",
        "description": "A forum of left emigres from Russia.",
        "place": "Cologne",
        "language": "en",
        "languages": ["en", "ru", "de"],
        "phase": Forum.Phase.DRAFTING,
    }
    values.update(fields)
    return forum_save(forum=Forum(**values))


def make_draft(
    forum: Forum, title: str = "Left for Peace without Annexations", **kw: object
) -> Draft:
    phase = forum.phase
    if phase not in (Forum.Phase.DRAFTING, Forum.Phase.PREPARATION):
        Forum.objects.filter(pk=forum.pk).update(phase=Forum.Phase.DRAFTING)
        forum.phase = Forum.Phase.DRAFTING
    body = str(kw.pop("body", seed_points()))
    draft = draft_submit(forum=forum, title=title, body=body, admit=True, **kw)  # type: ignore[arg-type]
    if phase != forum.phase:
        Forum.objects.filter(pk=forum.pk).update(phase=phase)
        forum.phase = phase
    return draft


def set_phase(forum: Forum, phase: str) -> Forum:
    Forum.objects.filter(pk=forum.pk).update(phase=phase)
    forum.phase = phase
    return forum
