"""Parse a published declaration or signatory list into structured signatory entries.

Pure Python: no Django imports, so it can run standalone (bench scripts, notebooks).

The pipeline is:

1. split the text into lines and clean each one of HTML and Markdown leftovers (keeping the
   raw line, which is what ``source_line`` / ``skipped[].line`` report);
2. classify lines (signatories heading, status line, group heading, "and many more" closer,
   separator, link, numbered/bulleted/bare item, sentence-like body text);
3. find the signatory list: after a signatories heading or status line that is followed by
   name-like lines, or else the longest run of name-like lines (a run of numbered *sentences*
   is body text, e.g. numbered demands);
4. parse every list item: organisation (abbreviation / name / transliteration / translation /
   country) or individual (name / role / affiliation / country), with a confidence and
   human-readable issues wherever something was guessed.

Kinds that the line alone leaves open follow the group heading ("Individuals:") or, failing
that, the clear majority of the list.

Invariant: every non-blank input line (stripped of surrounding whitespace) appears in
``entries[].source_line`` (lines joined into one entry are joined there with ``"\\n"``) or in
``skipped[].line``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from anyascii import anyascii
from rapidfuzz import fuzz

from undersigned.imports.countries import (
    CountryMatch,
    country_name_words,
    find_country_mentions,
    is_region_only,
    match_country,
)

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "Entry",
    "Kind",
    "ParseResult",
    "SkippedLine",
    "acronym_score",
    "format_individual_line",
    "format_organization_line",
    "parse_signatories",
    "parse_signatories_file",
    "parse_status_date",
    "status_signing_open",
]

Kind = Literal["organization", "individual"]

CONFIDENCE_THRESHOLD = 0.8
"""Entries below this confidence always carry at least one issue."""


# --------------------------------------------------------------------------------------
# Result structures
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One signatory as read from one line (or a few joined lines) of the source."""

    position: int | None
    kind: Kind
    name: str
    source_line: str
    abbreviation: str | None = None
    name_transliteration: str | None = None
    name_translation: str | None = None
    country: str | None = None
    affiliation: str | None = None
    role: str | None = None
    confidence: float = 1.0
    issues: list[str] = field(default_factory=list)
    line_number: int = 0
    """1-based number of the (first) source line; not part of the serialized form."""

    def to_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "kind": self.kind,
            "abbreviation": self.abbreviation,
            "name": self.name,
            "name_transliteration": self.name_transliteration,
            "name_translation": self.name_translation,
            "country": self.country,
            "affiliation": self.affiliation,
            "role": self.role,
            "source_line": self.source_line,
            "confidence": self.confidence,
            "issues": list(self.issues),
        }


@dataclass(slots=True)
class SkippedLine:
    """A non-blank line that did not become an entry, and why."""

    line: str
    reason: str
    line_number: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason}


@dataclass(slots=True)
class ParseResult:
    status_line: str | None
    status_date: dt.date | None
    entries: list[Entry]
    skipped: list[SkippedLine]

    def to_dict(self) -> dict[str, object]:
        return {
            "status_line": self.status_line,
            "status_date": self.status_date.isoformat() if self.status_date else None,
            "entries": [e.to_dict() for e in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
        }


# --------------------------------------------------------------------------------------
# Formatting (inverse of parsing for the canonical line shapes)
# --------------------------------------------------------------------------------------


def format_organization_line(
    abbreviation: str | None,
    name: str,
    transliteration: str | None,
    translation: str | None,
    country: str | None,
) -> str:
    """Render ``ABBR Name (Transliteration) (Translation), Country`` (parts only if present)."""
    parts = [p for p in (abbreviation, name) if p]
    parts += [f"({p})" for p in (transliteration, translation) if p]
    line = " ".join(parts)
    return f"{line}, {country}" if country else line


def format_individual_line(
    name: str, role: str | None, affiliation: str | None, country: str | None
) -> str:
    """Render ``Name, Role, Affiliation, Country`` (parts only if present)."""
    return ", ".join(p for p in (name, role, affiliation, country) if p)


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# Organisation cue stems (matched as word prefixes, case-insensitive) in many languages.
_ORG_STEMS: tuple[str, ...] = (
    "party", "parties", "partei", "parti", "partido", "partito", "partij", "partia", "partija",
    "partiya", "partisi", "partidul", "stranka", "strana", "κόμμα", "κομμα", "парти", "партія",
    "union", "unión", "unione", "união", "unie", "союз", "спілк", "gewerkschaft", "syndicat",
    "sindicat", "sindacat", "sendika", "league", "liga", "ligue", "lega", "лига", "ліга",
    "group", "gruppe", "groupe", "grupo", "gruppo", "gruppa", "grupa", "групп", "груп",
    "committee", "comité", "comite", "comitato", "komitee", "komitet", "комитет", "комітет",
    "organi", "организац", "організац", "organisat", "organizac", "organizz", "örgüt", "orgut",
    "movement", "mouvement", "movimiento", "movimento", "bewegung", "beweging", "ruch",
    "движени", "рух", "hareket", "front", "frente", "fronte", "фронт", "cephe", "council",
    "conseil", "consejo", "consiglio", "совет", "рада", "federation", "fédération",
    "federación", "federazione", "föderation", "federacija", "федерац", "federasyon",
    "confederation", "confédération", "confederación", "konföderasyon", "network",
    "netzwerk", "réseau", "reseau", "rete", "сеть", "мереж", "collective", "collectif",
    "colectivo", "collettivo", "kollektiv", "коллектив", "колектив", "association",
    "asociación", "associazione", "associação", "vereinigung", "verein", "verband",
    "ассоциац", "асоціац", "dernek", "alliance", "allianz", "alianza", "alleanza", "альянс",
    "coalition", "coalición", "koalition", "коалиц", "society", "société", "sociedad",
    "società", "gesellschaft", "обществ", "товариств", "center", "centre", "centro",
    "zentrum", "центр", "institut", "instituto", "istituto", "институт", "інститут",
    "foundation", "stiftung", "fondation", "fundación", "fondazione", "фонд", "initiativ",
    "initiative", "iniciativa", "iniziativa", "инициатив", "ініціатив", "campaign",
    "kampagne", "campagne", "campaña", "кампани", "platform", "plattform", "plateforme",
    "plataforma", "платформ", "assembly", "assemblée", "asamblea", "assemblea", "ассамбле",
    "congress", "congrès", "congreso", "congresso", "kongress", "конгресс", "youth",
    "jugend", "jeunesse", "juventud", "gioventù", "juventude", "молод", "students",
    "studenten", "étudiants", "estudiantes", "студент", "workers", "arbeiter", "travailleurs",
    "trabajadores", "lavoratori", "trabalhadores", "рабоч", "робітн", "işçi", "communist",
    "kommunist", "communiste", "comunist", "коммунист", "комуніст", "komünist", "socialist",
    "sozialist", "socialiste", "socialista", "социалист", "соціаліст", "sosyalist", "marxist",
    "marxistisch", "marxista", "марксист", "leninist", "ленинист", "maoist", "маоист",
    "trotskyist", "anarchist", "revolutionary", "revolution", "révolution", "revolucion",
    "rivoluzion", "революц", "революці", "devrimci", "proletar", "пролетар", "bündnis",
    "e.v.", "ltd", "inc.", "gmbh", "llc", "ngo", "ong", "club", "klub", "клуб", "circle",
    "cercle", "círculo", "circolo", "кружок", "verlag", "editions", "éditions", "ediciones",
    "edizioni", "издательств", "magazine", "journal", "zeitung", "newspaper", "radio",
    "brigade", "brigada", "бригад", "section", "sektion", "sección", "sezione", "секци",
    "branch", "chapter", "bureau", "büro", "secretariat", "sekretariat", "секретариат",
    "project", "projekt", "projet", "proyecto", "progetto", "проект", "cooperative",
    "genossenschaft", "coopérative", "cooperativa", "кооператив", "church", "kirche",
    "église", "iglesia", "chiesa", "церк", "universit", "университет", "університет",
    "college", "academy", "akademie", "académie", "academia", "академи", "hospital",
    "forum", "форум", "solidarity", "solidarität", "solidarité", "solidaridad", "solidariet",
    "солидарн", "солідарн", "tendency", "tendenz", "tendance", "tendencia", "tendenza",
    "faction", "fraktion", "фракци", "bloc", "bloque", "blocco", "блок", "unity", "einheit",
    "unité", "unidad", "unità", "единств", "internationale", "international", "интернационал",
    "kommune", "commune", "коммун", "cell", "cellule", "célula", "ячейк", "lutte", "lucha",
    "lotta", "kampf", "борьб", "боротьб", "ouvri", "obrer", "operai", "volks", "народн",
    "popular", "populaire", "popolare", "people's", "peoples", "nacional", "nationale",
    "nazionale", "national", "national-", "antifa", "emancipation", "liberation", "libération",
    "liberación", "liberazione", "освобожд", "визвол", "coordination", "koordination",
    "coordinadora", "coordinamento", "координац", "committees", "trade", "sindical",
    "labour", "labor", "rode", "rote", "rouge", "rojo", "roja", "rosso", "rossa", "vermelh",
    "красн", "червон", "left", "linke", "gauche", "izquierda", "sinistra", "esquerda", "левы",
    "ліві", "green", "grüne", "verts", "verdes", "verdi", "зелен", "alternative",
    "alternativa", "ассоциация", "association", "jugendverband", "frauen", "women", "femmes",
    "mujeres", "donne", "женщин", "жінок", "feminist", "feminista", "anti", "against",
    "gegen", "contre", "contra", "против", "проти", "stichting", "vereniging", "kring",
    "stiftelse", "förening", "forening", "fundacja", "związek", "zwiazek", "stowarzyszen",
    "inicjatyw", "kolektyw", "sdružení", "spolek", "odbory", "egyesület", "szövetség",
    "yhdistys", "liitto", "dernek", "vakf", "sendikas", "birliğ", "meclis", "platformu",
    "girişim", "kolektif", "hareketi", "cephesi", "asociați", "sindicatul", "mișcarea",
    "frontul", "uniunea", "fundação", "fundacion", "fundación", "associação", "coletivo",
    "colectiva", "coordinadora", "asamblea", "cooperativa", "mutual", "federació",
    "sindicato", "comisión", "comisiones", "obrera", "obreras", "ateneo",
)  # fmt: skip

# Organisation cues for scripts without word spaces or case (substring match).
_ORG_SUBSTRINGS: tuple[str, ...] = (
    "党", "黨", "联盟", "聯盟", "协会", "協會", "委员会", "委員會", "组织", "組織", "运动",
    "運動", "阵线", "陣線", "工会", "工會", "团体", "團體", "中心", "学会", "大学", "大學",
    "研究所", "联合会", "聯合會", "同盟", "協議会", "組合", "연합", "당", "노동조합", "حزب",
    "اتحاد", "جبهة", "حركة", "منظمة", "جمعية", "لجنة", "مجلس", "شبكة", "تجمع", "رابطة",
    "سازمان", "دل", "দল", "পার্টি", "সংঘ", "সমিতি", "ফ্রন্ট", "ইউনিয়ন", "আন্দোলন", "পরিষদ",
    "কমিটি", "জোট", "সংগঠন", "पार्टी", "दल", "संघ", "संगठन", "मोर्चा", "समिति", "परिषद",
    "आंदोलन", "यूनियन", "מפלגת", "ארגון", "תנועת", "איגוד", "κόμμα", "ένωση", "οργάνωση",
    "κίνημα", "μέτωπο", "ομάδα", "συνδικάτο", "επιτροπή", "δίκτυο", "σύλλογος", "Αριστερά",
    "αριστερά", "मंच", "सभा", "মৈত্রী", "মঞ্চ", "সভা", "ফোরাম",
)  # fmt: skip

# Role vocabulary (word prefixes) for individuals.
_ROLE_STEMS: tuple[str, ...] = (
    "professor", "prof.", "prof", "lecturer", "reader", "researcher", "research", "fellow",
    "scientist", "scholar", "historian", "economist", "sociologist", "philosopher",
    "anthropologist", "political scientist", "writer", "author", "poet", "novelist",
    "journalist", "editor", "publisher", "artist", "musician", "singer", "actor", "actress",
    "filmmaker", "director", "photographer", "activist", "organizer", "organiser",
    "campaigner", "trade unionist", "unionist", "shop steward", "lawyer", "attorney",
    "barrister", "solicitor", "judge", "physician", "nurse", "teacher", "student", "phd",
    "ph.d", "doctoral", "candidate", "postdoc", "emerit", "dean", "rector", "chancellor",
    "president", "vice", "chair", "co-chair", "secretary", "treasurer", "spokes",
    "coordinator", "co-ordinator", "member", "founder", "co-founder", "cofounder", "head",
    "leader", "manager", "ceo", "executive", "officer", "deputy", "mp", "mep", "mdb", "mdl",
    "mdep", "msp", "mla", "td", "senator", "councillor", "councilor", "mayor", "minister",
    "former", "ex-", "retired", "pastor", "priest", "rabbi", "imam", "bishop", "reverend",
    "engineer", "architect", "designer", "consultant", "analyst", "blogger", "translator",
    "curator", "composer", "psycholog", "betriebsrat", "betriebsrät", "personalrat",
    "vertrauens", "gewerkschaftssekret", "steward", "psychiatr", "therapist", "social worker",
    "farmer",
    "pharmacist", "veteran", "survivor", "in personal capacity", "personal capacity",
    "in a personal capacity", "in individual capacity", "individual capacity",
    "signing as an individual", "signing in", "à titre personnel", "a título personal",
    "a titolo personale", "als privatperson", "privatperson", "persönlich", "в личном",
    "лично", "особисто", "в особистому", "professorin", "dozent", "wissenschaftler",
    "forscher", "autorin", "schriftsteller", "journalistin", "künstler", "aktivist",
    "gewerkschafter", "rechtsanw", "anwältin", "arzt", "ärztin", "lehrer", "studentin",
    "vorsitzend", "sprecher", "mitglied", "gründer", "geschäftsführ", "abgeordnet",
    "bürgermeister", "pfarrer", "rentner", "professeur", "maître de conférences", "maitre",
    "chercheu", "écrivain", "auteur", "journaliste", "artiste", "militant", "syndicaliste",
    "avocat", "médecin", "enseignant", "étudiant", "présidente", "secrétaire",
    "porte-parole", "membre", "fondat", "député", "sénat", "maire", "conseill", "profesor",
    "catedrátic", "investigador", "escritor", "periodista", "activista", "sindicalista",
    "abogad", "médic", "maestr", "estudiante", "presidenta", "secretari", "portavoz",
    "miembro", "fundador", "diputad", "senador", "alcald", "concejal", "docente",
    "ricercat", "scrittor", "giornalist", "avvocat", "insegnant", "studentess",
    "segretari", "membro", "deputat", "professora", "pesquisador", "jornalista", "advogad",
    "профессор", "доцент", "преподават", "исследоват", "научн", "историк", "социолог",
    "философ", "экономист", "писател", "поэт", "журналист", "редактор", "художник",
    "активист", "профсоюз", "юрист", "адвокат", "врач", "учител", "аспирант",
    "председател", "секретар", "член", "основател", "депутат", "кандидат", "доктор",
    "професор", "викладач", "дослідн", "науков", "письменни", "журналіст", "активіст",
    "історик", "соціолог", "філософ", "економіст", "поет", "художни", "аспірант", "студент",
    "правозахисни", "правозащитни", "священ", "режисс", "режис", "музыкант", "музикант",
    "профспілк", "лікар", "вчител", "голова", "засновни",
)  # fmt: skip

# Institution words (an individual's affiliation rather than a role).
_INSTITUTION_STEMS: tuple[str, ...] = (
    "universit", "univ.", "college", "institut", "school", "schule", "école", "escuela",
    "scuola", "academ", "akadem", "hochschule", "faculty", "fakultät", "faculté", "facultad",
    "department", "dept", "departamento", "laborator", "center", "centre", "zentrum",
    "centro", "hospital", "klinik", "clinic", "museum", "library", "bibliothe", "universidad",
    "università", "université", "universität", "университет", "університет", "институт",
    "інститут", "академи", "академі", "школ", "кафедр", "факультет", "лаборатор",
)  # fmt: skip

_TITLES: tuple[str, ...] = (
    "prof.", "prof", "professor", "dr.", "dr", "dr.in", "dr.-ing.", "dipl.-ing.", "mag.",
    "mag.a", "ing.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "miss", "sir",
    "dame", "lord", "lady", "rev.", "rev", "reverend", "fr.", "hon.", "rt.", "em.",
    "univ.-prof.", "priv.-doz.", "pd", "apl.", "h.c.", "med.", "phil.", "rer.", "nat.",
    "jur.", "dres.", "dott.", "dott.ssa", "prof.ssa", "avv.", "lic.", "licda.", "lcdo.",
    "mtro.", "mtra.", "sr.", "sra.", "srta.", "dña.", "don", "doña", "m.", "mme", "mme.",
    "mlle", "me", "pr", "pr.", "проф.", "д-р", "др.", "акад.", "г-н", "г-жа", "пан", "пані",
    "prof.dr.", "prof.em.", "ass.-prof.", "assoc.", "professora", "profa.", "profª",
    "rabbi", "imam", "father", "sister", "comrade", "genosse", "genossin", "camarade",
    "compañero", "compañera", "compagno", "compagna", "товарищ", "mdb", "mdl", "mdep", "mep",
    "abg.", "pfarrer", "pfarrerin", "pastor", "pastorin",
)  # fmt: skip

# Common given names (many languages); a hint that a two-to-four word line is a person.
_GIVEN_NAMES_TEXT = """
    aaron abdul abdullah adam adriana agnes ahmed ahmet aisha akira alan albert alejandro
    aleksandr aleksandra alessandro alex alexander alexandra alexandre alexei ali alice alicia
    amir amina amy ana anastasia andrea andreas andrei andrew andrzej andré angela angelika
    anita ann anna anne annette antonio ariel arne arturo ayşe barbara beatriz ben benjamin
    bernd bernard bettina bilal birgit björn boris brian bruno carla carlos carmen caroline
    catherine cecilia charles charlotte chen chris christian christina christine claire clara
    claudia connor cristina dan daniel daniela david deborah denis diana diego dieter dilan
    dimitri dmitri dmitry dolores dominik dorothea edward elena elif elisabeth elizabeth ella
    emily emma emmanuel enrique eric erik esther eva evelyn fabian farah fatima fatma fatou
    felipe felix fernando fiona francesca francesco francisco françois frank franz frederik
    gabriel gabriela george georg gerhard gianni giorgio giovanni giulia giuseppe grace gregor
    gustavo hamid hannah hans hassan heike heinz helen helena helga henrik henry hiroshi hugo
    hussein ibrahim igor ilse ingrid irina isabel isabella ivan jacob jakob james jan jana
    jane javier jean jennifer jens jessica joan joanna johann johannes john jonas jorge josé
    joseph josef juan judith julia julian juliane julie jürgen karim karin karl katarzyna
    katharina kathrin kenji kerstin kevin khalid klaus kofi kwame lars laura leila lena leon
    lina linda lisa liu lorenzo louise luca lucas lucia luis luisa lukas magdalena mahmoud
    malik manuel marc marco marcus margaret maria mariam marie marina mario mark markus marta
    martin martina mary maría mathias matthew matthias max maximilian mehmet melanie michael
    michel michelle miguel mikhail milan mohamed mohammad mohammed monika moses mustafa nadia
    naomi natalia natalie nathalie nicolas nikolai nina noah noam nora olena olga oliver olivia
    omar oscar pablo paolo patricia patrick paul paula pedro peter petra philipp pierre pilar
    rafael ralf raúl rebecca renate ricardo richard rita robert roberto rosa ruth sabine sam
    samira samuel sandra sara sarah sebastian sergei sergey sergio simon simone sofia sophie
    stefan stefanie stephan stephanie steven susanne sven tanja tatiana thomas tim tobias tom
    tomás tomasz ursula valentina vanessa vera victor viktor vincent vladimir walter wang wei
    werner william wolfgang yannick yasmin yuki yusuf zainab zeynep ziad zoe
    иван анна ольга олена елена мария марія сергей сергій андрей андрій дмитрий дмитро
    алексей олексій владимир володимир николай микола наталья наталія татьяна тетяна юлия
    юлія ирина ірина александр олександр михаил михайло павел павло екатерина катерина
    светлана світлана
"""
_GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN_NAMES_TEXT.split())

_POSTNOMINALS = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|b\.?a\.?|b\.?sc\.?|ll\.?m\.?|jr\.?|sr\.?|"
    r"iii|ii|iv|mbe|obe|cbe|frs|fba|esq\.?|dphil|d\.phil\.?)$",
    re.IGNORECASE,
)


def _wordset(text: str) -> frozenset[str]:
    """A set of whitespace-separated words (keeps long vocabularies compact in the source)."""
    return frozenset(text.split())


_NAME_PARTICLES = _wordset(
    """
    von van der den de da di del della dos das du le la bin ibn al el ter ten zu y e mac st.
    st dei degli af av
    """
)

# Stopwords for acronym alignment (after transliteration to ASCII).
_ACRONYM_STOPWORDS = _wordset(
    """
    of the for and in on at to a an de du des la le les l d del los las el y e et und der
    die das dem den fur fuer von vom zur zum van het voor di della dei degli delle do da dos
    na no nos i w z za po v s k pour par per con com sur auf im al by en ot dlya iz ve ile
    gli nel nella dal dalla alla agli ai col sul sulla aux lo ao em
    """
)

# Words that make a line read as a sentence rather than a name (many languages).
_SENTENCE_WORDS = _wordset(
    """
    we our us you your is are was were be been being must should shall will would can could
    may might has have had do does did not this that these those which who whom whose they
    them their there because therefore however although if than then also call calls demand
    demands condemn condemns urge urges oppose welcome regret express declare believe stand
    stands support supports wir unser unsere unseren ist sind war waren wird werden wurde
    muss müssen soll sollen kann können nicht dass daß uns dies diese dieser weil aber auch
    haben hat fordern unterstützen verurteilen rufen nous notre nos vous est sont était sera
    doit doivent peut peuvent pas ne cette ces avons ont sommes exigeons soutenons
    condamnons appelons nosotros nosotras nuestro nuestra es son fue será debe deben puede
    pueden este esta estos hemos han exigimos apoyamos condenamos llamamos noi nostro nostra
    è sono deve devono può non che questo questa abbiamo hanno chiediamo мы наш наша наши вы
    это этот эта является являются был была были будет должны должен может могут не что
    чтобы как требуем поддерживаем осуждаем призываем ми наші ви це цей ця є був була були
    буде повинні має можуть що щоб вимагаємо підтримуємо засуджуємо закликаємо nós nosso
    nossa são foi devem pode podem não apoiamos
    """
)

_IMPERATIVE_FIRST = _wordset(
    """
    stop end free withdraw expand cancel release ban abolish defend fight join sign down
    long no never let give protect save hands bring hände schluss weg nieder stoppt freiheit
    arrêtez halte à non basta abajo fuera viva vive es lebe hoch долой свободу руки нет стоп
    геть слава
    """
)

# Heading phrases that introduce the signatory list (casefolded, matched at line start).
_SIGNATORY_HEADINGS: tuple[str, ...] = (
    "signatories", "signatory", "signatures", "signers", "signees", "signed by", "signed",
    "the undersigned", "undersigned", "co-signers", "cosigners", "co-signatories",
    "cosignatories", "endorsements", "endorsed by", "endorsers", "endorsing", "supporters",
    "supported by", "supporting organisations", "supporting organizations", "sign-ons",
    "initial signatories", "first signatories", "list of signatories", "list of signers",
    "signatory organisations", "signatory organizations", "organisational signatories",
    "organizational signatories", "individual signatories", "unterzeichner", "unterzeichnet",
    "unterzeichnende", "erstunterzeichner", "erstunterzeichnende", "erstunterstützer",
    "unterstützer", "unterstützende", "unterschriften",
    "liste der unterzeichner", "gezeichnet", "signataires", "premiers signataires",
    "подписантов", "підписантів",
    "liste des signataires", "signé par", "ont signé", "soutiens", "firmantes", "firman",
    "firmas", "firmado por", "adhesiones", "adhieren", "primeros firmantes", "suscriben",
    "sottoscrittori", "firmatari", "firme", "adesioni", "hanno firmato", "primi firmatari",
    "aderenti", "signatários", "signatárias", "assinaturas", "assinam", "subscritores",
    "subscrevem", "assinado por", "подписанты", "подписали", "подписи", "список подписантов",
    "подписавшиеся", "первые подписанты", "підписанти", "підписали", "підписи",
    "список підписантів", "sygnatariusze", "podpisali", "podpisy", "ondertekenaars",
    "ondertekend door", "undertecknare", "underskrivere", "underskrifter", "imzacılar",
    "imzalayanlar", "υπογράφοντες", "υπογραφές", "الموقعون", "الموقعين", "التوقيعات",
    "স্বাক্ষরকারী", "हस्ताक्षरकर्ता", "签名", "签署", "联署", "聯署", "簽名", "簽署",
    "امضاکنندگان", "署名",
)  # fmt: skip

_GROUP_WORDS = _wordset(
    """
    organizations organisations organisationen organizaciones organizzazioni organizações
    organisaties organizacje организации організації signataires individuals individual
    persons personalities personen einzelpersonen personnalités personnes personas
    personalidades persone personalità pessoas osoby персоналии лица персони особи parties
    parteien partis partidos partiti партии партії unions gewerkschaften syndicats
    sindicatos sindacati профсоюзы groups gruppen groupes grupos gruppi группы групи
    academics scholars wissenschaftler artists künstler writers mps parliamentarians
    abgeordnete activists others andere autres otros altri другие інші international
    internationale national
    """
)

_GROUP_PHRASES = re.compile(
    r"^(?:signing\s+)?(?:(?:individual|personal|organi[sz]ational|institutional|other|"
    r"further|additional|international|national|local|regional|academic|political)\s+)?"
    r"(?:signatories|signers|supporters|endorsers|organi[sz]ations|individuals|persons|"
    r"people|groups|parties|unions|academics|institutions)"
    r"(?:\s*\(.*\))?$|^(?:in\s+personal\s+capacity|trade\s+unions?|political\s+parties|"
    r"private\s+persons?|natürliche\s+personen|juristische\s+personen|частные\s+лица|"
    r"физические\s+лица|юридические\s+лица|фізичні\s+особи)$",
    re.IGNORECASE,
)

_KIND_HINT_ORG = re.compile(
    r"organi[sz]|partei|parties|part(?:y|i|is|idos|iti)\b|unions|gewerkschaft|syndicat|"
    r"sindica|groups|gruppen|groupes|grupos|collectives|institutions|организац|організац|"
    r"партии|партії|профсоюз|объединени",
    re.IGNORECASE,
)
_KIND_HINT_PERSON = re.compile(
    r"individ|person|einzel|privat|private|academ|scholar|scientist|wissenschaft|artist|"
    r"künstler|writer|autor|personnalit|personas|personalidad|persone|personalit|лица|"
    r"персон|частн|особи|mps|parliament|abgeordnet|journalist|activist|aktivist|professor|"
    r"учен|вчен|people",
    re.IGNORECASE,
)

_STATUS_KEYWORDS = re.compile(
    r"(?:^|\b)(?:status|stand|state|as\s+of|as\s+at|updated?|last\s+update|aktualisiert|"
    r"zuletzt|stand\s+der|état|etat|mis\s+à\s+jour|à\s+jour\s+au|au\s+\d|estado|actualizad|"
    r"por\s+estado|situación|по\s+состоянию|состояние\s+на|обновлено|обновлён|станом\s+на|"
    r"оновлено|stato|aggiornat|situazione|situação|atualizad|stan\s+na|durum|per\s+\d)",
    re.IGNORECASE,
)
_STATUS_FURTHER = re.compile(
    r"further\s+sign|signing\s+(?:is\s+)?(?:still\s+)?possible|still\s+open\s+for\s+sign|"
    r"open\s+for\s+(?:further\s+)?signat|signatures\s+still|further\s+signatories|"
    r"weitere\s+unterzeichn|unterzeichnung\s+(?:weiterhin|ist\s+weiterhin)|weiterhin\s+möglich|"
    r"autres\s+signatures|signatures\s+possibles|d'autres\s+signataires|más\s+firmas|"
    r"nuevas\s+firmas|firme\s+ancora|altre\s+firme|подписание\s+продолжается|"
    r"можно\s+подписать|подписи\s+принимаются|можна\s+підписати|підписання\s+триває",
    re.IGNORECASE,
)
_STATUS_CLOSED = re.compile(
    r"signing\s+(?:is\s+)?(?:now\s+)?closed|closed\s+for\s+(?:further\s+)?signat|"
    r"no\s+(?:further|more)\s+signat|unterzeichnung\s+(?:ist\s+)?(?:beendet|geschlossen)|"
    r"signatures\s+(?:are\s+)?closed|подписание\s+(?:закрыто|завершено)|"
    r"підписання\s+(?:закрито|завершено)",
    re.IGNORECASE,
)


def status_signing_open(status_line: str | None) -> bool | None:
    """Whether a status line says signing goes on (True), has closed (False), or neither."""
    if not status_line:
        return None
    if _STATUS_CLOSED.search(status_line):
        return False
    if _STATUS_FURTHER.search(status_line):
        return True
    return None


_STATUS_SIGN_WORDS = re.compile(
    r"sign|unterzeich|unterschr|firm|подпис|підпис|possible|möglich|posible|possibile|"
    r"liste|list|lista|список",
    re.IGNORECASE,
)

_CLOSING_RE = re.compile(
    r"^(?:\.{2,}|…|\(|\[)?\s*(?:"
    r"(?:and|und|et|y|e|и|і|та|ve|och|og|en|oraz|a|és|ja|ir|și|dan|και|plus)\s+(?:\d+|many|"
    r"numerous|several|countless|lots|viele|zahlreiche|weitere|mehr|more|others?|autres|bien|"
    r"beaucoup|de\s+nombreux|muchos|muchas|muitos|muitas|otros|otras|outros|outras|molti|"
    r"molte|tanti|tante|altri|altre|многие|многих|другие|ещё|еще|інші|багато|ще|meer|veel|"
    r"andere|anderen|inni|wielu|diğerleri|daha|άλλοι|πολλοί)"
    r"|\+\s*\d+|\d+\s+(?:more|further|others|weitere|autres|más|otros|altri|других|інших|meer)"
    r"|more\s+(?:signatures|signatories|to\s+follow|to\s+come)|weitere\s+(?:folgen|unterzeichn)"
    r"|(?:the\s+)?list\s+(?:is\s+)?(?:being\s+)?(?:updated|continues|to\s+be\s+continued)"
    r"|to\s+be\s+continued|etc\.?|и\s+т\.\s*д\.?|usw\.?|u\.\s*a\.?|и\s+др\.?|та\s+ін\.?"
    r")(?:\W|$)",
    re.IGNORECASE,
)

_LINK_RE = re.compile(
    r"^(?:[\w\s]{0,30}:\s*)?(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)[\s.,;)]*$",
    re.IGNORECASE,
)

# English lexicon used to tell translations (English) from original names.
_ENGLISH_WORDS = _wordset(
    """
    a an the of and for in on at to with without from by against into over under about
    between among within through toward towards its their our new old red black white green
    blue yellow dawn star stars flag banner spark path road way voice voices struggle fight
    solidarity liberation freedom free peace justice rights right human humanity youth young
    students student women woman men man workers worker working labour labor class trade
    union unions party parties communist communists socialist socialists socialism communism
    marxist marxists leninist leninists maoist maoists trotskyist anarchist anarchists
    revolutionary revolutionaries revolution democratic democracy democrats people people's
    peoples popular national nationalist international internationalist internationalists
    united unity independent organization organizations organisation organisations group
    groups league front movement committee committees council federation network collective
    collectives association alliance coalition society center centre institute foundation
    initiative campaign action platform assembly congress forum circle club press news
    manifesto establishment populations population coordination progressive proletarian
    proletariat masses mass nation world global federal republic state states country
    countries land home homeland native indigenous farmers peasants peasant unemployed poor
    oppressed anti war antiwar fascist antifascist imperialist anti-imperialist imperialism
    capitalism capitalist social ecological ecology environmental climate earth nature life
    future hope tomorrow today morning sun rising light fire flame iron steel hammer sickle
    rose bread roses left wing radical alternative power defense defence development
    education culture cultural history movements communists' workers' women's peoples'
    union's council's communist's party's marxist-leninist marxist-leninist-maoist
    independence self determination liberty equality fraternity emancipation organization's
    groups' friends friendship sisters brothers sisterhood brotherhood comrades brigade
    brigades cell cells section sections branch chapter office bureau secretariat project
    cooperative church school university college academy hospital trust fund society's
    tendency faction bloc block current line fraction truth time times call alarm echo
    dialogue dialog reform renewal rebirth resistance revival awakening struggle's rebellion
    uprising insurgency communard commune communes councils soviet soviets labor's laborers
    labourers employees staff teachers doctors nurses lawyers journalists writers artists
    scientists engineers residents citizens tenants neighbors neighbours community
    communities local regional central northern southern eastern western north south east
    west great little small big first second third fourth one two three all every each other
    others more most
    """
)

_MORE_ENGLISH = """
    zone area region city town village street square house home houses building ground field
    farm factory workshop plant mine mines port harbour harbor dock ship sea ocean river lake
    mountain mountains valley forest island islands coast bridge gate wall tower road roads
    rail railway railways train transport water air fire earth wind storm thunder lightning
    dawn dusk morning evening night day days week year years century age era generation
    generations march may spring summer autumn winter october may-day first-of-may
    red black white green blue yellow orange purple grey gray gold golden silver brown pink
    new old young free open common public private popular general central main united joint
    mutual collective solidary equal fair just true real direct active critical independent
    autonomous revolutionary radical militant progressive democratic socialist communist
    working workers' labor labour trade unions union's guild guilds syndicate syndicates
    federation confederation league alliance coalition front bloc movement network council
    councils assembly assemblies congress committee commission board office bureau centre
    center institute institution foundation fund trust society club circle group team unit
    section branch chapter cell cells collective collectives cooperative cooperatives
    association associations organization organisation party parties forum platform
    initiative campaign action actions project projects program programme school schools
    academy university college press publishing publishers publications journal magazine
    newspaper paper review bulletin radio television media voice voices word words speech
    news information library archive archives museum theatre theater cinema film music art
    arts artists culture cultural science sciences research studies study education
    teachers students pupils youth young children child women women's men mothers fathers
    families family friends friend neighbours neighbors citizens residents tenants migrants
    migrant refugees refugee immigrants immigrant exiles exile prisoners prisoner political
    politics policy rights right freedom freedoms liberty liberties justice peace solidarity
    struggle struggles resistance defence defense protection support help aid relief rescue
    care health medical doctors nurses hospital clinic food bread land housing shelter
    environment environmental ecology ecological climate nature animal animals
    against anti for with without beyond toward towards across around among between
    within under over after before behind through into onto from about upon
    our their your his her its my we they people peoples nation nations national
    international internationalist global world worldwide european african asian american
    latin arab islamic christian jewish muslim catholic protestant orthodox secular
    human humanist humanitarian social socialism communism marxism leninism maoism
    anarchism feminism feminist feminists antifascist anti-fascist antiracist anti-racist
    antiwar anti-war anti-imperialist imperialism colonial anticolonial decolonial
    liberation emancipation revolution revolutions uprising rising rebellion revolt
    reform renewal change future hope dignity memory truth unity union equality democracy
    republic republican state states government federal regional local municipal provincial
    north south east west northern southern eastern western upper lower greater little
    great grand big small high low long short deep far near
    one two three four five six seven eight nine ten hundred thousand
    first second third fourth fifth last next other others another all every each some
    many more most few several whole half full
    and or but not no of the a an in on at to by as is be
    """
_ENGLISH_WORDS = _ENGLISH_WORDS | frozenset(_MORE_ENGLISH.split()) | frozenset(
    {"greek", "dutch", "french", "swiss", "welsh", "basque", "filipino", "thai", "arab",
     "arabic", "autonomous", "autonomy", "pensions", "pension", "spanish", "english",
     "refoundation", "rebuilding",
     "reconstruction", "association's", "wedge", "municipal", "ecumenical", "medical", "aid",
     "housing", "tenants'", "dockworkers", "dock", "maritime", "transport", "general",
     "confederation", "labour's", "peace", "direct", "free", "trade", "miners", "students'",
     "garment", "textile", "health", "care", "teachers'", "nurses'"}
)  # fmt: skip

# Function words and stems that mark a name as *not* English.
_FOREIGN_WORDS = _wordset(
    """
    de du des la le les el los las del y et und der die das dem den für fur von vom zur zum
    van het voor di della dei degli delle per il lo gli do da dos na nos och för af fra til
    ve ile için w z za dla pour par avec sur contre con por para contra gegen mit zu al au
    aux une un uno una ein eine einer partei partido partito parti partij partija partiya
    gruppe gruppa grupo gruppo groupe bewegung movimiento movimento mouvement frente fronte
    liga ligue lega lucha lutte lotta kampf trabajadores travailleurs lavoratori arbeiter
    obreros ouvriers ouvrière operai comunista communiste kommunistische kommunistischen
    socialista socialiste sozialistische organización organizzazione organização organisatie
    vereinigung unión unione união unie jugend juventud gioventù juventude jeunesse nacional
    nazionale nationale internationale pueblo popolo peuple volk volks rode rote rouge rojo
    roja rosso rossa morgen aurora amanecer alba
    """
)
_FOREIGN_SUFFIX = re.compile(
    r"(?:isch|ische|ischen|ischer|ung|heit|keit|schaft|yj|ij|aja|oje|ogo|ego|ykh|ikh|ov|ev|"
    r"ija|iya|ismo|ista|istas|ción|cion|ione|zione|dade|ização|isme|iste|ique|iques|eur|eurs|"
    r"eux|ität|tät|ismus|isten|ewo|owo|aire|aires|aria|ario|ados|adas|ismo|ski|ska|sko|nyj|"
    r"naja|noje|stvo|stwo|ność|ości|ności|ção|ções|ões|ão)$"
)

_ABBREVIATION_DOT = re.compile(
    r"(?:^|\s)(?:[A-Za-zÀ-ÿ]\.|[A-Za-z]{1,3}\.(?:[A-Za-z]{1,3}\.)+|e\.V\.|Inc\.|Ltd\.|Co\.|"
    r"Corp\.|Jr\.|Sr\.|St\.|Bros\.|Univ\.|Prof\.|Dr\.|etc\.|usw\.|Ges\.|Dept\.|Assoc\.|"
    r"Intl\.|Int\.|Nat\.|Org\.|gGmbH\.|a\.s\.|s\.r\.o\.|S\.A\.|A\.C\.|A\.G\.|Nr\.|No\.)$"
)

# Month names (casefolded) -> month number: en, de, fr, es, it, pt, nl, ru, uk, pl, tr.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio janeiro januari января январь "
        "січня січень stycznia styczeń ocak",
        "february feb februar février fevrier febrero febbraio fevereiro februari февраля "
        "февраль лютого лютий lutego luty şubat subat",
        "march mar märz maerz marz mars marzo março maart марта март березня березень "
        "marca marzec mart",
        "april apr avril abril aprile апреля апрель квітня квітень kwietnia kwiecień nisan",
        "may mai mayo maggio maio mei мая май травня травень maja maj mayıs",
        "june jun juni juin junio giugno junho июня июнь червня червень czerwca czerwiec haziran",
        "july jul juli juillet julio luglio julho июля июль липня липень lipca lipiec temmuz",
        "august aug août aout agosto augustus августа август серпня серпень sierpnia "
        "sierpień ağustos",
        "september sep sept septembre septiembre setiembre settembre setembro сентября "
        "сентябрь вересня вересень września wrzesień eylül",
        "october oct oktober octobre octubre ottobre outubro октября октябрь жовтня жовтень "
        "października październik ekim",
        "november nov novembre noviembre novembro ноября ноябрь листопада листопад "
        "listopada listopad kasım",
        "december dec dezember décembre decembre diciembre dicembre dezembro декабря "
        "декабрь грудня грудень grudnia grudzień aralık",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "slash"),
    (
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.|º|°|-?го|-?е)?\s+(?:de\s+)?({_MONTH_ALT})\.?"
            rf",?\s+(?:de\s+|del\s+)?(\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
        "d_month_y",
    ),
    (
        re.compile(
            rf"(?<![\w])({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
        "month_d_y",
    ),
)


def _ascii_digits(text: str) -> str:
    """Replace any Unicode decimal digit by its ASCII counterpart."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def parse_status_date(text: str) -> dt.date | None:
    """The first full date (day, month and year) in ``text``, else None.

    Dotted dates are day-first (06.01.2025 = 6 January); slashed dates are read only when
    unambiguous (one of the first two numbers is above 12).
    """
    text = _ascii_digits(text)
    best: tuple[int, dt.date] | None = None
    for pattern, shape in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groups()
            try:
                if shape == "ymd":
                    y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
                elif shape == "dmy":
                    d, m, y = int(groups[0]), int(groups[1]), int(groups[2])
                elif shape == "slash":
                    a, b, y = int(groups[0]), int(groups[1]), int(groups[2])
                    if a > 12 >= b:
                        d, m = a, b
                    elif b > 12 >= a:
                        d, m = b, a
                    else:
                        continue
                elif shape == "d_month_y":
                    d, m, y = int(groups[0]), _MONTHS[groups[1].casefold()], int(groups[2])
                else:
                    m, d, y = _MONTHS[groups[0].casefold()], int(groups[1]), int(groups[2])
                value = dt.date(y, m, d)
            except (ValueError, KeyError):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), value)
            break
    return best[1] if best else None


def _has_month_year(text: str) -> bool:
    return bool(re.search(rf"(?:{_MONTH_ALT})\.?\s+\d{{4}}", text, re.IGNORECASE))


# --------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------

_SCRIPT_CACHE: dict[str, str] = {}


def _char_script(ch: str) -> str:
    cached = _SCRIPT_CACHE.get(ch)
    if cached is not None:
        return cached
    try:
        name = unicodedata.name(ch)
    except ValueError:
        name = "UNKNOWN"
    script = name.split(" ")[0]
    if script in {"CJK", "HIRAGANA", "KATAKANA"}:
        script = "CJK"
    _SCRIPT_CACHE[ch] = script
    return script


def _scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _char_script(ch)
            counts[script] = counts.get(script, 0) + 1
    return counts


def _dominant_script(text: str) -> str:
    counts = _scripts(text)
    if not counts:
        return "NONE"
    return max(counts.items(), key=lambda item: item[1])[0]


def _is_mixed_script(text: str) -> bool:
    counts = _scripts(text)
    if len(counts) < 2:
        return False
    total = sum(counts.values())
    return sorted(counts.values())[-2] >= 0.2 * total


_CASELESS_SCRIPTS = frozenset(
    {"CJK", "ARABIC", "HEBREW", "BENGALI", "DEVANAGARI", "THAI", "HANGUL", "TAMIL", "GUJARATI",
     "GURMUKHI", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "ETHIOPIC", "KHMER", "LAO",
     "MYANMAR", "GEORGIAN", "TIBETAN", "ORIYA", "SYRIAC", "THAANA"}
)  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.\-]*", text)


def _fold(text: str) -> str:
    return text.casefold().replace("’", "'")


def _has_stem(text: str, stems: Iterable[str]) -> bool:
    folded = _fold(text)
    tokens = re.findall(r"[^\W_][\w'.\-]*", folded)
    tokens += [t.split("'", 1)[1] for t in tokens if re.match(r"^[a-z]{1,2}'.", t)]
    token_set = set(tokens)
    for stem in stems:
        if " " in stem:
            if stem in folded:
                return True
            continue
        if len(stem) <= 3 or stem.endswith("."):
            if stem in token_set or stem.rstrip(".") in token_set:
                return True
            continue
        for token in tokens:
            if token.startswith(stem):
                return True
            if "-" in token and any(p.startswith(stem) for p in token.split("-")):
                return True
    return False


# Endings of compound words that name organisations (German, Dutch, Scandinavian, ...).
_ORG_SUFFIXES: tuple[str, ...] = (
    "gruppe", "verein", "verband", "bund", "partei", "kollektiv", "netzwerk", "komitee",
    "initiative", "bündnis", "gewerkschaft", "union", "zentrum", "stiftung", "gesellschaft",
    "koordination", "kooperative", "genossenschaft", "akademie", "forum", "bewegung",
    "jugend", "hilfe", "front", "liga", "partij", "beweging", "vereniging", "forbund",
    "forbundet", "förbundet", "forening", "föreningen", "foreningen", "partiet", "partiya",
    "kollektivet", "gruppen", "rådet", "raad", "komitet", "komiteen", "kommittén", "srat",
    "beirat", "personalrat", "stadtrat", "elternrat", "kreis", "werk", "laden",
)  # fmt: skip


@lru_cache(maxsize=4096)
def _has_org_word(text: str) -> bool:
    if _has_stem(text, _ORG_STEMS):
        return True
    if any(sub in text for sub in _ORG_SUBSTRINGS):
        return True
    for token in re.findall(r"[^\W\d_][\w\-]*", _fold(text)):
        for part in token.split("-"):
            for suffix in _ORG_SUFFIXES:
                if len(part) > len(suffix) + 2 and part.endswith(suffix):
                    return True
    return False


def _has_role_word(text: str) -> bool:
    return _has_stem(text, _ROLE_STEMS)


def _has_institution_word(text: str) -> bool:
    return _has_stem(text, _INSTITUTION_STEMS)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


def _skeleton(text: str) -> str:
    return re.sub(r"[aeiouyw]", "", _compact(text))


def _transliteration_similarity(original: str, latin: str) -> float:
    a, b = _compact(original), _compact(latin)
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.ratio(_skeleton(original), _skeleton(latin)))


def _english_score(text: str) -> float:
    """Share of recognisably English words among recognisable words; 0.5 when unknown."""
    english = foreign = 0
    demonym_stems = country_name_words()
    for raw in re.findall(r"[^\W\d_][\w'’\-]*", text):
        word = _fold(raw).strip("'-")
        parts = [p for p in re.split(r"[-]", word) if p] or [word]
        for part in parts:
            base = re.sub(r"'s$|s'$", "", part)
            if part in _ENGLISH_WORDS or base in _ENGLISH_WORDS:
                english += 1
            elif (
                part in _FOREIGN_WORDS
                or any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", part))
                or not part.isascii()
            ):
                foreign += 1
            elif _is_demonym(part):
                english += 1
            elif part in demonym_stems:
                continue
            elif len(part) > 3 and _FOREIGN_SUFFIX.search(part):
                foreign += 1
    if english + foreign == 0:
        return 0.5
    return english / (english + foreign)


def _english_share(text: str) -> float:
    """Share of all words of ``text`` that are English (lexicon, demonym or country word)."""
    words = [_fold(w).strip("'-") for w in re.findall(r"[^\W\d_][\w'’\-]*", text)]
    if not words:
        return 0.0
    country_words = country_name_words()
    english = 0
    for word in words:
        base = re.sub(r"'s$|s'$", "", word)
        parts = [p for p in base.split("-") if p]
        if all(
            p in _ENGLISH_WORDS or p in country_words or _is_demonym(p) for p in parts or [base]
        ):
            english += 1
    return english / len(words)


@lru_cache(maxsize=1)
def _demonym_prefixes() -> frozenset[str]:
    """Stems of country names that English demonyms start with (Paraguay -> "paragu")."""
    generic = _wordset(
        """
        part island islands republic kingdom state states united democratic people peoples
        federal federated saint sint south north east west new great holy province
        plurinational bolivarian islamic socialist arab territory territories outlying minor
        city special administrative region equatorial central african american virgin heard
        mcdonald sar and the of see lao
        """
    )
    stems = {w[: max(4, len(w) - 2)] for w in country_name_words() if len(w) >= 4}
    stems -= {w[: max(4, len(w) - 2)] for w in generic}
    stems.update({"kurd", "tamil", "basq", "catala", "palestin", "afric", "europ", "asia"})
    return frozenset(stems)


def _is_demonym(word: str) -> bool:
    return re.search(r"(?:an|ian|ese|ish|i|ic)$", word) is not None and any(
        word.startswith(stem) for stem in _demonym_prefixes()
    )


def _bracket_balance(text: str) -> int:
    depth = 0
    for ch in text:
        if ch in "([{（":
            depth += 1
        elif ch in ")]}）":
            depth -= 1
    return depth


def _split_top_level(text: str, separators: str = ",") -> list[str]:
    """Split at separators that are not inside brackets or quotes."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{（«„“":
            depth += 1 if ch in "([{（«„" or depth == 0 else -1
        elif ch in ")]}）»”":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _trailing_groups(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Find bracket groups at the very end of ``text`` (only whitespace between them).

    Returns the text and a list of (start, end) spans (end exclusive, brackets included),
    in order of appearance.
    """
    spans: list[tuple[int, int]] = []
    end = len(text.rstrip())
    while end > 0 and text[end - 1] in ")）":
        depth = 0
        start = -1
        for i in range(end - 1, -1, -1):
            ch = text[i]
            if ch in ")）":
                depth += 1
            elif ch in "(（":
                depth -= 1
                if depth == 0:
                    start = i
                    break
        if start <= 0:
            break
        if not text[start - 1].isspace():
            break
        spans.insert(0, (start, end))
        end = len(text[:start].rstrip())
    return text, spans


# --------------------------------------------------------------------------------------
# Acronym alignment
# --------------------------------------------------------------------------------------


def _acronym_words(text: str) -> list[str]:
    ascii_text = anyascii(text).lower()
    ascii_text = re.sub(r"['’]s\b", "", ascii_text)
    ascii_text = re.sub(r"\b[a-z]{1,5}['’](?=[a-z])", " ", ascii_text)  # l', dell', sull'
    return re.findall(r"[a-z0-9]+", ascii_text)


def acronym_score(abbreviation: str, name: str) -> float:
    """How well ``abbreviation`` can be generated from ``name`` (0..1).

    Works across scripts (both sides are transliterated with anyascii). Each letter of the
    abbreviation must be matched, in order, either by the initial of a later word or by the
    next letters of the current word (so "Chinese Communists (MLM)" matches "Chinese
    Communists (Marxist Leninist Maoist)" and "UPC-Manidem" matches "Union des Populations du
    Cameroun - Manifeste ... Démocratie"). Skipped significant words cost; stopwords are free.
    """
    letters = re.sub(r"[^a-z0-9]", "", anyascii(abbreviation).lower())
    words = _acronym_words(name)
    if not letters or not words or len(letters) > 40 or len(words) > 40:
        return 0.0
    significance = [0.0 if (w in _ACRONYM_STOPWORDS or len(w) == 1) else 1.0 for w in words]
    total = sum(significance) or 1.0
    suffix = [0.0] * (len(words) + 1)
    for k in range(len(words) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + significance[k]
    inf = float("inf")
    memo: dict[tuple[int, int, int], float] = {}

    def best(i: int, j: int, p: int) -> float:
        if i == len(letters):
            return 0.5 * suffix[j + 1]
        key = (i, j, p)
        if key in memo:
            return memo[key]
        c = letters[i]
        result = inf
        word = words[j]
        for q in range(p + 1, len(word)):
            if word[q] == c:
                cost = 0.0 if q == p + 1 else 0.35
                result = min(result, cost + best(i + 1, j, q))
                if q == p + 1:
                    break
        skipped = 0.0
        for k in range(j + 1, len(words)):
            if words[k][0] == c:
                result = min(result, skipped + best(i + 1, k, 0))
            skipped += significance[k]
            if skipped >= result:
                break
        memo[key] = result
        return result

    cost = inf
    leading = 0.0
    for k, word in enumerate(words):
        if word[0] == letters[0]:
            cost = min(cost, 1.5 * leading + best(1, k, 0))
        leading += significance[k]
    if cost == inf:
        return 0.0
    return max(0.0, 1.0 - cost / total)


def _abbreviation_shape(token: str) -> float:
    """1.0 for ALL-CAPS tokens, 0.8 for mixed forms like PR-ByH/UPC-Manidem, else 0."""
    core = token.strip("()[]")
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return 0.5 if re.fullmatch(r"[\d/&.-]+", core) and len(core) >= 2 else 0.0
    upper = sum(1 for c in letters if c.isupper())
    has_case = any(c.isupper() or c.islower() for c in letters)
    if not has_case:
        return 0.0
    if upper == len(letters) and (len(letters) >= 2 or token.startswith("(")):
        return 1.0
    pieces = re.split(r"[-/&.]", core)
    if any(len(p) >= 2 and p.isupper() for p in pieces) and upper >= 2:
        return 0.8
    if upper >= 2 and core[:1].isupper() and upper / len(letters) >= 0.4 and len(core) <= 8:
        return 0.8
    return 0.0


def _normalized_words(text: str) -> list[str]:
    return [w for w in _acronym_words(text) if w]


def _contains_sequence(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack)))


# --------------------------------------------------------------------------------------
# Line cleaning and classification
# --------------------------------------------------------------------------------------

_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BREAK_RE = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>|</li>\s*<li[^>]*>|</div>\s*<div[^>]*>", re.I)
_NUMBER_MARKER = re.compile(
    r"^(?:[(\[（]\s*(?P<a>\d{1,4})\s*[)\]）]|(?P<b>\d{1,4})\s*"
    # "1.", "1)", "1 - ", and the Spanish "1.-" / "1. –"
    r"(?:[.)\]．、:：]\s*[-–—](?=\s|[^\W\d])|[.)\]．、:：]|\s[-–—]\s)(?![\d]))"
    r"(?P<space>\s*)"
)
_BULLET_MARKER = re.compile(r"^(?:[-*+](?=\s)|[•·▪◦●○►‣⁃→✓✔☐■□◆◇➢➤▸‐]|[–—](?=\s)|[a-z]\)(?=\s))\s*")
_SEPARATOR_RE = re.compile(r"^(?:[-*_=~•·]\s*){3,}$")
_NBSP = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"


@dataclass(slots=True)
class _Segment:
    """One logical line: a raw line, or a piece of it when it contained ``<br>``."""

    index: int
    line_no: int
    raw: str
    text: str
    indent: int
    position: int | None = None
    marker: Literal["number", "bullet", "none"] = "none"
    content: str = ""
    md_heading: bool = False
    whole_bold: bool = False
    note: str | None = None  # reason when the segment is empty after cleaning
    kind: str = ""
    sentence: float = 0.0
    has_replacement: bool = False


def _strip_markdown(text: str) -> tuple[str, bool, bool]:
    """Remove Markdown leftovers. Returns (text, was_heading, was_wholly_bold)."""
    heading = False
    match = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", text)
    if match:
        heading = True
        text = match.group(2)
    text = re.sub(r"^(?:\s*>)+\s?", "", text)
    stripped = text.strip()
    whole_bold = bool(
        re.fullmatch(r"(\*\*|__)(?!\s).+(?<!\s)\1[:：]?", stripped)
        and stripped.count("**") + stripped.count("__") == 2
    )
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<((?:https?|mailto|ftp):[^>\s]+)>", r"\1", text)
    text = re.sub(r"<([\w.+-]+@[\w-]+\.[\w.]+)>", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?![\s_])(.+?)(?<![\s_])_(?![\w])", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])", r"\1", text)
    return text, heading, whole_bold


def _is_table_row(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def _is_table_separator(text: str) -> bool:
    stripped = text.strip()
    return _is_table_row(stripped) and bool(re.fullmatch(r"\|(?:\s*:?-{2,}:?\s*\|)+", stripped))


def _clean_segment(fragment: str) -> tuple[str, bool, bool, bool]:
    """Clean HTML/Markdown from one fragment. Returns (text, heading, bold, was_list_item)."""
    li = bool(re.match(r"^\s*<li\b", fragment, re.IGNORECASE))
    heading_tag = bool(re.match(r"^\s*<h[1-6]\b", fragment, re.IGNORECASE))
    fragment = re.sub(r"<((?:https?|mailto|ftp):[^>\s]+)>", r"\1", fragment)
    fragment = _TAG_RE.sub(" ", fragment)
    fragment = html.unescape(fragment)
    fragment = fragment.translate({ord(c): " " for c in _NBSP})
    fragment = fragment.translate({ord(c): None for c in _INVISIBLE})
    fragment = fragment.replace("\t", " ")
    if _is_table_row(fragment):
        cells = [c.strip() for c in fragment.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
            return "", False, False, False
        fragment = ", ".join(c for c in cells if c)
    text, md_heading, whole_bold = _strip_markdown(fragment)
    text = re.sub(r"\s+", " ", text).strip()
    return text, md_heading or heading_tag, whole_bold, li


def _detect_marker(segment: _Segment) -> None:
    text = segment.text
    match = _NUMBER_MARKER.match(text)
    if match:
        digits = match.group("a") or match.group("b")
        rest = text[match.end() :]
        no_space = not match.group("space") and match.group("a") is None
        plausible = bool(rest) and not (no_space and (rest[0].islower() or rest[0].isdigit()))
        # "2024. Stand ..." or "350.org" are not list numbers
        if plausible and not (len(digits) == 4 and not match.group("space")):
            segment.marker = "number"
            segment.position = int(_ascii_digits(digits))
            segment.content = rest.strip()
            return
        if not rest and match.group("a") is None:
            segment.marker = "number"
            segment.position = int(_ascii_digits(digits))
            segment.content = ""
            return
    match = _BULLET_MARKER.match(text)
    if match and not _SEPARATOR_RE.match(text):
        segment.marker = "bullet"
        segment.content = text[match.end() :].strip()
        return
    segment.content = text


def _normalize_heading_text(text: str) -> str:
    text = text.strip().strip("*_#").strip()
    return re.sub(r"[\s:：.!]+$", "", text).strip()


_HEADING_PREFIX = re.compile(
    r"^(?:(?:the|our|current|full|complete|initial|first|updated|list\s+of(?:\s+the)?|"
    r"liste\s+der|liste\s+des|lista\s+de(?:\s+los)?|elenco\s+dei|список|perwsze)\s+)*",
    re.IGNORECASE,
)


# Letter closings after which the signatures follow.
_SALUTATION = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully|truly)|sincerely(?:\s+yours)?|(?:with\s+)?"
    r"(?:best|kind|warm)\s+regards|regards|in\s+solidarity|with\s+solidarity|"
    r"solidarity\s+greetings|respectfully(?:\s+yours)?|mit\s+(?:freundlichen|"
    r"solidarischen|kämpferischen)\s+grüßen|solidarische\s+grüße|hochachtungsvoll|"
    r"cordialement|salutations\s+(?:solidaires|fraternelles|distinguées)|bien\s+à\s+vous|"
    r"atentamente|saludos\s+(?:solidarios|fraternales|cordiales)|cordialmente|"
    r"distinti\s+saluti|saluti\s+solidali|atenciosamente|с\s+уважением|"
    r"с\s+солидарным\s+приветом|з\s+повагою)[\s,.:!]*$",
    re.IGNORECASE,
)


def _is_salutation(text: str) -> bool:
    return bool(_SALUTATION.match(_normalize_heading_text(text) + ","))


def _signatories_heading(text: str) -> tuple[bool, str]:
    """(is a signatories heading, content after a colon on the same line)."""
    if len(text) > 160:
        return False, ""
    if _is_salutation(text):
        return True, ""
    head, colon, after = text.partition(":")
    if not colon:
        head, colon, after = text.partition("：")
    candidate = _normalize_heading_text(head if colon else text)
    folded = _fold(candidate)
    folded = _HEADING_PREFIX.sub("", folded)
    if len(folded.split()) > 8:
        return False, ""
    for phrase in _SIGNATORY_HEADINGS:
        if folded.startswith(phrase):
            tail = folded[len(phrase) :]
            if not tail or not tail[0].isalpha():
                rest = tail.strip()
                # "signatories (as of ...)" / "signatories of the appeal" / "(23)"
                if len(rest.split()) <= 6 and not _SENTENCE_WORDS.intersection(rest.split()):
                    inline = after.strip() if colon else ""
                    return True, inline if _inline_is_list(inline) else ""
    # "The following organisations have signed:" -- a short line ending in a colon
    if colon and not after.strip() and len(folded.split()) <= 12 and _SIGN_WORD.search(folded):
        return True, ""
    return False, ""


_SIGN_WORD = re.compile(
    r"\bsign|unterzeichn|unterschr|\bfirm|подпис|підпис|sottoscri|assin|onderteken|imza|υπογρ",
    re.IGNORECASE,
)


def _inline_is_list(inline: str) -> bool:
    """Whether text after "Signatories:" on the same line is itself a list of names."""
    if not inline or inline[0].isdigit() or not (inline[0].isupper() or not inline[0].isalpha()):
        return False
    return _sentence_score(inline) < 1.5 and _DocumentParser._name_cue(inline) == 1


def _is_status_line(text: str) -> bool:
    if len(text.split()) > 30:
        return False
    if _STATUS_FURTHER.search(text):
        return True
    if not _STATUS_KEYWORDS.search(text):
        return False
    has_date = parse_status_date(text) is not None or _has_month_year(text)
    if has_date and len(text.split()) <= 12:
        return True
    return has_date and bool(_STATUS_SIGN_WORDS.search(text))


def _is_closing_line(text: str) -> bool:
    core = text.strip().strip("*_").strip()
    return len(core.split()) <= 12 and bool(_CLOSING_RE.match(core))


def _is_link_line(text: str) -> bool:
    return bool(_LINK_RE.match(text.strip()))


def _ends_with_abbreviation(text: str) -> bool:
    return bool(_ABBREVIATION_DOT.search(text.rstrip()))


def _sentence_score(text: str) -> float:
    """How much ``text`` reads as running text (higher = more sentence-like)."""
    core = text.strip().strip("*_\"'“”„«»").strip()
    if not core:
        return 0.0
    words = re.findall(r"[^\W\d_][\w'’\-]*", core)
    folded = [_fold(w) for w in words]
    score = 0.0
    hits = _SENTENCE_WORDS.intersection(folded)
    if len(hits) >= 2:
        score += 1.5
    elif len(hits) == 1:
        score += 0.7
    tail = core.rstrip(")]}»”\"' ")
    if tail.endswith(("!", "?", "！", "？")):
        score += 1.5
    elif tail.endswith(".") and not _ends_with_abbreviation(tail):
        score += 0.8 if len(words) >= 4 else 0.3
    elif tail.endswith((":", "：")):
        score += 1.0
    if len(words) > 40:
        score += 1.5
    elif len(words) > 25:
        score += 0.7
    if parse_status_date(core) is not None:
        score += 0.7
    if folded and folded[0] in _IMPERATIVE_FIRST:
        score += 0.7
    if len(core) > 300:
        score += 2.0
    if _has_org_word(core):
        score -= 0.5
    first = core.split()[0] if core.split() else ""
    if _abbreviation_shape(first) >= 0.8:
        score -= 0.5
    if _person_score(_split_top_level(core)[0]) >= 0.6:
        score -= 0.5
    return score


# --------------------------------------------------------------------------------------
# Person / organisation cues
# --------------------------------------------------------------------------------------


def _strip_titles(text: str) -> tuple[str, str]:
    """Split leading titles ("Prof. Dr.") from a name. Returns (titles, rest)."""
    tokens = text.split()
    taken = 0
    while taken < len(tokens) - 1:
        token = _fold(tokens[taken]).strip(",")
        if token in _TITLES or (
            re.fullmatch(r"(?:[a-zäöü]{1,5}\.){1,3}", token)
            and token in {t for t in _TITLES if t.endswith(".")}
        ):
            taken += 1
            continue
        break
    return " ".join(tokens[:taken]), " ".join(tokens[taken:])


def _is_name_token(token: str) -> bool:
    core = token.strip(",;")
    if not core:
        return False
    if re.fullmatch(r"(?:[^\W\d_]\.-?)+", core):  # initials: J. / J.-P.
        return core[0].isupper()
    if not core[0].isalpha():
        return False
    if not core[0].isupper():
        return False
    if any(ch.isdigit() for ch in core):
        return False
    letters = [c for c in core if c.isalpha()]
    # ALL CAPS -> abbreviation, not a name
    return not (len(letters) >= 2 and all(c.isupper() for c in letters))


# German (and Dutch, Scandinavian) names of groups are compounds ending in a noun for a
# group; a given name, which comes first in a personal name, never ends so.
_GERMAN_ORG_COMPOUND = re.compile(
    r"^\w{3,}(?:brücke|rat|verein|bündnis|bund|kreis|netzwerk|netz|hilfe|gruppe|"
    r"stiftung|initiative|komitee|kollektiv|gewerkschaft|partei|jugend|forum|zentrum|"
    r"werkstatt|verband|vereinigung|genossenschaft|front|koalition|plattform|beweging|"
    r"vereniging|förbund|forbund|förening|forening)$"
)


def _person_score(text: str) -> float:
    """0..1: how much ``text`` looks like a personal name (with optional titles)."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip()).strip()
    if not text or len(text) > 70:
        return 0.0
    if any(q in text for q in '"„“”«»') or any(ch.isdigit() for ch in text):
        return 0.0
    titles, rest = _strip_titles(text)
    if _has_org_word(rest):
        return 0.0
    tokens = rest.split()
    if not tokens:
        return 0.0
    script = _dominant_script(rest)
    if script in _CASELESS_SCRIPTS:
        if script == "CJK" and len(tokens) == 1:
            return 0.5 if 2 <= len(rest) <= 4 else 0.1
        return 0.45 if 2 <= len(tokens) <= 4 else 0.1
    core = [t for t in tokens if _fold(t) not in _NAME_PARTICLES]
    if tokens and _fold(tokens[0]) in _FOREIGN_WORDS | {"the", "a", "an"}:
        return 0.0
    if not core:
        return 0.0
    if _GERMAN_ORG_COMPOUND.search(_fold(core[0])):
        return 0.05  # "Seebrücke Hamburg", "Flüchtlingsrat Niedersachsen": no given name
    if not all(_is_name_token(t) for t in core):
        # allow one ALL-CAPS surname ("DUPONT Jean")
        caps = [t for t in core if not _is_name_token(t)]
        if not (len(caps) == 1 and len(core) >= 2 and caps[0].isalpha() and len(caps[0]) >= 3) or (
            _abbreviation_shape(core[0]) and len(core) == 2 and not titles
        ):
            return 0.05
    n = len(core)
    if n == 1:
        score = 0.25
    elif n <= 4:
        score = 0.6
    elif n == 5:
        score = 0.45
    else:
        score = 0.1
    english = sum(1 for t in core if _fold(t).strip(".,") in _ENGLISH_WORDS)
    if (english == len(core) or english >= 2) and not any(_fold(t) in _GIVEN_NAMES for t in core):
        score *= 0.5  # "Red Dawn", "Workers Voice"
    if len(core) >= 2 and match_country(core[-1], allow_fuzzy=False) is not None:
        score *= 0.3  # "Attac France", "Rote Hilfe Schweiz"
    if titles:
        score = min(1.0, score + 0.35)
    return score


# --------------------------------------------------------------------------------------
# Entry parsing
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Parsed:
    kind: Kind
    name: str
    abbreviation: str | None = None
    transliteration: str | None = None
    translation: str | None = None
    country: str | None = None
    affiliation: str | None = None
    role: str | None = None
    confidence: float = 1.0
    issues: list[str] = field(default_factory=list)

    def penalize(self, amount: float, issue: str | None) -> None:
        self.confidence -= amount
        if issue and issue not in self.issues:
            self.issues.append(issue)


@dataclass(slots=True)
class _Hint:
    kind: Kind | None = None
    country: str | None = None
    heading: str | None = None


def _strip_trailing_punctuation(text: str) -> str:
    text = text.strip()
    while text and text[-1] in ",;·|":
        text = text[:-1].rstrip()
    if text.endswith(".") and not _ends_with_abbreviation(text) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _take_trailing_country(text: str) -> tuple[str, CountryMatch | None, str | None]:
    """Split off a trailing country: ", Country", " - Country" or " (Country)".

    Returns (rest, match, how) where ``how`` is "comma", "dash" or "paren".
    """
    parts = _split_top_level(text, ",")
    if len(parts) >= 2:
        candidate = parts[-1].strip()
        match = match_country(candidate)
        if match is not None:
            rest = ",".join(parts[:-1]).rstrip()
            if rest:
                return rest, match, "comma"
    dash = re.match(r"^(.*\S)\s+[-–—]\s+([^()\-–—]+)$", text)
    if dash and _bracket_balance(dash.group(1)) == 0:
        match = match_country(dash.group(2), allow_fuzzy=False)
        if match is not None:
            return dash.group(1).rstrip(), match, "dash"
    _, spans = _trailing_groups(text)
    if spans:
        start, end = spans[-1]
        inner = text[start + 1 : end - 1]
        match = match_country(inner, allow_fuzzy=False)
        if match is not None and text[:start].strip():
            return text[:start].rstrip(), match, "paren"
    return text, None, None


def _take_leading_country(text: str) -> tuple[str, CountryMatch | None]:
    match = re.match(r"^([^:：]{2,40})[:：]\s+(\S.*)$", text)
    if match:
        country = match_country(match.group(1), allow_fuzzy=False)
        if country is not None:
            return match.group(2), country
    return text, None


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int


def _tokenize(text: str) -> list[_Token]:
    """Whitespace tokens, with a bracket group (and what is glued to it) kept whole."""
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        depth = 0
        while i < n and (depth > 0 or not text[i].isspace()):
            if text[i] in "([（":
                depth += 1
            elif text[i] in ")]）":
                depth = max(0, depth - 1)
            i += 1
        tokens.append(_Token(text[start:i], start, i))
    return tokens


@dataclass(slots=True)
class _AbbrChoice:
    abbreviation: str | None
    name: str
    score: float
    detail: float  # acronym score (or verbatim) for issues
    shaped: bool


def _abbreviation_candidates(text: str) -> list[_AbbrChoice]:
    tokens = _tokenize(text)
    choices = [_AbbrChoice(None, text.strip(), 0.5, 0.0, False)]
    if len(tokens) < 2:
        return choices
    rest_has_lower = any(c.islower() for c in text)
    for n in range(1, min(6, len(tokens) - 1) + 1):
        cand_tokens = tokens[:n]
        candidate = text[: cand_tokens[-1].end].strip()
        rest_index = n
        separated = False
        # "PCPE – Partido ...", "PTB-PVDA: Parti ...": an explicit separator after the abbreviation
        if tokens[n].text in {"-", "–", "—", ":", "|", "/"} and n + 1 < len(tokens):
            rest_index, separated = n + 1, True
        elif candidate.endswith((":", "：")) and len(candidate) > 1:
            candidate, separated = candidate[:-1].rstrip(), True
        rest = text[tokens[rest_index].start :].strip()
        first_rest = tokens[rest_index].text
        if first_rest[0] in "([{,;/&-–—" or len(candidate) > 40:
            continue
        if any(q in candidate for q in '"„“”«»,;:'):
            continue
        last_token = cand_tokens[-1].text
        if last_token.islower() and _fold(last_token) in _ACRONYM_STOPWORDS | _FOREIGN_WORDS:
            continue
        plain = [t for t in cand_tokens if not t.text.startswith(("(", "["))]
        shapes = [_abbreviation_shape(t.text) for t in plain]
        shaped = bool(plain) and all(s >= 0.8 for s in shapes) and rest_has_lower
        acr = acronym_score(candidate, rest)
        cand_words = _normalized_words(candidate)
        rest_words = _normalized_words(rest)
        verbatim = (
            sum(len(w) for w in cand_words) >= 4
            and len(rest_words) > len(cand_words)
            and _contains_sequence(rest_words, cand_words)
        )
        if shaped:
            score = 0.2 if acr == 0.0 and len(rest_words) < 3 else 0.6 + 0.4 * acr
            if n > 1 and not all(t.text.startswith(("(", "[")) for t in cand_tokens[1:]):
                score -= 0.15 * (n - 1)
        elif acr >= 0.85 and len(rest_words) >= 2 and n >= 2:
            score = 0.9 * acr
        elif (
            n == 1
            and acr >= 0.9
            and len(rest_words) >= 2
            and _dominant_script(candidate) in _CASELESS_SCRIPTS
            and len(candidate) <= 6
        ):
            score = 0.8  # abbreviations in scripts without capitals
        elif verbatim and not _abbreviation_shape(rest.split()[0]):
            score = 0.85 + 0.03 * min(len(cand_words), 4)
        else:
            continue
        if separated:
            score += 0.1
        choices.append(
            _AbbrChoice(candidate, rest, score, max(acr, 0.9 if verbatim else 0), shaped)
        )
    return choices


_URL_TAIL = re.compile(
    r"\s*(?:[-–—|:]\s*|\(\s*)?(?:https?://|www\.)[^\s()]+\s*\)?\s*$", re.IGNORECASE
)
_DASH_ABBREVIATION_TAIL = re.compile(r"^(.*\S)\s+[-–—]\s+(\S+)$")


def _take_trailing_url(text: str) -> tuple[str, str | None]:
    match = _URL_TAIL.search(text)
    if match and text[: match.start()].strip():
        return text[: match.start()].rstrip(), match.group(0).strip(" -–—|:()")
    return text, None


@dataclass(slots=True)
class _Extras:
    score: float
    transliteration: str | None = None
    translation: str | None = None
    abbreviation: str | None = None
    issues: list[str] = field(default_factory=list)


# Bracketed tendency markers that belong to a party's name rather than abbreviate it.
_TENDENCY_MARKERS = frozenset({"ML", "MLM", "M-L", "M-L-M", "MLPP", "M.L.", "M-L-M."})


def _is_trailing_abbreviation(extra: str, name: str) -> bool:
    """ "(PCR)" after "Partido Comunista Revolucionario": the name's abbreviation."""
    if len(extra.split()) != 1 or _abbreviation_shape(extra) < 1.0:
        return False
    letters = sum(1 for c in extra if c.isalpha())
    threshold = 0.6 if letters >= 3 else 0.8
    return acronym_score(extra, name) >= threshold


def _latin_after_other_script(name: str, extra: str) -> _Extras:
    """One Latin bracket after a non-Latin name: transliteration or translation?"""
    similarity = _transliteration_similarity(name, extra)
    share = _english_share(extra)
    if share >= 0.75 and similarity < 95:
        issues = []
        if similarity >= 80:
            issues.append(f"guessed that '({extra})' is a translation, not a transliteration")
        return _Extras(1.0, translation=extra, issues=issues)
    if similarity >= 65:
        issues = []
        if similarity < 75 or share >= 0.5:
            issues.append(f"guessed that '({extra})' is a transliteration, not a translation")
        return _Extras(1.0, transliteration=extra, issues=issues)
    issues = []
    if share < 0.5:
        issues.append(f"guessed that '({extra})' is a translation, not a transliteration")
    return _Extras(1.0, translation=extra, issues=issues)


def _classify_extras(name: str, extras: list[str], has_abbreviation: bool) -> _Extras:
    """Score reading ``extras`` (trailing bracket contents) as transliteration/translation.

    A bracket can also be the name's own abbreviation ("... (PCR)", "... (ФАС)") when the
    line has no leading abbreviation.
    """
    if not extras:
        return _Extras(0.0)
    abbreviation: str | None = None
    bonus = 0.0
    issues: list[str] = []
    if not has_abbreviation:
        for index in (0, len(extras) - 1):
            if _is_trailing_abbreviation(extras[index], name):
                abbreviation = extras[index]
                extras = extras[:index] + extras[index + 1 :]
                bonus = 0.6
                break
        else:
            last = extras[-1]
            letters = [c for c in last if c.isalpha()]
            if (
                len(last.split()) == 1
                and _abbreviation_shape(last) >= 1.0
                and len(letters) >= 3
                and last.upper() not in _TENDENCY_MARKERS
                and any(c.islower() for c in name)
            ):
                # "Dockers' Union of Piraeus (ENEDEP)": an abbreviation of the original name
                abbreviation = last
                extras = extras[:-1]
                bonus = 0.3
                issues.append(
                    f"guessed that '({last})' is the abbreviation (it does not match the "
                    "initials of the name)"
                )
    if not extras:
        return _Extras(bonus, abbreviation=abbreviation, issues=issues)
    result = _classify_renderings(name, extras)
    result.score += bonus
    result.abbreviation = abbreviation
    result.issues = issues + result.issues
    return result


def _classify_renderings(name: str, extras: list[str]) -> _Extras:
    name_script = _dominant_script(name)
    mixed = _is_mixed_script(name)
    non_latin_name = name_script not in {"LATIN", "NONE"} and not mixed
    if len(extras) == 1:
        extra = extras[0]
        extra_script = _dominant_script(extra)
        if extra_script == "NONE":
            return _Extras(-1.0)
        if non_latin_name and extra_script == "LATIN":
            return _latin_after_other_script(name, extra)
        if extra_script != "LATIN" or name_script != "LATIN":
            return _Extras(-0.6)
        words_extra = len(_words(extra))
        words_name = len(_words(name))
        similarity = fuzz.ratio(_fold(extra), _fold(name))
        if similarity >= 90 and words_extra >= 2:
            return _Extras(0.8, translation=extra)
        english_extra = _english_score(extra)
        english_name = _english_score(name)
        if english_extra >= 0.6 and english_name <= 0.5:
            if words_extra >= 2:
                return _Extras(0.4 + 0.5 * (english_extra - english_name), translation=extra)
            if words_name == 1:
                return _Extras(
                    0.3,
                    translation=extra,
                    issues=[f"guessed that '({extra})' is a translation of the name"],
                )
        return _Extras(-0.6)
    if len(extras) == 2:
        first, second = extras
        if (
            non_latin_name
            and _dominant_script(first) == "LATIN"
            and _dominant_script(second) == "LATIN"
        ):
            sim_first = _transliteration_similarity(name, first)
            sim_second = _transliteration_similarity(name, second)
            if sim_second > sim_first + 10 and _english_share(first) > _english_share(second):
                return _Extras(
                    1.3,
                    transliteration=second,
                    translation=first,
                    issues=["translation and transliteration appear in unusual order"],
                )
            issues = []
            if sim_first < 60:
                issues.append(f"guessed that '({first})' is a transliteration")
            return _Extras(1.5, transliteration=first, translation=second, issues=issues)
        return _Extras(-1.0)
    return _Extras(-2.0)


def _parse_organization(content: str, hint: _Hint) -> _Parsed:
    parsed = _Parsed(kind="organization", name=content)
    text, url = _take_trailing_url(content)
    if url:
        parsed.penalize(0.05, f"link left out of the name: {url}")
    text, leading_country = _take_leading_country(text)
    text, country, how = _take_trailing_country(text)
    if country is None and leading_country is not None:
        country, how = leading_country, "leading"
    tail_abbreviation: str | None = None
    dash_tail = _DASH_ABBREVIATION_TAIL.match(text)
    if dash_tail and _is_trailing_abbreviation(dash_tail.group(2), dash_tail.group(1)):
        text, tail_abbreviation = dash_tail.group(1), dash_tail.group(2)  # "Name – ABBR"
    _, spans = _trailing_groups(text)
    best: tuple[float, _AbbrChoice, _Extras, int] | None = None
    for t in range(0, min(len(spans), 2) + 1):
        cut = spans[len(spans) - t][0] if t else len(text)
        name_part = text[:cut].strip()
        extras = [text[s + 1 : e - 1].strip() for s, e in spans[len(spans) - t :]] if t else []
        if not name_part:
            continue
        for choice in _abbreviation_candidates(name_part):
            info = _classify_extras(choice.name, extras, choice.abbreviation is not None)
            total = choice.score + info.score - 0.01 * t
            if best is None or total > best[0] + 1e-9:
                best = (total, choice, info, t)
    if best is None:
        parsed.name = text
    else:
        _, choice, info, _ = best
        parsed.name = choice.name
        parsed.abbreviation = choice.abbreviation or info.abbreviation or tail_abbreviation
        parsed.transliteration = info.transliteration
        parsed.translation = info.translation
        for issue in info.issues:
            parsed.penalize(0.2, issue)
        if choice.abbreviation is not None:
            if choice.score < 0.7:
                parsed.penalize(
                    0.25,
                    f"abbreviation split uncertain: '{choice.abbreviation}' does not match "
                    "the initials of the name",
                )
            elif choice.shaped and choice.detail < 0.5:
                parsed.penalize(
                    0.1, f"'{choice.abbreviation}' only partly matches the initials of the name"
                )
        else:
            first = parsed.name.split()[0] if parsed.name.split() else ""
            if _abbreviation_shape(first) >= 0.8 and len(parsed.name.split()) >= 3:
                parsed.penalize(
                    0.25,
                    f"'{first}' looks like an abbreviation but could not be matched to the name",
                )
    if country is not None:
        parsed.country = country.text
        if country.guessed and country.note:
            parsed.penalize(0.2, country.note)
        if how == "dash":
            parsed.penalize(0.1, f"country '{country.text}' taken from after a dash")
        elif how == "leading":
            parsed.penalize(0.05, None)
    elif hint.country:
        parsed.country = hint.country
        parsed.penalize(0.15, f"country '{hint.country}' taken from the group heading")
    parsed.name = parsed.name.strip().rstrip(",;:").rstrip()
    if _bracket_balance(parsed.name) != 0:
        parsed.penalize(0.3, "unbalanced brackets in the name")
    if not any(ch.isalnum() for ch in re.sub(r"\([^()]*\)", "", parsed.name)):
        parsed.penalize(0.5, "no name outside brackets: check this line")
    return parsed


_TWO_PEOPLE = re.compile(r"\s+(?:and|&|und|et|y|e|и|і|та|ve|och|og|en|oraz|i|a)\s+|\s*&\s*")


def _segment_cues(segment: str) -> tuple[bool, bool]:
    """(has role words, has institution/organisation words) for a segment after a name."""
    role = _has_role_word(segment)
    institution = _has_institution_word(segment) or _has_org_word(segment)
    words = segment.split()
    if (
        role
        and not institution
        and len(words) >= 3
        and words[0][:1].isupper()
        and words[0].endswith("s")
        and _has_role_word(words[0])
        and words[-1][:1].isupper()
    ):
        # "Médecins du Monde", "Lawyers for Human Rights": plural profession + title case
        return False, True
    return role, institution


def _segment_class(segment: str) -> str:
    role, institution = _segment_cues(segment)
    if role and not institution:
        return "role"
    if institution:
        return "affiliation"
    return "other"


def _classify_segments(segments: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Sort the segments after an individual's name into (roles, affiliations, name-suffixes)."""
    roles: list[str] = []
    affiliations: list[str] = []
    suffixes: list[str] = []
    pieces: list[str] = []
    for raw in segments:
        segment = raw.strip()
        _, spans = _trailing_groups(segment)
        head = segment[: spans[0][0]].strip() if spans else ""
        inners = [segment[a + 1 : b - 1].strip() for a, b in spans]
        # "Universität Bremen (in persönlicher Eigenschaft)": split only when the bracket is
        # of another class than what precedes it.
        if head and any(_segment_class(i) != _segment_class(head) for i in inners):
            pieces.append(head)
            pieces.extend(inners)
        else:
            pieces.append(segment)
    for segment in pieces:
        if not segment:
            continue
        if _POSTNOMINALS.match(segment):
            suffixes.append(segment)
            continue
        role, institution = _segment_cues(segment)
        if role and institution:
            split = re.split(r"\s+(?:at|@|bei|an\s+der|am|à|a\s+la|en|en\s+la|presso|в|у)\s+",
                             segment, maxsplit=1)  # fmt: skip
            if (
                len(split) == 2
                and (_has_institution_word(split[1]) or _has_org_word(split[1]))
                and _has_role_word(split[0])
            ):
                roles.append(split[0].strip())
                affiliations.append(split[1].strip())
                continue
            starts_with_role = _has_role_word(" ".join(segment.split()[:2]))
            (roles if starts_with_role else affiliations).append(segment)
        elif role:
            roles.append(segment)
        elif institution:
            affiliations.append(segment)
        elif segment[:1].islower() and not affiliations and len(segment.split()) <= 4:
            roles.append(segment)
        else:
            affiliations.append(segment)
    return roles, affiliations, suffixes


def _parse_individual(content: str, hint: _Hint) -> list[_Parsed]:
    text, url = _take_trailing_url(content)
    text, country, how = _take_trailing_country(text)
    segments = _split_top_level(text, ",;")
    first = segments[0].strip()
    rest = [s.strip() for s in segments[1:]]
    # "Name – Role, ..." with a dash after the name
    dash = re.match(r"^(.+?)\s+[-–—]\s+(.+)$", first)
    if dash and _person_score(dash.group(1)) >= 0.6:
        first, rest = dash.group(1).strip(), [dash.group(2).strip(), *rest]
    name = first
    bracket_parts: list[str] = []
    _, spans = _trailing_groups(first)
    transliteration: str | None = None
    if spans:
        name = first[: spans[0][0]].strip()
        for start, end in spans:
            inner = first[start + 1 : end - 1].strip()
            if (
                _dominant_script(name) not in {"LATIN", "NONE"}
                and _dominant_script(inner) == "LATIN"
                and _transliteration_similarity(name, inner) >= 70
                and transliteration is None
            ):
                transliteration = inner
                continue
            inner_country = match_country(inner, allow_fuzzy=False)
            if inner_country is not None and country is None:
                country = inner_country
                continue
            inner_parts = _split_top_level(inner, ",;")
            if len(inner_parts) >= 2 and country is None:
                tail_country = match_country(inner_parts[-1].strip(), allow_fuzzy=False)
                if tail_country is not None:
                    country = tail_country
                    inner_parts = inner_parts[:-1]
            bracket_parts.extend(p.strip() for p in inner_parts)
    roles, affiliations, suffixes = _classify_segments(bracket_parts + rest)
    if suffixes:
        name = ", ".join([name, *suffixes])
    base = _Parsed(
        kind="individual",
        name=name,
        transliteration=transliteration,
        country=country.text if country else None,
        role=", ".join(roles) or None,
        affiliation=", ".join(affiliations) or None,
    )
    if url:
        base.penalize(0.05, f"link left out of the entry: {url}")
    if country is not None and country.guessed and country.note:
        base.penalize(0.2, country.note)
    if country is not None and how == "dash":
        base.penalize(0.1, f"country '{country.text}' taken from after a dash")
    if country is None and hint.country:
        base.country = hint.country
        base.penalize(0.15, f"country '{hint.country}' taken from the group heading")
    # two people on one line
    pieces = _TWO_PEOPLE.split(name)
    if len(pieces) == 2:
        left, right = pieces[0].strip(), pieces[1].strip()
        if _person_score(left) >= 0.6 and _person_score(right) >= 0.6:
            if len(left.split()) >= 2 and len(right.split()) >= 2:
                out: list[_Parsed] = []
                for person in (left, right):
                    clone = _Parsed(
                        kind="individual",
                        name=person,
                        country=base.country,
                        role=base.role,
                        affiliation=base.affiliation,
                        confidence=base.confidence,
                        issues=list(base.issues),
                    )
                    clone.penalize(0.1, "the line names two people; it was split into two entries")
                    out.append(clone)
                return out
        elif _person_score(right) >= 0.6 and len(left.split()) == 1 and left[:1].isupper():
            base.penalize(0.25, "the name may refer to two people (e.g. 'Jane and John Doe')")
    return [base]


def _first_segment(content: str) -> str:
    text, _, _ = _take_trailing_country(content)
    first = _split_top_level(text, ",;")[0].strip()
    dash = re.match(r"^(.+?)\s+[-–—]\s+(.+)$", first)
    if dash and _person_score(dash.group(1)) >= 0.6:
        first = dash.group(1)
    return first


def _has_given_name(name: str) -> bool:
    _, rest = _strip_titles(name)
    tokens = [t.strip(".,") for t in rest.split()]
    return any(_fold(t) in _GIVEN_NAMES for t in tokens[:2]) or any(
        _fold(p) in _GIVEN_NAMES for p in (tokens[0].split("-") if tokens else [])
    )


def _kind_scores(content: str) -> tuple[float, float]:
    """(organisation cues, personal-name score) for an entry's content."""
    first = _first_segment(content)
    name_only = re.sub(r"\s*\([^()]*\)\s*$", "", first).strip()
    person = _person_score(first)
    pair = _TWO_PEOPLE.split(name_only)
    if len(pair) == 2 and all(len(p.split()) >= 2 for p in pair):
        person = max(person, min(_person_score(p) for p in pair))
    given = person >= 0.4 and _has_given_name(name_only)
    if given:
        person = min(1.0, person + 0.25)
    org = 0.0
    if _has_org_word(name_only):
        org += 2.0
    tokens = _strip_titles(name_only)[1].split()
    if tokens and _abbreviation_shape(tokens[0]) >= 0.8:
        org += 1.5 if len(tokens) >= 2 else 1.0
    if any(q in first for q in '"„“”«»'):
        org += 1.0
    if any(ch.isdigit() for ch in first):
        org += 0.5
    if len(tokens) == 1 and person < 0.6:
        org += 1.0
    if len(tokens) > 5:
        org += 1.0
    _, spans = _trailing_groups(first)
    if spans and not given:
        inner = first[spans[-1][0] + 1 : spans[-1][1] - 1]
        if (
            _english_score(inner) >= 0.7
            and _english_score(name_only) <= 0.5
            and not _has_institution_word(inner)
        ):
            # an English rendering of the name: organisations have those, people rarely
            org += 2.0 if _has_org_word(inner) else 1.0
    rest = content[len(first) :]
    if person >= 0.4 and (
        _has_role_word(rest) or re.search(r"\(.*(?:personal|persönlich).*\)", content, re.I)
    ):
        person = min(1.0, person + 0.2)
    return org, person


def _parse_entry(
    content: str, hint: _Hint, force: Kind | None = None
) -> tuple[list[_Parsed], bool]:
    """Parse one entry's content. Returns (parsed entries, kind was uncertain)."""
    content = _strip_trailing_punctuation(content)
    org, person = _kind_scores(content)
    # a group heading ("Individuals:") tips the balance unless the line itself is clear
    if hint.kind == "individual" and org < 1.5:
        person, org = min(1.0, person + 0.25), org - 1.0
    elif hint.kind == "organization" and person < 0.75:
        org += 1.5
    individual = person >= 0.6 and org < 1.5
    uncertain = (org > 0 or person < 0.7) if individual else (org < 1.0 and person >= 0.3)
    if force is not None:
        individual = force == "individual"
    if individual:
        return _parse_individual(content, hint), uncertain
    return [_parse_organization(content, hint)], uncertain


# --------------------------------------------------------------------------------------
# Document level
# --------------------------------------------------------------------------------------


def _split_segments(text: str) -> list[_Segment]:
    segments: list[_Segment] = []
    in_comment = False
    for line_no, raw_line in enumerate(text.splitlines(), start=1):
        raw = raw_line.strip()
        if not raw:
            continue
        expanded = raw_line.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        work = raw_line
        comment_only = False
        pieces: list[str] = []
        while True:
            if in_comment:
                end = work.find("-->")
                if end < 0:
                    work = ""
                    break
                work = work[end + 3 :]
                in_comment = False
            start = work.find("<!--")
            if start < 0:
                pieces.append(work)
                break
            pieces.append(work[:start])
            work = work[start + 4 :]
            in_comment = True
        joined = " ".join(pieces)
        if not joined.strip():
            comment_only = True
        if _is_table_separator(joined) and segments and _is_table_row(segments[-1].raw):
            header = segments[-1]
            if header.line_no == line_no - 1:
                header.note = "table header"
        fragments = _BREAK_RE.split(joined) if not comment_only else []
        produced = False
        for fragment in fragments:
            cleaned, md_heading, whole_bold, li = _clean_segment(fragment)
            if not cleaned:
                continue
            segment = _Segment(
                index=len(segments),
                line_no=line_no,
                raw=raw,
                text=cleaned,
                indent=indent,
                md_heading=md_heading,
                whole_bold=whole_bold,
                has_replacement="\ufffd" in raw,
            )
            _detect_marker(segment)
            if li and segment.marker == "none":
                segment.marker = "bullet"
            segments.append(segment)
            produced = True
        if not produced:
            segments.append(
                _Segment(
                    index=len(segments),
                    line_no=line_no,
                    raw=raw,
                    text="",
                    indent=indent,
                    note="HTML comment"
                    if comment_only
                    else "markup only (nothing left after removing HTML/Markdown)",
                    has_replacement="\ufffd" in raw,
                )
            )
    _detect_bare_numbering(segments)
    return segments


def _detect_bare_numbering(segments: list[_Segment]) -> None:
    """Lines like "1 ORC ..." (number without punctuation) count as numbered only in runs."""
    candidates: list[tuple[int, int]] = []
    for i, segment in enumerate(segments):
        if segment.marker != "none" or not segment.text:
            continue
        match = re.match(r"^(\d{1,3})\s+(?=\S)", segment.text)
        if match:
            candidates.append((i, int(_ascii_digits(match.group(1)))))
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if len(run) >= 3:
            for i, number in run:
                segments[i].marker = "number"
                segments[i].position = number
                segments[i].content = re.sub(r"^\d{1,3}\s+", "", segments[i].text)

    for item in candidates:
        if run and item[1] == run[-1][1] + 1:
            run.append(item)
        else:
            flush()
            run = [item]
    flush()


def _heading_reason(segment: _Segment) -> str:
    if _is_salutation(segment.content):
        return "letter closing formula (the signatures follow)"
    return "signatories heading"


def _group_heading(segment: _Segment, in_list: bool) -> _Hint | None:
    """If the segment is a group heading inside a list, the hint it gives."""
    text = segment.content if segment.marker == "none" else ""
    if not text or segment.marker != "none":
        return None
    core = _normalize_heading_text(text)
    if not core:
        return None
    words = core.split()
    ends_colon = text.rstrip().rstrip("*_").rstrip().endswith((":", "："))
    folded = _fold(core)
    hint = _Hint(heading=text)
    country_text = re.sub(
        r"^(?:from|aus|de|d'|du|des|del|de la|из|з|із|desde|da|dall'|dalla|dalle|uit)\s+",
        "",
        core,
        flags=re.IGNORECASE,
    )
    country = match_country(country_text, allow_fuzzy=False)
    if country is not None:
        hint.country = country.text
    if _KIND_HINT_ORG.search(core):
        hint.kind = "organization"
    elif _KIND_HINT_PERSON.search(core):
        hint.kind = "individual"
    vocabulary = all(
        w.strip("()/,&-") in _GROUP_WORDS or w in {"and", "und", "et", "y", "&", "/"}
        for w in folded.split()
    ) or bool(_GROUP_PHRASES.match(folded))
    if country is not None and len(words) <= 6:
        return hint
    if vocabulary and len(words) <= 6:
        return hint
    if not in_list:
        return None
    if ends_colon and len(words) <= 8 and not _has_stem(core, _SENTENCE_WORDS):
        return hint
    if segment.md_heading and len(words) <= 10:
        return hint
    return None


@dataclass(slots=True)
class _Record:
    """One parsed list item, before kinds are settled list-wide."""

    content: str
    hint: _Hint
    source: str
    position: int | None
    line_number: int
    issues: list[str]
    parsed: list[_Parsed]
    uncertain: bool
    penalty: float = 0.0


class _DocumentParser:
    def __init__(self, text: str) -> None:
        self.text = text.removeprefix("\ufeff")
        self.segments = _split_segments(self.text)
        self.entries: list[Entry] = []
        self.records: list[_Record] = []
        self.skipped: list[SkippedLine] = []
        self.status_line: str | None = None
        self.status_date: dt.date | None = None
        self.status_index: int | None = None

    # ---- classification -------------------------------------------------------------

    def _classify(self) -> None:
        for segment in self.segments:
            if segment.note is not None:
                segment.kind = "markup"
                continue
            text = segment.text
            if _SEPARATOR_RE.match(text):
                segment.kind = "separator"
            elif segment.marker == "number" and not segment.content:
                segment.kind = "number-only"
            elif not any(ch.isalnum() for ch in segment.content):
                segment.kind = "markup"
                segment.note = "no name on this line (only punctuation or symbols)"
            elif _is_status_line(segment.content or text):
                segment.kind = "status"
            elif _signatories_heading(segment.content if segment.marker == "none" else "")[0]:
                segment.kind = "heading"
            elif _is_closing_line(segment.content):
                segment.kind = "closing"
            elif _is_link_line(segment.content):
                segment.kind = "link"
            else:
                segment.kind = "item"
                segment.sentence = _sentence_score(segment.content)
        for segment in self.segments:
            if segment.kind == "status":
                self.status_line = segment.raw
                self.status_date = parse_status_date(segment.text)
                self.status_index = segment.index
                break
        if self.status_line is None:
            # "Firmantes (al 12 de marzo de 2024):": a dated heading is the status line.
            for segment in self.segments:
                if segment.kind == "heading" and parse_status_date(segment.text) is not None:
                    self.status_line = segment.raw
                    self.status_date = parse_status_date(segment.text)
                    break

    def _entry_like(self, segment: _Segment) -> bool:
        return segment.kind == "item" and segment.sentence < 1.5 and len(segment.content) <= 400

    def _find_anchor(self) -> int | None:
        """Index of the heading/status segment after which the list starts.

        A heading or status line counts when the first real line after it is name-like. Of
        several such anchors the first is taken, unless body text (sentences) lies between it
        and a later one: "Stand: ..." above the title, "Signatories:" below the body.
        """
        valid: list[int] = []
        for segment in self.segments:
            if segment.kind not in {"heading", "status"}:
                continue
            if segment.kind == "heading" and _signatories_heading(segment.content)[1]:
                valid.append(segment.index)
                continue
            for follower in self.segments[segment.index + 1 :]:
                if follower.kind in {"markup", "separator", "heading", "status", "link"}:
                    continue
                if follower.kind == "item" and _group_heading(follower, in_list=True):
                    continue
                if self._entry_like(follower) or follower.kind == "number-only":
                    valid.append(segment.index)
                break
        if not valid:
            return None
        chosen = valid[0]
        for later in valid[1:]:
            between = self.segments[chosen + 1 : later]
            if any(s.kind == "item" and not self._entry_like(s) for s in between):
                chosen = later
        return chosen

    def _find_run(self) -> tuple[int, int] | None:
        """The best run of entry-like segments when there is no anchor: (start, end)."""
        runs: list[tuple[int, int, int, int]] = []  # start, end, count, cues
        start: int | None = None
        count = cues = marked = 0
        last = -1
        for segment in self.segments:
            if segment.kind in {"markup", "separator", "link", "closing", "status"}:
                continue
            if segment.kind == "item" and _group_heading(segment, in_list=False):
                continue
            if self._entry_like(segment) or segment.kind == "number-only":
                if start is None:
                    start, count, cues, marked = segment.index, 0, 0, 0
                if segment.kind == "item":
                    count += 1
                    marked += segment.marker != "none"
                    cues += self._name_cue(segment.content)
                last = segment.index
            else:
                if start is not None:
                    runs.append((start, last, count, cues))
                start = None
        if start is not None:
            runs.append((start, last, count, cues))
        sentences = sum(1 for s in self.segments if s.kind == "item" and not self._entry_like(s))
        best: tuple[int, int, int, int] | None = None
        for run in runs:
            _, _, count, cues = run
            qualifies = count >= 3 or (count >= 1 and sentences == 0)
            if not qualifies or cues < count / 2:
                continue
            if best is None or count >= best[2]:
                best = run
        return (best[0], best[1]) if best else None

    @staticmethod
    def _name_cue(content: str) -> int:
        first = _split_top_level(content, ",;")[0]
        tokens = first.split()
        if not tokens:
            return 0
        if _has_org_word(first) or _abbreviation_shape(tokens[0]) >= 0.8:
            return 1
        if _person_score(first) >= 0.6:
            return 1
        if _take_trailing_country(content)[1] is not None:
            return 1
        if len(tokens) <= 6 and all(t[:1].isupper() or not t[:1].isalpha() for t in tokens):
            return 1
        return 0

    # ---- output helpers ---------------------------------------------------------------

    def _skip(self, segment: _Segment, reason: str) -> None:
        if segment.has_replacement:
            reason += " (the line contains undecodable bytes, shown as \ufffd)"
        self.skipped.append(SkippedLine(segment.raw, reason, segment.line_no))

    def _outside_reason(self, segment: _Segment, before: bool, list_found: bool) -> str:
        if segment.kind == "markup":
            return segment.note or "markup only"
        if segment.kind == "status":
            return "status line" if segment.index == self.status_index else "another status line"
        if segment.kind == "heading":
            return _heading_reason(segment)
        if segment.kind == "separator":
            return "separator"
        if not list_found:
            if segment.kind == "item" and segment.marker != "none" and segment.sentence >= 1.5:
                return "not a signatory: numbered or bulleted sentence (body text), no list found"
            return "not part of a signatory list (no list found in the text)"
        return "text before the list" if before else "text after the list"

    # ---- main -------------------------------------------------------------------------

    def run(self) -> ParseResult:
        self._classify()
        anchor = self._find_anchor()
        if anchor is not None:
            start, end = anchor + 1, len(self.segments) - 1
        else:
            found = self._find_run()
            start, end = found if found else (len(self.segments), -1)
        list_found = start <= end or anchor is not None
        for segment in self.segments[: max(0, min(start, len(self.segments)))]:
            if segment.index == anchor:
                self._handle_anchor(segment)
            else:
                self._skip(segment, self._outside_reason(segment, True, list_found))
        self._process_list(start, end)
        for segment in self.segments[end + 1 :] if end >= start else []:
            self._skip(segment, self._outside_reason(segment, False, list_found))
        self._finalize()
        self.skipped.sort(key=lambda s: s.line_number)
        return ParseResult(self.status_line, self.status_date, self.entries, self.skipped)

    def _handle_anchor(self, segment: _Segment) -> None:
        if segment.kind == "heading":
            _, inline = _signatories_heading(segment.content)
            if inline:
                pieces = [p.strip() for p in _split_top_level(inline, ";") if p.strip()]
                if len(pieces) == 1:
                    pieces = [p.strip() for p in _split_top_level(inline, ",") if p.strip()]
                    if not (len(pieces) >= 3 and all(len(p.split()) <= 8 for p in pieces)):
                        pieces = [inline]
                for piece in pieces:
                    extra = (
                        "split from a line listing several signatories" if len(pieces) > 1 else None
                    )
                    self._emit(segment, [segment], piece, _Hint(), extra_issue=extra)
                return
            self._skip(segment, _heading_reason(segment))
        else:
            self._skip(segment, self._outside_reason(segment, True, True))

    def _process_list(self, start: int, end: int) -> None:
        hint = _Hint()
        items = [s for s in self.segments[start : end + 1]]
        marked = sum(1 for s in items if s.kind == "item" and s.marker != "none")
        total = sum(1 for s in items if s.kind == "item")
        mostly_marked = total > 0 and marked / total >= 0.6
        block_mode = self._block_mode(items)
        i = 0
        seen_entry = False
        while i < len(items):
            segment = items[i]
            kind = segment.kind
            if kind == "markup":
                self._skip(segment, segment.note or "markup only")
            elif kind == "separator":
                self._skip(segment, "separator")
            elif kind == "status":
                self._skip(
                    segment,
                    "status line" if segment.index == self.status_index else "another status line",
                )
            elif kind == "heading":
                self._skip(segment, _heading_reason(segment))
                if _KIND_HINT_ORG.search(segment.content):
                    hint = _Hint(kind="organization", heading=segment.content)
                elif _KIND_HINT_PERSON.search(segment.content):
                    hint = _Hint(kind="individual", heading=segment.content)
                _, inline = _signatories_heading(segment.content)
                if inline:
                    self._emit(segment, [segment], inline, hint)
            elif kind == "closing":
                self._skip(segment, "closing line (further signatories not listed)")
            elif kind == "link":
                self._skip(segment, "link, not a signatory")
            elif kind == "number-only":
                following = items[i + 1] if i + 1 < len(items) else None
                if (
                    following is not None
                    and following.kind == "item"
                    and following.marker == "none"
                ):
                    self._emit(following, [segment, following], following.content, hint,
                               position=segment.position)  # fmt: skip
                    seen_entry = True
                    i += 2
                    continue
                self._skip(segment, "number without a name")
            else:
                group = _group_heading(segment, in_list=True)
                if group is not None:
                    hint = group
                    self._skip(segment, "group heading")
                elif not self._entry_like(segment) and not self._short_exclamation(segment):
                    self._skip(
                        segment,
                        "sentence, not a signatory" if seen_entry or i < len(items) - 1 else
                        "text after the list",
                    )  # fmt: skip
                elif (
                    mostly_marked
                    and segment.marker == "none"
                    and self._looks_like_subheading(items, i)
                ):
                    self._skip(segment, "group heading (unnumbered line among numbered entries)")
                else:
                    consumed, content = self._collect_continuations(items, i, block_mode)
                    parts = [segment, *consumed]
                    issue = f"joined {len(parts)} lines into one entry" if consumed else None
                    self._emit(segment, parts, content, hint, extra_issue=issue)
                    seen_entry = True
                    i += 1 + len(consumed)
                    continue
            i += 1
        self._relabel_trailing_sentences()

    def _relabel_trailing_sentences(self) -> None:
        if not self.records:
            return
        last_line = max(r.line_number for r in self.records)
        for skipped in self.skipped:
            if skipped.line_number > last_line and skipped.reason == "sentence, not a signatory":
                skipped.reason = "text after the list"

    @staticmethod
    def _short_exclamation(segment: _Segment) -> bool:
        """Inside a list, "Ende Gelände!" is a name, not a slogan."""
        words = [_fold(w) for w in _words(segment.content)]
        return (
            0 < len(words) <= 4
            and not _SENTENCE_WORDS.intersection(words)
            and words[0] not in _IMPERATIVE_FIRST
            and not segment.content.rstrip().endswith((":", "?"))
        )

    def _looks_like_subheading(self, items: list[_Segment], i: int) -> bool:
        segment = items[i]
        following = next((s for s in items[i + 1 :] if s.kind == "item"), None)
        if following is None or following.marker == "none":
            return False
        words = segment.content.split()
        if len(words) > 5 or "," in segment.content or "(" in segment.content:
            return False
        return _abbreviation_shape(words[0]) < 0.8 and _person_score(segment.content) < 0.6

    @staticmethod
    def _block_mode(items: list[_Segment]) -> bool:
        """Lists of "Name" lines each followed by role/affiliation lines, blocks split by blanks."""
        blocks: list[list[_Segment]] = []
        for segment in items:
            if segment.kind != "item" or segment.marker != "none":
                continue
            if blocks and segment.line_no == blocks[-1][-1].line_no + 1:
                blocks[-1].append(segment)
            else:
                blocks.append([segment])
        multi = [b for b in blocks if len(b) >= 2]
        if len(multi) < 2 or any(len(b) > 5 for b in multi):
            return False
        led_by_person = sum(
            1
            for b in multi
            if "," not in b[0].content
            and _person_score(b[0].content) >= 0.6
            and _person_score(b[1].content) < 0.6
        )
        return led_by_person >= 0.6 * len(multi)

    @staticmethod
    def _describes_person(text: str) -> bool:
        return (
            _has_role_word(text)
            or _has_institution_word(text)
            or _has_org_word(text)
            or match_country(text, allow_fuzzy=False) is not None
        )

    def _collect_continuations(
        self, items: list[_Segment], i: int, block_mode: bool
    ) -> tuple[list[_Segment], str]:
        """Lines that continue ``items[i]``, and the joined content."""
        segment = items[i]
        consumed: list[_Segment] = []
        content = segment.content
        j = i + 1
        while j < len(items):
            nxt = items[j]
            if nxt.kind != "item" or nxt.marker != "none" or nxt.line_no == segment.line_no:
                break
            if nxt.line_no != (consumed[-1].line_no if consumed else segment.line_no) + 1:
                break  # a blank line ends the entry
            unbalanced = _bracket_balance(content) > 0
            starts_low = nxt.content[:1].islower() or nxt.content[:1] in "(,;&"
            # an indented line under a bare personal name is that person's affiliation
            deeper = (
                nxt.indent > segment.indent
                and segment.marker != "none"
                and (
                    starts_low
                    or (
                        not consumed
                        and "," not in content
                        and _person_score(content) >= 0.6
                        and _person_score(nxt.content) < 0.6
                    )
                )
            )
            lower = starts_low and segment.marker != "none"
            block = (
                block_mode
                and segment.marker == "none"
                and "," not in segment.content
                and _person_score(segment.content) >= 0.6
                and _person_score(nxt.content) < 0.6
                and self._describes_person(nxt.content)
            )
            if not (unbalanced or deeper or lower or block):
                break
            if _group_heading(nxt, in_list=True) is not None and not unbalanced:
                break
            consumed.append(nxt)
            joiner = ", " if (block or deeper) and not (unbalanced or starts_low) else " "
            content += joiner + nxt.content
            j += 1
        return consumed, content

    def _emit(
        self,
        anchor: _Segment,
        parts: list[_Segment],
        content: str,
        hint: _Hint,
        *,
        position: int | None = None,
        extra_issue: str | None = None,
    ) -> None:
        source_lines: list[str] = []
        for part in parts:
            if not source_lines or source_lines[-1] != part.raw:
                source_lines.append(part.raw)
        pieces = [p.strip() for p in _split_top_level(content, ";") if p.strip()]
        issues = [extra_issue] if extra_issue else []
        if len(pieces) >= 2 and all(p[:1].isupper() or not p[:1].isalpha() for p in pieces):
            issues.append("split from a line listing several signatories")
        else:
            pieces = [content]
        if any(p.has_replacement for p in parts):
            issues.append("the line contains undecodable bytes (shown as \ufffd)")
        for piece in pieces:
            parsed, uncertain = _parse_entry(piece, hint)
            self.records.append(
                _Record(
                    content=piece,
                    hint=hint,
                    source="\n".join(source_lines),
                    position=position if position is not None else anchor.position,
                    line_number=anchor.line_no,
                    issues=list(issues),
                    parsed=parsed,
                    uncertain=uncertain,
                )
            )

    def _resolve_kinds(self) -> None:
        """Uncertain kinds follow the clear majority of the list's certain entries."""
        certain = [r for r in self.records if not r.uncertain]
        orgs = sum(1 for r in certain if r.parsed[0].kind == "organization")
        majority: Kind | None = None
        if len(certain) >= 3 and orgs >= 0.75 * len(certain):
            majority = "organization"
        elif len(certain) >= 3 and len(certain) - orgs >= 0.75 * len(certain):
            majority = "individual"
        for record in self.records:
            if not record.uncertain:
                continue
            group_kind = record.hint.kind
            target = group_kind or majority
            if target is None:
                kind = record.parsed[0].kind
                other = "individual" if kind == "organization" else "organization"
                record.issues.append(f"kind guessed as {kind} (could be an {other})")
                record.penalty += 0.25
                continue
            if record.parsed[0].kind != target:
                record.parsed, _ = _parse_entry(record.content, record.hint, force=target)
            record.uncertain = False

    def _build_entries(self) -> None:
        for record in self.records:
            for parsed in record.parsed:
                issues = list(parsed.issues)
                for issue in record.issues:
                    if issue not in issues:
                        issues.append(issue)
                confidence = (
                    parsed.confidence
                    - record.penalty
                    - 0.1 * sum(1 for i in record.issues if i.startswith(("joined", "split from")))
                )
                if any("undecodable" in i for i in record.issues):
                    confidence -= 0.3
                self.entries.append(
                    Entry(
                        position=record.position,
                        kind=parsed.kind,
                        name=parsed.name,
                        source_line=record.source,
                        abbreviation=parsed.abbreviation,
                        name_transliteration=parsed.transliteration,
                        name_translation=parsed.translation,
                        country=parsed.country,
                        affiliation=parsed.affiliation,
                        role=parsed.role,
                        confidence=confidence,
                        issues=issues,
                        line_number=record.line_number,
                    )
                )

    def _finalize(self) -> None:
        self._resolve_kinds()
        self._build_entries()
        previous: int | None = None
        for entry in self.entries:
            if entry.position is not None:
                if previous is not None and entry.position not in {previous, previous + 1, 1}:
                    entry.issues.append(
                        f"numbering jumps from {previous} to {entry.position}: "
                        "check for a missing or misread line"
                    )
                    entry.confidence -= 0.05
                previous = entry.position
            if entry.kind == "organization" and entry.country is None:
                mentions = find_country_mentions(
                    " ".join(p for p in (entry.name, entry.name_translation) if p)
                )
                if mentions:
                    entry.issues.append(
                        f"no country given; the name mentions {mentions[0]} (not filled in)"
                    )
            if entry.country and is_region_only(entry.country):
                entry.issues.append(f"'{entry.country}' is a region, not a state")
            if len(entry.name) > 160:
                entry.issues.append("very long name: check that it is one signatory")
                entry.confidence -= 0.2
            entry.confidence = round(min(1.0, max(0.0, entry.confidence)), 2)
            if entry.confidence < CONFIDENCE_THRESHOLD and not entry.issues:
                entry.issues.append("low confidence")


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def parse_signatories(text: str) -> ParseResult:
    """Parse a published text (declaration + signatory list, or only a list)."""
    return _DocumentParser(text).run()


def parse_signatories_file(path: str | Path) -> ParseResult:
    """Read ``path`` as UTF-8 (BOM tolerated; UTF-16 with BOM too) and parse it.

    Decoding never raises: invalid bytes become U+FFFD, entries from such lines get an issue
    and skipped lines a note in their reason.
    """
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8-sig", errors="replace")
    return parse_signatories(text)
