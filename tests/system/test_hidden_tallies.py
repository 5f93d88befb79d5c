"""A forum whose tallies are hidden until it closes leaks them through no channel.

Every public output of such a forum — its pages (forum, each draft, a version, a diff,
the support and submission pages), its exports (drafts as CSV and JSON, a draft as
Markdown, the outcome), the outcomes feed, the index of forums and every API resource —
is fetched before any support and again after supports were given by code and by email
(confirmed, and one withdrawn). Each answer must be the same, byte for byte (the one-time
form tokens aside), with the same status, ETag, Last-Modified and every other header
but the date; no supporter's name may appear. Once the forum closes, the counts appear
on the same outputs: the test would see a leak.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from undersigned.forums.models import Forum, Support
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import amendment_admit, amendment_propose, draft_revise
from undersigned.forums.services.supports import (
    Supporter,
    participant_key_for_email,
    support_confirm,
    support_submit,
    support_with_code,
    support_withdraw,
)
from undersigned.forums.tests.factories import make_draft, make_forum, set_phase

pytestmark = pytest.mark.django_db

NAMES = ("Zebulon Hiddenname", "Xanthippe Secretname", "Organisation Quietname")
# Form tokens that differ on every showing, by design: not about supports.
VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'name="started" value="[^"]+"'),
]
# The clock (never_cache sets Expires to now) and cookies: not about supports.
IGNORED_HEADERS = {"Date", "Expires", "Set-Cookie", "Vary"}


def outputs(forum: Forum, draft_numbers: list[int]) -> list[str]:
    slug = forum.slug
    urls = [
        reverse("forums:index"),
        reverse("forums:detail", args=[slug]),
        reverse("forums:submit", args=[slug]),
        reverse("forums:drafts_export", args=[slug, "csv"]),
        reverse("forums:drafts_export", args=[slug, "json"]),
        reverse("forums:outcome_export", args=[slug]),
        reverse("forums:outcomes_feed"),
        "/api/v1/forums",
        f"/api/v1/forums/{slug}",
        f"/api/v1/forums/{slug}/outcome",
    ]
    for number in draft_numbers:
        urls += [
            reverse("forums:draft", args=[slug, number]),
            reverse("forums:version", args=[slug, number, 1]),
            reverse("forums:diff", args=[slug, number]),
            reverse("forums:support", args=[slug, number]),
            reverse("forums:support", args=[slug, number]) + "?amendment=1",
            reverse("forums:amend", args=[slug, number]),
            reverse("forums:draft_md", args=[slug, number]),
            f"/api/v1/forums/{slug}/drafts/{number}",
        ]
    return urls


def snapshot(urls: list[str]) -> dict[str, tuple[int, str, dict[str, str]]]:
    seen = {}
    for url in urls:
        response = Client().get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for pattern in VOLATILE:
            text = pattern.sub("", text)
        headers = {k: v for k, v in response.headers.items() if k not in IGNORED_HEADERS}
        seen[url] = (response.status_code, text, headers)
    return seen


def give_supports(forum: Forum, drafts, amendment, codes) -> None:
    first, second = drafts
    support_with_code(forum=forum, draft=first, code=codes[0],
                      supporter=Supporter(name=NAMES[0], initial_signatory=True))  # fmt: skip
    support_with_code(forum=forum, draft=second, code=codes[0], supporter=Supporter(name=NAMES[0]))
    support_with_code(
        forum=forum, draft=first, code=codes[1],
        supporter=Supporter(kind=Support.Kind.ORGANIZATION, name=NAMES[2]),
    )  # fmt: skip
    support_with_code(forum=forum, draft=first, amendment=amendment, code=codes[2],
                      supporter=Supporter(name=NAMES[1]))  # fmt: skip
    withdrawn = support_with_code(forum=forum, draft=second, code=codes[3], supporter=Supporter())
    support_withdraw(support=withdrawn)


def hidden_forum(admission: str) -> tuple[Forum, list, object]:
    forum = make_forum(slug=f"hidden-{admission}", admission=admission, hide_tallies=True,
                       list_supporters=True)  # fmt: skip
    first = make_draft(forum, body="We call for peace.")
    draft_revise(draft=first, title=first.current.title, body="We call for a just peace.")
    first.refresh_from_db()
    second = make_draft(forum, "The other draft", submitted_by="Group B")
    amendment = amendment_propose(draft=first, body="We call for a just and lasting peace.")
    amendment_admit(amendment=amendment)
    set_phase(forum, Forum.Phase.SUPPORT)
    return forum, [first, second], amendment


def assert_same(before, after) -> None:
    for url, (status, text, headers) in before.items():
        after_status, after_text, after_headers = after[url]
        assert after_status == status, url
        assert after_headers == headers, url  # ETag, Last-Modified, any count header
        assert after_text == text, url
        for name in NAMES:
            assert name not in after_text, (url, name)


def test_hidden_tallies_leak_nowhere_with_codes():
    forum, drafts, amendment = hidden_forum(Forum.Admission.CODES)
    codes = codes_issue(forum=forum, count=6)
    urls = outputs(forum, [1, 2])
    before = snapshot(urls)
    give_supports(forum, drafts, amendment, codes)
    assert Support.objects.counted().count() == 4
    assert_same(before, snapshot(urls))

    # Closed, the same outputs show the tallies: the comparison above would have seen them.
    set_phase(forum, Forum.Phase.CLOSED)
    closed = snapshot(urls)
    page = closed[reverse("forums:detail", args=[forum.slug])][1]
    assert re.search(r'class="count">2<', page)
    assert NAMES[0] in closed[reverse("forums:draft", args=[forum.slug, 1])][1]
    assert '"supports": 2' in closed[reverse("forums:drafts_export", args=[forum.slug, "json"])][1]
    assert closed[f"/api/v1/forums/{forum.slug}"][2]["ETag"] != before[
        f"/api/v1/forums/{forum.slug}"][2]["ETag"]  # fmt: skip


def test_hidden_tallies_leak_nowhere_with_supports_by_email():
    forum, (first, second), _amendment = hidden_forum(Forum.Admission.EMAIL)
    urls = outputs(forum, [1, 2])
    before = snapshot(urls)
    given = support_submit(forum=forum, draft=first, email="zeb@example.org",
                           supporter=Supporter(name=NAMES[0]), language="en")  # fmt: skip
    support_confirm(support=given)
    pending = support_submit(forum=forum, draft=second, email="xan@example.org",
                             supporter=Supporter(name=NAMES[1]), language="en")  # fmt: skip
    assert pending.status == Support.Status.UNCONFIRMED
    given.refresh_from_db()
    assert given.participant_key == participant_key_for_email(forum=forum, email="zeb@example.org")
    assert_same(before, snapshot(urls))
