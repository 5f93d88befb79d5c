"""The signing pages as signers expect them (#15): optional fields marked, autocomplete,
the organization's name first, an error summary, "send it again" for the timing rule,
the line that will be published, the data page, and the ways on after confirming or
back from withdrawing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.mail import signature_links
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_add_published
from undersigned.signatures.tests.helpers import organization_data, person_data, sign, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration():
    return DeclarationFactory(slug="letter", title="Free them all")


def form_page(client, *, organization: bool = False) -> str:
    name = "signatures:sign_organization" if organization else "signatures:sign_person"
    return client.get(reverse(name, args=["letter"])).content.decode()


def test_optional_fields_are_marked_and_the_browser_may_fill_them(client, declaration):
    page = form_page(client)

    assert 'City <span class="optional">(optional)</span></label>' in page
    assert "Your name</label>" in page  # required: no mark
    for field, token in (
        ("name", "name"),
        ("email", "email"),
        ("country", "country"),
        ("city", "address-level2"),
        ("affiliation", "organization"),
        ("role", "organization-title"),
    ):
        tag = re.search(rf'<(?:input|select)[^>]*name="{field}"[^>]*>', page)
        assert tag, field
        assert f'autocomplete="{token}"' in tag.group(0), field


def test_the_organization_form_asks_the_name_before_the_abbreviation(client, declaration):
    page = form_page(client, organization=True)

    assert page.index('name="name"') < page.index('name="abbreviation"')
    assert re.search(r'<input[^>]*name="name"[^>]*autocomplete="organization"', page)
    assert re.search(r'<input[^>]*name="website"[^>]*autocomplete="url"', page)


def test_errors_are_summed_up_at_the_top_with_links_to_each_field(client, declaration):
    response = sign(client, "letter", person_data(name="", email="not an address"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Sign as a person" in page
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in page.split('id="error-summary"', 1)[0][-200:] + summary[:200]
    assert '<a href="#id_name">Your name: This field is required.</a>' in summary
    assert '<a href="#id_email">Email address: Enter a valid email address.</a>' in summary
    # The summary comes before the form, and the field says what is wrong next to it.
    assert page.index('id="error-summary"') < page.index("<form")
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert 'value="London"' in page  # nothing typed is lost


def test_a_form_sent_too_fast_asks_to_send_it_again(client, declaration):
    data = {**person_data(city="Köln"), "started": started(seconds_ago=0)}

    response = client.post(reverse("signatures:sign_person", args=["letter"]), data)

    page = response.content.decode()
    assert "Please send the form again" in page
    assert "sooner than a person usually fills it in" in page
    assert "There is a problem" not in page
    assert 'value="Köln"' in page
    assert Signature.objects.count() == 0


def test_the_preview_shows_the_published_line_and_sends_nothing(client, declaration):
    response = sign(client, "letter", {**person_data(), "preview": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "the list will show exactly this line:" in page
    assert "<bdi>Ada Lovelace, in personal capacity, London, United Kingdom</bdi>" in page
    assert Signature.objects.count() == 0
    assert not mail.outbox


def test_the_preview_of_a_hidden_name_says_counted_not_named(client, declaration):
    data = person_data()
    del data["show_name"]

    page = sign(client, "letter", {**data, "preview": "1"}).content.decode()

    assert "You will be counted, not named" in page
    assert "Ada Lovelace," not in page.split('class="preview-line"', 1)[1].split("</section>")[0]


def test_the_preview_of_an_organization_is_its_line_after_approval(client, declaration):
    page = sign(
        client, "letter", {**organization_data(), "preview": "1"}, organization=True
    ).content.decode()

    assert "a moderator has approved it" in page
    assert (
        "<bdi>PC (ML) Partido Comunista (Marxista Leninista) "
        "(Communist Party (Marxist-Leninist)), Dominican Republic</bdi>"
    ) in page
    assert "Secretary Person" not in page.split('class="preview-line"', 1)[1].split("</section>")[0]


def submitted(client) -> Signature:
    assert sign(client, "letter", person_data()).status_code == 302
    return Signature.objects.get(email__isnull=False, status=Signature.Status.UNCONFIRMED)


def test_the_confirmation_page_shows_the_line_and_the_confirmed_page_links_to_it(
    client, declaration, settings
):
    settings.SIGNATORY_PAGE_SIZE = 1
    signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name="First", email="", country="FR"),
    )
    signature = submitted(client)
    links = signature_links(signature)
    confirm_path = links["confirm"].removeprefix(settings.SITE_URL)

    before = client.get(confirm_path).content.decode()
    after = client.post(confirm_path).content.decode()

    assert "<bdi>Ada Lovelace, in personal capacity, London, United Kingdom</bdi>" in before
    assert "It is number 2 in the list." in after
    # On the page of the list that holds it (pages are position ranges).
    assert 'href="/en/declarations/letter/?page=2#n2">See entry no. 2</a>' in after
    assert "<bdi>Ada Lovelace, in personal capacity, London, United Kingdom</bdi>" in after
    assert 'class="share"' in after
    assert 'href="/en/your-data/"' in after


def test_the_withdrawal_page_offers_a_way_back(client, declaration, settings):
    signature = submitted(client)
    path = signature_links(signature)["withdraw"].removeprefix(settings.SITE_URL)

    page = client.get(path).content.decode()

    assert '<a href="/en/declarations/letter/">No, keep my signature</a>' in page


def test_every_form_and_the_mail_link_to_what_happens_to_the_data(
    client, declaration, settings, run_tasks
):
    settings.SITE_URL = "https://sign.example"
    for organization in (False, True):
        assert 'href="/en/your-data/"' in form_page(client, organization=organization)
    submitted(client)
    run_tasks()

    (message,) = mail.outbox
    assert "https://sign.example/en/your-data/" in message.body
    assert "This mail itself shows that you signed." in message.body
    html = message.alternatives[0][0]
    assert 'href="https://sign.example/en/your-data/"' in html


def test_the_data_page_says_what_is_kept_sealed_and_never_stored(client, settings):
    settings.UNCONFIRMED_RETENTION_DAYS = 3

    page = client.get("/en/your-data/").content.decode()

    assert "The confirmation mail shows that you signed" in page
    assert "delete the mail" in page
    assert "an address that is not tied to your name" in page
    assert "A signature never confirmed is deleted after 3 days." in page
    assert "What is sealed" in page
    assert "Your IP address" in page
    ru = client.get("/ru/your-data/")
    assert ru.status_code == 200
    assert '<html lang="ru">' in ru.content.decode()
