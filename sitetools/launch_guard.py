"""Is the site ready to go public? The launch guard of `invoke publish` and `invoke check`.

The project ships with placeholders: a sample name, phone number and business ID, an
example.fi address and "[paikkakunta]"-style gaps in her details (tiedot.yaml), sample pages
and posts marked `Example: true`, and a portrait placeholder. All of it is fine in the
preview and none of it may reach the public: invented facts presented as hers would mislead
her clients (and fake testimonials are an unfair commercial practice). `invoke publish` asks
this module first, before building or connecting to anything, and refuses while anything
is left, listing every item at once in Finnish with the file, the line and what to write:
what her details' reader found wrong (sitecore/details.py), what is still sample material
or missing, and every gap in the pages, example pages included.

The checks are pure functions over her details and file texts (unit-tested); `findings()`
reads the project and runs them all.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitecore import details as her
from sitecore.details import Details
from sitecore.feedback import folder_of, shows_feedback
from sitecore.metadata import content_files, is_example, parse_header
from sitecore.plural import plural
from sitecore.privacy import processors
from sitecore.problems import Finding
from sitecore.settings import PRODUCTION, load

# What the project ships with, which no real site may publish.
SAMPLES = ("Maija Esimerkki", "+358 40 123 4567", her.SAMPLE_BUSINESS_ID)
PLACEHOLDER_IMAGES = ("muotokuva-paikkamerkki.jpg",)
EXAMPLE_ADDRESS = re.compile(r"\bexample\.(?:fi|com|org|net)\b", re.IGNORECASE)
# A gap to fill in: text in square brackets, "[paikkakunta]". Not a Markdown link or image
# ([text](url), ![alt](src), [text][ref], [ref]: url) nor a footnote ([^1]).
PLACEHOLDER = re.compile(r"(?<![\]\\])\[(?!\^)([^\[\]\n]{1,80})\](?![(\[:])")
GAP_FIX = "Kirjoita sen tilalle oma tietosi (ilman hakasulkeita)."
FIELDS = dict(her.fields())
# What the published site must have, and why.
POLICY = "tietosuojaseloste kertoo sen"
NEEDED = {
    "nimi": "se näkyy joka sivulla",
    "sähköposti": "tietosuojaseloste tarvitsee sen tietosuojaa koskevia pyyntöjä varten",
    "y-tunnus": "tietosuojaseloste ja alatunniste tarvitsevat sen",
    "paikkakunta": "palveluntarjoajan pitää kertoa ainakin kotikuntansa",
    "sivusto, nimi": "se näkyy joka sivulla",
    "sivusto, osoite": "sivuston täydelliset osoitteet (hakukoneet, syötteet) tehdään siitä",
    "tietosuoja, viestit": POLICY,
    "tietosuoja, lokit": POLICY,
}
# The services that keep her data (sitecore.privacy), by their sections in her details.
SERVICES = ("lomake", "webhotelli", "sähköpostipalvelu", "kysely")
for section in SERVICES:
    NEEDED[f"{section}, palvelu"] = "tietosuojaseloste kertoo, mikä palvelu säilyttää tietoja"
    NEEDED[f"{section}, maa"] = "tietosuojaseloste kertoo, missä maassa tiedot säilytetään"
    NEEDED[f"{section}, siirtoperuste"] = "palvelu on EU:n ja ETA:n ulkopuolella, ja " + POLICY
NEEDED["kysely, palvelu"] = (
    "sivustolla julkaistaan asiakaspalautetta, ja tietosuojaseloste kertoo, millä "
    "kyselypalvelulla se kerätään"
)
NEEDED["kysely, säilytys"] = "tietosuojaseloste kertoo, kuinka kauan vastaukset säilytetään"


def key_of(name: str) -> str:
    """The key as written on its line: "sivusto, nimi" -> "nimi"."""
    return name.rsplit(", ", 1)[-1]


# --- her details ---------------------------------------------------------------------------


def entry_findings(details: Details) -> list[Finding]:
    """Sample values, example addresses and "[…]" gaps left in her details."""
    found = []
    for entry in details.entries:
        name, value = entry.key, entry.value
        sample = any(sample in value for sample in SAMPLES)
        if sample or EXAMPLE_ADDRESS.search(value):
            what = "vielä mallitieto" if sample else "malliosoite"
            fix = f"esimerkiksi {key_of(name)}: {FIELDS[name].example}"
            message = f"{name}: ”{value}” on {what}. Kirjoita tilalle oma tietosi, {fix}"
            found.append(Finding(her.FILE, message, entry.first))
        for gap in PLACEHOLDER.finditer(value):
            message = f"{name}: ”{gap[0]}” on vielä paikkamerkki. {GAP_FIX}"
            found.append(Finding(her.FILE, message, details.line_of(entry, gap[0])))
    return found


def missing_findings(details: Details, feedback: bool = False) -> list[Finding]:
    """What the published site must have and her details lack: a service's details only
    when the site uses it (the form with a form; the survey tool with published feedback,
    or when named), its transfer basis only outside the EU/EEA."""
    used, found = processors(details.settings), []
    for name, why in NEEDED.items():
        section, _, key = name.partition(", ")
        service, entry = used.get(section), details.entry(name)
        if section in SERVICES and not service and not (name == "kysely, palvelu" and feedback):
            continue
        if key == "siirtoperuste" and not (service and service.outside_eea):
            continue
        if not (entry and entry.value):
            fix = f"Kirjoita esimerkiksi {key_of(name)}: {FIELDS[name].example}"
            found.append(Finding(her.FILE, f"{name} puuttuu: {why}. {fix}", entry and entry.first))
    return found


def privacy_findings(details: Details, files: list["ContentFile"]) -> list[Finding]:
    """The privacy policy must exist, and say nothing of a form when there is none."""
    page = next((f for f in files if parse_header(f.text).get("template") == "privacy"), None)
    if page is None:
        message = (
            "tietosuojaseloste puuttuu: sivua, jossa on Template: privacy, ei löydy kansiosta "
            "content/sivut/. Palauta tiedosto tietosuojaseloste.md."
        )
        return [Finding(her.FILE, message)]
    body = page.text.split("\n\n", 1)[0].count("\n") + 1  # the header's lines and a blank one
    rows = enumerate(page.text.splitlines()[body:], body + 1)
    line = next((n for n, row in rows if "lomak" in row.lower()), None)
    if details.settings["CONTACT_FORM_ACTION"] or not line:
        return []
    message = (
        "tietosuojaseloste kertoo lomakkeesta, mutta sivustolla ei ole lomaketta "
        f"(lomake, osoite on tyhjä tiedostossa {her.FILE}). Poista lomaketta koskeva teksti; "
        "seloste kertoo lomakkeesta itse, kun lomake otetaan käyttöön."
    )
    return [Finding(page.source, message, line)]


def details_findings(details: Details, feedback: bool = False) -> list[Finding]:
    """What the reader found wrong, then what is sample material or missing (feedback:
    the site publishes client feedback)."""
    found = [Finding(her.FILE, problem.message, problem.line) for problem in details.problems]
    if details.lines is None:  # not read at all: nothing more to say
        return found
    return [*found, *entry_findings(details), *missing_findings(details, feedback)]


# --- the content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentFile:
    source: str  # relative to the project, "content/sivut/minusta.md"
    kind: str  # "article" or "page"
    text: str


# An example page or post: what it is, and what else she may do with it.
EXAMPLES = {
    "article": ("kirjoitus", ", tai poista koko tiedosto, jos et tarvitse sitä."),
    "index.html": ("etusivu", "."),
    "page": ("sivu", ", tai kirjoita Status: draft, jos et vielä tarvitse sivua."),
}


def gap_findings(file: ContentFile) -> Iterator[Finding]:
    for number, row in enumerate(file.text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(row):
            said = f"tekstissä on vielä paikkamerkki ”{match[0]}”. {GAP_FIX}"
            yield Finding(file.source, said, number)
        for image in (image for image in PLACEHOLDER_IMAGES if image in row):
            yield Finding(
                file.source,
                f"kuva {image} on paikkamerkki. Tallenna oma kuvasi kansioon content/images/ ja "
                "kirjoita sen nimi tälle riville, ja hakasulkeisiin, mitä kuvassa on.",
                number,
            )


def content_findings(files: Iterable[ContentFile]) -> list[Finding]:
    """Published pages and posts: no example mark, no "[…]" gap, no placeholder portrait;
    the gaps of an example page too, so that the first list is the whole list."""
    findings = []
    for file in files:
        header = parse_header(file.text)
        if header.get("status").strip().lower() == "draft":
            continue
        if is_example(header.get("example")):
            home = file.kind == "page" and header.get("save_as").strip() == "index.html"
            what, other = EXAMPLES["index.html" if home else file.kind]
            message = (
                f"{what} on esimerkki (Example: true), jota ei julkaista. Kirjoita tilalle oma "
                f"tekstisi ja poista rivi Example: true{other}"
            )
            findings.append(Finding(file.source, message, header.fields["example"][0]))
        findings.extend(gap_findings(file))
    return findings


def read_content(project: Path, settings: dict[str, Any]) -> list[ContentFile]:
    """Every post and page, read as it is (a byte that is not UTF-8 is content_guard's)."""
    root, found = project.resolve(), []
    for kind, path in content_files(settings):
        text = path.read_text(encoding="utf-8", errors="replace")
        found.append(ContentFile(path.resolve().relative_to(root).as_posix(), kind, text))
    return found


# --- all of it -----------------------------------------------------------------------------


def findings(project: Path) -> list[Finding]:
    """Everything that keeps the project from being published, in the order the README's
    list "Ennen ensimmäistä julkaisua" goes: her details, then the content."""
    details, settings = her.read(project / her.FILE), load(project, PRODUCTION)
    files, feedback = read_content(project, settings), shows_feedback(folder_of(settings))
    found = [*details_findings(details, feedback), *privacy_findings(details, files)]
    return sorted([*found, *content_findings(files)], key=by_line)


def by_line(finding: Finding) -> tuple[bool, str, int]:
    """Her details first, then file by file, each in the order she reads it."""
    return finding.file != her.FILE, finding.file, finding.line or 0


def refusal(project: Path) -> str | None:
    """The Finnish refusal of `invoke publish`, or None when the site is ready."""
    found = findings(project)
    if not found:
        return None
    listing = "\n".join(f"  - {finding}" for finding in found)
    return (
        f"Sivusto ei ole vielä valmis julkaistavaksi: {plural(len(found), 'kohta', 'kohtaa')} "
        f"on vielä korjattava.\n{listing}\nKorjaa kohdat (ohje: README, Ennen ensimmäistä "
        "julkaisua) ja aja komento uudelleen. Mitään ei rakennettu eikä lähetetty."
    )
