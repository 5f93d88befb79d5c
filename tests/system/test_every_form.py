"""Every POST form of the product, found by crawling and submitted in Chromium.

The Django test client sends no ``Origin`` header and curl sends what it is told, so a
form that a real browser cannot send (``Origin: null`` under ``Referrer-Policy:
no-referrer``, a CSRF failure) passes every other test. This one finds the forms the
way a person does: it crawls the site from its entry points as each kind of user —
an anonymous reader, a signer with their private links, a newcomer with a team
invitation link, a moderator, an organizer and a site admin — over seeded content, and
collects every ``<form method="post">`` with each of its submit buttons. Then, for each
one, Chromium (JavaScript off) opens the page, fills the visible fields with plausible
values, presses the button and must not get a 403 or a 5xx. Forms found on the page a
submission leads to (the import's preview, say) join the list; when a form is gone by
the time its turn comes (the draft it belonged to was committed), the submission that
revealed it is made again.

Nothing here names a form: a form added later by any app (forums, readers' pages) is
found by the crawl and must be submitted too. A form that was found and could not be
submitted fails the test, by its name. The admin (Django's own, tested by Django) is not
crawled; its pages get the same referrer policy from the same middleware.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import expect

from undersigned.declarations.models import Declaration
from undersigned.demo.sample.content import load_sample_content
from undersigned.roles.invitations import invitation_create
from undersigned.roles.models import Coalition
from undersigned.roles.services import role_grant
from undersigned.signatures.mail import signature_links
from undersigned.signatures.services import (
    OrganizationSubmission,
    PersonSubmission,
    signature_confirm,
    signature_submit,
)
from undersigned.testing import BROWSER_TIMEOUT_MS
from undersigned.twofactor.services import two_factor_confirm, two_factor_start
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.browser

PASSWORD = "a long password for the crawl"
MAX_PAGES = 250
# Pages of one kind (one URL name) looked at per user: forms are the same on each.
PER_VIEW = 3
SKIP_EXTENSIONS = (".txt", ".csv", ".json", ".md", ".pdf", ".atom", ".xml", ".svg", ".png")
SUBMITTERS = "button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]"
# What a person would type, by the field's name, then by its type.
BY_NAME = {
    "text": "1. Friends of the Crawl (FOC), Germany\n2. Union of Form Testers, France\n"
    "3. Society for Submitted Forms — Italy\n",
    "title": "A declaration the crawl wrote",
    "body": "We, the **undersigned**, declare that every form works.",
    "summary": "Every form works.",
    "email": "crawl@example.org",
    "website": "https://example.org",
    "public_key": "not a key",
    "source": "the crawl",
    "reason": "a test of every form",
    "slug": "a-crawled-declaration",
}
BY_TYPE = {
    "email": "crawl@example.org",
    "url": "https://example.org",
    "date": datetime.date.today().isoformat(),
    "number": "1",
    "tel": "+49 30 1234567",
}
TEXT_TYPES = {"text", "search", "email", "url", "tel", "number", "date", "password", ""}


# --- Reading forms out of a page -------------------------------------------------------


@dataclass
class Form:
    index: int  # among the page's <form> elements, in document order
    attrs: dict[str, str]
    fields: list[dict[str, str]] = field(default_factory=list)
    # (where, position, attributes): "in" = the n-th submitter inside the form,
    # "out" = the n-th submitter elsewhere naming the form by its id.
    submitters: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)


def _is_submitter(tag: str, attrs: dict[str, str]) -> bool:
    if tag == "button":
        return attrs.get("type", "submit").lower() not in ("button", "reset")
    return tag == "input" and attrs.get("type", "").lower() in ("submit", "image")


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._current: Form | None = None
        self._outside: dict[str, int] = Counter()
        self._pending: list[tuple[str, int, dict[str, str]]] = []

    def handle_starttag(self, tag: str, raw: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in raw}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._current = Form(index=len(self.forms), attrs=attrs)
            self.forms.append(self._current)
            return
        if tag not in ("input", "select", "textarea", "button"):
            return
        owner = attrs.get("form")
        if owner and (self._current is None or self._current.attrs.get("id") != owner):
            if _is_submitter(tag, attrs):
                self._pending.append((owner, self._outside[owner], attrs))
                self._outside[owner] += 1
            return
        if self._current is None:
            return
        if _is_submitter(tag, attrs):
            inside = sum(1 for where, _n, _a in self._current.submitters if where == "in")
            self._current.submitters.append(("in", inside, attrs))
        elif tag != "button":
            self._current.fields.append({"tag": tag, **attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None

    def close(self) -> None:
        super().close()
        by_id = {form.attrs["id"]: form for form in self.forms if form.attrs.get("id")}
        for owner, position, attrs in self._pending:
            if owner in by_id:
                by_id[owner].submitters.append(("out", position, attrs))


def read_forms(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    parser.close()
    return parser


def view_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return f"unresolved:{urlsplit(url).path}"


def keys_of(page_url: str, form: Form) -> list[tuple[str, tuple[str, int, dict[str, str]]]]:
    """One key per submit button of a POST form: what it is, whatever its page."""
    if form.attrs.get("method", "get").lower() != "post":
        return []
    action = view_name(urljoin(page_url, form.attrs.get("action") or page_url))
    names = sorted({f.get("name", "") for f in form.fields} - {"", "csrfmiddlewaretoken"})
    keys = []
    for submitter in form.submitters:
        attrs = submitter[2]
        if "hidden" in attrs or "disabled" in attrs:
            continue
        button = f"{attrs.get('name', '')}={re.sub(r'[0-9]+', 'N', attrs.get('value', ''))}"
        keys.append((f"POST {action} [{' '.join(names)}] {button}", submitter))
    return keys


# --- Who crawls, from where -----------------------------------------------------------


@dataclass
class Visitor:
    name: str
    user: User | None
    starts: list[str]
    follow: bool = True  # follow links, or only look at the start pages
    # What the visitor types as user name and password (sign-in, a new account).
    login: tuple[str, str] = ("organizer", PASSWORD)
    # The device whose code verified the session (two-factor sign-in), if any.
    verified_by: Any = None


@dataclass
class Found:
    page: str
    form: int
    submitter: tuple[str, int, dict[str, str]]
    parent: str | None = None  # the key whose submission led to the page
    # Other pages it is on (the same form of another declaration), tried in turn when
    # an earlier submission took it away from the first (a declaration was closed).
    also: list[str] = field(default_factory=list)


def _user(username: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD)


def seed(live_url: str) -> list[Visitor]:
    load_sample_content()
    statement = Declaration.objects.get(slug="water-is-a-common-good")
    letter = Declaration.objects.filter(allow_individuals=True, status="open").first()
    assert letter is not None
    # Organizations waiting for a moderator, and signatures held by the anti-spam limits.
    for number in range(6):
        pending = signature_submit(
            declaration=statement,
            submission=OrganizationSubmission(
                abbreviation=f"PO{number}", name=f"Pending Organization {number}",
                country="DE", signer_name="Signer", email=f"po{number}@example.org",
            ),
            language="en",
        )  # fmt: skip
        signature_confirm(signature=pending)
    for number in range(6):
        signature_submit(
            declaration=statement,
            submission=OrganizationSubmission(
                abbreviation=f"HO{number}", name=f"Held Organization {number}",
                country="FR", signer_name="Signer", email=f"ho{number}@example.org",
            ),
            language="en",
            held=True,
        )  # fmt: skip
    # A signer's private links: one to confirm, one (of a confirmed signature) to withdraw.
    unconfirmed = signature_submit(
        declaration=letter,
        submission=PersonSubmission(name="Una Confirmed", email="una@example.org", country="SE"),
        language="en",
    )
    confirmed = signature_submit(
        declaration=letter,
        submission=PersonSubmission(name="Wil Withdrawn", email="wil@example.org", country="SE"),
        language="en",
    )
    signature_confirm(signature=confirmed)
    private = [
        signature_links(unconfirmed)["confirm"].removeprefix(live_url),
        signature_links(confirmed)["withdraw"].removeprefix(live_url),
    ]

    moderator, organizer, admin = _user("moderator"), _user("organizer"), _user("siteadmin")
    role_grant(user=moderator, role="moderator", scope=statement)
    for declaration in (statement, letter):
        role_grant(user=organizer, role="organizer", scope=declaration)
    role_grant(user=admin, role="admin", scope=None)
    # A coalition, whose team page the site admin reaches from the dashboard; invitation
    # links (shown once, so made here): one for a newcomer who sets a password, one the
    # moderator accepts signed in.
    Coalition.objects.create(name="River towns", slug="river-towns")
    invitations = [
        reverse(
            "organize:invitation", args=[invitation_create(role=role, scope=scope, actor=admin)[1]]
        )
        for role, scope in (("moderator", statement), ("moderator", letter))
    ]
    # Two-factor sign-in turned on: one session verified by a code (its page offers new
    # recovery codes and turning it off), one not yet (it is asked for the code).
    two_factor, unverified = _user("twofactor"), _user("unverified")
    for user in (two_factor, unverified):
        role_grant(user=user, role="organizer", scope=letter)
    app = _enrolled(two_factor)
    _enrolled(unverified)
    organize = "/en/organize/"
    return [
        Visitor("anonymous", None, ["/en/", f"{organize}login/"]),
        Visitor("signer", None, private, follow=False),
        Visitor("newcomer", None, invitations[:1], follow=False, login=("newcomer", PASSWORD)),
        Visitor("moderator", moderator, [organize, *invitations[1:]]),
        Visitor("organizer", organizer, [organize]),
        Visitor("site admin", admin, [organize]),
        Visitor(
            "two-factor organizer", two_factor, [f"{organize}two-factor/"], False, verified_by=app
        ),
        Visitor("unverified", unverified, [f"{organize}login/code/"], follow=False),
    ]


def _enrolled(user: User) -> Any:
    device = two_factor_start(user=user)
    two_factor_confirm(user=user, code=totp_code(device))
    return device


def _follow(page_url: str, links: list[str]) -> list[str]:
    other_languages = tuple(
        f"/{code}/" for code, _name in django_settings.LANGUAGES if code != "en"
    )
    targets = []
    for link in links:
        target = urljoin(page_url, link).split("#")[0]
        parts = urlsplit(target)
        if parts.netloc or not target.startswith("/"):
            continue  # another site
        if parts.path.startswith(("/admin/", "/static/", *other_languages)):
            continue
        if parts.path.endswith(SKIP_EXTENSIONS):
            continue
        targets.append(target)
    return targets


def crawl(client: Client, visitor: Visitor) -> dict[str, Found]:
    """Every POST form (and submit button) on the pages ``visitor`` can reach."""
    found: dict[str, Found] = {}
    queue, seen, per_view = deque(visitor.starts), set(), Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        name = view_name(url)
        if url in seen or per_view[name] >= PER_VIEW:
            continue
        seen.add(url)
        per_view[name] += 1
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = read_forms(response.content.decode())
        for form in page.forms:
            for key, submitter in keys_of(url, form):
                if key in found:
                    found[key].also.append(url)
                else:
                    found[key] = Found(page=url, form=form.index, submitter=submitter)
        if visitor.follow:
            queue.extend(_follow(url, page.links))
    assert seen, visitor
    return found


# --- Submitting in Chromium -----------------------------------------------------------


def _fill(form: Any, fields: list[dict[str, str]], login: tuple[str, str]) -> None:
    for spec in fields:
        name, kind = spec.get("name", ""), spec.get("type", "").lower()
        if not name or name == "csrfmiddlewaretoken" or kind in ("hidden", "file"):
            continue
        element = form.locator(f'[name="{name}"]').first
        box = element.bounding_box() if element.is_visible() else None
        if box is None or box["x"] + box["width"] <= 0 or box["y"] + box["height"] <= 0:
            continue  # a field nobody sees (the honeypot, placed off the page) stays empty
        if kind in ("checkbox", "radio"):
            if "required" in spec:
                element.check()
            continue
        if spec["tag"] == "select":
            if not element.input_value() and element.locator("option").count() > 1:
                element.select_option(index=1)
            continue
        if element.input_value():
            continue  # what the page filled in (an edit form) stays
        if spec["tag"] == "textarea" or kind in TEXT_TYPES:
            element.fill(_value(spec, login))


def _value(spec: dict[str, str], login: tuple[str, str]) -> str:
    name, kind = spec.get("name", ""), spec.get("type", "").lower()
    if name == "username":
        return login[0]
    if kind == "password":
        return login[1]
    value = BY_NAME.get(name) or BY_TYPE.get(kind) or "Crawled value"
    if spec.get("maxlength", "").isdigit():
        value = value[: int(spec["maxlength"])]
    return value


def _submitter(page: Any, form: Form, submitter: tuple[str, int, dict[str, str]]) -> Any:
    where, position, _attrs = submitter
    if where == "in":
        return page.locator("form").nth(form.index).locator(SUBMITTERS).nth(position)
    owner = form.attrs["id"]
    return page.locator(
        f'button[form="{owner}"]:not([type=button]):not([type=reset]), '
        f'input[form="{owner}"][type=submit]'
    ).nth(position)


@dataclass
class Run:
    context: Any
    login: tuple[str, str]
    found: dict[str, Found]
    submitted: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _locate(page: Any, key: str) -> tuple[Form, tuple[str, int, dict[str, str]]] | None:
    parsed = read_forms(page.content())
    for form in parsed.forms:
        for candidate, submitter in keys_of(page.url, form):
            if candidate == key:
                return form, submitter
    return None


def _press(run: Run, page: Any, key: str) -> bool:
    """Fill and submit the form of ``key`` on the page as it is; record what came back."""
    located = _locate(page, key)
    if located is None:
        return False
    form, submitter = located
    _fill(page.locator("form").nth(form.index), form.fields, run.login)
    statuses: list[int] = []

    def documents(response: Any) -> None:
        if response.request.resource_type == "document":
            statuses.append(response.status)

    page.on("response", documents)
    try:
        with page.expect_navigation():
            _submitter(page, form, submitter).click()
    finally:
        page.remove_listener("response", documents)
    run.submitted[key] = statuses
    bad = [status for status in statuses if status == 403 or status >= 500]
    if bad:
        run.failures.append(f"{key} on {page.url}: {statuses}\n{page.inner_text('main')[:400]}")
    # Forms this submission led to join the list.
    landing = read_forms(page.content())
    for found_form in landing.forms:
        for new_key, new_submitter in keys_of(page.url, found_form):
            run.found.setdefault(
                new_key,
                Found(page=page.url, form=found_form.index, submitter=new_submitter, parent=key),
            )
    return True


def _chain(run: Run, key: str) -> list[str]:
    """The submissions that led to ``key``'s page, from the crawled page on."""
    chain: list[str] = []
    parent = run.found[key].parent
    while parent is not None and parent not in chain and len(chain) < 6:
        chain.insert(0, parent)
        parent = run.found[parent].parent
    return chain


def submit(run: Run, key: str) -> bool:
    page = run.context.new_page()
    try:
        for url in [run.found[key].page, *run.found[key].also]:
            page.goto(url)
            if _press(run, page, key):
                return True
        # Gone (its draft was committed, its row decided): make again what revealed it.
        chain = _chain(run, key)
        if not chain:
            return False
        page.goto(run.found[chain[0]].page)
        return all(_press(run, page, step) for step in [*chain, key])
    finally:
        page.close()


# Submissions that take other forms away (a withdrawn declaration has no sign form, a
# closed one no "close" button, signing out ends the session): after the others.
ENDINGS = ("reject", "discard", "delete", "revoke", "close", "withdraw", "logout")


def _order(key: str) -> int:
    # The form's action and its button, not its field names ("closes_at").
    what = key.split(" ")[1] + " " + key.rsplit("] ", 1)[-1]
    return next((rank for rank, word in enumerate(ENDINGS, start=1) if word in what), 0)


def test_every_post_form_of_the_product_works_in_chromium(
    transactional_db, live_server, settings, browser
):
    settings.SITE_URL = live_server.url
    settings.SIGN_MIN_FILL_SECONDS = 0
    visitors = seed(live_server.url)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    report: dict[str, dict[str, list[int]]] = {}
    failures: list[str] = []
    unsubmitted: list[str] = []
    for visitor in visitors:
        client = Client()
        context = browser.new_context(java_script_enabled=False, locale="en-US")
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        if visitor.user is not None:
            client.force_login(visitor.user)
            if visitor.verified_by is not None:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = visitor.verified_by.persistent_id
                session.save()
            context.add_cookies(
                [
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        found = {
            key: Found(
                live_server.url + f.page,
                f.form,
                f.submitter,
                also=[live_server.url + url for url in f.also],
            )
            for key, f in crawl(client, visitor).items()
        }
        run = Run(context=context, login=visitor.login, found=found)
        try:
            done: set[str] = set()
            # In the order found (sorted is stable), signing out last.
            while pending := sorted([k for k in run.found if k not in done], key=_order):
                key = pending[0]
                done.add(key)
                if not submit(run, key):
                    unsubmitted.append(f"{visitor.name}: {key} (found on {run.found[key].page})")
        finally:
            context.close()
        failures += [f"{visitor.name}: {failure}" for failure in run.failures]
        report[visitor.name] = run.submitted

    assert not failures, "\n\n".join(failures)
    assert not unsubmitted, "found but not submitted:\n" + "\n".join(unsubmitted)
    # The crawl really reached the forms of each kind of user.
    assert any("signatures:sign_person" in key for key in report["anonymous"]), report
    assert any("organize:login" in key for key in report["anonymous"]), report
    assert any("signatures:confirm" in key for key in report["signer"]), report
    assert any("signatures:withdraw" in key for key in report["signer"]), report
    assert any("organize:moderation" in key for key in report["moderator"]), report
    assert any("organize:import" in key for key in report["organizer"]), report
    assert any("organize:snapshot_publish" in key for key in report["organizer"]), report
    assert any("organize:invitation" in key for key in report["newcomer"]), report
    assert any("organize:invitation" in key for key in report["moderator"]), report
    assert any("organize:team " in key for key in report["organizer"]), report
    assert any("organize:team_member_revoke" in key for key in report["organizer"]), report
    assert any("organize:coalition_team" in key for key in report["site admin"]), report
    assert any("organize:password_change" in key for key in report["organizer"]), report
    assert any("organize:two_factor_start" in key for key in report["organizer"]), report
    assert any("organize:two_factor_confirm" in key for key in report["organizer"]), report
    assert any("organize:two_factor_disable" in key for key in report["two-factor organizer"])
    assert any("organize:two_factor_regenerate" in key for key in report["two-factor organizer"])
    assert any("organize:sign_in_code" in key for key in report["unverified"]), report
    assert all(report[name] for name in report), report
