"""Is the site ready to go public? The launch guard of `invoke publish` and `invoke check`.

The project ships with placeholders: a sample name, phone number and business ID, an
example.fi address, "[paikkakunta]"-style gaps, sample pages and posts marked `Example:
true`, and a portrait placeholder. All of it is fine in the preview and none of it may
reach the public: invented facts presented as hers would mislead her clients (and fake
testimonials are an unfair commercial practice). `invoke publish` asks this module first,
before building or connecting to anything, and refuses while anything is left, listing
every item at once in Finnish with the file, the line and what to write.

The checks are pure functions over settings and file texts (unit-tested); `findings()`
reads the project and runs them all.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitecore.metadata import is_example, parse_header
from sitecore.plural import form, plural
from sitecore.privacy import EEA, form_service

from .checks.site import Finding

PREVIEW_CONF = "pelicanconf.py"
PRODUCTION_CONF = "publishconf.py"

# What the project ships with, which no real site may publish.
SHIPPED_OWNER = {
    "name": "Maija Esimerkki",
    "phone": "+358 40 123 4567",
    "business_id": "1234567-8",
}
PLACEHOLDER_IMAGES = ("muotokuva-paikkamerkki.jpg",)
EXAMPLE_HOST = re.compile(r"(?:^|[@./])example\.(?:fi|com|org|net)$", re.IGNORECASE)
EXAMPLE_ADDRESS = re.compile(r"\bexample\.(?:fi|com|org|net)\b", re.IGNORECASE)
# A gap to fill in: text in square brackets, "[paikkakunta]". Not a Markdown link or image
# ([text](url), ![alt](src), [text][ref], [ref]: url) nor a footnote ([^1]).
PLACEHOLDER = re.compile(r"(?<![\]\\])\[(?!\^)([^\[\]\n]{1,80})\](?![(\[:])")

# Settings whose text is shown on the site, with how a placeholder in each is explained.
SHOWN_SETTINGS = {
    "OWNER": "omat tietosi",
    "SITENAME": "sivuston nimi",
    "SITE_DESCRIPTION": "sivuston kuvaus",
    "SESSIONS": "tapaamisten tiedot",
    "PRICES": "hinnat",
    "VAT_RATE": "arvonlisäveron määrä",
    "CANCELLATION_TERMS": "peruutusehdot",
    "CONTACT_FORM_SERVICE": "lomakepalvelun tiedot",
    "PRIVACY": "tietosuojaselosteen säilytysajat",
}
VAT_CHOICES = ("included", "added", "exempt")

# The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.
BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
BUSINESS_ID_HELP = (
    "Y-tunnus on seitsemän numeroa, väliviiva ja tarkistusnumero (muoto NNNNNNN-N). "
    "Kopioi se yritystietojärjestelmästä (ytj.fi)."
)


# --- the business ID ---------------------------------------------------------------------


def business_id_check_digit(digits: str) -> int | None:
    """The check digit of seven digits, or None when no ID can have them (remainder 1).

    The digits are weighted 7, 9, 10, 5, 8, 4, 2 and summed; with remainder 0 of division
    by 11 the check digit is 0, with remainder 1 the number is never given out, otherwise
    the check digit is 11 minus the remainder."""
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def business_id_problem(value: str) -> str | None:
    """What is wrong with a Y-tunnus, in Finnish; None when it is valid."""
    value = value.strip()
    if not value:
        return (
            "Y-tunnus puuttuu. Tietosuojaseloste ja alatunniste tarvitsevat sen. "
            + BUSINESS_ID_HELP
        )
    match = BUSINESS_ID.match(value)
    if not match:
        if re.fullmatch(r"\d{6}-\d", value):
            return (
                f"Y-tunnuksessa ”{value}” on vain kuusi numeroa ennen väliviivaa. Vanhoihin "
                f"tunnuksiin lisätään alkuun nolla: 0{value}."
            )
        return f"Y-tunnus ”{value}” ei ole oikeaa muotoa. {BUSINESS_ID_HELP}"
    expected = business_id_check_digit(match[1])
    if expected is None:
        return (
            f"Y-tunnusta ”{value}” ei voi olla olemassa (tällaisille numeroille ei anneta "
            f"tarkistusnumeroa), joten jokin numero on väärin. {BUSINESS_ID_HELP}"
        )
    if int(match[2]) != expected:
        return (
            f"Y-tunnuksen ”{value}” tarkistusnumero ei täsmää, joten jokin numero on väärin. "
            f"{BUSINESS_ID_HELP}"
        )
    return None


# --- where a setting is written ------------------------------------------------------------


@dataclass(frozen=True)
class ConfText:
    """A settings file's text, to say on which line a value is written."""

    name: str
    text: str

    def strings(self) -> Iterator[tuple[int, str]]:
        """Every string literal in the file with its line (comments are not strings)."""
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.STRING:
                    try:
                        value = ast.literal_eval(token.string)
                    except (ValueError, SyntaxError):
                        continue
                    if isinstance(value, str):
                        yield token.start[0], value
        except (tokenize.TokenError, SyntaxError):
            return

    def line_of(self, needle: str, skip: int = 0) -> int | None:
        """The line of the (skip+1)th string literal that contains needle."""
        found = [line for line, value in self.strings() if needle and needle in value]
        return found[skip] if len(found) > skip else None

    def line_of_setting(self, name: str) -> int | None:
        for number, line in enumerate(self.text.splitlines(), start=1):
            if re.match(rf"{re.escape(name)}\s*=", line):
                return number
        return None

    def where(self, line: int | None) -> str:
        return f"{self.name}, rivi {line}" if line else self.name


def texts_in(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every string inside a setting (dicts and lists walked), with the keys leading to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item, path)


# --- the settings --------------------------------------------------------------------------


def placeholder_findings(settings: dict[str, Any], conf: ConfText) -> list[Finding]:
    """Every "[…]" gap left in a setting the site shows."""
    findings = []
    seen: dict[str, int] = {}
    for name, label in SHOWN_SETTINGS.items():
        for keys, text in texts_in(settings.get(name)):
            for match in PLACEHOLDER.finditer(text):
                gap = match[0]
                line = conf.line_of(gap, seen.get(gap, 0))
                seen[gap] = seen.get(gap, 0) + 1
                setting = f'{name}, "{keys[-1]}"' if keys else name
                findings.append(
                    Finding(
                        conf.where(line),
                        f"{label} ({setting}): ”{gap}” on vielä paikkamerkki. Kirjoita sen "
                        "tilalle oma tietosi (ilman hakasulkeita).",
                    )
                )
    return findings


def name_problem(name: str) -> str | None:
    if not name:
        return 'nimesi puuttuu (OWNER, "name"). Kirjoita se niin kuin sen haluat näkyvän.'
    if name == SHIPPED_OWNER["name"]:
        return f'nimi on vielä mallinimi ”{name}” (OWNER, "name"). Kirjoita oma nimesi.'
    return None


def email_problem(email: str) -> str | None:
    if not email:
        return (
            'sähköpostiosoite puuttuu (OWNER, "email"). Tietosuojaseloste tarvitsee sen: '
            "siihen lähetetään tietosuojaa koskevat pyynnöt."
        )
    if EXAMPLE_ADDRESS.search(email):
        return f"sähköpostiosoite ”{email}” on malliosoite. Kirjoita oma osoitteesi."
    if "@" not in email:
        return f"”{email}” ei ole sähköpostiosoite. Kirjoita muodossa nimi@palvelin.fi."
    return None


def phone_problem(phone: str) -> str | None:
    if phone == SHIPPED_OWNER["phone"]:
        return (
            f"puhelinnumero ”{phone}” on mallinumero. Kirjoita oma numerosi, tai tyhjä "
            '("phone": ""), jos et halua näyttää numeroa.'
        )
    return None


def owner_business_id_problem(business_id: str) -> str | None:
    if business_id == SHIPPED_OWNER["business_id"]:
        return f"Y-tunnus ”{business_id}” on mallitunnus. {BUSINESS_ID_HELP}"
    return business_id_problem(business_id)


def booking_problem(booking: str) -> str | None:
    if booking and (EXAMPLE_ADDRESS.search(booking) or not booking.startswith("https://")):
        return (
            f"ajanvarauslinkki ”{booking}” ei ole oikea osoite. Kirjoita ajanvarauksesi "
            'https://-osoite, tai tyhjä ("booking_url": ""), jos sitä ei ole.'
        )
    return None


def address_problem(key: str):
    def problem(value: str) -> str | None:
        if EXAMPLE_ADDRESS.search(value):
            return f'kohdassa OWNER, "{key}" on malliosoite ”{value}”. Kirjoita oma tietosi.'
        return None

    return problem


OWNER_CHECKS = (
    ("name", name_problem),
    ("email", email_problem),
    ("phone", phone_problem),
    ("business_id", owner_business_id_problem),
    ("booking_url", booking_problem),
    ("title", address_problem("title")),
    ("area", address_problem("area")),
)


def owner_findings(settings: dict[str, Any], conf: ConfText) -> list[Finding]:
    """Her name, e-mail, phone, Y-tunnus and links: not the shipped ones, and usable."""
    owner = settings.get("OWNER") or {}
    findings = []
    for key, check in OWNER_CHECKS:
        value = str(owner.get(key, "")).strip()
        if message := check(value):
            line = conf.line_of(value) if value else None
            where = conf.where(line or conf.line_of_setting("OWNER"))
            findings.append(Finding(where, message))
    sitename = str(settings.get("SITENAME", ""))
    if SHIPPED_OWNER["name"] in sitename:
        findings.append(
            Finding(
                conf.where(conf.line_of(sitename) or conf.line_of_setting("SITENAME")),
                f"sivuston nimessä (SITENAME) on vielä mallinimi: ”{sitename}”. Kirjoita "
                "sivustollesi oma nimi, esimerkiksi Työnohjaus ja oma nimesi.",
            )
        )
    return findings


def prices_findings(settings: dict[str, Any], conf: ConfText) -> list[Finding]:
    vat = settings.get("PRICES_VAT", "")
    if vat in VAT_CHOICES:
        return []
    return [
        Finding(
            conf.where(conf.line_of_setting("PRICES_VAT")),
            f'PRICES_VAT = {vat!r} ei käy. Kirjoita PRICES_VAT = "included" (hinnat '
            'sisältävät arvonlisäveron), "added" (vero lisätään hintoihin) tai "exempt" '
            "(ei arvonlisäveroa: vähäinen liiketoiminta).",
        )
    ]


def siteurl_findings(siteurl: str, conf: ConfText, from_environment: bool) -> list[Finding]:
    """The public address: a real https address of her own, not the shipped example."""
    where = (
        "ympäristömuuttuja SITEURL"
        if from_environment
        else conf.where(conf.line_of(siteurl) or conf.line_of_setting("SITEURL"))
    )
    parts = urlsplit(siteurl)
    host = (parts.hostname or "").lower()
    fix = (
        "Kirjoita julkaistun sivustosi oma osoite, esimerkiksi https://www.omanimi.fi "
        "(ilman kauttaviivaa lopussa)."
    )
    if not siteurl:
        message = f"sivuston osoite SITEURL puuttuu. {fix}"
    elif EXAMPLE_HOST.search(host):
        message = f"sivuston osoite SITEURL on vielä malliosoite {siteurl}. {fix}"
    elif parts.scheme != "https" or not host or "." not in host:
        message = f"sivuston osoite ”{siteurl}” ei ole julkinen https-osoite. {fix}"
    elif host in ("localhost",) or host.startswith("127."):
        message = f"sivuston osoite ”{siteurl}” on oman koneen osoite. {fix}"
    elif siteurl.endswith("/"):
        message = f"sivuston osoitteen ”{siteurl}” lopussa on kauttaviiva. Poista se."
    else:
        return []
    return [Finding(where, message)]


def form_service_problems(settings: dict[str, Any]) -> list[str]:
    """With a contact form, the policy must name its service, its country and, outside the
    EU/EEA, the basis of the transfer; what is missing, in Finnish."""
    service = form_service(settings)
    problems = []
    if not service.name:
        problems.append(
            "yhteydenottolomake on käytössä (CONTACT_FORM_ACTION), mutta tietosuojaselosteen "
            "pitää kertoa, mikä palvelu viestit vastaanottaa. Kirjoita lomakepalvelun nimi "
            'kohtaan CONTACT_FORM_SERVICE, "name", esimerkiksi "name": "Formspree".'
        )
    if not service.country:
        problems.append(
            "yhteydenottolomake on käytössä, mutta tietosuojaselosteen pitää kertoa, missä "
            "maassa lomakepalvelu säilyttää viestit. Kirjoita kohtaan CONTACT_FORM_SERVICE, "
            '"country" maan kaksikirjaiminen tunnus, esimerkiksi "country": "US" tai "DE" '
            "(löytyy palvelun tietosuojaehdoista)."
        )
    elif service.country_name == service.country:
        problems.append(
            f'maata ”{service.country}” ei tunneta (CONTACT_FORM_SERVICE, "country"). '
            'Kirjoita maan kaksikirjaiminen tunnus, esimerkiksi "US", "DE" tai "FI".'
        )
    elif service.country not in EEA and not service.transfer_basis:
        problems.append(
            f"lomakepalvelu {service.name} säilyttää viestit EU:n ja ETA:n ulkopuolella "
            f"({service.country_name}), joten tietosuojaselosteen pitää kertoa siirron peruste. "
            'Kirjoita se kohtaan CONTACT_FORM_SERVICE, "transfer_basis", esimerkiksi "EU:n ja '
            'Yhdysvaltojen välinen tietosuojakehys (Data Privacy Framework)" tai "komission '
            'vakiosopimuslausekkeet" (katso palvelun tietosuojaehdoista).'
        )
    return problems


def form_text_line(text: str) -> int | None:
    """The first line of the policy's own text that speaks of a form (lomake, lomakkeella…)."""
    return next((n for n, row in enumerate(text.splitlines(), 1) if "lomak" in row.lower()), None)


def privacy_findings(
    settings: dict[str, Any], conf: ConfText, privacy_page: tuple[str, str] | None
) -> list[Finding]:
    """The privacy policy must be able to say what the site does with the contact settings:
    which form service keeps the messages, where, and on what basis if outside the EU/EEA;
    how long messages and logs are kept; and no word of a form when there is none."""
    findings = []
    action = str(settings.get("CONTACT_FORM_ACTION") or "").strip()
    if action and not action.startswith("https://"):
        findings.append(
            Finding(
                conf.where(conf.line_of(action)),
                f"lomakkeen osoite CONTACT_FORM_ACTION ”{action}” ei ole https-osoite: viestit "
                "kulkisivat salaamatta. Kirjoita lomakepalvelun antama https://-osoite.",
            )
        )
    if action:
        where = conf.where(conf.line_of_setting("CONTACT_FORM_SERVICE"))
        findings += [Finding(where, problem) for problem in form_service_problems(settings)]
    privacy = settings.get("PRIVACY") or {}
    for key, what in (
        ("message_retention", "kuinka kauan viestejä säilytetään"),
        ("log_retention", "kuinka kauan palvelimen lokeja säilytetään"),
    ):
        if not str(privacy.get(key, "")).strip():
            findings.append(
                Finding(
                    conf.where(conf.line_of_setting("PRIVACY")),
                    f'tietosuojaselosteesta puuttuu, {what} (PRIVACY, "{key}"). Kirjoita aika, '
                    'esimerkiksi "30 päivää".',
                )
            )
    if privacy_page is None:
        findings.append(
            Finding(
                conf.name,
                "tietosuojaseloste puuttuu: sivua, jossa on Template: privacy, ei löydy kansiosta "
                "content/sivut/. Palauta tiedosto tietosuojaseloste.md.",
            )
        )
    elif not action and (line := form_text_line(privacy_page[1])):
        findings.append(
            Finding(
                f"{privacy_page[0]}, rivi {line}",
                "tietosuojaseloste kertoo lomakkeesta, mutta sivustolla ei ole lomaketta "
                "(CONTACT_FORM_ACTION on tyhjä). Poista lomaketta koskeva teksti; seloste kertoo "
                "lomakkeesta itse, kun lomake otetaan käyttöön.",
            )
        )
    return findings


# --- the content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentFile:
    source: str  # relative to the project, "content/sivut/minusta.md"
    kind: str  # "article" or "page"
    text: str


def content_findings(files: Iterable[ContentFile]) -> list[Finding]:
    """Published pages and posts: no example mark, no "[…]" gap, no placeholder portrait."""
    findings = []
    for file in files:
        header = parse_header(file.text)
        if header.get("status").strip().lower() == "draft":
            continue
        if is_example(header.get("example")):
            line = header.fields["example"][0]
            if file.kind == "article":
                what, other = "kirjoitus", ", tai poista koko tiedosto, jos et tarvitse sitä."
            elif header.get("save_as").strip() == "index.html":
                what, other = "etusivu", "."
            else:
                what, other = "sivu", ", tai kirjoita Status: draft, jos et vielä tarvitse sivua."
            findings.append(
                Finding(
                    f"{file.source}, rivi {line}",
                    f"{what} on esimerkki (Example: true), jota ei julkaista. Kirjoita tilalle "
                    f"oma tekstisi ja poista rivi Example: true{other}",
                )
            )
            continue
        for number, row in enumerate(file.text.splitlines(), start=1):
            for match in PLACEHOLDER.finditer(row):
                findings.append(
                    Finding(
                        f"{file.source}, rivi {number}",
                        f"tekstissä on vielä paikkamerkki ”{match[0]}”. Kirjoita sen tilalle "
                        "oma tietosi (ilman hakasulkeita).",
                    )
                )
            for image in PLACEHOLDER_IMAGES:
                if image in row:
                    findings.append(
                        Finding(
                            f"{file.source}, rivi {number}",
                            f"kuva {image} on paikkamerkki. Tallenna oma kuvasi kansioon "
                            "content/images/ ja kirjoita sen nimi tälle riville, ja "
                            "hakasulkeisiin, mitä kuvassa on.",
                        )
                    )
    return findings


def content_files(project: Path, settings: dict[str, Any]) -> list[ContentFile]:
    base = Path(settings["PATH"])
    ignore = settings.get("IGNORE_FILES", [])
    found = []
    for kind, key in (("article", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
        for folder in settings.get(key, []):
            for path in sorted((base / folder).rglob("*.md")):
                if any(fnmatch(path.name, pattern) for pattern in ignore):
                    continue
                source = path.resolve().relative_to(project.resolve()).as_posix()
                text = path.read_text(encoding="utf-8", errors="replace")
                found.append(ContentFile(source, kind, text))
    return found


def privacy_page(files: list[ContentFile]) -> tuple[str, str] | None:
    for file in files:
        header = parse_header(file.text)
        if file.kind == "page" and header.get("template").strip() == "privacy":
            body = file.text.split("\n\n", 1)[1] if "\n\n" in file.text else ""
            offset = file.text[: len(file.text) - len(body)].count("\n")
            return file.source, "\n" * offset + body
    return None


# --- all of it -----------------------------------------------------------------------------


def findings(project: Path, environ: dict[str, str] | None = None) -> list[Finding]:
    """Everything that keeps the project from being published, in the order the README's
    list "Ennen ensimmäistä julkaisua" goes: settings, address, content."""
    import os

    from sitecore.settings import load

    environ = os.environ if environ is None else environ
    settings = load(project, PRODUCTION_CONF)
    conf = ConfText(PREVIEW_CONF, (project / PREVIEW_CONF).read_text(encoding="utf-8"))
    production = ConfText(PRODUCTION_CONF, (project / PRODUCTION_CONF).read_text("utf-8"))
    files = content_files(project, settings)
    in_settings = [
        *owner_findings(settings, conf),
        *placeholder_findings(settings, conf),
        *prices_findings(settings, conf),
        *privacy_findings(settings, conf, privacy_page(files)),
    ]
    return [
        *sorted(in_settings, key=by_line),
        *siteurl_findings(str(settings.get("SITEURL", "")), production, "SITEURL" in environ),
        *content_findings(files),
    ]


def by_line(finding: Finding) -> tuple[str, int]:
    """Settings findings in the order of the file, the way she reads it."""
    file, _, line = finding.where.partition(", rivi ")
    return (file != PREVIEW_CONF, file), int(line) if line.isdigit() else 0


def refusal(project: Path) -> str | None:
    """The Finnish refusal of `invoke publish`, or None when the site is ready."""
    found = findings(project)
    if not found:
        return None
    listing = "\n".join(f"  - {finding}" for finding in found)
    return (
        f"Sivusto ei ole vielä valmis julkaistavaksi: {plural(len(found), 'kohta', 'kohtaa')} on "
        f"vielä mallitietoa tai esimerkkiä.\n{listing}\nKorjaa {form(len(found), 'se', 'ne')} "
        "(ohje: README, Ennen ensimmäistä julkaisua) ja aja komento uudelleen. Mitään ei "
        "rakennettu eikä lähetetty."
    )
