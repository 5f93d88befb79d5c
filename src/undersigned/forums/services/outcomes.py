"""The forum's recorded outcome, and a draft carried forward as a declaration.

The outcome is recorded once the forum is closed: preliminary first if organizers wish,
then final (a final outcome no longer changes). Any draft, adopted or not, can then be
published as a declaration open for signatures, from the version the organizers name:
the declaration links back to the forum and the version (a source link), the draft
links forward to it, and supporters who asked to be listed become its first signatories
in the order they supported — nobody else is carried over.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import declaration_create, declaration_open
from undersigned.forums.models import Draft, DraftVersion, Forum, Outcome, OutcomeStatement, Support
from undersigned.forums.services.errors import ForumError, PhaseError
from undersigned.organizations.services import organization_create
from undersigned.roles.permissions import Action, Role, may, require
from undersigned.roles.services import role_grant
from undersigned.signatures.services import PersonSubmission, signature_add_published

Actor = User | AnonymousUser | None


@dataclass(frozen=True, kw_only=True)
class OutcomeRecord:
    status: str
    decided_on: datetime.date
    adopted: list[int] = field(default_factory=list)  # DraftVersion ids
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    statements: dict[str, str] = field(default_factory=dict)  # language → text


def _check_record(forum: Forum, record: OutcomeRecord) -> list[DraftVersion]:
    if forum.phase != Forum.Phase.CLOSED:
        raise PhaseError(_("The outcome is recorded once the forum is closed."))
    if record.status not in Outcome.Status.values:
        raise ForumError(_("Unknown status of an outcome."))
    statements = {lang: text.strip() for lang, text in record.statements.items() if text.strip()}
    if forum.language not in statements:
        raise ForumError(_("State the outcome at least in the forum's original language."))
    unknown = set(statements) - set(forum.all_languages)
    if unknown:
        raise ForumError(_("The outcome can be stated in the forum's languages only."))
    adopted = list(
        DraftVersion.objects.filter(
            pk__in=record.adopted, draft__forum=forum, draft__status=Draft.Status.ADMITTED
        )
    )
    if len(adopted) != len(set(record.adopted)):
        raise ForumError(_("Only versions of this forum's admitted drafts can be adopted."))
    if len({v.draft_id for v in adopted}) != len(adopted):
        raise ForumError(_("Adopt one version of each draft at most."))
    return adopted


def outcome_record(*, forum: Forum, record: OutcomeRecord, actor: Actor = None) -> Outcome:
    """Record (or revise, while preliminary) the forum's outcome."""
    require(actor=actor, action=Action.EDIT, on=forum)
    adopted = _check_record(forum, record)
    with transaction.atomic():
        Forum.objects.select_for_update().filter(pk=forum.pk).first()
        outcome = Outcome.objects.filter(forum=forum).first()
        if outcome is not None and outcome.status == Outcome.Status.FINAL:
            raise ForumError(_("The outcome is final and no longer changes."))
        created = outcome is None
        outcome = outcome or Outcome(forum=forum)
        outcome.status = record.status
        outcome.decided_on = record.decided_on
        outcome.votes_for = record.votes_for
        outcome.votes_against = record.votes_against
        outcome.abstentions = record.abstentions
        outcome.save()
        outcome.adopted.set(adopted)
        OutcomeStatement.objects.filter(outcome=outcome).delete()
        OutcomeStatement.objects.bulk_create(
            OutcomeStatement(outcome=outcome, language=lang, text=text.strip())
            for lang, text in record.statements.items()
            if text.strip()
        )
        Forum.objects.filter(pk=forum.pk).update(updated_at=timezone.now())
        audit_record(
            action="forum.outcome.record" if created else "forum.outcome.revise",
            target=outcome,
            actor=actor,
            data={
                "forum": forum.pk,
                "status": outcome.status,
                "adopted": sorted((v.draft.number, v.number) for v in adopted),
                "votes": [record.votes_for, record.votes_against, record.abstentions],
            },
        )
    return outcome


def _initial_signatories(draft: Draft) -> list[Support]:
    """Supporters of the draft who asked to be listed, first support of each first."""
    seen: set[str] = set()
    chosen = []
    rows = (
        Support.objects.counted()
        .filter(draft=draft, amendment__isnull=True, initial_signatory=True)
        .order_by("counted_at", "pk")
    )
    for support in rows:
        if support.participant_key in seen:
            continue
        seen.add(support.participant_key)
        chosen.append(support)
    return chosen


def _carry_over(declaration: Declaration, supports: list[Support], actor: Actor) -> int:
    for support in supports:
        if support.kind == Support.Kind.ORGANIZATION and support.name:
            organization = organization_create(actor=actor, abbreviation="", name=support.name)
            signature_add_published(
                declaration=declaration, actor=actor, organization=organization,
                source=_("forum support"),
            )  # fmt: skip
        else:
            signature_add_published(
                declaration=declaration, actor=actor,
                person=PersonSubmission(
                    name=support.name, email="", country="",
                    show_name=support.show_name and bool(support.name),
                ),
                source=_("forum support"),
            )  # fmt: skip
    return len(supports)


def draft_url(draft: Draft) -> str:
    path = reverse("forums:draft", kwargs={"slug": draft.forum.slug, "number": draft.number})
    return settings.SITE_URL + path


def draft_publish(
    *, draft: Draft, version: DraftVersion | None = None, slug: str,
    kind: str = Declaration.Kind.OPEN_LETTER, publisher: str = "", actor: Actor = None,
) -> Declaration:  # fmt: skip
    """Publish the draft (at ``version``, by default its current one) as a declaration
    open for signatures, in one step."""
    forum = draft.forum
    require(actor=actor, action=Action.EDIT, on=forum)
    version = version or draft.current
    if version is None or version.draft_id != draft.pk:
        raise ForumError(_("Choose a version of this draft."))
    if draft.status != Draft.Status.ADMITTED:
        raise ForumError(_("Only an admitted draft can be published."))
    if forum.phase not in (Forum.Phase.SUPPORT, Forum.Phase.CLOSED):
        raise PhaseError(_("A draft is published once the support phase has begun."))
    if Declaration.objects.filter(slug=slug).exists():
        raise ForumError(_("That address is taken by another declaration."))
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.declaration_id is not None:
            raise ForumError(_("This draft was published as a declaration already."))
        declaration = declaration_create(
            actor=actor,
            slug=slug,
            title=version.title,
            body=version.body,
            kind=kind,
            publisher=publisher or draft.submitted_by,
            language=draft.language,
            first_published_on=forum.starts_on,
            published_on=timezone.localdate(),
            source_links=[
                {
                    "url": draft_url(draft),
                    "label": _("Draft %(n)s, version %(v)s, at the forum “%(forum)s”")
                    % {"n": draft.number, "v": version.number, "forum": forum.name},
                }
            ],
        )
        declaration.coalitions.set(forum.coalitions.all())
        if isinstance(actor, User) and not may(user=actor, action=Action.EDIT, on=declaration):
            # The forum's organizer who publishes the draft runs the declaration it
            # becomes (the grant is audited like any other).
            role_grant(user=actor, role=Role.ORGANIZER, scope=declaration, actor=actor)
        declaration = declaration_open(declaration=declaration, actor=actor)
        carried = _carry_over(declaration, _initial_signatories(locked), actor)
        locked.declaration, locked.published_version = declaration, version
        locked.save(update_fields=["declaration", "published_version"])
        Forum.objects.filter(pk=forum.pk).update(updated_at=timezone.now())
        audit_record(
            action="forum.draft.publish",
            target=locked,
            actor=actor,
            declaration_id=declaration.pk,
            data={"forum": forum.pk, "version": version.number, "signatories": carried},
        )
    draft.declaration, draft.published_version = declaration, version
    return declaration
