"""Check the practitioner's Markdown files before Pelican reads them.

Pelican skips a broken file with an English log line and builds the rest; for a
non-programmer that means a post silently missing from the site. This plugin reads the
metadata header of every post and page itself, reports each problem in Finnish with the
file, the line and what to write instead, and stops the build. Of the static files it lets
Pelican copy only what a website serves (statics.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from sitecore.dates import missing_day
from sitecore.metadata import EXAMPLE_KEY, EXAMPLE_VALUES, content_files, parse_header
from sitecore.problems import BuildStopped, NotUtf8, Problem, control_character, read_utf8

from .addresses import Rules, address_problems
from .collisions import collision_problems
from .links import link_problems
from .statics import leave_out

log = logging.getLogger(__name__)

# Pelican's own fields; the site's own (Example:, Image:…) are the setting SITE_FIELDS.
PELICAN_FIELDS = {"title", "date", "modified", "category", "tags", "slug", "summary", "translation"}
PELICAN_FIELDS |= {"status", "template", "save_as", "url", "order", "lang", "author", "authors"}
# Fields with a few allowed words, and what to say of any other.
CHOICES = {
    "status": (
        {"published", "draft", "hidden"},
        "tila ”{value}” on tuntematon. Kirjoita Status: published (julkaistu), "
        "Status: draft (luonnos) tai Status: hidden (piilotettu).",
    ),
    EXAMPLE_KEY: (
        EXAMPLE_VALUES,
        "Example: {value} ei käy. Kirjoita Example: true (esimerkkiteksti, jota ei "
        "julkaista) tai poista rivi, kun teksti on omasi.",
    ),
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")
FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(?:klo\s+)?(\d{1,2}[:.]\d{2}))?$")
DATE_EXAMPLE = "Date: 2024-05-31 tai Date: 2024-05-31 10:00"
REPEATED = (
    "kenttä {key} on annettu kahteen kertaan, riveillä {first} ja {again}, eikä ole selvää, "
    "kumpi on voimassa. Jätä vain yksi {key}-rivi."
)
NO_TITLE = (
    "otsikko puuttuu. Kirjoita tiedoston ensimmäiselle riville esimerkiksi: "
    "Title: Mistä syntyy hyödyllinen työnohjaus?"
)
IN_FUTURE = (
    "muokkauspäivä {value} on tulevaisuudessa, jolloin syötteet kertoisivat sivuston "
    "muuttuneen päivänä, jota ei vielä ole. Kirjoita päivä, jona muokkasit kirjoitusta, tai "
    "poista rivi."
)
# Characters XML 1.0 forbids (the feeds): a NUL or a control code pasted in with the text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An address of the preview, on her own computer (local_link_problems)
LOCAL = re.compile(
    r"(?:https?:)?//(?:localhost|127(?:\.\d{1,3}){3}|\[::1?\]|0\.0\.0\.0)(?![\w.-])"
    r"(?::\d+)?(?P<path>[/?#][^\s)\"'<>\]]*)?",
    re.IGNORECASE,
)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # never published (plugins/writing)


def check_date(
    path: Path, line: int, value: str, key: str, zone: ZoneInfo | None = None
) -> Problem | None:
    """A Date: or Modified: field's problem; with zone, a Modified: after now there too."""
    said = date_said(value, key, zone)
    return Problem(path, line, said) if said else None


def date_said(value: str, key: str, zone: ZoneInfo | None) -> str | None:
    label = key.capitalize()
    example = DATE_EXAMPLE.replace("Date", label)
    if match := ISO_DATE.match(value):
        year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
        try:
            when = dt.datetime(year, month, day, hour, minute, tzinfo=zone)
        except ValueError:
            # The form is right, the day or time does not exist (2013-02-30, 25:00).
            return (
                f"päivämäärä ”{value}” on oikeassa muodossa, mutta sellaista päivää tai "
                "kellonaikaa ei ole. Tarkista kuukausi (1–12), päivä ja kellonaika. "
                f"Kirjoita vuosi-kuukausi-päivä, esimerkiksi {example}."
            )
        future = zone and key == "modified" and when > dt.datetime.now(zone)
        return IN_FUTURE.format(value=value) if future else None
    if finnish := FINNISH_DATE.match(value):
        day, month, year = (int(g) for g in finnish.groups()[:3])
        if why := missing_day(year, month, day):
            return (
                f"päivämäärää ”{value}” ei ole olemassa: {why}. Tarkista päivä ja kirjoita se "
                f"muodossa vuosi-kuukausi-päivä, esimerkiksi {example}."
            )
        clock = f" {finnish[4].replace('.', ':'):0>5}" if finnish[4] else ""
        example = f"{label}: {year:04d}-{month:02d}-{day:02d}{clock}"
    return (
        f"päivämäärä ”{value}” on väärässä muodossa. Kirjoita se muodossa vuosi-kuukausi-"
        f"päivä, esimerkiksi {example}."
    )


def local_link_problems(path: Path, text: str) -> list[Problem]:
    """Addresses copied from the preview (http://localhost:8000/…, 127.0.0.1, [::1],
    0.0.0.0) work only on her own computer: on the published site they lead every visitor
    nowhere, and nothing else would notice (the checks take them for another site's links).
    Each is a problem, with the site's own address to write instead. A comment is not
    published, so an address in one (`invoke new` writes the preview's) is no problem."""
    low = text.lower()  # the common case, found at once: no address of the sort at all
    if not any(host in low for host in ("localhost", "127.", "[::", "0.0.0.0")):
        return []
    problems = []
    text = COMMENT.sub(lambda comment: "\n" * comment[0].count("\n"), text)  # lines kept
    for number, line in enumerate(text.splitlines(), 1):
        for match in LOCAL.finditer(line):
            own = (match["path"] or "/").rstrip(".,;:!?")
            own = own if own.startswith("/") else f"/{own}"
            problems.append(
                Problem(
                    path,
                    number,
                    f"osoite {match[0].rstrip('.,;:!?')} on esikatselun osoite, joka toimii vain "
                    "omalla koneellasi: julkaistulla sivustolla se ei vie kävijää mihinkään. "
                    f"Kirjoita sen tilalle sivuston oma osoite {own}",
                )
            )
    return problems


def check_file(path: Path, kind: str, rules: Rules) -> list[Problem]:
    try:
        text = read_utf8(path)
    except NotUtf8 as err:
        return [err.problem]
    if control := CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        return [Problem(path, line, control_character(ord(control[0])))]
    header = parse_header(text)
    problems = [
        Problem(path, again, REPEATED.format(key=key.capitalize(), first=first, again=again))
        for key, first, again in header.repeated
    ]
    fields = header.fields
    title = fields.get("title")
    if title is None or not title[1]:
        problems.append(Problem(path, title[0] if title else 1, NO_TITLE))
    if kind == "article" and "date" not in fields:
        problems.append(
            Problem(path, 1, f"päivämäärä puuttuu. Lisää otsikon alle rivi {DATE_EXAMPLE}.")
        )
    zone = ZoneInfo(rules.settings.get("TIMEZONE") or "UTC") if "modified" in fields else None
    for key in ("date", "modified"):
        if key in fields and (problem := check_date(path, *fields[key], key=key, zone=zone)):
            problems.append(problem)
    problems += [  # fields with a few allowed words: Status and Example
        Problem(path, fields[key][0], said.format(value=fields[key][1]))
        for key, (allowed, said) in CHOICES.items()
        if key in fields and fields[key][1].strip().lower() not in allowed
    ]
    unknown = unknown_fields(path, fields, PELICAN_FIELDS | rules.site_fields)
    if header.get("status").strip().lower() == "draft":
        for problem in unknown:  # work in progress: said, and an error once it would go out
            log.warning("%s", problem)
    else:
        problems += unknown
    problems += address_problems(path, header, rules)
    problems += local_link_problems(path, text)
    return sorted(problems, key=lambda problem: problem.line or 0)


def unknown_fields(path: Path, fields: dict, known: set[str]) -> list[Problem]:
    """A field Pelican does not know is ignored without a word: `Catgory:` would put the
    post in no category. An error for anything that goes public; a draft gets a warning."""
    found = []
    for key, (line, _value) in fields.items():
        if key not in known:
            guess = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" Tarkoititko {guess[0].capitalize()}?" if guess else ""
            found.append(
                Problem(
                    path,
                    line,
                    f"tuntematon kenttä ”{key}”.{hint} Pelican ohittaisi sen hiljaa. Korjaa "
                    f"kentän nimi tai poista rivi (kentät: {', '.join(sorted(known))}).",
                )
            )
    return found


def check_content(pelican) -> None:
    settings = pelican.settings
    rules = Rules.from_settings(settings)
    problems = link_problems([Path(settings["PATH"]), Path(settings["THEME"])])
    for kind, path in content_files(settings):
        problems.extend(check_file(path, kind, rules))
    stop(problems)


def check_addresses(generators: list) -> None:
    """Once everything is read: no two pages in one file (collisions.py)."""
    stop(collision_problems(generators, generators[0].settings))


def stop(problems: list[Problem]) -> None:
    if problems:
        for problem in problems:
            log.error("%s", problem)
        raise BuildStopped  # the build's own last line says how many and what to do


def register() -> None:
    signals.initialized.connect(check_content)
    signals.all_generators_finalized.connect(check_addresses)
    signals.static_generator_finalized.connect(leave_out)
