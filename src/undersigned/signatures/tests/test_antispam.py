"""The local anti-spam rules: honeypot, fill time, rate limits, held signatures, proof-of-work.

Every rule is exercised through the signing form, as a bot or a person meets it; what
a client over a limit gets is pinned here (docs/security.md#bot-flood).
"""

from __future__ import annotations

from pathlib import Path

import altcha
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

import undersigned.core.ratelimit as ratelimit
from undersigned.audit.models import AuditEntry
from undersigned.core.shredding import shred_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.antispam import (
    Verdict,
    assess_submission,
    form_token,
    pow_challenge,
    pow_verify,
)
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import person_data, sign, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration():
    return DeclarationFactory()


def sign_as(client, declaration, number, *, ip="203.0.113.5", **extra):
    data = person_data(name=f"Signer {number}", email=f"s{number}@example.org")
    return sign(client, declaration.slug, data, REMOTE_ADDR=ip, **extra)


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, declaration):
    response = sign(client, declaration.slug, person_data(leave_empty="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signatures:sent", args=[declaration.slug])
    assert Signature.objects.count() == 0
    assert not DBTaskResult.objects.exists()


def test_the_honeypot_is_out_of_sight(client, declaration):
    page = client.get(reverse("signatures:sign_person", args=[declaration.slug])).content.decode()
    assert '<div class="hp" aria-hidden="true">' in page
    assert 'name="leave_empty"' in page
    assert 'tabindex="-1"' in page
    from django.contrib.staticfiles import finders

    css = Path(finders.find("undersigned/site.css")).read_text()
    assert ".hp { position: absolute; left: -10000px;" in css


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (None, "missing"),
        ("1700000000:forged-signature", "forged"),
        ("fresh", "fast"),
        ("stale", "stale"),
    ],
)
def test_a_form_sent_too_fast_or_with_a_bad_token_is_shown_again(client, declaration, token, why):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    data = person_data(city="Köln")
    if token == "fresh":
        data["started"] = started(seconds_ago=0)
    elif token == "stale":
        data["started"] = started(seconds_ago=2 * 24 * 3600)
    elif token is not None:
        data["started"] = token
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    # It asks to send the form again; it does not say the signer typed something wrong.
    assert "Please send the form again" in page
    assert "Everything you typed is kept" in page
    assert "check what you typed" not in page
    assert 'value="Köln"' in page  # nothing typed is lost
    assert Signature.objects.count() == 0
    # The form carries a valid token: a fresh one, or (too fast) the first one, so the
    # time counts from when the form was first shown.
    new_token = page.split('name="started" value="', 1)[1].split('"', 1)[0]
    assert (new_token == data.get("started")) is (why == "fast")


def test_over_the_client_limit_signatures_are_held_without_mail(client, declaration, settings):
    settings.SIGN_LIMIT_PER_CLIENT = 2
    for number in range(4):
        response = sign_as(client, declaration, number)
        assert response.status_code == 302  # the same page: bots learn nothing
    signatures = list(Signature.objects.order_by("pk"))
    assert [s.held for s in signatures] == [False, False, True, True]
    # Mail queued for the first two only.
    queued = {task.args_kwargs["kwargs"]["signature_id"] for task in DBTaskResult.objects.all()}
    assert queued == {signatures[0].pk, signatures[1].pk}
    # Another client is not affected.
    assert sign_as(client, declaration, 9, ip="203.0.113.77").status_code == 302
    assert Signature.objects.get(name="Signer 9").held is False


def test_a_moderator_releases_a_held_signature_and_its_mail_goes_out(client, declaration, settings):
    settings.SIGN_LIMIT_PER_CLIENT = 0
    sign_as(client, declaration, 1)
    held = Signature.objects.get()
    assert held.held
    assert shred_open(held.sealed_email)
    assert not DBTaskResult.objects.exists()
    client.force_login(User.objects.create_superuser("root", password="pw"))
    response = client.post(
        reverse("admin:signatures_signature_changelist"),
        {"action": "release", "_selected_action": [held.pk]},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.held is False
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["signature_id"] == held.pk
    assert AuditEntry.objects.filter(action="signature.release", object_id=held.pk).exists()


def test_over_the_block_limit_a_client_gets_a_429_page(client, declaration, settings):
    settings.SIGN_LIMIT_PER_CLIENT = 1
    settings.SIGN_BLOCK_PER_CLIENT = 3
    statuses = [sign_as(client, declaration, n).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    response = sign_as(client, declaration, 6)
    assert response["Retry-After"] == "3600"
    assert "Too many signatures from your connection" in response.content.decode()
    assert Signature.objects.count() == 3  # nothing of the refused ones is stored


def test_a_surge_on_one_declaration_is_held_not_refused(client, declaration, settings):
    settings.SIGN_LIMIT_PER_DECLARATION = 2
    for number in range(4):
        assert sign_as(client, declaration, number, ip=f"203.0.113.{number}").status_code == 302
    assert [s.held for s in Signature.objects.order_by("pk")] == [False, False, True, True]


def test_clients_are_keyed_by_a_daily_salted_hash_never_the_address():
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="203.0.113.5")
    key = ratelimit.client_key(request)
    assert "203.0.113.5" not in key
    assert len(key) == 32
    assert ratelimit.client_key(factory.get("/", REMOTE_ADDR="203.0.113.5")) == key
    # A new day, a new salt: yesterday's key cannot be linked to today's.
    cache.clear()
    assert ratelimit.client_key(request) != key
    # IPv6: one subscriber's /64 is one client.
    a = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    b = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert ratelimit.client_key(a) == ratelimit.client_key(b)


def test_trusted_proxies_decide_which_forwarded_address_counts(settings):
    factory = RequestFactory()
    forged = "6.6.6.6, 203.0.113.5"  # the client forged the first entry
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    assert ratelimit.client_address(request) == "127.0.0.1"
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    assert ratelimit.client_address(request) == "203.0.113.5"


def test_no_ip_address_reaches_the_database(client, declaration):
    sign_as(client, declaration, 1, ip="203.0.113.199")
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            assert "203.0.113.199" not in repr(cursor.fetchall()), table


def solve(challenge: dict) -> str:
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    assert solution is not None
    return altcha.Payload(parsed, solution).to_base64()


def test_proof_of_work_is_served_from_this_site_and_checked(client, declaration, settings):
    settings.ALTCHA_ENABLED = False
    assert client.get(reverse("signatures:challenge")).status_code == 404
    settings.ALTCHA_ENABLED = True
    settings.ALTCHA_COST = 10  # cheap for the test; the rule is the same
    response = client.get(reverse("signatures:challenge"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    payload = solve(response.json())
    assert pow_verify(payload) is True
    assert pow_verify(payload) is False  # a solved challenge is good for one signature
    assert pow_verify("garbage") is False
    tampered = pow_challenge()
    tampered["parameters"]["keyPrefix"] = ""
    assert pow_verify(solve(tampered)) is False  # not signed by us any more

    page = client.get(reverse("signatures:sign_person", args=[declaration.slug])).content.decode()
    assert 'data-challenge="/sign/challenge/"' in page
    assert 'src="/static/undersigned/pow.js"' in page
    assert "<script>" not in page  # no inline script


def test_without_proof_of_work_the_stricter_limit_holds(client, declaration, settings):
    settings.ALTCHA_ENABLED = True
    settings.ALTCHA_COST = 10
    settings.SIGN_LIMIT_PER_CLIENT = 3
    settings.SIGN_LIMIT_PER_CLIENT_WITHOUT_POW = 1
    # JavaScript off: the form works, but only one signature an hour goes straight through.
    sign_as(client, declaration, 1)
    sign_as(client, declaration, 2)
    # With the proof-of-work solved, the normal limit applies.
    challenge = client.get(reverse("signatures:challenge")).json()
    data = person_data(name="Signer 3", email="s3@example.org")
    data["altcha"] = solve(challenge)
    sign(client, declaration.slug, data, REMOTE_ADDR="203.0.113.5")
    held = dict(Signature.objects.values_list("name", "held"))
    assert held == {"Signer 1": False, "Signer 2": True, "Signer 3": False}


def _post(data):
    return RequestFactory().post("/en/declarations/x/sign/", data, REMOTE_ADDR="198.51.100.9")


@pytest.mark.parametrize(
    ("honeypot", "token", "valid", "verdict", "reason"),
    [
        (True, "ok", True, "discard", "honeypot"),
        (False, "missing", True, "retry", "missing"),
        (False, "forged", True, "retry", "forged"),
        (False, "fast", True, "retry", "fast"),
        (False, "ok", False, "invalid", "form"),
        (False, "ok", True, "accept", ""),
    ],
)
def test_one_verdict_per_submission_in_the_order_the_checks_run(
    declaration, settings, honeypot, token, valid, verdict, reason
):

    settings.SIGN_MIN_FILL_SECONDS = 3
    started_token = {
        "missing": "",
        "forged": "123:forged",
        "fast": form_token(),
        "ok": started(),
    }[token]
    checked = []

    def form_valid():
        checked.append(True)
        return valid

    assessment = assess_submission(
        request=_post({"started": started_token}),
        declaration_id=declaration.pk,
        honeypot_filled=honeypot,
        form_valid=form_valid,
    )
    assert assessment.verdict == Verdict(verdict)
    assert assessment.reason == reason
    # The form is validated only once the cheap checks passed.
    assert bool(checked) == (not honeypot and token == "ok")


def test_an_invalid_form_is_not_counted_against_the_limits(declaration, settings):

    settings.SIGN_BLOCK_PER_CLIENT = 1
    for _ in range(3):
        invalid = assess_submission(
            request=_post({"started": started()}),
            declaration_id=declaration.pk,
            honeypot_filled=False,
            form_valid=lambda: False,
        )
        assert invalid.verdict == Verdict.INVALID
    first = assess_submission(
        request=_post({"started": started()}),
        declaration_id=declaration.pk,
        honeypot_filled=False,
        form_valid=lambda: True,
    )
    assert first.verdict == Verdict.ACCEPT
