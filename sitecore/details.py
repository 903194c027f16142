"""Her details (tiedot.yaml): the one file she edits for her name, contacts, prices and the
like, read with line numbers and checked as she writes it.

Everything that is hers lives in one Finnish YAML file at the top of the project, so she
never edits Python. It is read with the feedback files' YAML reader (sitecore.feedback: line
numbers, Finnish messages for a syntax slip, a repeated or an unknown key), and each value
is checked for its form here: an e-mail without @, a Y-tunnus whose check digit does not
match, an address that is not https. Whether a value is still sample material is the
launch guard's question (sitetools/launch_guard.py). SCHEMA says where each value goes in
the settings the templates and plugins read (OWNER, PRICES, …); sitecore.settings puts it
there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from babel import Locale
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitecore.feedback import Checker, compose, line_of, value_of
from sitecore.problems import Problem

FILE = "tiedot.yaml"
# The shipped sample Y-tunnus: its check digit is wrong on purpose, so that it can never be
# a real company's. The preview accepts it; the launch guard refuses it.
SAMPLE_BUSINESS_ID = "1234567-8"
BUSINESS_ID_HELP = (
    "Y-tunnus on seitsemän numeroa, väliviiva ja tarkistusnumero (muoto NNNNNNN-N). "
    "Kopioi se yritystietojärjestelmästä (ytj.fi)."
)


# --- the checks: what she wrote -> the setting's value; ValueError says why not ------------


def choice(options: dict[str, Any], value: str) -> Any:
    """What one of options means (a check made with partial: the options given first)."""
    if value not in options:
        *first, last = options
        raise ValueError(f"”{value}” ei ole vaihtoehto ({', '.join(first)} tai {last}).")
    return options[value]


def matching(pattern: str, what: str, value: str) -> str:
    """The value when it matches pattern (a check made with partial); what: what it is not."""
    if not re.fullmatch(pattern, value):
        raise ValueError(f"”{value}” ei ole {what}.")
    return value


email = partial(matching, r"[^@\s]+@[^@\s]+\.[^@\s]+", "sähköpostiosoite (muoto nimi@palvelin.fi)")
# A public https address (a trailing slash is kept: it may be part of a link).
HTTPS = r"https://(?!localhost\b|127\.)[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?"
https = partial(matching, HTTPS, "julkinen https-osoite")


def business_id_problem(value: str) -> str | None:
    """What is wrong with a Y-tunnus, in Finnish; None when it is valid.

    The check digit: the seven digits are weighted 7, 9, 10, 5, 8, 4, 2 and summed; with
    remainder 0 of division by 11 it is 0, with remainder 1 the number is never given out,
    otherwise it is 11 minus the remainder."""
    match = re.fullmatch(r"(\d{7})-(\d)", value)
    if not match:
        if re.fullmatch(r"\d{6}-\d", value):
            return (
                f"Y-tunnuksessa ”{value}” on vain kuusi numeroa ennen väliviivaa. Vanhoihin "
                f"tunnuksiin lisätään alkuun nolla: 0{value}."
            )
        return f"Y-tunnus ”{value}” ei ole oikeaa muotoa. {BUSINESS_ID_HELP}"
    remainder = sum(int(d) * w for d, w in zip(match[1], (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return (
            f"Y-tunnusta ”{value}” ei voi olla olemassa (tällaisille numeroille ei anneta "
            f"tarkistusnumeroa), joten jokin numero on väärin. {BUSINESS_ID_HELP}"
        )
    if int(match[2]) != (11 - remainder) % 11:
        return (
            f"Y-tunnuksen ”{value}” tarkistusnumero ei täsmää, joten jokin numero on väärin. "
            f"{BUSINESS_ID_HELP}"
        )
    return None


def business_id(value: str) -> str:
    if value != SAMPLE_BUSINESS_ID and (problem := business_id_problem(value)):
        raise ValueError(problem)
    return value


def site_address(value: str) -> str:
    """The site's address: every absolute URL is made from it, so no trailing slash."""
    return https(value).rstrip("/")


def country(value: str) -> str:
    """A country's two-letter code, upper case; a "[gap]" is left for the launch guard."""
    code = value.upper()
    if re.fullmatch(r"\[.*\]", value):
        return value
    if not re.fullmatch(r"[A-Z]{2}", code) or code not in Locale.parse("fi").territories:
        raise ValueError(f"maata ”{value}” ei tunneta: kirjoita maan kaksikirjaiminen tunnus.")
    return code


def survey_tool(value: str) -> str:
    """Her survey tool's name; "ei" when she collects feedback without one."""
    return "" if value.casefold() == "ei" else value


YES_NO = partial(choice, {"kyllä": True, "ei": False})
VAT = partial(choice, {"sisältyy": "included", "lisätään": "added", "ei": "exempt"})


# --- the file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    to: str  # the settings it fills, "OWNER.name AUTHOR"
    example: str  # a value to write, for messages
    check: Callable[[str], Any] = str  # not run on an empty value


@dataclass(frozen=True)
class Rows:
    """A list of mappings with the same fields (hinnat)."""

    to: str
    fields: dict[str, Field]


Section = dict[str, "Field | Rows | Section"]


def service(to: str, example: str, check: Callable[[str], Any] = str) -> Section:
    """A service that keeps her data (sitecore.privacy): its name, the country where it
    keeps the data and, outside the EU/EEA, what the transfer rests on."""
    return {
        "palvelu": Field(f"{to}.name", example, check),
        "maa": Field(f"{to}.country", "FI", country),
        "siirtoperuste": Field(f"{to}.transfer_basis", "komission vakiosopimuslausekkeet"),
    }


SCHEMA: Section = {
    "nimi": Field("OWNER.name AUTHOR", "Liisa Ohjaaja"),
    "ammattinimike": Field("OWNER.title", "Työnohjaaja"),
    "sähköposti": Field("OWNER.email", "liisa@ohjaaja.fi", email),
    "puhelin": Field("OWNER.phone", '+358 40 765 4321 (tai "", jos et näytä numeroa)'),
    "y-tunnus": Field("OWNER.business_id", "0112038-9", business_id),
    "paikkakunta": Field("OWNER.municipality SESSIONS.city", "Tampere"),
    "toiminta-alue": Field("OWNER.area", "Tampere ja Pirkanmaa, etänä koko Suomi"),
    "ajanvaraus": Field("OWNER.booking_url", "https://varaa.ohjaaja.fi/", https),
    "sivusto": {
        "nimi": Field("SITENAME", "Työnohjaus Liisa Ohjaaja"),
        "kuvaus": Field("SITE_DESCRIPTION", "Työnohjausta esihenkilöille ja työyhteisöille."),
        "osoite": Field("SITEURL", "https://www.ohjaaja.fi", site_address),
    },
    "tapaamiset": {
        "etänä": Field("SESSIONS.remote", "kyllä", YES_NO),
        "tutustumiskeskustelu": Field("SESSIONS.first_length", "30 min"),
        "tutustumistapa": Field("SESSIONS.first_how", "puhelimessa tai videoyhteydellä"),
    },
    "hinnat": Rows(
        "PRICES",
        {
            "palvelu": Field("service", "yksilotyonohjaus"),
            "hinta": Field("price", "120 €"),
            "yksikkö": Field("unit", "tapaaminen"),
            "alkaen": Field("from", "ei", YES_NO),
        },
    ),
    "arvonlisävero": Field("PRICES_VAT", "sisältyy", VAT),
    "verokanta": Field("VAT_RATE", "25,5 %"),
    "peruutusehdot": Field("CANCELLATION_TERMS", "Tapaamisen voi perua maksutta."),
    "lomake": {
        "osoite": Field("CONTACT_FORM_ACTION", "https://formspree.io/f/abcdefgh", https),
        **service("CONTACT_FORM_SERVICE", "Formspree"),
    },
    "webhotelli": service("WEB_HOST", "Zoner"),
    "sähköpostipalvelu": service("EMAIL_SERVICE", "Zoner"),
    "kysely": {
        **service("SURVEY_SERVICE", "Webropol (tai ei, jos et käytä kyselyä)", survey_tool),
        "säilytys": Field("SURVEY_SERVICE.retention", "3 kuukautta"),
    },
    "tietosuoja": {
        "viestit": Field("PRIVACY.message_retention", "12 kuukautta"),
        "lokit": Field("PRIVACY.log_retention", "30 päivää"),
    },
}


def fields(section: Section = SCHEMA, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field with its name as she reads it: "sivusto, nimi", "hinnat, hinta"."""
    for key, item in section.items():
        name = f"{prefix}, {key}" if prefix else key
        if isinstance(item, Field):
            yield name, item
        else:
            yield from fields(item.fields if isinstance(item, Rows) else item, name)


@dataclass(frozen=True)
class Entry:
    """One value as she wrote it, and the lines it is written on."""

    key: str  # "hinnat, hinta"
    value: str
    first: int
    last: int


@dataclass
class Details(Checker):
    """Her details as read: the settings they fill, each value with its lines, and every
    problem (a Checker's, so the fields are checked as they are read)."""

    settings: dict[str, Any] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    lines: list[str] | None = None  # the file's text; None when it could not be read

    def entry(self, key: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.key == key), None)

    def line_of(self, entry: Entry, word: str) -> int:
        """The line of a word inside a value (a value may span lines)."""
        lines = self.lines or []
        rows = range(entry.first, min(entry.last, len(lines)) + 1)
        return next((n for n in rows if word in lines[n - 1]), entry.first)

    def section(self, spec: Section, node: Node | None, name: str, out: dict) -> dict:
        """out with the settings the fields of spec fill (node: where they are written)."""
        found: dict[str, Node] = {}
        if isinstance(node, MappingNode):
            where = f"kohdassa {name}" if name else f"tiedostossa {FILE}"
            found = self.mapping(node, tuple(spec), where)
        elif node is not None and value_of(node) is not None:
            self.problem(
                node,
                f"kohdassa {name or FILE} pitää olla kenttiä muodossa avain: arvo, "
                f"sisennettyinä, kuten tiedostossa alun perin: {', '.join(spec)}.",
            )
        for key, item in spec.items():
            inner = f"{name}, {key}" if name else key
            if isinstance(item, Field):
                self.value(item, found.get(key), inner, out)
            elif isinstance(item, Rows):
                out[item.to] = self.rows(item, found.get(key), inner)
            else:
                self.section(item, found.get(key), inner, out)
        return out

    def rows(self, spec: Rows, node: Node | None, name: str) -> list[dict[str, Any]]:
        if isinstance(node, SequenceNode):
            return [
                self.section(spec.fields, row, name, {"line": line_of(row)}) for row in node.value
            ]
        if node is not None and value_of(node) is not None:
            self.problem(
                node,
                f"kohdan {name} pitää olla luettelo, jonka jokainen kohta alkaa viivalla, "
                f"kuten tiedostossa alun perin: - {next(iter(spec.fields))}: …",
            )
        return []

    def value(self, spec: Field, node: Node | None, name: str, out: dict) -> None:
        """The text as she wrote it (040 stays 040, `ei` a word, not YAML's number or
        boolean), checked and put in its settings."""
        raw = ""
        if isinstance(node, ScalarNode):
            raw = "" if value_of(node) is None else str(node.value).strip()
        elif node is not None:
            self.problem(
                node,
                f"kohdassa {name} pitää olla yksi arvo. Hakasulkeet [ ] ja aaltosulkeet {{ }} "
                "tekevät YAML-tiedostossa luettelon: kirjoita arvo lainausmerkkeihin, esimerkiksi "
                '"[paikkakunta]", tai poista sulkeet.',
            )
        if node is not None:
            last = max(line_of(node), node.end_mark.line)
            self.entries.append(Entry(name, raw, line_of(node), last))
        value: Any = raw
        try:
            value = spec.check(raw) if raw else raw
        except ValueError as err:
            key = name.rsplit(", ", 1)[-1]
            self.problem(node, f"{name}: {err} Kirjoita esimerkiksi {key}: {spec.example}")
        for target in spec.to.split():  # "OWNER.name": OWNER's name; "AUTHOR": itself
            setting, _, key = target.partition(".")
            place = out.setdefault(setting, {}) if key else out
            place[key or setting] = value


def read(path: Path) -> Details:
    """The details in path, mapped to settings; every problem with its line. Every setting
    is filled, empty when not written (or the file cannot be read)."""
    details = Details(path)
    message = f"tiedosto {FILE} puuttuu: siinä ovat omat tietosi. Palauta se projektiin."
    root = compose(path) if path.is_file() else Problem(path, None, message)
    if isinstance(root, Problem):
        details.problems.append(root)
        root = None
    else:
        details.lines = path.read_text(encoding="utf-8").splitlines()
    details.section(SCHEMA, root, "", details.settings)
    details.problems.sort(key=lambda p: p.line or 0)
    return details


# The settings the file fills, every one whatever she wrote: they are hers, never written in
# pelicanconf.py.
SETTINGS = frozenset(Details(Path(FILE)).section(SCHEMA, None, "", {}))
