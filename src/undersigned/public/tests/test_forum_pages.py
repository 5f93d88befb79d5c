"""A forum's public pages through the test client: supports by email over a real SMTP
server and with codes, drafts, amendments, diffs, exports, the feed; bad input."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from undersigned.forums.models import Amendment, Draft, Forum, Support
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import amendment_admit, draft_revise
from undersigned.forums.tests.factories import make_draft, make_forum, set_phase
from undersigned.signatures.tests.helpers import started

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+(/fs/[^/\s]+/(confirm|withdraw)/\w+/)")


def support_url(forum, draft):
    return reverse("forums:support", args=[forum.slug, draft.number])


def test_a_supporter_by_email_confirms_by_post_and_the_address_is_erased(client, smtp, run_tasks):
    forum = make_forum(phase=Forum.Phase.SUPPORT)
    draft = make_draft(forum)
    data = {"started": started(), "kind": "person", "email": "ada@example.org",
            "name": "Ada", "show_name": "on", "initial_signatory": "on"}  # fmt: skip
    response = client.post(support_url(forum, draft), data)
    assert response.status_code == 302
    assert "Check your mail" in client.get(response["Location"]).content.decode()
    support = Support.objects.get()
    assert support.status == Support.Status.UNCONFIRMED
    assert "ada@example.org" not in str(DBTaskResult.objects.get().args_kwargs)
    # The same address again: the same page, and no second support.
    assert client.post(support_url(forum, draft), data).status_code == 302
    assert Support.objects.count() == 1

    run_tasks()
    assert len(smtp.messages) == 1
    support.refresh_from_db()
    assert support.email == ""
    assert support.participant_key  # the keyed hash, not the address
    text = smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
    confirm, withdraw = (m.group(1) for m in LINK.finditer(text))
    page = client.get(confirm).content.decode()
    assert "Confirm my support" in page
    support.refresh_from_db()
    assert support.status == Support.Status.UNCONFIRMED  # a GET changes nothing
    assert client.post(confirm).status_code == 200
    support.refresh_from_db()
    assert support.status == Support.Status.COUNTED
    page = client.get(reverse("forums:draft", args=[forum.slug, draft.number])).content.decode()
    assert "Ada" in page
    assert client.post(withdraw).status_code == 200
    support.refresh_from_db()
    assert support.status == Support.Status.WITHDRAWN
    assert support.name == ""


def test_a_participant_with_a_code_supports_two_drafts_and_sees_clear_errors(client):
    forum = make_forum(admission=Forum.Admission.CODES)
    first, second = make_draft(forum), make_draft(forum, "The other draft")
    [code] = codes_issue(forum=forum, count=1)
    set_phase(forum, Forum.Phase.SUPPORT)
    for draft in (first, second):
        response = client.post(support_url(forum, draft), {"code": code.lower(), "name": "Bo",
                                                           "show_name": "on"})  # fmt: skip
        assert response.status_code == 302
    assert Support.objects.counted().count() == 2
    again = client.post(support_url(forum, first), {"code": code})
    assert again.status_code == 409
    assert "already supported this draft" in again.content.decode()
    wrong = client.post(support_url(forum, first), {"code": "NOPE-NOPE-00", "name": "typed"})
    assert wrong.status_code == 409
    assert 'value="typed"' in wrong.content.decode()  # what was typed stays
    withdrawn = client.post(
        reverse("forums:withdraw_code", args=[forum.slug, first.number]), {"withdraw-code": code}
    )
    assert withdrawn.status_code == 302
    set_phase(forum, Forum.Phase.CLOSED)
    late = client.post(support_url(forum, second), {"code": code})
    assert "not open" in late.content.decode()


def test_the_forum_page_shows_drafts_side_by_side_with_tallies_and_shares(client):
    forum = make_forum(admission=Forum.Admission.CODES)
    first = make_draft(forum)
    make_draft(forum, "Second text", submitted_by="Group B")
    codes = codes_issue(forum=forum, count=4)
    set_phase(forum, Forum.Phase.SUPPORT)
    client.post(support_url(forum, first), {"code": codes[0]})
    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "Second text" in page
    assert "Group B" in page
    assert "25 %" in page  # one support of four participants
    exported = client.get(reverse("forums:drafts_export", args=[forum.slug, "json"]))
    rows = json.loads(exported.content)["drafts"]
    assert [row["supports"] for row in rows] == [1, 0]
    csv = client.get(reverse("forums:drafts_export", args=[forum.slug, "csv"])).content.decode()
    assert csv.splitlines()[0].startswith("number,title")
    md = client.get(reverse("forums:draft_md", args=[forum.slug, first.number])).content.decode()
    assert "This conference condemns" in md


def test_drafts_and_amendments_are_submitted_from_the_public_pages(client):
    forum = make_forum()
    response = client.post(
        reverse("forums:submit", args=[forum.slug]),
        {"started": started(), "title": "A third way", "body": "We propose.", "submitted_by": "C"},
    )
    assert response.status_code == 200
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.SUBMITTED
    assert client.get(reverse("forums:draft", args=[forum.slug, draft.number])).status_code == 404
    admitted = make_draft(forum, body="We call for peace.")
    response = client.post(
        reverse("forums:amend", args=[forum.slug, admitted.number]),
        {"started": started(), "body": "We call for a just peace.", "proposed_by": "D"},
    )
    assert response.status_code == 200
    amendment_admit(amendment=Amendment.objects.get())
    page = client.get(reverse("forums:draft", args=[forum.slug, admitted.number])).content.decode()
    assert "<ins>" in page
    empty = client.post(reverse("forums:submit", args=[forum.slug]),
                        {"started": started(), "title": "", "body": "x" * 10})  # fmt: skip
    assert empty.status_code == 400


def test_diffs_between_versions_and_bad_requests_for_them(client):
    forum = make_forum()
    draft = make_draft(forum, body="We call for peace.")
    draft_revise(draft=draft, title=draft.current.title, body="We call for a just peace.")
    url = reverse("forums:diff", args=[forum.slug, draft.number])
    page = client.get(url, {"from": 1, "to": 2}).content.decode()
    assert "<ins>" in page
    assert "just" in page
    assert client.get(url, {"from": 1, "to": 7}).status_code == 400
    assert client.get(url, {"from": "x", "to": 2}).status_code == 400
    other = make_draft(forum, "Other")
    assert (
        client.get(reverse("forums:version", args=[forum.slug, other.number, 2])).status_code == 404
    )


def test_a_forum_in_preparation_is_not_public(client):
    forum = make_forum(phase=Forum.Phase.PREPARATION)
    assert client.get(reverse("forums:detail", args=[forum.slug])).status_code == 404
    assert forum.slug not in client.get(reverse("forums:index")).content.decode()


def test_bad_input_gets_a_clear_answer_never_a_500(client):
    forum = make_forum(admission=Forum.Admission.CODES)
    draft = make_draft(forum)
    [code] = codes_issue(forum=forum, count=1)
    set_phase(forum, Forum.Phase.SUPPORT)
    url = support_url(forum, draft)
    assert client.post(url, {"code": code, "amendment": "x"}).status_code == 404
    assert client.post(url, {"code": code, "amendment": "999999999999999999999"}).status_code == 404
    long_name = client.post(url, {"code": code, "name": "n" * 5000, "show_name": "on"})
    assert long_name.status_code == 400
    assert client.post(url, {"code": "", "name": "x"}).status_code == 400
    assert client.post(url, {"code": "\x00\x01"}).status_code in (400, 409)
    diff = reverse("forums:diff", args=[forum.slug, draft.number])
    assert client.get(diff, {"from": "99999999999999999999", "to": "1"}).status_code == 400
    assert client.get(reverse("forums:drafts_export", args=[forum.slug, "xls"])).status_code == 404
    assert client.get(reverse("forums:outcome_export", args=[forum.slug])).status_code == 404
    assert client.get(reverse("forums:draft", args=[forum.slug, 99])).status_code == 404
    assert client.get("/api/v1/forums/x/drafts/0").status_code == 400
