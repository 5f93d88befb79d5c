"""The API's resources and conventions, through the test client and the site's whole
middleware (docs/api.md)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from undersigned.api.tests.helpers import listed_declaration
from undersigned.counters.selectors import published_count
from undersigned.counters.services import counters_fold
from undersigned.declarations.services import declaration_create
from undersigned.lists.exports import entry_dict
from undersigned.lists.selectors import list_entries
from undersigned.signatures.models import Signature
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/declarations/open-data"


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, (json.loads(response.content) if response.content else None)


def test_the_root_leads_to_every_resource(client):
    listed_declaration()
    response, body = get(client, "/api/v1/")

    assert response.status_code == 200
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["reference"].endswith("/en/api/")
    _, listing = get(client, body["declarations"].split("127.0.0.1:8000")[-1])
    assert [item["slug"] for item in listing["results"]] == ["open-data"]
    assert listing["results"][0]["count"] == 8


def test_declarations_are_filtered_by_status_kind_and_language(client):
    listed_declaration()
    declaration_create(slug="a-draft", title="Draft", body="x")  # never public

    assert get(client, "/api/v1/declarations?status=closed")[1]["count"] == 0
    assert get(client, "/api/v1/declarations?kind=statement")[1]["count"] == 1
    assert get(client, "/api/v1/declarations?language=de")[1]["count"] == 0
    assert get(client, "/api/v1/declarations?language=en")[1]["count"] == 1
    assert get(client, "/api/v1/declarations/a-draft")[0].status_code == 404


def test_a_declaration_has_its_texts_policy_and_count(client):
    listed_declaration()
    response, body = get(client, BASE)

    assert response.status_code == 200
    assert body["body_html"].startswith("<p>We <strong>declare</strong>")
    assert body["policy"]["individuals"] is True
    assert body["count"] == 8
    assert body["status_line"].endswith("Further signing possible.")
    assert body["links"]["widget"].endswith("/en/declarations/open-data/widget/")


def test_the_list_is_counted_not_named_and_held_signatures_do_not_exist(client):
    data = listed_declaration()
    response, body = get(client, f"{BASE}/signatories")

    assert [item["position"] for item in body["results"]] == list(range(1, 9))
    unnamed = body["results"][6]
    assert unnamed["name"] is None
    assert unnamed["country_code"] is None
    assert unnamed["line"] == "A signatory who chose not to be named"
    text = response.content.decode()
    assert data.secret_name not in text
    assert data.held_name not in text
    assert "Unconfirmed Person" not in text
    assert body["results"][7]["organization_id"] == data.organization.pk


def test_pages_by_position_and_cursors_walk_the_whole_list(client):
    listed_declaration()
    _, first = get(client, f"{BASE}/signatories?page_size=3")
    assert [item["position"] for item in first["results"]] == [1, 2, 3]
    assert first["links"]["prev"] is None

    seen, url = [], f"{BASE}/signatories?after=0&page_size=3"
    while url:
        _, page = get(client, url.removeprefix("http://127.0.0.1:8000"))
        seen += [item["position"] for item in page["results"]]
        url = page["links"]["next"]
    assert seen == list(range(1, 9))

    _, between = get(client, f"{BASE}/signatories?after=2&before=5&page=9")
    assert [item["position"] for item in between["results"]] == [3, 4]

    _, back = get(client, f"{BASE}/signatories?before=7&page_size=3")
    assert [item["position"] for item in back["results"]] == [4, 5, 6]
    assert "before=4" in back["links"]["prev"]
    assert "after=6" in back["links"]["next"]


def _walk_by_page(client, url):
    results, count = [], None
    while url:
        _, page = get(client, url.removeprefix("http://127.0.0.1:8000"))
        results += page["results"]
        count, url = page["count"], page["links"]["next"]
    return results, count


def test_pages_by_number_hold_the_lists_own_entries_and_its_count(client):
    # Pages by number are read from the list's state and one compiled statement
    # (lists.selectors.list_page): they must hold what the exports read from the list's
    # own queryset, withdrawn holes and the tail above the counter included.
    data = listed_declaration()
    signature_withdraw(signature=Signature.objects.get(declaration=data.declaration, position=3))
    counters_fold()
    late = PublishedSignatureFactory(
        declaration=data.declaration, position=9, name="Signed After The Fold", country="FR"
    )

    results, count = _walk_by_page(client, f"{BASE}/signatories?page_size=3")

    with translation.override(data.declaration.language):
        expected = [entry_dict(found) for found in list_entries(declaration=data.declaration)]
    assert results == json.loads(json.dumps(expected))
    assert [item["position"] for item in results] == [1, 2, 4, 5, 6, 7, 8, 9]
    assert count == published_count(declaration=data.declaration) == 8
    assert results[-1]["name"] == late.name


def test_a_page_by_number_costs_one_statement_besides_the_lists_state(client):
    listed_declaration()
    with CaptureQueriesContext(connection) as statements:
        response, body = get(client, f"{BASE}/signatories?page=2&page_size=3")

    assert response.status_code == 200
    assert [item["position"] for item in body["results"]] == [4, 5, 6]
    assert body["count"] == 8
    # The list's state (ETag, Last-Modified, the count with the counter up to date) and
    # the page's rows.
    assert len(statements) == 2, [query["sql"] for query in statements]


def test_the_list_as_of_a_day_and_its_changes(client):
    data = listed_declaration()
    yesterday = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()

    _, then = get(client, f"{BASE}/signatories?as_of={yesterday}")
    assert then["count"] == 6
    assert [item["position"] for item in then["results"]] == list(range(1, 7))

    signature_withdraw(signature=Signature.objects.get(declaration=data.declaration, position=1))
    _, changes = get(client, f"{BASE}/changes?from={yesterday}")
    assert [item["position"] for item in changes["added"]] == [7, 8]
    assert changes["withdrawn"] == [1]


def test_counts_by_country_fold_small_ones_and_never_place_the_unnamed(client):
    listed_declaration()
    _, body = get(client, f"{BASE}/countries")

    assert body["threshold"] == 5
    assert body["countries"] == [{"code": "DE", "name": "Germany", "signatories": 6}]
    assert body["unstated"] == 2  # the unnamed person, the organization without a country
    assert body["total"] == 8
    assert "BY" not in json.dumps(body)


def test_the_count_and_the_daily_series(client):
    data = listed_declaration()
    _, count = get(client, f"{BASE}/count")
    assert count["count"] == 8

    signature_withdraw(signature=Signature.objects.get(declaration=data.declaration, position=2))
    counters_fold()
    _, daily = get(client, f"{BASE}/daily")
    assert [(d["signed"], d["withdrawn"]) for d in daily["days"]] == [(6, 0), (2, 1)]
    assert daily["days"][-1]["cumulative"] == 7 == get(client, f"{BASE}/count")[1]["count"]


def test_organizations_and_what_they_signed(client):
    data = listed_declaration()
    _, listing = get(client, "/api/v1/organizations")
    assert [item["id"] for item in listing["results"]] == [data.organization.pk]

    _, detail = get(client, f"/api/v1/organizations/{data.organization.pk}")
    assert [item["declaration"] for item in detail["signed"]] == ["open-data"]
    assert get(client, "/api/v1/organizations/999999")[1]["error"]["code"] == (
        "organization_not_found"
    )


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/no-such-resource", 404, "not_found"),
        ("get", "/api/v1/declarations/nothing-here/count", 404, "declaration_not_found"),
        ("get", f"{BASE}/signatories?page=0", 400, "invalid_parameter"),
        ("get", f"{BASE}/signatories?as_of=yesterday", 400, "invalid_parameter"),
        ("get", f"{BASE}/changes?from=2025-13-40", 400, "invalid_parameter"),
        ("get", "/api/v1/declarations?kind=poem", 400, "invalid_parameter"),
        ("post", "/api/v1/declarations", 405, "method_not_allowed"),
        ("delete", f"{BASE}/count", 405, "method_not_allowed"),
    ],
)
def test_every_error_has_the_one_envelope(client, method, url, status, code):
    listed_declaration()
    response = getattr(client, method)(url)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code


def test_answers_are_cacheable_and_revalidate_with_304(client):
    listed_declaration()
    response = client.get(f"{BASE}/signatories")
    assert "public" in response["Cache-Control"]
    assert response["Last-Modified"]

    again = client.get(f"{BASE}/signatories", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    other = client.get(f"{BASE}/signatories?page=2", headers={"if-none-match": response["ETag"]})
    assert other.status_code == 200


def test_public_gets_allow_any_origin(client):
    listed_declaration()
    response = client.get(f"{BASE}/count", headers={"origin": "https://news.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.post(f"{BASE}/count")


def test_over_the_rate_limit_a_client_gets_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    listed_declaration()
    statuses = [client.get(f"{BASE}/count").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{BASE}/count")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert json.loads(refused.content)["error"]["code"] == "rate_limited"
    # Another client (another address) is not held back.
    assert client.get(f"{BASE}/count", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_the_api_speaks_english_whatever_the_browser_asks(client):
    listed_declaration()
    response = client.get(f"{BASE}/countries", headers={"accept-language": "de"})
    assert json.loads(response.content)["countries"][0]["name"] == "Germany"  # not Deutschland


def test_the_reference_page_is_rendered_from_the_document_without_scripts(client):
    response = client.get("/de/api/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/declarations/{slug}/signatories" in page
    assert "<script" not in page
    assert "API-Referenz" in page
