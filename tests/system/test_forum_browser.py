"""Every POST form of a forum, submitted in Chromium with JavaScript off, and axe-core on
every page state reached (#13).

Chromium sends ``Origin`` and ``Referer`` under our referrer policy, which the test
client does not: these walks prove the CSRF checks and the forms work as a browser
submits them. A participant with a code supports two drafts and withdraws one support;
a participant by email supports, confirms and withdraws through the mailed links,
submits a draft and proposes an amendment; an organizer signs in, sets a forum up, moves
its phases, writes and revises a draft, decides on amendments, issues and revokes codes,
records the outcome and publishes a draft as a declaration that a person then signs.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from undersigned.declarations.models import Declaration
from undersigned.forums.models import Amendment, Draft, Forum, Outcome, ParticipationCode, Support
from undersigned.forums.services.codes import codes_issue
from undersigned.forums.services.drafts import amendment_admit, amendment_propose, draft_submit
from undersigned.forums.tests.factories import make_draft, make_forum, set_phase
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.testing import BROWSER_TIMEOUT_MS, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.SIGN_MIN_FILL_SECONDS = 0
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))


def support_with_code(page: Page, code: str, name: str) -> None:
    page.get_by_role("link", name="Support this draft").click()
    heading(page, "Support this draft")
    assert_accessible(page, "support form (code)")
    page.locator("#id_code").fill(code)
    page.get_by_label("Your name, or your organization's").fill(name)
    page.get_by_label("Show my name in the list of supporters").check()
    page.get_by_role("button", name="Support", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Thank you: your support is counted.")
    assert_accessible(page, "draft after a support")


def test_a_participant_with_a_code_supports_two_drafts(transactional_db, live_server, page):
    forum = make_forum(slug="codes-forum", admission=Forum.Admission.CODES)
    make_draft(forum)
    make_draft(forum, "Solidarity in emigration", submitted_by="Network Cologne")
    [code] = codes_issue(forum=forum, count=1)
    set_phase(forum, Forum.Phase.SUPPORT)

    page.goto(f"{live_server.url}/en/forums/codes-forum/")
    heading(page, "Left Anti-War Emigration Forum")
    assert_accessible(page, "forum page")
    page.get_by_role("link", name=re.compile("Left for Peace")).click()
    assert_accessible(page, "draft page")
    support_with_code(page, code.lower(), "Irina K.")
    page.goto(f"{live_server.url}/en/forums/codes-forum/drafts/2/")
    support_with_code(page, code, "Irina K.")
    assert Support.objects.counted().count() == 2

    # A wrong code: a clear message, what was typed kept.
    page.get_by_role("link", name="Support this draft").click()
    page.locator("#id_code").fill("WRONG-CODE-00")
    page.get_by_label("Your name, or your organization's").fill("Typed name")
    page.get_by_role("button", name="Support", exact=True).click()
    expect(page.get_by_text("This participation code is not valid for this forum.")).to_be_visible()
    expect(page.get_by_label("Your name, or your organization's")).to_have_value("Typed name")
    assert_accessible(page, "support form with an error")

    # Withdrawing one support with the code.
    page.locator("#id_withdraw-code").fill(code)
    page.get_by_role("button", name="Withdraw my support").click()
    expect(page.get_by_role("status")).to_have_text("Your support is withdrawn.")
    assert Support.objects.counted().count() == 1


def test_a_participant_by_email_supports_confirms_withdraws_submits_and_amends(
    transactional_db, live_server, page, smtp, run_tasks
):
    forum = make_forum(slug="email-forum")
    make_draft(forum, body="We call for peace.")
    base = f"{live_server.url}/en/forums/email-forum/"

    # Drafting: a new draft, an amendment.
    page.goto(base)
    page.get_by_role("link", name="Submit a draft").click()
    assert_accessible(page, "submit a draft")
    page.get_by_label("Title").fill("A third way")
    page.get_by_label("Text (Markdown)").fill("1. We propose a third way.")
    page.get_by_label("Submitted by (optional)").fill("Group C")
    page.get_by_role("button", name="Submit the draft").click()
    heading(page, "Thank you")
    assert_accessible(page, "draft submitted")
    assert Draft.objects.filter(status=Draft.Status.SUBMITTED).count() == 1
    page.goto(base + "drafts/1/")
    page.get_by_role("link", name="Propose an amendment").click()
    assert_accessible(page, "amendment form")
    page.get_by_label("The text as you would have it (Markdown)").fill("We call for a just peace.")
    page.get_by_role("button", name="Propose the amendment").click()
    heading(page, "Thank you")
    amendment_admit(amendment=Amendment.objects.get())

    # Support: by email, confirmed from the mail.
    set_phase(forum, Forum.Phase.SUPPORT)
    page.goto(base + "drafts/1/")
    assert_accessible(page, "draft with an amendment")
    page.get_by_role("link", name="Support this draft").click()
    assert_accessible(page, "support form (email)")
    page.get_by_label("a person").check()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Your name, or your organization's").fill("Ada")
    page.get_by_role("button", name="Support", exact=True).click()
    heading(page, "Check your mail")
    assert_accessible(page, "check your mail")
    run_tasks()
    text = smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
    confirm, withdraw = re.findall(r"https?://\S+/fs/\S+/", text)
    page.goto(confirm)
    assert_accessible(page, "confirm page")
    page.get_by_role("button", name="Confirm my support").click()
    heading(page, "your support is counted")
    assert Support.objects.get().status == Support.Status.COUNTED
    page.goto(withdraw)
    assert_accessible(page, "withdraw page")
    page.get_by_role("button", name="Withdraw my support").click()
    heading(page, "Your support is withdrawn")
    assert_accessible(page, "withdrawn")
    assert Support.objects.get().status == Support.Status.WITHDRAWN


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/en/organize/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a long demo password")
    page.get_by_role("button", name="Sign in").click()


def test_an_organizer_runs_a_forum_and_publishes_a_draft_people_sign(
    transactional_db, live_server, page
):
    organizer = User.objects.create_user("organizer", password="a long demo password")
    role_grant(user=organizer, role=Role.ORGANIZER, scope=None)
    sign_in(page, live_server, "organizer")
    page.goto(f"{live_server.url}/en/organize/forums/")
    assert_accessible(page, "forums list")
    page.get_by_role("link", name="Set up a new forum").click()
    assert_accessible(page, "new forum")
    page.locator("#id_name").fill("Spring assembly")
    page.locator("#id_slug").fill("spring")
    page.locator("#id_place").fill("Cologne")
    page.get_by_label("Russian", exact=True).check()
    page.get_by_label("Who may support").select_option("codes")
    page.get_by_label("Tallies stay hidden until the forum closes").check()
    page.get_by_role("button", name="Save the forum").click()
    expect(page.get_by_text("The forum was created.")).to_be_visible()
    assert_accessible(page, "forum overview")
    forum = Forum.objects.get(slug="spring")

    page.get_by_role("link", name="Forum setup").click()
    page.locator("#id_place").fill("Cologne, Germany")
    page.get_by_role("button", name="Save the forum").click()
    expect(page.get_by_text("The forum was saved.")).to_be_visible()

    page.get_by_label("Move to the phase").select_option("drafting")
    page.get_by_role("button", name="Move the forum").click()
    expect(page.get_by_text("The forum is now in the drafting phase.")).to_be_visible()

    page.get_by_role("link", name="Add a draft").click()
    assert_accessible(page, "add a draft")
    page.locator("#id_title").fill("Left for Peace without Annexations")
    page.get_by_label("Text (Markdown)").fill("1. We condemn the invasion.\n2. Withdraw.")
    page.get_by_role("button", name="Add the draft").click()
    expect(page.get_by_text("The draft was added.")).to_be_visible()
    assert_accessible(page, "draft for organizers")
    page.get_by_label("Text (Markdown)").fill("1. We condemn the invasion.\n2. Withdraw now.")
    page.get_by_label("What changed").fill("sharper point 2")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("A new version was saved.")).to_be_visible()

    # A participant's draft and amendments, decided on by the organizer.
    draft = Draft.objects.get()
    draft_submit(forum=forum, title="Another", body="Another text.")
    for body in ("1. We condemn.", "1. We condemn it all.", "1. Nothing."):
        amendment_propose(draft=draft, body=body)
    page.get_by_role("link", name="Spring assembly").first.click()
    row = page.get_by_role("row", name=re.compile("Another"))
    row.get_by_role("button", name="Admit").click()
    expect(page.get_by_text("Done.")).to_be_visible()
    for _ in range(3):
        page.get_by_role("button", name="Admit").first.click()
        expect(page.get_by_text("Done.")).to_be_visible()
    assert Amendment.objects.filter(status=Amendment.Status.OPEN).count() == 3
    page.get_by_role("link", name=re.compile("Left for Peace")).click()
    page.locator("#amendment-1").get_by_role("button", name="Accept as a new version").click()
    expect(page.get_by_text("The amendment was decided on.")).to_be_visible()
    page.locator("#amendment-2").get_by_role("button", name="Mark as merged by hand").click()
    expect(page.get_by_text("The amendment was decided on.")).to_be_visible()
    page.locator("#reason-3").fill("It changes the meaning.")
    page.locator("#amendment-3").get_by_role("button", name="Decline").click()
    expect(page.get_by_text("The amendment was decided on.")).to_be_visible()
    assert_accessible(page, "amendments decided")

    # Codes: issued (the printable sheet) and a batch revoked.
    page.get_by_role("link", name="Spring assembly").first.click()
    page.get_by_role("link", name="Participation codes").click()
    assert_accessible(page, "codes page")
    page.get_by_label("How many codes").fill("3")
    page.get_by_role("button", name="Issue and print").click()
    expect(page.locator(".code")).to_have_count(3)
    assert_accessible(page, "printable sheet")
    page.get_by_role("link", name="Back to the codes").click()
    page.get_by_role("button", name="Revoke batch 1").click()
    expect(page.get_by_text("3 codes revoked.")).to_be_visible()
    assert ParticipationCode.objects.filter(revoked=True).count() == 3

    # Closed: the outcome, then the draft published as a declaration.
    page.get_by_role("link", name="Spring assembly").first.click()
    page.get_by_label("Move to the phase").select_option("closed")
    page.get_by_role("button", name="Move the forum").click()
    page.get_by_role("link", name="Record the outcome").click()
    assert_accessible(page, "outcome form")
    page.locator("#id_status").select_option("final")
    page.locator("#id_decided_on").fill("2024-11-07")
    page.get_by_label("Statement in English").fill("The forum did not adopt a resolution.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome was recorded.")).to_be_visible()
    assert Outcome.objects.get().status == Outcome.Status.FINAL
    page.get_by_role("link", name=re.compile("Left for Peace")).click()
    page.get_by_label("Address of the declaration").fill("left-for-peace")
    page.get_by_role("button", name="Publish as a declaration").click()
    expect(page.get_by_text(re.compile("open for signatures"))).to_be_visible()
    declaration = Declaration.objects.get(slug="left-for-peace")
    assert declaration.is_open

    # The public forum page links forward to it, and a person can sign it.
    page.goto(f"{live_server.url}/en/forums/spring/")
    assert_accessible(page, "closed forum with its outcome")
    page.get_by_role("link", name=re.compile("sign it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(declaration.title)
    page.get_by_role("link", name="Sign as a person").first.click()
    page.get_by_label("Your name").fill("Zoë")
    page.get_by_label("Email address").fill("zoe@example.org")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Sign", exact=True).click()
    heading(page, "Check your mail")
