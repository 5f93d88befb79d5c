"""A person signs, confirms by mail and finds their name in the list: in a real browser.

Playwright drives Debian's Chromium (``apt-get install chromium``) against pytest-django's
live server, with JavaScript switched off the whole way: signers on Tor Browser with
JavaScript disabled must be able to do all of it. Mail goes over SMTP to the loopback sink
and is sent by the same worker a deployment runs.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from undersigned.declarations.services import declaration_create, declaration_open
from undersigned.testing import BROWSER_TIMEOUT_MS, assert_accessible

pytestmark = pytest.mark.browser

# What a signer reads, in the languages the test signs in (#5): English, and German and
# Ukrainian with the browser asking for them.
TEXTS = {
    "en": {
        "locale": "en-US",
        "sign_person": "Sign as a person",
        "name": "Your name",
        "email": "Email address",
        "country": "Country",
        "city": "City",
        "role": "Role",
        "show_name": "Show my name in the public list",
        "sign": "Sign",
        "sent": "Check your mail",
        "confirm": "Confirm my signature",
        "confirmed": "Thank you, your signature is confirmed",
        "number": "It is number 1 in the list",
        # On the page, in the page's one date format (#15): "3 December 2026".
        "status": r"^Status of the signatories \d{1,2} \S+ \d{4}\. Further signing possible\.$",
    },
    "de": {
        "locale": "de-DE",
        "sign_person": "Als Einzelperson unterzeichnen",
        "name": "Ihr Name",
        "email": "E-Mail-Adresse",
        "country": "Land",
        "city": "Stadt",
        "role": "Funktion",
        "show_name": "Meinen Namen in der öffentlichen Liste zeigen",
        "sign": "Unterzeichnen",
        "sent": "Sehen Sie in Ihre Mails",
        "confirm": "Meine Unterschrift bestätigen",
        "confirmed": "Danke, Ihre Unterschrift ist bestätigt",
        "number": "Sie steht unter Nummer 1 in der Liste",
        "status": r"^Liste der Unterzeichnenden, Stand: \d{1,2}\. \S+ \d{4}\. "
        r"Weitere Unterzeichnungen sind möglich\.$",
    },
    "uk": {
        "locale": "uk-UA",
        "sign_person": "Підписати від свого імені",
        "name": "Ваше ім’я",
        "email": "Адреса електронної пошти",
        "country": "Країна",
        "city": "Місто",
        "role": "Посада",
        "show_name": "Показувати моє ім’я в публічному списку",
        "sign": "Підписати",
        "sent": "Перевірте пошту",
        "confirm": "Підтвердити мій підпис",
        "confirmed": "Дякуємо, ваш підпис підтверджено",
        "number": "У списку він під номером 1",
        "status": r"^Список підписантів станом на \d{1,2} \S+ \d{4}\. Збір підписів триває\.$",
    },
}


@pytest.mark.parametrize("language", TEXTS)
def test_person_signs_and_confirms_without_javascript(
    transactional_db, live_server, settings, smtp, run_tasks, browser, language
):
    text = TEXTS[language]
    settings.SITE_URL = live_server.url
    # Playwright fills the form faster than a person could: the minimum fill time
    # (signatures/antispam.py) is tested on its own.
    settings.SIGN_MIN_FILL_SECONDS = 0
    declaration = declaration_create(
        slug="browser-letter",
        title="An open letter for the browser",
        body="We, the undersigned, **declare**:\n\n1. one thing;\n2. another.\n",
        kind="open_letter",
        publisher="A fictional coalition",
        allow_organizations=False,
    )
    declaration_open(declaration=declaration)
    declaration_url = f"{live_server.url}/{language}/declarations/{declaration.slug}/"

    context = browser.new_context(java_script_enabled=False, locale=text["locale"])
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    page = context.new_page()
    try:
        # The bare address leads to the page in the browser's language, which links to
        # the form.
        page.goto(f"{live_server.url}/declarations/{declaration.slug}/")
        expect(page).to_have_url(declaration_url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(declaration.title)
        assert_accessible(page, "declaration page")
        # The sign buttons stand under the title and again after the text.
        page.get_by_role("link", name=text["sign_person"]).first.click()
        expect(page).to_have_url(f"{declaration_url}sign/")

        # The form, filled in and sent as a plain HTML form post.
        page.get_by_label(text["name"]).fill("Zoë Ångström")
        page.get_by_label(text["email"]).fill("zoe@example.org")
        page.get_by_label(text["country"]).select_option("SE")
        page.get_by_label(text["city"]).fill("Malmö")
        page.get_by_label(text["role"]).fill("in personal capacity")
        page.get_by_label(text["show_name"]).check()
        page.get_by_role("button", name=text["sign"], exact=True).click()
        expect(page).to_have_url(f"{declaration_url}sign/sent/")
        expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])

        # The worker sends the mail; its link points at the live server (SITE_URL).
        run_tasks()
        assert len(smtp.messages) == 1
        body = smtp.messages[0].get_body(preferencelist=("plain",))
        assert body is not None
        match = re.search(r"https?://\S+/s/[^/\s]+/confirm/[^/\s]+/", body.get_content())
        assert match, body.get_content()
        confirm_url = match.group(0)
        assert confirm_url.startswith(f"{live_server.url}/s/")

        # Opening the link shows a button; only pressing it confirms.
        page.goto(confirm_url)
        # (in the language the signer signed in, though the link carries none)
        page.get_by_role("button", name=text["confirm"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text["confirmed"])
        expect(page.get_by_text(text["number"])).to_be_visible()

        # The name is in the numbered list, with the status line under it.
        page.goto(declaration_url)
        entry = page.locator("ol.signatory-list > li[value='1']")
        expect(entry).to_contain_text("1.")
        expect(entry).to_contain_text("Zoë Ångström")
        expect(page.locator("p.status-line")).to_have_text(re.compile(text["status"]))
    finally:
        context.close()
