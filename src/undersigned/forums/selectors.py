"""Reads of forums, for the public pages, the organizers' area, the API, the exports
and the feed alike.

The hidden-tally rule lives in ``Forum.tallies_public``; every read here that gives a
count or a supporter takes the forum and answers ``None`` (no count) while the rule
hides it, so a caller cannot show what it was never given.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from undersigned.audit.models import AuditEntry
from undersigned.core.text.diff import Diff
from undersigned.core.web.caching import digest
from undersigned.forums.models import (
    Amendment,
    Draft,
    DraftVersion,
    Forum,
    Outcome,
    ParticipationCode,
    Support,
)
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Role, scope_ids, site_wide

# Numbers (of drafts, versions, amendments) above this are none: a larger one would
# overflow the databases' integers in a query.
MAX_NUMBER = 2**31 - 1


def public_forums() -> QuerySet[Forum]:
    return Forum.objects.exclude(phase=Forum.Phase.PREPARATION).order_by("-starts_on", "name")


def public_forum(*, slug: str) -> Forum:
    forum = public_forums().filter(slug=slug).first()
    if forum is None:
        raise Http404("no such forum")
    return forum


def forums_for_organizer(*, user: Any) -> QuerySet[Forum]:
    """The forums ``user`` holds a role on (any), directly, through a coalition or on the
    whole site."""
    if site_wide(user=user, role=Role.MODERATOR):
        return Forum.objects.all()
    from_roles = Q(pk__in=scope_ids(user=user, role=Role.MODERATOR, model=Forum)) | Q(
        coalitions__in=scope_ids(user=user, role=Role.MODERATOR, model=Coalition)
    )
    return Forum.objects.filter(from_roles).distinct()


def public_drafts(*, forum: Forum) -> list[Draft]:
    return list(
        Draft.objects.admitted()
        .filter(forum=forum)
        .select_related("current", "declaration")
        .order_by("number")
    )


def public_draft(*, forum: Forum, number: int) -> Draft:
    if not 0 < number <= MAX_NUMBER:
        raise Http404("no such draft")
    draft = (
        Draft.objects.admitted()
        .filter(forum=forum, number=number)
        .select_related("current", "declaration", "published_version")
        .first()
    )
    if draft is None or draft.current is None:
        raise Http404("no such draft")
    return draft


def public_forum_draft(*, slug: str, number: int) -> tuple[Forum, Draft]:
    """The public forum ``slug`` and its admitted draft ``number`` (404 for either)."""
    forum = public_forum(slug=slug)
    return forum, public_draft(forum=forum, number=number)


def draft_versions(*, draft: Draft) -> list[DraftVersion]:
    return list(DraftVersion.objects.filter(draft=draft).order_by("number"))


def tally_version_ids(version: DraftVersion) -> list[int]:
    """The versions whose supports count for ``version``: its run of editorial
    corrections, from the first version of the run up to it."""
    root = version.tally_root_id_or_own
    return list(
        DraftVersion.objects.filter(draft_id=version.draft_id, number__lte=version.number)
        .filter(Q(pk=root) | Q(tally_root_id=root))
        .values_list("pk", flat=True)
    )


def participants_count(*, forum: Forum) -> int | None:
    """The participants a share is taken of: the codes issued (registered
    participants), or those who supported something by email. None while hidden."""
    if not forum.tallies_public:
        return None
    if forum.admission == Forum.Admission.CODES:
        return ParticipationCode.objects.filter(forum=forum, revoked=False).count()
    return (
        Support.objects.counted().filter(forum=forum).values("participant_key").distinct().count()
    )


def draft_tallies(*, forum: Forum, drafts: list[Draft]) -> dict[int, int] | None:
    """Counted supports of each draft's current version (with its editorial run), by
    draft id; None while the tallies are hidden. One query."""
    if not forum.tallies_public:
        return None
    runs: dict[int, int] = {}  # version id → draft id
    for draft in drafts:
        if draft.current is not None:
            for pk in tally_version_ids(draft.current):
                runs[pk] = draft.pk
    counts = dict.fromkeys((d.pk for d in drafts), 0)
    rows = (
        Support.objects.counted()
        .filter(version_id__in=list(runs), amendment__isnull=True)
        .values("version_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[runs[row["version_id"]]] += row["n"]
    return counts


def version_tally(*, forum: Forum, version: DraftVersion) -> int | None:
    if not forum.tallies_public:
        return None
    return Support.objects.counted().filter(version_id=version.pk, amendment__isnull=True).count()


def amendment_tallies(*, forum: Forum, amendments: list[Amendment]) -> dict[int, int] | None:
    if not forum.tallies_public:
        return None
    counts = dict.fromkeys((a.pk for a in amendments), 0)
    rows = (
        Support.objects.counted()
        .filter(amendment__in=amendments)
        .values("amendment_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["amendment_id"]] = row["n"]
    return counts


@dataclass(frozen=True)
class Supporters:
    named: list[str]  # in the order they supported
    unnamed: int


def draft_supporters(*, draft: Draft) -> Supporters | None:
    """Who supports the current version, by name where the forum lists supporters and
    they agreed; None while hidden (or when the forum does not list names)."""
    forum = draft.forum
    if not forum.tallies_public or not forum.list_supporters or draft.current is None:
        return None
    rows = list(
        Support.objects.counted()
        .filter(version_id__in=tally_version_ids(draft.current), amendment__isnull=True)
        .order_by("counted_at", "pk")
        .values_list("name", "show_name")
    )
    named = [name for name, show in rows if show and name]
    return Supporters(named=named, unnamed=len(rows) - len(named))


def public_amendments(*, draft: Draft) -> list[Amendment]:
    return list(
        Amendment.objects.filter(draft=draft)
        .exclude(status=Amendment.Status.SUBMITTED)
        .select_related("base")
        .order_by("number")
    )


def amendment_diff(*, amendment: Amendment) -> Diff:
    base = amendment.base
    probe = DraftVersion(title=base.title, body=amendment.body)
    return probe.diff_from(base)


class DiffError(ValueError):
    pass


def versions_diff(*, draft: Draft, old: int, new: int) -> tuple[DraftVersion, DraftVersion, Diff]:
    """The word diff between two versions of one draft, by number."""
    if not (0 < old <= MAX_NUMBER and 0 < new <= MAX_NUMBER):
        raise DiffError(_("This draft has no such version."))
    found = {v.number: v for v in DraftVersion.objects.filter(draft=draft, number__in=[old, new])}
    if old not in found or new not in found:
        raise DiffError(_("This draft has no such version."))
    if old == new:
        raise DiffError(_("Choose two different versions to compare."))
    return found[old], found[new], found[new].diff_from(found[old])


def forum_outcome(*, forum: Forum) -> Outcome | None:
    return (
        Outcome.objects.filter(forum=forum).prefetch_related("statements", "adopted__draft").first()
    )


def outcome_statement(*, outcome: Outcome, language: str) -> str:
    statements = {s.language: s.text for s in outcome.statements.all()}
    return (
        statements.get(language)
        or statements.get(outcome.forum.language)
        or next(iter(statements.values()), "")
    )


def outcomes_published() -> QuerySet[Outcome]:
    """Recorded outcomes of public forums, newest first (the outcomes feed)."""
    return (
        Outcome.objects.filter(forum__phase=Forum.Phase.CLOSED)
        .select_related("forum")
        .prefetch_related("statements", "adopted__draft")
        .order_by("-updated_at")
    )


@dataclass(frozen=True)
class ForumState:
    """What a forum's public outputs are made of, for their ETag and Last-Modified.
    Supports enter it only while the tallies are public: with hidden tallies, a support
    changes no validator, so none of them tells that one was given."""

    etag: str
    last_modified: datetime.datetime | None


def forum_state(*, forum: Forum) -> ForumState:
    times = [forum.updated_at]
    drafts = Draft.objects.filter(forum=forum).aggregate(n=Count("pk"), admitted=Max("admitted_at"))
    versions = DraftVersion.objects.filter(draft__forum=forum).aggregate(
        n=Count("pk"), last=Max("created_at")
    )
    amendments = Amendment.objects.filter(draft__forum=forum).aggregate(
        n=Count("pk"), last=Max("decided_at"), made=Max("created_at")
    )
    times += [drafts["admitted"], versions["last"], amendments["last"], amendments["made"]]
    parts: list[object] = [forum.pk, forum.phase, drafts["n"], versions["n"], amendments["n"]]
    if forum.tallies_public:
        supports = Support.objects.filter(forum=forum).aggregate(
            n=Count("pk", filter=Q(status=Support.Status.COUNTED)),
            counted=Max("counted_at"),
            withdrawn=Max("withdrawn_at"),
        )
        parts += [supports["n"], supports["counted"], supports["withdrawn"]]
        times += [supports["counted"], supports["withdrawn"]]
    known = [t for t in times if t is not None]
    last = max(known) if known else None
    return ForumState(etag=digest(*parts, last), last_modified=last)


def _share(count: int | None, participants: int | None) -> float | None:
    if count is None or not participants:
        return None
    return round(count / participants, 4)


def outcome_data(*, outcome: Outcome) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "decided_on": outcome.decided_on.isoformat(),
        "adopted": [
            {"draft": v.draft.number, "version": v.number, "title": v.title}
            for v in sorted(outcome.adopted.all(), key=lambda v: v.draft.number)
        ],
        "votes": {
            "for": outcome.votes_for,
            "against": outcome.votes_against,
            "abstentions": outcome.abstentions,
        },
        "statements": {s.language: s.text for s in outcome.statements.all()},
    }


def forum_export(*, forum: Forum) -> dict[str, Any]:
    """The forum, its drafts and (once closed) its outcome as plain data: the JSON and
    CSV exports and the API are made of this. Tallies are ``None`` while hidden."""
    drafts = public_drafts(forum=forum)
    tallies = draft_tallies(forum=forum, drafts=drafts)
    participants = participants_count(forum=forum)
    outcome = forum_outcome(forum=forum) if forum.phase == Forum.Phase.CLOSED else None
    adopted = {v.draft_id for v in outcome.adopted.all()} if outcome else set()
    rows = []
    for draft in drafts:
        assert draft.current is not None
        count = None if tallies is None else tallies[draft.pk]
        rows.append({
            "number": draft.number,
            "title": draft.current.title,
            "submitted_by": draft.submitted_by,
            "language": draft.language,
            "version": draft.current.number,
            "version_date": draft.current.created_at.isoformat(),
            "supports": count,
            "share": _share(count, participants),
            "adopted": (draft.pk in adopted) if outcome else None,
            "declaration": draft.declaration.slug if draft.declaration else None,
        })  # fmt: skip
    return {
        "forum": {
            "slug": forum.slug,
            "name": forum.name,
            "phase": forum.phase,
            "place": forum.place,
            "online": forum.online,
            "starts_on": forum.starts_on.isoformat() if forum.starts_on else None,
            "ends_on": forum.ends_on.isoformat() if forum.ends_on else None,
            "languages": forum.all_languages,
            "tallies_public": forum.tallies_public,
            "participants": participants,
        },
        "drafts": rows,
        "outcome": outcome_data(outcome=outcome) if outcome else None,
    }


def forum_audit(*, forum: Forum, limit: int = 500) -> QuerySet[AuditEntry]:
    """The forum's audit rows, newest first: every forum service writes ``data.forum``."""
    return (
        AuditEntry.objects.filter(data__forum=forum.pk)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
