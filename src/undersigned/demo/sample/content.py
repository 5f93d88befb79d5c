"""The demo's declarations and signatories, loaded through the same services as real data."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from undersigned.declarations.models import Declaration, DeclarationTranslation
from undersigned.declarations.services import (
    declaration_close,
    declaration_create,
    declaration_open,
    declaration_translation_save,
)
from undersigned.demo.sample.forum import load_sample_forum
from undersigned.lists.models import Snapshot
from undersigned.lists.services import snapshot_publish
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_add_published

SOURCE = "sample content"

STATEMENT_BODY = """\
For more than a decade, the towns along the river have watched their wells, pumps and
pipes pass from public hands into private ones. Prices have tripled. Villages that
cannot pay are cut off in the dry months.

We, the undersigned organizations, from many countries and in many languages, declare:

1. Water is a common good. No household may be cut off for inability to pay.
2. The concessions signed without public consultation must be published in full.
3. Every water utility must answer to an elected council that includes its users.
4. Those who defend the rivers must be able to do so without fear of arrest.

**We call on every organization that shares these demands to add its name.**
"""

LETTER_BODY = """\
Dear members of the city council,

The plan to close four of the seven public reading rooms by the end of next year would
take from the city one of the last places where anyone may sit, read and think without
paying or being asked why.

We ask you to:

1. withdraw the closure plan and publish the figures it rests on;
2. hold an open hearing in each district concerned;
3. keep the reading rooms open in the evening, when working people can use them.

*Libraries are not a cost. They are how a city remembers that it belongs to all.*
"""

RESOLUTION_BODY = """\
The assembly, having discussed the three drafts put before it, resolves:

- that the member groups share their printing equipment on a common rota;
- that the rota is kept by a rotating committee of three, changed every six months.

Adopted by the assembly after a vote of the delegates.
"""

# The statement in the other interface languages, so a reader can switch (#5): fictional
# like everything here. (language, kind, title, body)
STATEMENT_TRANSLATIONS: list[tuple[str, str, str, str]] = [
    (
        "de",
        "official",
        "Wasser ist ein Gemeingut: gemeinsame Erklärung der Flusskoalition",
        """\
Seit mehr als einem Jahrzehnt sehen die Städte am Fluss zu, wie ihre Brunnen, Pumpen und
Leitungen aus öffentlicher in private Hand übergehen. Die Preise haben sich verdreifacht.
Dörfer, die nicht zahlen können, werden in den trockenen Monaten vom Wasser abgeschnitten.

Wir, die unterzeichnenden Organisationen aus vielen Ländern und in vielen Sprachen, erklären:

1. Wasser ist ein Gemeingut. Keinem Haushalt darf das Wasser abgestellt werden, weil er
   nicht zahlen kann.
2. Die ohne öffentliche Beteiligung geschlossenen Konzessionsverträge müssen vollständig
   veröffentlicht werden.
3. Jeder Wasserversorger muss einem gewählten Rat Rechenschaft ablegen, in dem auch seine
   Nutzerinnen und Nutzer vertreten sind.
4. Wer die Flüsse verteidigt, muss das ohne Angst vor Verhaftung tun können.

**Wir rufen jede Organisation, die diese Forderungen teilt, dazu auf, ihren Namen
hinzuzufügen.**
""",
    ),
    (
        "ru",
        "working",
        "Вода — общее достояние: совместное заявление речной коалиции",
        """\
Уже больше десяти лет города вдоль реки видят, как их колодцы, насосы и трубы переходят
из общественных рук в частные. Цены выросли втрое. Сёла, которым нечем платить, в засушливые
месяцы остаются без воды.

Мы, нижеподписавшиеся организации из многих стран, говорящие на многих языках, заявляем:

1. Вода — общее достояние. Ни одно домохозяйство нельзя отключать от воды за неспособность
   платить.
2. Концессионные договоры, заключённые без общественного обсуждения, должны быть
   опубликованы полностью.
3. Каждое предприятие водоснабжения должно быть подотчётно выборному совету, в который
   входят и его пользователи.
4. Те, кто защищает реки, должны иметь возможность делать это, не опасаясь ареста.

**Мы призываем каждую организацию, которая разделяет эти требования, поставить под ними
свою подпись.**
""",
    ),
    (
        "uk",
        "official",
        "Вода — спільне благо: спільна заява річкової коаліції",
        """\
Понад десять років міста вздовж річки бачать, як їхні криниці, насоси й труби переходять
із громадських рук у приватні. Ціни зросли втричі. Села, яким нічим платити, у посушливі
місяці залишаються без води.

Ми, організації, що підписалися нижче, з багатьох країн і багатьма мовами, заявляємо:

1. Вода — спільне благо. Жодне домогосподарство не можна відключати від води через
   неспроможність платити.
2. Концесійні договори, укладені без громадського обговорення, мають бути оприлюднені
   повністю.
3. Кожне підприємство водопостачання має бути підзвітне виборній раді, до якої входять і
   його користувачі.
4. Ті, хто захищає річки, повинні мати змогу робити це без страху перед арештом.

**Ми закликаємо кожну організацію, яка поділяє ці вимоги, поставити під ними свій підпис.**
""",
    ),
]

# (abbreviation, name, transliteration, English name, country)
ORGANIZATIONS: list[tuple[str, str, str, str, str]] = [
    ("KWS", "Komitet Wody Społecznej", "", "Committee for Social Water", "PL"),
    ("ŘvS", "Řeka v sousedství", "", "River in the Neighbourhood", "CZ"),
    ("SÖD", "Su Özgürlüğü Derneği", "", "Water Freedom Association", "TR"),
    ("НВК", "Народный водный комитет", "Narodnyj vodnyj komitet", "People's Water Committee", ""),
    (
        "ГВВ",
        "Громада «Вода для всіх»",
        "Hromada “Voda dlia vsikh”",
        "Community “Water for All”",
        "UA",
    ),
    ("ЕКС", "Еколошки круг „Сава“", "Ekološki krug „Sava“", "Sava Ecological Circle", "RS"),
    ("ΣΝΑ", "Σύλλογος Νερού Αττικής", "Syllogos Nerou Attikis", "Attica Water Association", "GR"),
    ("", "წყალი ყველას", "Tsqali qvelas", "Water for Everyone", "GE"),
    ("", "جمعية الماء المشترك", "Jamʿiyyat al-Māʾ al-Mushtarak", "Shared Water Society", "MA"),
    ("CAC", "Coletivo Água Comum", "", "Common Water Collective", "BR"),
    ("FEP", "Foyer de l’Eau partagée", "", "Shared Water Hearth", "FR"),
    ("WfB", "Wasser für Bürgerinnen und Bürger", "", "Water for Citizens", "DE"),
    ("VNW", "Vereniging Natuurlijk Water", "", "Natural Water Society", "NL"),
    ("RAP", "Red de Agua Pública (Sur)", "", "Public Water Network (South)", ""),
    ("LJD", "Lietaus ir jūros draugai", "", "Friends of Rain and Sea", "LT"),
    ("ĐNS", "Đoàn Nước Sạch", "", "Clean Water Union", "VN"),
    ("MHK", "Mouvement des Habitants du Kivu", "", "Movement of the Residents of Kivu", "CD"),
    ("UCA", "Unió Ciutadana per l’Aigua", "", "Citizens' Union for Water", "ES"),
    ("NUWA", "National Union of Water Attendants", "", "", ""),
    ("RWC/ML", "River Workers' Council (Marxist-Leninist)", "", "", "AU"),
]

PEOPLE: list[dict[str, Any]] = [
    {"name": "Amara Okonkwo-Lindqvist", "country": "SE", "city": "Malmö", "role": "librarian"},
    {
        "name": "Dr. Tomasz Wierzbicki",
        "country": "PL",
        "affiliation": "City Archive Society",
        "role": "in personal capacity",
    },
    {"name": "Мария Кузнецова", "country": "DE", "city": "Köln", "role": "teacher"},
    {"name": "Hidden reader", "country": "FR", "show_name": False},
    {"name": "Lucía Fernández Ibarra", "country": "ES", "affiliation": "Old Town Reading Circle"},
    {"name": "Jonas Beck", "country": "DE", "city": "Leipzig", "role": "student"},
]

CLOSED_SIGNERS = ["KWS", "CAC", "WfB", "NUWA"]


def _organization(
    abbreviation: str, name: str, translit: str, translation: str, country: str
) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        abbreviation=abbreviation,
        name=name,
        defaults={
            "name_transliteration": translit,
            "name_translation": translation,
            "country": country,
        },
    )
    return organization


def _statement_translations(*, actor: User | None, published_on: datetime.date) -> None:
    """Add the statement's missing translations (also to a demo database made before #5)."""
    statement = Declaration.objects.filter(slug="water-is-a-common-good").first()
    if statement is None:
        return
    for language, kind, title, body in STATEMENT_TRANSLATIONS:
        if not statement.translations.filter(language=language).exists():
            declaration_translation_save(
                translation=DeclarationTranslation(
                    declaration=statement,
                    language=language,
                    kind=kind,
                    title=title,
                    body=body,
                    published_on=published_on,
                ),
                actor=actor,
            )


def _dated_across(declaration: Declaration, *, opened: datetime.date, until: datetime.date) -> None:
    """Date the sample signatures across the declaration's life, in signing order, so
    that "as of", "what changed" and the stats have something to show: the list of a
    real declaration grows over weeks, not in one second. Sample content only."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(opened, datetime.time(9), tzinfo=zone)
    # Never after now: a sample signature dated later would be "added" after anything.
    end = min(datetime.datetime.combine(until, datetime.time(18), tzinfo=zone), timezone.now())
    span = end - start
    signatures = list(
        Signature.objects.filter(declaration=declaration, position__isnull=False).order_by(
            "position"
        )
    )
    for index, signature in enumerate(signatures, start=1):
        # Most sign early, when a text is new; fewer join later (a quadratic curve).
        moment = start + span * ((index / len(signatures)) ** 2)
        signature.created_at = signature.confirmed_at = signature.published_at = moment
    Signature.objects.bulk_update(signatures, ["created_at", "confirmed_at", "published_at"])
    Declaration.objects.filter(pk=declaration.pk).update(opened_at=start)


@transaction.atomic
def load_sample_content(*, actor: User | None = None) -> list[str]:
    """Create the demo's declarations if they are missing; returns the slugs created."""
    created: list[str] = []
    today = datetime.date.today()

    if not Declaration.objects.filter(slug="water-is-a-common-good").exists():
        statement = declaration_create(
            actor=actor,
            slug="water-is-a-common-good",
            title="Water is a common good: a joint statement of the river coalition",
            kind=Declaration.Kind.STATEMENT,
            publisher="Coalition of the River Towns",
            body=STATEMENT_BODY,
            language="en",
            first_published_on=today - datetime.timedelta(days=40),
            published_on=today - datetime.timedelta(days=12),
            source_links=[
                {
                    "url": "https://example.org/river-coalition/statement",
                    "label": "First publication",
                }
            ],
            allow_individuals=False,
        )
        declaration_open(declaration=statement, actor=actor)
        for row in ORGANIZATIONS:
            signature_add_published(
                declaration=statement, actor=actor, organization=_organization(*row), source=SOURCE
            )
        _dated_across(statement, opened=today - datetime.timedelta(days=12), until=today)
        # A snapshot published along the way: the page says what changed since.
        snapshot = snapshot_publish(
            declaration=statement, actor=actor, status_date=today - datetime.timedelta(days=4)
        )
        # Taken on its day, as it would have been: what the page counts as added since.
        Snapshot.objects.filter(pk=snapshot.pk).update(
            created_at=datetime.datetime.combine(
                today - datetime.timedelta(days=4),
                datetime.time(18),
                tzinfo=timezone.get_current_timezone(),
            )
        )
        created.append(statement.slug)
    _statement_translations(actor=actor, published_on=today - datetime.timedelta(days=10))

    if not Declaration.objects.filter(slug="keep-the-reading-rooms-open").exists():
        letter = declaration_create(
            actor=actor,
            slug="keep-the-reading-rooms-open",
            title="Open letter: keep the public reading rooms open",
            kind=Declaration.Kind.OPEN_LETTER,
            publisher="Friends of the Public Reading Rooms",
            body=LETTER_BODY,
            language="en",
            published_on=today - datetime.timedelta(days=3),
            allow_organizations=False,
        )
        declaration_open(declaration=letter, actor=actor)
        for person in PEOPLE:
            signature_add_published(
                declaration=letter,
                actor=actor,
                person=PersonSubmission(email="", **person),
                source=SOURCE,
            )
        _dated_across(letter, opened=today - datetime.timedelta(days=3), until=today)
        created.append(letter.slug)

    if not Declaration.objects.filter(slug="assembly-resolution-shared-tools").exists():
        resolution = declaration_create(
            actor=actor,
            slug="assembly-resolution-shared-tools",
            title="Resolution of the spring assembly on shared tools",
            kind=Declaration.Kind.RESOLUTION,
            publisher="Assembly of Independent Print Collectives",
            body=RESOLUTION_BODY,
            language="en",
            first_published_on=today - datetime.timedelta(days=200),
            published_on=today - datetime.timedelta(days=180),
            allow_individuals=False,
        )
        declaration_open(declaration=resolution, actor=actor)
        by_abbreviation = {row[0]: row for row in ORGANIZATIONS}
        for abbreviation in CLOSED_SIGNERS:
            signature_add_published(
                declaration=resolution,
                actor=actor,
                organization=_organization(*by_abbreviation[abbreviation]),
                source=SOURCE,
            )
        _dated_across(
            resolution,
            opened=today - datetime.timedelta(days=180),
            until=today - datetime.timedelta(days=150),
        )
        declaration_close(declaration=resolution, actor=actor)
        Declaration.objects.filter(pk=resolution.pk).update(
            closed_at=timezone.now() - datetime.timedelta(days=149)
        )
        created.append(resolution.slug)
    created += load_sample_forum(actor=actor)
    return created
