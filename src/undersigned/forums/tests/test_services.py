"""The forum's services: phases and the scheduler, versions and their tallies,
amendments, supports with codes, the outcome and a draft published as a declaration."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration
from undersigned.forums.codes import code_hash, code_normalize
from undersigned.forums.models import Amendment, Draft, Forum, ParticipationCode, Support
from undersigned.forums.selectors import (
    DiffError,
    draft_supporters,
    draft_tallies,
    participants_count,
    versions_diff,
)
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import (
    amendment_accept,
    amendment_admit,
    amendment_decline,
    amendment_propose,
    draft_admit,
    draft_revise,
    draft_submit,
)
from undersigned.forums.services.errors import CodeError, ForumError, PhaseError
from undersigned.forums.services.forums import forum_move_phase, forums_advance_due
from undersigned.forums.services.outcomes import OutcomeRecord, draft_publish, outcome_record
from undersigned.forums.services.supports import (
    Supporter,
    support_with_code,
    support_withdraw_with_code,
)
from undersigned.forums.tests.factories import make_draft, make_forum, set_phase
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature

pytestmark = pytest.mark.django_db


def user_with(role, scope, name=None):
    user = User.objects.create_user(name or f"{role}-{scope.pk}", password="pw")
    role_grant(user=user, role=role, scope=scope)
    return user


def test_phases_move_by_hand_forward_and_one_back_and_are_audited():
    forum = make_forum(phase=Forum.Phase.PREPARATION)
    forum_move_phase(forum=forum, to=Forum.Phase.SUPPORT)
    assert Forum.objects.get().phase == Forum.Phase.SUPPORT
    forum_move_phase(forum=forum, to=Forum.Phase.DRAFTING)
    with pytest.raises(PhaseError):
        forum_move_phase(forum=forum, to=Forum.Phase.DRAFTING)
    forum_move_phase(forum=forum, to=Forum.Phase.CLOSED)
    with pytest.raises(PhaseError):
        forum_move_phase(forum=forum, to=Forum.Phase.PREPARATION)
    moves = AuditEntry.objects.filter(action="forum.phase").order_by("pk")
    assert [entry.data["to"] for entry in moves] == ["support", "drafting", "closed"]


def test_the_scheduler_moves_a_forum_into_the_latest_due_phase():
    now = timezone.now()
    due = make_forum(
        phase=Forum.Phase.PREPARATION,
        drafting_at=now - datetime.timedelta(days=2),
        support_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    later = make_forum(phase=Forum.Phase.PREPARATION, drafting_at=now + datetime.timedelta(hours=1))
    assert forums_advance_due(now=now) == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.phase == Forum.Phase.SUPPORT
    assert later.phase == Forum.Phase.PREPARATION
    assert forums_advance_due(now=now) == 0  # nothing more is due
    assert forums_advance_due(now=now + datetime.timedelta(days=2)) == 2
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.phase, later.phase) == (Forum.Phase.CLOSED, Forum.Phase.DRAFTING)
    assert AuditEntry.objects.filter(action="forum.phase", data__scheduled=True).count() == 3


def test_a_moderator_admits_but_cannot_move_phases():
    forum = make_forum()
    moderator = user_with(Role.MODERATOR, forum)
    draft = draft_submit(forum=forum, title="Ours", body="We say.", submitted_by="A group")
    assert draft.status == Draft.Status.SUBMITTED
    draft_admit(draft=draft, actor=moderator)
    assert Draft.objects.get().status == Draft.Status.ADMITTED
    with pytest.raises(PermissionDenied):
        forum_move_phase(forum=forum, to=Forum.Phase.SUPPORT, actor=moderator)
    stranger = User.objects.create_user("stranger")
    with pytest.raises(PermissionDenied):
        draft_revise(draft=draft, title="Ours", body="We say more.", actor=stranger)


def test_participants_submit_drafts_only_while_drafting():
    forum = make_forum(phase=Forum.Phase.SUPPORT)
    with pytest.raises(PhaseError):
        draft_submit(forum=forum, title="Late", body="Too late.", actor=None)
    with pytest.raises(PhaseError):
        draft_submit(forum=forum, title="Late", body="Too late.", actor=User())  # anonymous-ish
    with pytest.raises(ForumError):
        draft_submit(forum=make_forum(), title="", body="No title.")
    with pytest.raises(ForumError):
        draft_submit(forum=make_forum(), title="Huge", body="x" * 100_001)


def codes_for(forum, n=2):
    return codes_issue(forum=forum, count=n)


def test_codes_are_kept_only_as_keyed_hashes_and_read_forgivingly():
    forum = make_forum()
    [code] = codes_for(forum, 1)
    stored = ParticipationCode.objects.get()
    assert code.replace("-", "") not in stored.code_hash
    assert stored.code_hash == code_hash(forum_id=forum.pk, code=code.lower().replace("-", " "))
    assert code_normalize("o1l-i") == "0111"


def test_versions_are_immutable_and_only_editorial_ones_carry_supports():
    forum = make_forum(admission=Forum.Admission.CODES)
    draft = make_draft(forum)
    first = draft.current
    code_a, code_b = codes_for(forum)
    set_phase(forum, Forum.Phase.SUPPORT)
    support_with_code(forum=forum, draft=draft, code=code_a, supporter=Supporter(name="Ada"))
    assert draft_tallies(forum=forum, drafts=[draft]) == {draft.pk: 1}

    set_phase(forum, Forum.Phase.DRAFTING)
    typo = draft_revise(
        draft=draft, title=first.title, body=first.body + "\nTypo.", editorial=True, note="typo"
    )
    assert typo.number == 2
    assert typo.tally_root_id == first.pk
    draft.refresh_from_db()
    assert draft_tallies(forum=forum, drafts=[draft]) == {draft.pk: 1}  # carried over
    assert AuditEntry.objects.get(action="forum.draft.version").data["supports_carry_over"]

    changed = draft_revise(draft=draft, title=first.title, body="Something else entirely.")
    assert changed.number == 3
    assert changed.tally_root_id is None
    draft.refresh_from_db()
    assert draft_tallies(forum=forum, drafts=[draft]) == {draft.pk: 0}  # a tally of its own
    # The support still names the version it was given to.
    assert Support.objects.get().version_id == first.pk
    set_phase(forum, Forum.Phase.SUPPORT)
    support_with_code(forum=forum, draft=draft, code=code_a, supporter=Supporter())
    support_with_code(forum=forum, draft=draft, code=code_b, supporter=Supporter())
    assert draft_tallies(forum=forum, drafts=[draft]) == {draft.pk: 2}

    _old, _new, diff = versions_diff(draft=draft, old=1, new=3)
    assert "<del>" in diff.html
    assert "<ins>" in diff.html
    with pytest.raises(DiffError):
        versions_diff(draft=draft, old=1, new=9)


def test_a_code_supports_each_draft_once_and_one_draft_only_when_the_policy_says():
    forum = make_forum(admission=Forum.Admission.CODES, one_draft_only=True)
    first, second = make_draft(forum), make_draft(forum, "Another text")
    [code] = codes_for(forum, 1)
    with pytest.raises(PhaseError):
        support_with_code(forum=forum, draft=first, code=code, supporter=Supporter())
    set_phase(forum, Forum.Phase.SUPPORT)
    support_with_code(forum=forum, draft=first, code=code, supporter=Supporter())
    with pytest.raises(CodeError, match="already supported this draft"):
        support_with_code(forum=forum, draft=first, code=code, supporter=Supporter())
    with pytest.raises(CodeError, match="one draft only"):
        support_with_code(forum=forum, draft=second, code=code, supporter=Supporter())
    with pytest.raises(CodeError, match="not valid"):
        support_with_code(forum=forum, draft=first, code="AAAA-BBBB-CC", supporter=Supporter())
    # Withdrawn, the code may support the other draft.
    support_withdraw_with_code(forum=forum, draft=first, code=code)
    support_with_code(forum=forum, draft=second, code=code, supporter=Supporter())
    assert draft_tallies(forum=forum, drafts=[first, second]) == {first.pk: 0, second.pk: 1}
    withdrawn = Support.objects.get(status=Support.Status.WITHDRAWN)
    assert withdrawn.participant_key == ""
    assert withdrawn.name == ""


def test_hidden_tallies_read_as_none_until_the_forum_closes():
    forum = make_forum(admission=Forum.Admission.CODES, hide_tallies=True)
    draft = make_draft(forum)
    [code] = codes_for(forum, 1)
    set_phase(forum, Forum.Phase.SUPPORT)
    support_with_code(forum=forum, draft=draft, code=code, supporter=Supporter(name="Ada"))
    assert draft_tallies(forum=forum, drafts=[draft]) is None
    assert participants_count(forum=forum) is None
    draft.forum = forum
    assert draft_supporters(draft=draft) is None
    set_phase(forum, Forum.Phase.CLOSED)
    assert draft_tallies(forum=forum, drafts=[draft]) == {draft.pk: 1}
    assert participants_count(forum=forum) == 1
    assert draft_supporters(draft=draft).named == ["Ada"]


def test_amendments_are_admitted_accepted_as_a_new_version_or_declined_with_a_reason():
    forum = make_forum()
    draft = make_draft(forum, body="We call for peace.")
    amendment = amendment_propose(draft=draft, body="We call for a just peace.", proposed_by="B")
    assert amendment.status == Amendment.Status.SUBMITTED
    amendment_admit(amendment=amendment)
    version = amendment_accept(amendment=amendment)
    assert version.number == 2
    assert version.amendment_id == amendment.pk
    assert version.body == "We call for a just peace."
    other = amendment_propose(draft=draft, body="We call for nothing.")
    with pytest.raises(ForumError):
        amendment_decline(amendment=other, reason=" ")
    amendment_decline(amendment=other, reason="Against the spirit of the draft.")
    assert Amendment.objects.get(pk=other.pk).status == Amendment.Status.DECLINED
    with pytest.raises(ForumError):
        amendment_propose(draft=draft, body="We call for a just peace.")  # no change


def test_the_outcome_is_recorded_when_closed_and_a_final_one_stays():
    forum = make_forum()
    draft = make_draft(forum)
    record = OutcomeRecord(
        status="preliminary", decided_on=datetime.date(2024, 11, 7), adopted=[],
        statements={"en": "The forum did not adopt a resolution; it carried drafts forward."},
    )  # fmt: skip
    with pytest.raises(PhaseError):
        outcome_record(forum=forum, record=record)
    set_phase(forum, Forum.Phase.CLOSED)
    no_english = OutcomeRecord(
        status="final", decided_on=datetime.date(2024, 11, 7), statements={"ru": "Нет"}
    )
    with pytest.raises(ForumError):
        outcome_record(forum=forum, record=no_english)
    outcome = outcome_record(forum=forum, record=record)
    final = OutcomeRecord(
        status="final", decided_on=datetime.date(2024, 11, 7), adopted=[draft.current_id],
        votes_for=12, votes_against=3, abstentions=1,
        statements={"en": "Adopted.", "ru": "Принято."},
    )  # fmt: skip
    outcome = outcome_record(forum=forum, record=final)
    assert list(outcome.adopted.all()) == [draft.current]
    assert outcome.statements.count() == 2
    with pytest.raises(ForumError, match="final"):
        outcome_record(forum=forum, record=record)
    with pytest.raises(PhaseError):
        forum_move_phase(forum=forum, to=Forum.Phase.SUPPORT)


def test_a_draft_is_published_as_a_declaration_with_its_consenting_supporters_first():
    forum = make_forum(admission=Forum.Admission.CODES)
    draft = make_draft(forum, submitted_by="Russian Socialists for a world without annexations")
    codes = codes_for(forum, 4)
    set_phase(forum, Forum.Phase.SUPPORT)
    support_with_code(forum=forum, draft=draft, code=codes[0],
                      supporter=Supporter(name="Ada", initial_signatory=True))  # fmt: skip
    support_with_code(forum=forum, draft=draft, code=codes[1], supporter=Supporter(name="Bo"))
    unnamed = Supporter(name="Cy", show_name=False, initial_signatory=True)
    support_with_code(forum=forum, draft=draft, code=codes[2], supporter=unnamed)
    declaration = draft_publish(draft=draft, slug="left-for-peace")
    assert declaration.status == Declaration.Status.OPEN
    assert declaration.kind == Declaration.Kind.OPEN_LETTER
    assert declaration.body == draft.current.body
    assert f"/forums/{forum.slug}/drafts/{draft.number}/" in declaration.source_links[0]["url"]
    signatures = list(Signature.objects.filter(declaration=declaration).order_by("position"))
    assert [(s.name, s.show_name) for s in signatures] == [("Ada", True), ("", False)]
    assert Draft.objects.get().declaration_id == declaration.pk
    with pytest.raises(ForumError):
        draft_publish(draft=draft, slug="again")
    entry = AuditEntry.objects.get(action="forum.draft.publish")
    assert entry.data["signatories"] == 2
    assert entry.declaration_id == declaration.pk


def test_codes_need_the_organizer_role():
    forum = make_forum()
    with pytest.raises(PermissionDenied):
        codes_issue(forum=forum, count=3, actor=user_with(Role.MODERATOR, forum))
    assert len(codes_issue(forum=forum, count=3, actor=user_with(Role.ORGANIZER, forum, "o"))) == 3
    with pytest.raises(ForumError):
        codes_issue(forum=forum, count=0)
