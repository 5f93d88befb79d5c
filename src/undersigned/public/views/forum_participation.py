"""What participants send to a forum: supports (by email, confirmed by a POST from the
mailed page; or with a participation code), drafts and amendments.

Supports by email follow the signing pages exactly (public/views/signing.py): the
anti-spam verdict first, then the same "check your mail" page whatever became of the
support, and private links whose pages change nothing on GET. Codes are checked under a
rate limit per client, so a sheet cannot be guessed from the web.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from undersigned.core.ratelimit import client_key, hit
from undersigned.core.web.http import form_referrer_policy
from undersigned.forums.models import Amendment, Draft, Forum, Support
from undersigned.forums.selectors import MAX_NUMBER, public_forum, public_forum_draft
from undersigned.forums.services.drafts import amendment_propose, draft_submit
from undersigned.forums.services.errors import CodeError, ForumError
from undersigned.forums.services.supports import (
    code_lookup,
    support_confirm,
    support_submit,
    support_with_code,
    support_withdraw,
    support_withdraw_with_code,
)
from undersigned.public.forum_forms import AmendmentForm, DraftForm, SupportForm, WithdrawCodeForm
from undersigned.public.views.private_links import from_private_link
from undersigned.signatures.antispam import FORM_TOKEN_FIELD, Verdict, assess_submission, form_token
from undersigned.signatures.identity import LinkPurpose

logger = logging.getLogger(__name__)

# Code attempts a client may make in an hour (right or wrong): a participant at a venue
# uses a handful; guessing a 50-bit code needs billions.
CODE_ATTEMPTS_PER_HOUR = 60


def _too_many_code_attempts(request: HttpRequest) -> bool:
    return hit(scope="forum-code", key=client_key(request), window=3600) > CODE_ATTEMPTS_PER_HOUR


def _too_many(request: HttpRequest, forum: Forum) -> HttpResponse:
    response = render(request, "forums/too_many.html", {"forum": forum}, status=429)
    response["Retry-After"] = "3600"
    return response


def _amendment(draft: Draft, raw: str | None) -> Amendment | None:
    if not raw:
        return None
    number = int(raw) if raw.isdigit() and int(raw) <= MAX_NUMBER else -1
    found = Amendment.objects.filter(
        draft=draft, number=number, status=Amendment.Status.OPEN
    ).first()
    if found is None:
        raise Http404("no such amendment")
    return found


def _retry_form(request: HttpRequest, forum: Forum, reason: str) -> SupportForm:
    data = request.POST.copy()
    if reason != "fast":
        data[FORM_TOKEN_FIELD] = form_token()
    form = SupportForm(data, forum=forum)
    form.is_valid()
    return form


def _support_post(
    request: HttpRequest, forum: Forum, draft: Draft, amendment: Amendment | None
) -> tuple[SupportForm, HttpResponse | None, int]:
    """Handle a posted support form: a response when done, else the form to show."""
    form = SupportForm(request.POST, forum=forum)
    if forum.admission == Forum.Admission.CODES:
        if _too_many_code_attempts(request):
            return form, _too_many(request, forum), 429
        if not form.is_valid():
            return form, None, 400
        try:
            support_with_code(
                forum=forum, draft=draft, amendment=amendment,
                code=form.cleaned_data["code"], supporter=form.supporter(),
            )  # fmt: skip
        except ForumError as exc:
            form.add_error("code" if isinstance(exc, CodeError) else None, str(exc))
            return form, None, 409
        messages.success(request, _("Thank you: your support is counted."))
        return form, redirect("forums:draft", slug=forum.slug, number=draft.number), 302
    assessment = assess_submission(
        request=request, declaration_id=-forum.pk,
        honeypot_filled=form.honeypot_filled(), form_valid=form.is_valid,
    )  # fmt: skip
    match assessment.verdict:
        case Verdict.DISCARD:
            logger.info("support form discarded: %s", assessment.reason)
            return form, redirect("forums:support_sent", slug=forum.slug, number=draft.number), 302
        case Verdict.RETRY:
            return _retry_form(request, forum, assessment.reason), None, 400
        case Verdict.INVALID:
            return form, None, 400
        case Verdict.BLOCK:
            return form, _too_many(request, forum), 429
    try:
        support_submit(
            forum=forum, draft=draft, amendment=amendment, email=form.cleaned_data["email"],
            supporter=form.supporter(), language=get_language() or "en",
            held=assessment.verdict == Verdict.HOLD,
        )  # fmt: skip
    except ForumError as exc:
        form.add_error(None, str(exc))
        return form, None, 409
    return form, redirect("forums:support_sent", slug=forum.slug, number=draft.number), 302


@form_referrer_policy
@never_cache
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    amendment = _amendment(draft, request.POST.get("amendment") or request.GET.get("amendment"))
    status = 200
    form = SupportForm(forum=forum)
    codes = forum.admission == Forum.Admission.CODES
    if request.method == "POST" and forum.phase == Forum.Phase.SUPPORT:
        form, done, status = _support_post(request, forum, draft, amendment)
        if done is not None:
            return done
    return render(
        request,
        "forums/support.html",
        {"forum": forum, "draft": draft, "amendment": amendment, "form": form,
         "open": forum.phase == Forum.Phase.SUPPORT,
         "withdraw_form": WithdrawCodeForm(prefix="withdraw") if codes else None},
        status=status,
    )  # fmt: skip


@never_cache
@require_safe
def support_sent(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    return render(request, "forums/sent.html", {"forum": forum, "draft": draft})


@form_referrer_policy
@never_cache
@require_http_methods(["POST"])
def withdraw_with_code(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    if forum.admission != Forum.Admission.CODES:
        raise Http404("this forum has no codes")
    if _too_many_code_attempts(request):
        return _too_many(request, forum)
    form = WithdrawCodeForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            support_withdraw_with_code(forum=forum, draft=draft, code=form.cleaned_data["code"])
        except ForumError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, _("Your support is withdrawn."))
            return redirect("forums:draft", slug=forum.slug, number=draft.number)
    return render(
        request,
        "forums/support.html",
        {"forum": forum, "draft": draft, "amendment": None, "form": SupportForm(forum=forum),
         "open": forum.phase == Forum.Phase.SUPPORT, "withdraw_form": form},
        status=400,
    )  # fmt: skip


def _support_from_link(public_id: str, token: str, purpose: LinkPurpose) -> Support:
    queryset = Support.objects.select_related("forum", "draft", "version")
    return from_private_link(queryset, public_id, token, purpose)


# The link's token is the credential (as for signatures: public/views/signing.py).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def support_confirm_link(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    support = _support_from_link(public_id, token, "confirm")
    return _support_link_page(
        request, support, support_confirm, "forums/confirm.html", "forums/confirmed.html"
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def support_withdraw_link(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    support = _support_from_link(public_id, token, "withdraw")
    return _support_link_page(
        request, support, support_withdraw, "forums/withdraw.html", "forums/withdrawn.html"
    )


def _support_link_page(
    request: HttpRequest,
    support: Support,
    act: Callable[..., Support],
    page: str,
    done: str,
) -> HttpResponse:
    """A private link's page; its POST does ``act`` and shows the ``done`` page, or the
    page again with why not (409)."""
    error = ""
    if request.method == "POST":
        try:
            support = act(support=support)
        except ForumError as exc:
            error = str(exc)
        else:
            return render(request, done, {"support": support})
    return render(
        request, page, {"support": support, "error": error},
        status=409 if error else 200,
    )  # fmt: skip


def _code_ok(request: HttpRequest, forum: Forum, form: DraftForm | AmendmentForm) -> bool:
    if forum.admission != Forum.Admission.CODES:
        return True
    try:
        code_lookup(forum=forum, code=form.cleaned_data["code"])
    except CodeError as exc:
        form.add_error("code", str(exc))
        return False
    return True


def _guarded_valid(request: HttpRequest, forum: Forum, form: DraftForm | AmendmentForm) -> bool:
    """The anti-spam checks of an anonymous form, then the form, then its code."""
    if form.honeypot_filled():
        return False
    if forum.admission == Forum.Admission.CODES and _too_many_code_attempts(request):
        return False
    return form.is_valid() and _code_ok(request, forum, form)


@form_referrer_policy
@never_cache
@require_http_methods(["GET", "POST"])
def submit_draft(request: HttpRequest, slug: str) -> HttpResponse:
    forum = public_forum(slug=slug)
    form = DraftForm(request.POST or None, forum=forum)
    status = 200
    if request.method == "POST" and forum.phase == Forum.Phase.DRAFTING:
        if _guarded_valid(request, forum, form):
            try:
                draft_submit(
                    forum=forum, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                    submitted_by=form.cleaned_data["submitted_by"],
                    language=get_language() or forum.language,
                )  # fmt: skip
            except ForumError as exc:
                form.add_error(None, str(exc))
            else:
                return render(request, "forums/submitted.html", {"forum": forum, "what": "draft"})
        status = 400
    return render(
        request, "forums/submit.html",
        {"forum": forum, "form": form, "open": forum.phase == Forum.Phase.DRAFTING},
        status=status,
    )  # fmt: skip


@form_referrer_policy
@never_cache
@require_http_methods(["GET", "POST"])
def propose_amendment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    assert draft.current is not None
    form = AmendmentForm(request.POST or None, forum=forum, initial={"body": draft.current.body})
    status = 200
    if request.method == "POST" and forum.phase == Forum.Phase.DRAFTING:
        if _guarded_valid(request, forum, form):
            try:
                amendment_propose(
                    draft=draft, body=form.cleaned_data["body"],
                    proposed_by=form.cleaned_data["proposed_by"],
                    rationale=form.cleaned_data["rationale"],
                )  # fmt: skip
            except ForumError as exc:
                form.add_error(None, str(exc))
            else:
                return render(
                    request, "forums/submitted.html",
                    {"forum": forum, "draft": draft, "what": "amendment"},
                )  # fmt: skip
        status = 400
    return render(
        request, "forums/amend.html",
        {"forum": forum, "draft": draft, "form": form,
         "open": forum.phase == Forum.Phase.DRAFTING},
        status=status,
    )  # fmt: skip
