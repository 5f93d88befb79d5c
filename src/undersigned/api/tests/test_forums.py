"""The API's forum resources: forums, drafts, tallies only when public, outcomes; in the
OpenAPI document."""

from __future__ import annotations

import datetime

import pytest

from undersigned.forums.models import Forum
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import draft_revise
from undersigned.forums.services.outcomes import OutcomeRecord, outcome_record
from undersigned.forums.services.supports import Supporter, support_with_code
from undersigned.forums.tests.factories import make_draft, make_forum, set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = make_forum(slug="lawef", admission=Forum.Admission.CODES, hide_tallies=True)
    draft = make_draft(forum)
    draft_revise(draft=draft, title=draft.current.title, body="Shorter.", editorial=True)
    make_draft(forum, "Another text")
    [code] = codes_issue(forum=forum, count=1)
    set_phase(forum, Forum.Phase.SUPPORT)
    draft.refresh_from_db()
    support_with_code(forum=forum, draft=draft, code=code, supporter=Supporter(name="Ada"))
    return forum


def test_forums_and_drafts_with_tallies_null_while_hidden(client, forum):
    listing = client.get("/api/v1/forums").json()
    assert listing["count"] == 1
    assert listing["results"][0]["tallies_public"] is False
    assert listing["results"][0]["participants"] is None
    detail = client.get("/api/v1/forums/lawef").json()
    assert [d["supports"] for d in detail["drafts"]] == [None, None]
    assert detail["outcome"] is None
    draft = client.get("/api/v1/forums/lawef/drafts/1").json()
    assert draft["supports"] is None
    assert [v["editorial"] for v in draft["versions"]] == [False, True]
    assert draft["body"] == "Shorter."
    assert "Ada" not in str(draft)
    assert client.get("/api/v1/forums/lawef/outcome").json()["error"]["code"] == (
        "outcome_not_found"
    )
    assert client.get("/api/v1/forums/lawef/drafts/9").status_code == 404
    assert client.get("/api/v1/forums/nope").json()["error"]["code"] == "forum_not_found"


def test_tallies_and_the_outcome_once_closed(client, forum):
    set_phase(forum, Forum.Phase.CLOSED)
    outcome_record(forum=forum, record=OutcomeRecord(
        status="final", decided_on=datetime.date(2024, 11, 7), votes_for=3,
        statements={"en": "No resolution; drafts carried forward."},
    ))  # fmt: skip
    detail = client.get("/api/v1/forums/lawef").json()
    assert [d["supports"] for d in detail["drafts"]] == [1, 0]
    assert detail["participants"] == 1
    assert detail["drafts"][0]["share"] == 1.0
    outcome = client.get("/api/v1/forums/lawef/outcome").json()
    assert outcome["votes"]["for"] == 3
    assert outcome["statements"]["en"].startswith("No resolution")
    assert client.get("/api/v1/").json()["forums"].endswith("/api/v1/forums")


def test_the_forum_resources_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/forums", "/api/v1/forums/{slug}", "/api/v1/forums/{slug}/drafts/{number}",
                 "/api/v1/forums/{slug}/outcome"):  # fmt: skip
        assert path in document["paths"]
    assert "DraftDetail" in document["components"]["schemas"]
