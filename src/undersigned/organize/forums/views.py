"""The organizers' forum pages. Three doors on each (organize/access.py); every action
calls a forum service, which checks the permission again and writes the audit row."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from undersigned.core.web.http import form_referrer_policy
from undersigned.forums.models import Amendment, Draft, Forum, ParticipationCode
from undersigned.forums.selectors import (
    MAX_NUMBER,
    draft_versions,
    forum_audit,
    forum_outcome,
    forums_for_organizer,
)
from undersigned.forums.services import codes as code_services
from undersigned.forums.services import drafts as draft_services
from undersigned.forums.services.errors import ForumError
from undersigned.forums.services.forums import forum_move_phase, forum_save
from undersigned.forums.services.outcomes import OutcomeRecord, draft_publish, outcome_record
from undersigned.organize.access import View, scoped_view, workspace_view
from undersigned.organize.forums.forms import (
    CodesForm,
    DeclineForm,
    DraftEditForm,
    ForumForm,
    NewDraftForm,
    OutcomeForm,
    PhaseForm,
    PublishForm,
)
from undersigned.roles.permissions import Action, Role, roles_on, site_wide


def _forum(slug: str) -> Forum:
    return get_object_or_404(Forum, slug=slug)


def forum_view(action: Action) -> Callable[[View], View]:
    """The door of a forum's pages: the forum named by the URL, ``action`` on it."""
    return scoped_view(_forum, action)


def _draft(forum: Forum, number: int) -> Draft:
    if number > MAX_NUMBER:
        raise Http404("no such draft")
    draft = (
        Draft.objects.filter(forum=forum, number=number)
        .select_related("current", "declaration")
        .first()
    )
    if draft is None:
        raise Http404("no such draft")
    draft.forum = forum
    return draft


def _number(raw: str) -> int:
    """A number posted by a form, or 0 (which matches nothing) when it is not one."""
    return int(raw) if raw.isdigit() and int(raw) <= MAX_NUMBER else 0


def _status(form: object) -> int:
    return 400 if getattr(form, "is_bound", False) and getattr(form, "errors", None) else 200


@form_referrer_policy
@workspace_view
@require_safe
def forum_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organize/forums/list.html",
        {
            "forums": forums_for_organizer(user=request.user).order_by("name"),
            "may_create": site_wide(user=request.user, role=Role.ORGANIZER),
        },
    )


def _save(request: HttpRequest, form: ForumForm) -> Forum | None:
    if not form.is_valid():
        return None
    try:
        return forum_save(forum=form.save(commit=False), actor=request.user)
    except (ValidationError, ForumError) as exc:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return None


@form_referrer_policy
@workspace_view
@require_http_methods(["GET", "POST"])
def forum_create(request: HttpRequest) -> HttpResponse:
    # A forum is a new scope: only who organizes on the whole site opens one.
    if not site_wide(user=request.user, role=Role.ORGANIZER):
        raise PermissionDenied("needs the organizer role on the whole site")
    form = ForumForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST":
        forum = _save(request, form)
        if forum is not None:
            messages.success(request, _("The forum was created."))
            return redirect("organize:forum", slug=forum.slug)
    return render(request, "organize/forums/edit.html", {"form": form}, status=_status(form))


@forum_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def forum_edit(request: HttpRequest, forum: Forum) -> HttpResponse:
    form = ForumForm(request.POST or None, instance=forum)
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, _("The forum was saved."))
            return redirect("organize:forum", slug=saved.slug)
    return render(
        request, "organize/forums/edit.html", {"form": form, "forum": forum},
        status=_status(form),
    )  # fmt: skip


@forum_view(Action.MODERATE)
@require_safe
def forum_overview(request: HttpRequest, forum: Forum) -> HttpResponse:
    roles = roles_on(user=request.user, on=forum)
    drafts = list(Draft.objects.filter(forum=forum).select_related("current", "declaration"))
    return render(
        request,
        "organize/forums/overview.html",
        {
            "forum": forum,
            "drafts": drafts,
            "pending_amendments": Amendment.objects.filter(
                draft__forum=forum, status=Amendment.Status.SUBMITTED
            ).select_related("draft", "base"),
            "is_organizer": Role.ORGANIZER in roles,
            "is_admin": Role.ADMIN in roles,
            "phase_form": PhaseForm(initial={"phase": forum.phase}),
            "outcome": forum_outcome(forum=forum),
            "codes_issued": ParticipationCode.objects.filter(forum=forum, revoked=False).count(),
        },
    )


@forum_view(Action.EDIT)
@require_POST
def forum_phase(request: HttpRequest, forum: Forum) -> HttpResponse:
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            forum_move_phase(forum=forum, to=form.cleaned_data["phase"], actor=request.user)
        except ForumError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("The forum is now in the %(phase)s phase.") % {
                    "phase": forum.get_phase_display()},
            )  # fmt: skip
    else:
        messages.error(request, _("Choose a phase."))
    return redirect("organize:forum", slug=forum.slug)


@forum_view(Action.MODERATE)
@require_POST
def draft_decide(request: HttpRequest, forum: Forum, number: int) -> HttpResponse:
    """Admit or decline a submitted draft, or admit an amendment (moderators)."""
    draft = _draft(forum, number)
    decision = request.POST.get("decision", "")
    try:
        if decision == "admit":
            draft_services.draft_admit(draft=draft, actor=request.user)
        elif decision == "decline":
            draft_services.draft_decline(draft=draft, actor=request.user)
        elif decision == "admit_amendment":
            amendment = get_object_or_404(
                Amendment, draft=draft, number=_number(request.POST.get("amendment", ""))
            )
            draft_services.amendment_admit(amendment=amendment, actor=request.user)
        else:
            raise ForumError(_("Choose what to do."))
    except ForumError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("organize:forum", slug=forum.slug)


@forum_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest, forum: Forum) -> HttpResponse:
    form = NewDraftForm(request.POST or None, initial={"language": forum.language})
    if request.method == "POST" and form.is_valid():
        try:
            draft = draft_services.draft_submit(
                forum=forum, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                submitted_by=form.cleaned_data["submitted_by"],
                language=form.cleaned_data["language"], actor=request.user, admit=True,
            )  # fmt: skip
        except ForumError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft was added."))
            return redirect("organize:forum_draft", slug=forum.slug, number=draft.number)
    return render(
        request, "organize/forums/draft_new.html", {"forum": forum, "form": form},
        status=_status(form),
    )  # fmt: skip


def _publish_form(request: HttpRequest, draft: Draft, versions: list) -> PublishForm:  # type: ignore[type-arg]
    data = request.POST if request.POST.get("action") == "publish" else None
    return PublishForm(
        data, versions=versions,
        initial={"slug": f"{draft.forum.slug}-{draft.number}"[:100],
                 "publisher": draft.submitted_by},
    )  # fmt: skip


def _draft_post(request: HttpRequest, draft: Draft, edit: DraftEditForm, publish: PublishForm,
                decline: DeclineForm) -> HttpResponse | None:  # fmt: skip
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "revise" and edit.is_valid():
            draft_services.draft_revise(draft=draft, actor=user, **edit.cleaned_data)
            messages.success(request, _("A new version was saved."))
        elif action in ("accept", "merge", "decline_amendment"):
            amendment = get_object_or_404(
                Amendment, draft=draft, number=_number(request.POST.get("amendment", ""))
            )
            if action == "accept":
                draft_services.amendment_accept(amendment=amendment, actor=user)
            elif action == "merge":
                draft_services.amendment_merge(amendment=amendment, actor=user)
            elif decline.is_valid():
                draft_services.amendment_decline(
                    amendment=amendment, reason=decline.cleaned_data["reason"], actor=user
                )
            else:
                return None
            messages.success(request, _("The amendment was decided on."))
        elif action == "publish" and publish.is_valid():
            version = next(
                v
                for v in draft_versions(draft=draft)
                if v.number == publish.cleaned_data["version"]
            )
            declaration = draft_publish(
                draft=draft, version=version, slug=publish.cleaned_data["slug"],
                kind=publish.cleaned_data["kind"], publisher=publish.cleaned_data["publisher"],
                actor=user,
            )  # fmt: skip
            messages.success(
                request, _("Published as the declaration “%(title)s”, open for signatures.")
                % {"title": declaration.title},
            )  # fmt: skip
        else:
            return None
    except ForumError as exc:
        messages.error(request, str(exc))
        return None
    return redirect("organize:forum_draft", slug=draft.forum.slug, number=draft.number)


@forum_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def draft_manage(request: HttpRequest, forum: Forum, number: int) -> HttpResponse:
    """A draft for its organizers: a new version, the amendments, publishing."""
    draft = _draft(forum, number)
    versions = draft_versions(draft=draft)
    current = draft.current
    revise = request.POST.get("action") == "revise"
    edit = DraftEditForm(
        request.POST if revise else None,
        initial={"title": current.title, "body": current.body} if current else None,
    )
    decline = DeclineForm(
        request.POST if request.POST.get("action") == "decline_amendment" else None
    )
    publish = _publish_form(request, draft, versions)
    if request.method == "POST":
        done = _draft_post(request, draft, edit, publish, decline)
        if done is not None:
            return done
    return render(
        request,
        "organize/forums/draft.html",
        {
            "forum": forum, "draft": draft, "versions": versions, "edit": edit,
            "publish": publish, "decline": decline,
            "frozen": draft_services.draft_frozen(draft),
            "amendments": Amendment.objects.filter(draft=draft).select_related("base"),
        },
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@forum_view(Action.PARTICIPATION_CODES)
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, forum: Forum) -> HttpResponse:
    """Issue codes (the answer is the printable sheet: the only time they are shown), or
    revoke a batch."""
    form = CodesForm(request.POST if request.POST.get("action") == "issue" else None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        batch = request.POST.get("batch", "")
        if batch.isdigit() and int(batch) <= MAX_NUMBER:
            count = code_services.codes_revoke_batch(
                forum=forum, batch=int(batch), actor=request.user
            )
            messages.success(request, _("%(n)s codes revoked.") % {"n": count})
        return redirect("organize:forum_codes", slug=forum.slug)
    if request.method == "POST" and form.is_valid():
        try:
            issued = code_services.codes_issue(
                forum=forum, count=form.cleaned_data["count"], kind=form.cleaned_data["kind"],
                actor=request.user,
            )  # fmt: skip
        except ForumError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request, "organize/forums/codes_sheet.html", {"forum": forum, "codes": issued}
            )
    batches = (
        ParticipationCode.objects.filter(forum=forum)
        .values("batch", "kind", "revoked")
        .order_by("batch")
    )
    summary: dict[int, dict[str, object]] = {}
    for row in batches:
        entry = summary.setdefault(row["batch"], {"batch": row["batch"], "kind": row["kind"],
                                                 "count": 0, "revoked": 0})  # fmt: skip
        entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
        entry["revoked"] = int(entry["revoked"]) + int(row["revoked"])  # type: ignore[call-overload]
    return render(
        request, "organize/forums/codes.html",
        {"forum": forum, "form": form, "batches": list(summary.values())},
        status=_status(form),
    )  # fmt: skip


@forum_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, forum: Forum) -> HttpResponse:
    existing = forum_outcome(forum=forum)
    initial: dict[str, object] = {}
    if existing is not None:
        initial = {
            "status": existing.status, "decided_on": existing.decided_on,
            "adopted": list(existing.adopted.all()), "votes_for": existing.votes_for,
            "votes_against": existing.votes_against, "abstentions": existing.abstentions,
            **{f"statement_{s.language}": s.text for s in existing.statements.all()},
        }  # fmt: skip
    form = OutcomeForm(request.POST or None, forum=forum, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = OutcomeRecord(
            status=data["status"], decided_on=data["decided_on"],
            adopted=[v.pk for v in data["adopted"]], votes_for=data["votes_for"],
            votes_against=data["votes_against"], abstentions=data["abstentions"],
            statements=form.statements(),
        )  # fmt: skip
        try:
            outcome_record(forum=forum, record=record, actor=request.user)
        except ForumError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("organize:forum", slug=forum.slug)
    return render(
        request, "organize/forums/outcome.html",
        {"forum": forum, "form": form, "existing": existing},
        status=_status(form),
    )  # fmt: skip


@forum_view(Action.READ_AUDIT)
@require_safe
def audit(request: HttpRequest, forum: Forum) -> HttpResponse:
    return render(
        request, "organize/forums/audit.html", {"forum": forum, "entries": forum_audit(forum=forum)}
    )
