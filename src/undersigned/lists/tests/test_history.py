"""The list as it stood on a date, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.selectors import day_start, list_changes, list_entries
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    PersonSubmission,
    signature_add_published,
    signature_withdraw,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, signature: Signature, field: str = "published_at") -> None:
    Signature.objects.filter(pk=signature.pk).update(
        **{field: day_start(day) + dt.timedelta(hours=12)}
    )


@pytest.fixture
def history():
    """Three signatories: two published on 1 March, one on 3 March; the second withdrawn
    on 5 March."""
    declaration = DeclarationFactory(slug="history")
    made = []
    for name in ("Alpha Group", "Beta Person", "Gamma Union"):
        if name == "Beta Person":
            signature = signature_add_published(
                declaration=declaration, actor=None,
                person=PersonSubmission(name=name, email="", country="DE", role="teacher"),
            )  # fmt: skip
        else:
            organization = Organization.objects.create(abbreviation=name[0], name=name)
            signature = signature_add_published(
                declaration=declaration, actor=None, organization=organization
            )
        made.append(signature)
    at(dt.date(2025, 3, 1), made[0])
    at(dt.date(2025, 3, 1), made[1])
    at(dt.date(2025, 3, 3), made[2])
    signature_withdraw(signature=made[1])
    at(dt.date(2025, 3, 5), made[1], "withdrawn_at")
    return declaration


def lines(declaration, as_of):
    return [(e.position, e.line) for e in list_entries(declaration=declaration, as_of=as_of)]


def test_the_list_as_of_a_date(history):
    assert lines(history, dt.date(2025, 2, 28)) == []
    assert lines(history, dt.date(2025, 3, 1)) == [
        (1, "A Alpha Group"),
        (2, "A signatory who has since withdrawn"),
    ]
    assert [p for p, _ in lines(history, dt.date(2025, 3, 4))] == [1, 2, 3]
    assert lines(history, dt.date(2025, 3, 5)) == [(1, "A Alpha Group"), (3, "G Gamma Union")]
    assert lines(history, None) == lines(history, dt.date(2025, 3, 5))


def test_the_page_and_the_exports_take_as_of(client, history):
    page = client.get("/en/declarations/history/?as_of=2025-03-01")
    text = b"".join(
        client.get("/declarations/history/signatories.txt?as_of=2025-03-01").streaming_content
    ).decode()

    assert page.status_code == 200
    assert "Gamma Union" not in page.content.decode()
    assert "A signatory who has since withdrawn" in page.content.decode()
    assert text.partition("\n\n")[2] == (
        "Status of the signatories 01.03.2025. Further signing possible.\n"
        "1. A Alpha Group\n"
        "2. A signatory who has since withdrawn\n"
    )


@pytest.mark.parametrize(
    "value", ["2025-13-01", "yesterday", "0001-01-01", "99999-01-01", "2025-02-30"]
)
def test_a_bad_date_is_a_clear_400_on_exports_and_a_message_on_the_page(client, history, value):
    export = client.get(f"/declarations/history/signatories.csv?as_of={value}")
    page = client.get(f"/en/declarations/history/?as_of={value}")

    assert export.status_code == 400
    assert b"as_of must" in export.content
    assert page.status_code == 200
    assert "as_of must" in page.content.decode()
    assert "Gamma Union" in page.content.decode()  # today's list instead


def test_what_changed_between_two_dates(history):
    changes = list_changes(
        declaration=history, since=dt.date(2025, 3, 1), until=dt.date(2025, 3, 5)
    )

    assert [row["position"] for row in changes.added] == [3]
    assert [row["position"] for row in changes.withdrawn] == [2]


def test_the_changes_page(client, history):
    response = client.get("/en/declarations/history/changes/?from=2025-03-01&to=2025-03-05")
    text = response.content.decode()

    assert response.status_code == 200
    assert "G Gamma Union" in text
    assert "Alpha Group" not in text
    assert "2" in text.split("Withdrawn", 1)[1]


def test_the_changes_page_refuses_bad_dates_with_400(client, history):
    assert client.get("/en/declarations/history/changes/?from=nope").status_code == 400
    assert (
        client.get("/en/declarations/history/changes/?from=2025-03-05&to=2025-03-01").status_code
        == 400
    )


def test_the_command_line_shows_changes_and_history(history):
    out = StringIO()
    call_command(
        "export_signatories", "history", changes_since="2025-03-01", as_of="2025-03-05", stdout=out
    )
    assert out.getvalue().splitlines()[1:] == ["+ 3. G Gamma Union", "- 2. (withdrawn)"]

    out = StringIO()
    call_command("export_signatories", "history", as_of="2025-03-01", format="txt", stdout=out)
    heading, _blank, text = out.getvalue().partition("\n\n")
    assert heading.endswith("/en/declarations/history/")
    assert text.startswith("Status of the signatories 01.03.2025.")

    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("export_signatories", "history", as_of="March")


def test_imported_signatures_carry_the_status_date(client):
    from undersigned.lists.tests.helpers import import_seed

    declaration = import_seed()

    days = {timezone.localtime(s.published_at).date() for s in declaration.signatures.all()}
    assert days == {dt.date(2025, 1, 6)}
    assert lines(declaration, dt.date(2025, 1, 5)) == []
    assert len(lines(declaration, dt.date(2025, 1, 6))) == 19
    assert set(declaration.signatures.values_list("source", flat=True)) == {
        "imported from the list of 06.01.2025"
    }
