"""The forums' commands: ``forum_codes`` and ``forum_phases``."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from undersigned.forums.codes import code_hash
from undersigned.forums.models import Forum, ParticipationCode, Support
from undersigned.forums.services.supports import Supporter, support_submit
from undersigned.forums.tests.factories import make_draft, make_forum

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_forum_codes_issues_prints_once_lists_and_revokes():
    forum = make_forum(slug="lawef")
    codes = run("forum_codes", "issue", "lawef", "--count", "3").split()
    assert len(codes) == 3
    assert all(
        ParticipationCode.objects.filter(code_hash=code_hash(forum_id=forum.pk, code=c)).exists()
        for c in codes
    )
    csv_out = run("forum_codes", "issue", "lawef", "--count", "2", "--format", "csv")
    assert csv_out.splitlines()[0] == "forum,code"
    assert "batch 1: 3 person codes, 0 revoked" in run("forum_codes", "list", "lawef")
    assert "Would revoke 3" in run("forum_codes", "revoke", "lawef", "--batch", "1", "--dry-run")
    assert "Revoked 3" in run("forum_codes", "revoke", "lawef", "--batch", "1")
    with pytest.raises(CommandError, match="no forum"):
        run("forum_codes", "issue", "nope")
    with pytest.raises(CommandError, match="between 1 and"):
        run("forum_codes", "issue", "lawef", "--count", "0")


def test_forum_phases_moves_what_is_due():
    forum = make_forum(
        slug="due", phase=Forum.Phase.PREPARATION,
        drafting_at=timezone.now() - datetime.timedelta(minutes=5),
    )  # fmt: skip
    assert "due: preparation → drafting" in run("forum_phases", "--dry-run")
    assert "Moved 1" in run("forum_phases")
    forum.refresh_from_db()
    assert forum.phase == Forum.Phase.DRAFTING


def test_unconfirmed_supports_by_email_are_deleted_after_the_retention_days(settings):
    forum = make_forum(slug="stale", phase=Forum.Phase.SUPPORT)
    draft = make_draft(forum)
    support_submit(forum=forum, draft=draft, email="old@example.org",
                   supporter=Supporter(name="Old"), language="en")  # fmt: skip
    Support.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    support_submit(forum=forum, draft=draft, email="new@example.org",
                   supporter=Supporter(name="New"), language="en")  # fmt: skip
    assert "deleted 1 unconfirmed supports" in run("forum_phases")
    assert list(Support.objects.values_list("name", flat=True)) == ["New"]
