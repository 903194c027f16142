"""`invoke feedback-import kysely.csv`: a survey tool's CSV export → feedback files.

Which column holds what is in a small YAML file the practitioner edits
(content/feedback/import-mapping.yaml). Nothing is published by accident: a file gets
`publish: no` unless the mapped consent answer says otherwise. Each row is identified by a
hash of its cells, written into the file as a comment, so running the import again (or after
renaming a file) creates nothing new; an existing file is never overwritten. Every new file
is checked with the same rules as the build before it is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from sitecore import feedback as loader
from sitecore.dates import missing_day
from sitecore.metadata import content_files, read_header
from sitecore.plural import plural
from sitecore.problems import NotUtf8, Problem, read_utf8
from sitecore.settings import Settings, make_slug

TEXT_LISTS = ("success_factors", "improvements")
COLUMN_KEYS = ("date", "author", "service", "duration_months", "quote", *TEXT_LISTS)
MAPPING_KEYS = ("columns", "consent", "services", "benefits")
ROW_ID = "# kyselyrivi: "
LIST_ITEM = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s*")
SEPARATORS = " \t\r\n,;/|"


# What is wrong with a line of the mapping whose value (in columns, whose field) is unknown.
FAULTS = {
    "columns": "kohdassa columns on tuntematon kenttä ”{key}”.{guess} Sallitut: {allowed}.",
    "consent": "vastaukselle ”{key}” on annettu ”{value}”. Kirjoita named, anonymous, "
    "statistics tai no.",
    "services": "palvelua ”{value}” (vastaus ”{key}”) ei ole.{guess} Palvelusivut: {allowed}.",
    "benefits": f"vaihtoehdon ”{{key}}” teemaa ”{{value}}” ei ole tiedostossa {loader.THEMES_FILE}."
    "{guess} Teemat: {allowed}.",
}


class ImportStopped(Exception):
    """A problem that stops the whole import (file, mapping or header)."""


@dataclass
class Mapping:
    columns: dict[str, str]
    consent_column: str = ""
    consent: dict[str, str] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)
    benefits_column: str = ""
    benefits: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    created: list[Path] = field(default_factory=list)
    existing: int = 0
    skipped: list[str] = field(default_factory=list)


def pairs(
    checker: loader.Checker, node: Node | None, what: str, allowed: Sequence[str]
) -> dict[str, str]:
    """The text: value lines of a mapping section. A line whose value (in columns, its text)
    is not one of allowed is reported at its line (FAULTS) and left out; the answers of
    consent and services are kept in lower case, to be found in any letter case."""
    if not isinstance(node, MappingNode):
        checker.problem(node, f"kohta {what}: kirjoita rivit muodossa teksti: arvo, sisennettynä.")
        return {}
    result = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or not isinstance(value_node, ScalarNode):
            checker.problem(key_node, f"kohta {what}: kirjoita muodossa teksti: arvo.")
            continue
        key, value = str(key_node.value).strip(), str(value_node.value).strip()
        checked = key if what == "columns" else value
        if checked in allowed:
            result[key.casefold() if what in ("consent", "services") else key] = value
            continue
        guess = loader.did_you_mean(checked, allowed)
        fault = FAULTS[what].format(key=key, value=value, guess=guess, allowed=", ".join(allowed))
        checker.problem(key_node, fault)
    return result


def column_answers(
    checker: loader.Checker, node: Node | None, what: str, allowed: Sequence[str]
) -> tuple[str, dict[str, str]]:
    """A section with a column: (the survey's column) and its answers: (answer: value);
    none when the mapping has no such section (node None)."""
    if node is None:
        return "", {}
    fields = {}
    if isinstance(node, MappingNode):
        fields = checker.mapping(node, ("column", "answers"), f"kohdassa {what}")
    if "column" not in fields or "answers" not in fields:
        checker.problem(
            node, f"kohtaan {what} kuuluu column: (sarakkeen otsikko) ja answers: (vastaus: arvo)."
        )
        return "", {}
    return str(fields["column"].value).strip(), pairs(checker, fields["answers"], what, allowed)


def read_mapping(path: Path, themes: list[str], services: list[str]) -> Mapping:
    """The practitioner's column mapping, checked against the themes (their keys) and service
    pages; any problem in it stops the import, each one named with its line."""
    if not path.is_file():
        raise ImportStopped(
            f"{path}: sarakkeiden määrittelytiedosto puuttuu. Katso malli tiedostosta "
            "content/feedback/README.md."
        )
    root = loader.compose(path)
    if isinstance(root, Problem):
        raise ImportStopped(str(root))
    checker = loader.Checker(path)
    sections = {}
    if isinstance(root, MappingNode):
        sections = checker.mapping(root, MAPPING_KEYS, "määrittelyssä")
    columns: dict[str, str] = {}
    if "columns" not in sections:
        checker.problem(root, "kohta columns: puuttuu (mikä sarake on mikäkin kenttä).")
    elif "date" not in (columns := pairs(checker, sections["columns"], "columns", COLUMN_KEYS)):
        checker.problem(
            sections["columns"],
            "kohdasta columns puuttuu date: (vastauksen aikaleiman sarake), esimerkiksi "
            "date: Aikaleima",
        )
    consent = column_answers(checker, sections.get("consent"), "consent", loader.PUBLISH_VALUES)
    found = sections.get("services")
    known = pairs(checker, found, "services", services) if found else {}
    benefits = column_answers(checker, sections.get("benefits"), "benefits", themes)
    if checker.problems:
        raise ImportStopped("\n".join(str(problem) for problem in checker.problems))
    return Mapping(columns, *consent, known, *benefits)


def service_slugs(settings: Settings) -> list[str]:
    """Slugs of the service pages (Template: service), read from their metadata headers."""
    slugs = []
    for _, path in content_files(settings):
        header = read_header(path)
        if header.get("template") == "service":
            slugs.append(header.get("slug") or make_slug(header.get("title", path.stem), settings))
    return sorted(slugs)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a UTF-8 CSV, BOM or not, ; or , (row n is the spreadsheet's n+2)."""
    try:
        text = read_utf8(path)
    except NotUtf8 as err:
        raise ImportStopped(
            f"{path}, rivi {err.line}: tiedosto ei ole UTF-8-muodossa. Vie kysely uudelleen "
            "muodossa CSV UTF-8 (Excelissä: Tallenna nimellä → CSV UTF-8)."
        ) from None
    delimiter = max(";,\t", key=text.split("\n", 1)[0].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as err:
        raise ImportStopped(
            f"{path}, rivi {reader.line_num}: CSV-tiedostoa ei voi lukea ({err})."
        ) from None
    if not rows:
        raise ImportStopped(f"{path}: tiedosto on tyhjä.")
    return [cell.strip() for cell in rows[0]], rows[1:]


def chosen_benefits(value: str, answers: dict[str, str]) -> tuple[list[dict[str, str]], str]:
    """Benefits picked in a multiple-choice cell, whatever the survey tool's separator.
    Returns (benefits, leftover text that matched no answer)."""
    found = []
    rest = value
    for answer in sorted(answers, key=len, reverse=True):
        if match := re.search(re.escape(answer), rest, re.IGNORECASE):
            # blank the match out, keeping positions, so answers are found in order
            found.append((match.start(), answer))
            rest = rest[: match.start()] + " " * len(answer) + rest[match.end() :]
    benefits = [{"theme": answers[answer], "text": answer} for _, answer in sorted(found)]
    return benefits, " ".join(rest.split()).strip(SEPARATORS)


class Dumper(yaml.SafeDumper):
    """Writes a text of several lines as a block (|), as she would write it herself."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = "|" if "\n" in data else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(str, Dumper.represent_str)


def dump(data: dict) -> str:
    if not data:
        return ""
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=88)


def row_date(raw: str, column: str) -> dt.date:
    """The day in a time stamp cell. A day in the future is the loader's to refuse (the
    file's check says so, with the date to write)."""
    match = next(filter(None, (form.search(raw) for form in loader.DATE_FORMS)), None)
    if match is None:
        raise ValueError(
            f"päivämäärää ”{raw}” ei voi lukea sarakkeesta ”{column}”. "
            "Kirjoita se muodossa 31.5.2013 tai 2013-05-31."
        )
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if why := missing_day(year, month, day):
        raise ValueError(f"päivämäärää ”{match[0]}” ei ole olemassa: {why}. Korjaa päivä CSV:hen.")
    return dt.date(year, month, day)


def row_to_file(cells: dict[str, str], mapping: Mapping) -> tuple[dict, str, dict]:
    """(fields before publish, publish, fields after publish); ValueError says what is wrong
    that the file's own check could not say of the row (the loader checks the rest)."""
    answer = {key: cells[column].strip() for key, column in mapping.columns.items()}
    date = row_date(cells[mapping.columns["date"]], mapping.columns["date"])
    consent = cells.get(mapping.consent_column, "").strip().casefold()
    publish = mapping.consent.get(consent, "no") if mapping.consent_column else "no"
    author = answer.get("author", "")
    if publish == "named" and not author:
        raise ValueError(
            "asiakas antoi luvan julkaista nimellä, mutta nimi puuttuu. Lisää nimi CSV:hen "
            "tai tuo palaute ja kirjoita tiedostoon publish: anonymous."
        )
    # The name stays in content/ only when the client allowed it to be shown.
    head: dict = {"author": author} if author and publish == "named" else {}
    head["date"] = date
    if service := answer.get("service"):
        if service.casefold() not in mapping.services:
            raise ValueError(
                f"palvelua ”{service}” ei löydy määrittelyn kohdasta services. Lisää se sinne, "
                f"esimerkiksi ”{service}: yksilotyonohjaus”."
            )
        head["service"] = mapping.services[service.casefold()]
    if months := answer.get("duration_months"):  # "12 kk" is 12; the loader checks the range
        number = re.fullmatch(r"(\d+)\s*(?:kk|kuukautta|kuukausi)?", months)
        head["duration_months"] = int(number[1]) if number else months
    tail: dict = {}
    if quote := answer.get("quote"):
        tail["quote"] = "\n".join(line.strip() for line in quote.splitlines()) + "\n"
    if mapping.benefits_column:
        benefits, rest = chosen_benefits(cells[mapping.benefits_column], mapping.benefits)
        if rest:
            raise ValueError(
                f"sarakkeen ”{mapping.benefits_column}” vastausta ”{rest}” ei ole "
                "määrittelyn kohdassa benefits. Lisää se sinne ja anna sille teema."
            )
        if benefits:
            tail["benefits"] = benefits
    for key in TEXT_LISTS:  # an open answer: an item a line, bullets and numbering removed
        lines = answer.get(key, "").splitlines()
        if items := [LIST_ITEM.sub("", line).strip() for line in lines if line.strip()]:
            tail[key] = items
    return head, publish, tail


def known_ids(folder: Path) -> set[str]:
    """The rows already imported: their ids, in the first lines of the feedback files."""
    ids = set()
    for path in loader.feedback_files(folder):
        head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:5]
        ids.update(line.removeprefix(ROW_ID).strip() for line in head if line.startswith(ROW_ID))
    return ids


def import_csv(
    csv_path: Path, folder: Path, mapping_path: Path, settings: Settings, today: dt.date
) -> Report:
    themes, problems = loader.load_themes(folder / loader.THEMES_FILE)
    if problems:
        raise ImportStopped(str(problems[0]))
    services = service_slugs(settings)
    theme_keys = [theme.key for theme in themes]
    mapping = read_mapping(mapping_path, theme_keys, services)
    header, rows = read_rows(csv_path)
    extra = filter(None, [mapping.consent_column, mapping.benefits_column])
    for column in [*mapping.columns.values(), *extra]:
        if column not in header:
            raise ImportStopped(
                f"{mapping_path}: saraketta ”{column}” ei ole tiedostossa {csv_path.name}."
                f"{loader.did_you_mean(column, header)} CSV:n sarakkeet: {'; '.join(header)}."
            )
    seen = known_ids(folder)
    report = Report()
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            report.skipped.append(
                f"rivi {number}: rivillä on {plural(len(cells), 'sarake', 'saraketta')}, "
                f"otsikkorivillä {len(header)}. Tarkista rivin lainausmerkit ja erottimet."
            )
            continue
        # The row's id: a hash of its cells, the same at every import of the same answer.
        ident = hashlib.sha256("\x1f".join(map(str.strip, cells)).encode()).hexdigest()[:12]
        if ident in seen:
            report.existing += 1
            continue
        try:
            head, publish, tail = row_to_file(dict(zip(header, cells, strict=True)), mapping)
        except ValueError as err:
            report.skipped.append(f"rivi {number}: {err}")
            continue
        target = folder / f"{head['date']:%Y-%m-%d}-kysely-{ident}.yaml"
        text = (
            f"# Tuotu kyselystä {csv_path.name}, rivi {number}. Julkaise vain asiakkaan luvalla.\n"
            f"{ROW_ID}{ident}\n{dump(head)}publish: {publish}\n{dump(tail)}"
        )
        _, file_problems = loader.check_feedback(
            yaml.compose(text, Loader=yaml.SafeLoader), target, theme_keys, services, today
        )
        if file_problems:
            messages = "; ".join(problem.message for problem in file_problems)
            report.skipped.append(f"rivi {number}: {messages}")
            continue
        if target.exists():  # never overwrite, whatever the reason
            report.existing += 1
            continue
        target.write_text(text, encoding="utf-8")
        seen.add(ident)
        report.created.append(target)
    return report


def summary(report: Report, folder: Path) -> str:
    """The import's last line, each count agreeing with its number."""
    created = plural(len(report.created), "uusi palautetiedosto", "uutta palautetiedostoa")
    skipped = plural(len(report.skipped), "rivi ohitettiin", "riviä ohitettiin")
    return f"Valmis: {created} kansioon {folder}, {report.existing} oli jo tuotu, {skipped}."


def run(
    csv_path: Path, folder: Path, settings: Settings, today: dt.date, mapping: Path | None = None
) -> int:
    """The task's body: import, print a report in Finnish, return the exit code."""
    if not csv_path.is_file():
        print(
            f"Tiedostoa {csv_path} ei löydy. Anna CSV-tiedoston polku, esimerkiksi "
            "invoke feedback-import ~/Lataukset/kysely.csv"
        )
        return 2
    try:
        report = import_csv(
            csv_path, folder, mapping or folder / loader.MAPPING_FILE, settings, today
        )
    except ImportStopped as err:
        print(f"Tuonti keskeytyi: {err}")
        return 2
    for path in report.created:
        print(f"Uusi palaute: {path.name}")
    for message in report.skipped:
        print(f"Ohitettu: {csv_path.name}, {message}")
    print(summary(report, folder))
    if report.created:
        print(
            "Jokaisen uuden tiedoston publish-arvo tulee asiakkaan lupavastauksesta; "
            "publish: no (ei lupaa tai ei vastausta) ei näy sivustolla lainkaan. "
            "Tarkista tiedostot ennen julkaisua."
        )
    return 1 if report.skipped else 0
