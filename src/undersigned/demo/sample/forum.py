"""The demo's forum: the second seed's story, fictional. A forum of emigrants puts three
competing drafts forward, in English, Russian and German; one is revised and amended;
participants with codes support them; the forum adopts nothing and carries the drafts
forward; part of the participants' draft is published as an open letter anyone can sign.
Loaded through the forum services, as a real forum would be."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from undersigned.declarations.models import Declaration
from undersigned.forums.models import Forum
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import (
    amendment_accept,
    amendment_admit,
    amendment_decline,
    amendment_propose,
    draft_revise,
    draft_submit,
)
from undersigned.forums.services.forums import forum_move_phase, forum_save
from undersigned.forums.services.outcomes import OutcomeRecord, draft_publish, outcome_record
from undersigned.forums.services.supports import Supporter, support_with_code

SLUG = "emigration-forum"

PEACE = """\
1. This forum condemns the invasion as a war of conquest.
2. We call for the immediate withdrawal of all occupying troops.
3. There can be no peace without justice: we are not neutral in this war.
4. Only the people under attack may decide how and for how long they resist.
5. We are against every empire, whichever country it comes from.
6. The debts of the country under attack must be cancelled.
"""

PEACE_AMENDED = PEACE.replace(
    "6. The debts of the country under attack must be cancelled.",
    "6. The debts of the country under attack must be cancelled, and the aggressor must "
    "pay reparations for the damage it has done.",
)

NEGOTIATIONS = """\
1. Форум осуждает войну и требует её немедленного прекращения.
2. Мы призываем к переговорам без предварительных условий.
3. Мы поддерживаем всех, кто отказывается воевать, и требуем для них убежища.
"""

SOLIDARITY = """\
1. Das Forum erklärt seine Solidarität mit allen, die gegen den Krieg auftreten.
2. Wir fordern sichere Fluchtwege und ein Bleiberecht für Kriegsdienstverweigerer.
3. Wir bauen ein Netzwerk der Emigration in Deutschland auf.
"""

SUPPORTERS = [
    # (draft index, name, listed, initial signatory)
    (0, "Irina K.", True, True),
    (0, "Sergei M.", True, True),
    (0, "Anna L.", False, True),
    (0, "", False, False),
    (1, "Pavel R.", True, False),
    (1, "", False, False),
    (2, "Marta S.", True, False),
]


def load_sample_forum(*, actor: User | None = None) -> list[str]:
    """Create the demo's forum if it is missing; returns what it created."""
    if Forum.objects.filter(slug=SLUG).exists():
        return []
    day = timezone.localdate() - datetime.timedelta(days=30)
    forum = forum_save(
        forum=Forum(
            slug=SLUG,
            name="Left Anti-War Emigration Forum (sample)",
            description=(
                "A fictional forum of emigrants, after the second seed's story: an open "
                "letter was put before it; lacking consensus, it adopted no resolution but "
                "carried several drafts forward, and part of the participants supported one."
            ),
            place="Cologne",
            starts_on=day,
            ends_on=day,
            language="en",
            languages=["ru", "de"],
            admission=Forum.Admission.CODES,
            list_supporters=True,
            hide_tallies=True,
        ),
        actor=actor,
    )
    forum_move_phase(forum=forum, to=Forum.Phase.DRAFTING, actor=actor)
    peace = draft_submit(
        forum=forum, title="Left for Peace without Annexations", body=PEACE, admit=True,
        submitted_by="Socialists for a world without annexations", language="en", actor=actor,
    )  # fmt: skip
    draft_revise(
        draft=peace, title=peace.current.title if peace.current else "",
        body=PEACE.replace("war of conquest", "war of imperial conquest"),
        note="Point 1 sharpened after the morning session", actor=actor,
    )  # fmt: skip
    taken = amendment_propose(draft=peace, body=PEACE_AMENDED.replace(
        "war of conquest", "war of imperial conquest"), proposed_by="Working group on reparations",
        rationale="The aggressor must pay for the damage.")  # fmt: skip
    amendment_admit(amendment=taken, actor=actor)
    amendment_accept(amendment=taken, actor=actor)
    refused = amendment_propose(draft=peace, body="1. This forum calls for a ceasefire.\n",
                                proposed_by="A participant")  # fmt: skip
    amendment_decline(amendment=refused, reason="It would replace the whole draft.", actor=actor)
    drafts = [
        peace,
        draft_submit(forum=forum, title="За мир путём переговоров", body=NEGOTIATIONS,
                     admit=True, submitted_by="Группа «Переговоры»", language="ru", actor=actor),
        draft_submit(forum=forum, title="Solidarität in der Emigration", body=SOLIDARITY,
                     admit=True, submitted_by="Netzwerk Köln", language="de", actor=actor),
    ]  # fmt: skip
    codes = codes_issue(forum=forum, count=12, actor=actor)
    forum_move_phase(forum=forum, to=Forum.Phase.SUPPORT, actor=actor)
    for code, (index, name, listed, initial) in zip(codes, SUPPORTERS, strict=False):
        draft = drafts[index]
        draft.refresh_from_db()
        support_with_code(
            forum=forum, draft=draft, code=code,
            supporter=Supporter(name=name, show_name=listed, initial_signatory=initial),
        )  # fmt: skip
    forum_move_phase(forum=forum, to=Forum.Phase.CLOSED, actor=actor)
    outcome_record(
        forum=forum,
        record=OutcomeRecord(
            status="final",
            decided_on=day,
            adopted=[],
            statements={
                "en": "The forum, due to existing disagreements, did not adopt a resolution; "
                "it carried three drafts forward.",
                "ru": "Форум из-за существующих разногласий не принял резолюцию, но предложил "
                "три проекта текста.",
                "de": "Das Forum hat wegen bestehender Meinungsverschiedenheiten keine "
                "Resolution angenommen; es hat drei Entwürfe weitergegeben.",
            },
        ),
        actor=actor,
    )
    peace.refresh_from_db()
    declaration = draft_publish(
        draft=peace, slug="left-for-peace-without-annexations",
        kind=Declaration.Kind.OPEN_LETTER, actor=actor,
    )  # fmt: skip
    return [forum.slug, declaration.slug]
