"""Read and check the practitioner's feedback files (YAML, one feedback per file).

The files are composed into YAML nodes rather than loaded straight into Python objects, so
every problem can name its line, and so `publish: no` is read as the word the practitioner
wrote instead of YAML 1.1's boolean. Every message is in Finnish and says what to write
instead; a file with any problem is left out as a whole, so nothing half-checked is shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from sitecore.dates import missing_day
from sitecore.problems import NotUtf8, Problem, control_character, read_utf8, shown_path

PUBLISH_VALUES = ("named", "anonymous", "statistics", "no")
COUNTED = ("named", "anonymous", "statistics")
SHOWN = ("named", "anonymous")
LIST_KEYS = ("benefits", "success_factors", "improvements")
# How a file adds to the counts: `once` (default) – the file is one feedback; `each_benefit`
# – a summary of several clients' feedback where each listed benefit is one client's mention,
# so each benefit counts as one mention of its own theme.
COUNT_VALUES = ("once", "each_benefit")
# A record's fields and their examples; all but the last must be there.
BENEFIT_EXAMPLES = {"theme": "johtaminen", "text": "Oma esimiestyö sai lisää voimaa"}
THEME_EXAMPLES = {
    "key": "johtaminen",
    "label": "Esihenkilötyö ja johtaminen",
    "description": "Yksi lause teemasta.",
}
# A day as she may write it (the import finds one in a time stamp, too).
DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
)
THEMES_FILE = "themes.yaml"
SAME = (
    "sama palaute kuin tiedostossa {} (sama päivä ja samat sanat), joten se laskettaisiin "
    "kahteen kertaan. Poista toinen tiedostoista."
)
MAPPING_FILE = "import-mapping.yaml"  # the CSV import's column mapping, not a feedback
PUBLISH_HELP = (
    "Kirjoita publish: named (lainaus nimellä), publish: anonymous (lainaus ilman nimeä), "
    "publish: statistics (vain lukuihin) tai publish: no (ei käytetä lainkaan)."
)
COUNT_HELP = (
    "Kirjoita count: once (tiedosto on yksi palaute) tai count: each_benefit (tiedosto kokoaa "
    "usean asiakkaan mainitsemia hyötyjä, ja jokainen hyöty lasketaan yhdeksi maininnaksi)."
)
# What to say of a field that is not there (only publish and date must be).
MISSING = {
    "publish": f"kenttä publish puuttuu, joten palautetta ei käytetä. {PUBLISH_HELP}",
    "date": "päivämäärä puuttuu. Lisää rivi date: 2013-05-31 (vuosi-kuukausi-päivä).",
}
# What to say of a value that is no text; {shape} is what stands there instead.
TEXT_SAYS = "kentän {key} arvo on {shape}. Kirjoita esimerkiksi {example}"
QUOTE_SAYS = (
    "lainaus on {shape}. Kirjoita asiakkaan omat sanat, esimerkiksi\n  quote: |\n"
    "    Vertaistuki vahvistui.\ntai poista quote-rivi kokonaan."
)
BENEFIT_EXAMPLE = (
    "\n  benefits:\n    - theme: johtaminen\n      text: Oma esimiestyö sai lisää voimaa"
)
THEMES_EXAMPLE = (
    "\n  - key: johtaminen\n    label: Esihenkilötyö ja johtaminen\n"
    "    description: Yksi lause teemasta (valinnainen)."
)
# What to say of a list of records that is no list, of an item that is no record, and of a
# record without a field it needs.
BENEFIT_SAYS = (
    f"kentän benefits pitää olla luettelo, esimerkiksi:{BENEFIT_EXAMPLE}",
    f"hyödyssä pitää olla teema (theme) ja teksti (text), esimerkiksi:{BENEFIT_EXAMPLE}",
    f"hyödyltä puuttuu teema. Lisää rivi theme: ja teeman avain, esimerkiksi:{BENEFIT_EXAMPLE}",
)
THEME_SAYS = (
    f"teemat pitää kirjoittaa luetteloksi, esimerkiksi:{THEMES_EXAMPLE}",
    f"jokaisella teemalla pitää olla key ja label, esimerkiksi:{THEMES_EXAMPLE}",
    f"teemalta puuttuu key tai label, esimerkiksi:{THEMES_EXAMPLE}",
)


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Benefit:
    theme: str
    text: str = ""


@dataclass
class Feedback:
    """One checked feedback file. Texts are only ever read through aggregate.py."""

    path: Path
    date: dt.date
    publish: str
    author: str = ""
    service: str = ""
    duration_months: int | None = None
    featured: bool = False
    quote: str = ""
    benefits: list[Benefit] = field(default_factory=list)
    success_factors: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    example: bool = False  # invented sample material: shown in the preview only, with a badge
    count: str = "once"


@dataclass
class Loaded:
    themes: list[Theme]
    feedback: list[Feedback]
    problems: list[Problem]


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    guess = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Tarkoititko ”{guess[0]}”?" if guess else ""


# PyYAML's problem (English) -> what it means, in Finnish.
YAML_CAUSES = (
    ("mapping values", ": rivillä on kaksoispiste keskellä tekstiä, tai sisennys on väärä"),
    ("'\\t'", ": sisennyksessä on sarkain (Tab)"),
    ("cannot start any token", ": teksti alkaa erikoismerkillä"),
    ("end of stream", ": lainausmerkki jäi sulkematta"),
    ("<block end>", ": sisennys ei täsmää viereisiin riveihin"),
    ("expected ','", ": hakasulje [ tai aaltosulje { jäi sulkematta"),
)


NOT_YAML = (
    "tiedosto ei ole kelvollista YAML-muotoa{}. Tarkista tämä rivi: muoto on avain: arvo, "
    "luettelon rivit alkavat viivalla ja sisennykset tehdään välilyönneillä. Jos tekstissä on "
    "kaksoispiste tai se alkaa erikoismerkillä, kirjoita teksti lainausmerkkeihin tai merkin | "
    "jälkeen sisennetyille riveille."
)
# A value that opens a quote and does not close it on its line.
UNCLOSED = re.compile(r"""^[^#"']*:\s+(["'])(?:(?!\1).)*$""")


def compose(path: Path) -> Node | Problem | None:
    """The YAML node tree of a file (None when it is empty), or the Problem that keeps it
    from being read: not UTF-8, not YAML, a character YAML does not allow."""
    text = ""
    try:
        text = read_utf8(path)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except NotUtf8 as err:
        return err.problem
    except yaml.MarkedYAMLError as err:
        line, cause = where_and_why(text, err)
        return Problem(path, line, NOT_YAML.format(cause))
    except ReaderError as err:  # a character YAML does not allow: no mark, a position
        line = text.count("\n", 0, err.position) + 1
        return Problem(path, line, control_character(err.character))


def where_and_why(text: str, err: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line of a YAML syntax error and its cause in Finnish. An unclosed quote or
    bracket is reported where it was opened, not where PyYAML gave up (a quoted text may go
    on over lines, up to the next quote in the file)."""
    opened = err.context_mark and any(w in err.context for w in ("quoted", "flow"))
    mark = err.context_mark if opened else err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    rows = text.splitlines()[: line or 0]
    if unclosed := next((n for n, row in enumerate(rows, 1) if UNCLOSED.match(row)), None):
        return unclosed, ": lainausmerkki jäi sulkematta"
    return line, next((fi for en, fi in YAML_CAUSES if en in str(err.problem)), "")


_constructor = yaml.SafeLoader("")


def value_of(node: Node) -> Any:
    """The Python value of a node, as PyYAML's safe loader would give it."""
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):  # e.g. date: 2013-02-30
        return node.value if isinstance(node, ScalarNode) else None


@dataclass
class Checker:
    """Collects the problems of one file while its fields are converted."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(self.path, line_of(node) if node else 1, message))

    def mapping(self, node: Node, keys: tuple[str, ...], what: str) -> dict[str, Node]:
        """The fields of a mapping node by name; unknown and repeated keys reported."""
        fields: dict[str, Node] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key in lines:
                self.problem(
                    key_node,
                    f"kenttä ”{key}” on kahteen kertaan, riveillä {lines[key]} ja "
                    f"{line_of(key_node)}. Poista toinen.",
                )
            elif key not in keys:
                self.problem(
                    key_node,
                    f"tuntematon kenttä ”{key}” {what}.{did_you_mean(key, keys)} "
                    f"Sallitut kentät: {', '.join(keys)}.",
                )
            else:
                fields[key] = value_node
            lines.setdefault(key, line_of(key_node))
        return fields

    def text(self, node: Node, key: str, example: str, says: str = TEXT_SAYS) -> str:
        """A text that is not empty, stripped; says: what to say of anything else."""
        value = value_of(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            self.problem(node, says.format(key=key, shape=shape(node, value), example=example))
            return ""
        return value.strip()

    def records(
        self, node: Node | None, examples: dict[str, str], what: str, says: tuple[str, str, str]
    ) -> Iterator[tuple[dict[str, Node], dict[str, str]]]:
        """Each record of a list (the themes, a feedback's benefits): its fields' nodes and
        texts. examples: each field's example; every field but the last must be there. says:
        what to say of no list, of an item that is no record, of a missing field."""
        not_list, not_record, missing = says
        if not isinstance(node, SequenceNode):
            self.problem(node, not_list)
            return
        for item in node.value:
            if not isinstance(item, MappingNode):
                self.problem(item, not_record)
                continue
            fields = self.mapping(item, tuple(examples), what)
            if any(key not in fields for key in list(examples)[:-1]):
                self.problem(item, missing)
                continue
            yield (
                fields,
                {key: self.text(fields[key], key, f"{key}: {examples[key]}") for key in fields},
            )


def shape(node: Node, value: Any) -> str:
    """What stands where a text should: said so that she recognises what she wrote."""
    if isinstance(node, SequenceNode):
        written = "hakasulkeissa" if node.flow_style else "rivit alkavat viivalla"
        return f"luettelo ({written}), vaikka siihen kuuluu yksi teksti"
    if isinstance(node, MappingNode):
        return "kenttiä (avain: arvo), vaikka siihen kuuluu yksi teksti"
    return "tyhjä" if value in (None, "") else "ei tekstiä"


# The readers of the fields: (checker, node, key, what they are read against) -> value. The
# node of a field that takes one value is a scalar (misshapen reported the rest).


def text_list(checker: Checker, node: Node, key: str, example: str) -> list[str]:
    if not isinstance(node, SequenceNode):
        checker.problem(
            node,
            f"kentän {key} pitää olla luettelo, jonka jokainen rivi alkaa viivalla, "
            f"esimerkiksi:\n  {key}:\n    - {example}",
        )
        return []
    return [checker.text(item, key, f"- {example}") for item in node.value]


def choice(checker: Checker, node: Node, key: str, values: tuple[str, ...], help: str) -> str:
    """One of values, as written (`no` is the word, not YAML 1.1's boolean)."""
    raw = str(node.value).strip() if isinstance(node, ScalarNode) else ""
    if raw not in values:
        checker.problem(node, f"{key}: {raw or '…'} ei ole sallittu arvo. {help}")
    return raw


def date_advice(raw: str, example: str) -> str:
    """What is wrong with a date that could not be read: the day itself, or its form."""
    match = next(filter(None, (form.fullmatch(raw) for form in DATE_FORMS)), None)
    if not match:
        return f"päivämäärä ”{raw}” on väärässä muodossa. Kirjoita {example}"
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if why := missing_day(year, month, day):
        return f"päivämäärää ”{raw}” ei ole olemassa: {why}. Tarkista päivä. Kirjoita {example}"
    return (
        f"päivämäärä ”{raw}” on väärässä muodossa. Kirjoita date: {year:04d}-{month:02d}-"
        f"{day:02d} (vuosi-kuukausi-päivä)."
    )


def check_date(checker: Checker, node: Node, key: str, today: dt.date) -> dt.date | None:
    value = value_of(node)
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):  # quoted; a text that is no day stays text, and is said so
        with suppress(ValueError):
            value = dt.date.fromisoformat(value.strip())
    if not isinstance(value, dt.date):
        example = "date: 2013-05-31 (vuosi-kuukausi-päivä)."
        checker.problem(node, date_advice(str(node.value).strip(), example))
    elif value > today:
        checker.problem(
            node,
            f"päivämäärä {value.isoformat()} on tulevaisuudessa. Kirjoita päivä, jona palaute "
            f"annettiin, esimerkiksi date: {today.isoformat()}.",
        )
    return value


def check_service(checker: Checker, node: Node, key: str, services: list[str]) -> str:
    slug = checker.text(node, key, f"service: {services[0] if services else '…'}")
    if slug and slug not in services:
        checker.problem(
            node,
            f"palvelua ”{slug}” ei ole.{did_you_mean(slug, services)} Kirjoita palvelusivun "
            f"osoitenimi (Slug), yksi näistä: {', '.join(services) or '(ei palvelusivuja)'}.",
        )
    return slug


def months(checker: Checker, node: Node, key: str) -> int | None:
    value = value_of(node)
    if type(value) is not int or not 1 <= value <= 120:  # True is no number of months
        checker.problem(
            node,
            f"kesto ”{node.value}” ei käy. Kirjoita kuukausien määrä kokonaislukuna 1–120, "
            "esimerkiksi duration_months: 12.",
        )
    return value


def flag(checker: Checker, node: Node, key: str, meaning: str) -> bool:
    """A true-or-false field (featured, example). A quoted "true" is text, not a yes: say
    so, instead of asking for the very word she wrote."""
    value = value_of(node)
    if isinstance(value, bool):
        return value
    word, quote = str(node.value), node.style if node.style in ('"', "'") else ""
    if quote and word.strip().lower() in ("true", "false"):
        advice = (
            ": lainausmerkeissä se on tekstiä eikä kyllä tai ei. Kirjoita se lainausmerkeittä: "
            f"{key}: {word.strip().lower()}"
        )
    else:
        advice = f". Kirjoita {key}: true ({meaning}) tai {key}: false."
    checker.problem(node, f"{key}: {quote}{word}{quote} ei käy{advice}")
    return False


def check_benefits(
    checker: Checker, node: Node, key: str, themes: Collection[str]
) -> list[Benefit]:
    benefits = []
    for fields, texts in checker.records(node, BENEFIT_EXAMPLES, "hyödyssä", BENEFIT_SAYS):
        if (theme := texts["theme"]) and theme not in themes:
            checker.problem(
                fields["theme"],
                f"teemaa ”{theme}” ei ole tiedostossa {THEMES_FILE}.{did_you_mean(theme, themes)} "
                f"Käytä jotakin näistä: {', '.join(themes)}, "
                f"tai lisää teema tiedostoon {THEMES_FILE}.",
            )
        benefits.append(Benefit(**texts))
    return benefits


def check_feedback(
    root: Node | None, path: Path, themes: Collection[str], services: Iterable[str], today: dt.date
) -> tuple[Feedback | None, list[Problem]]:
    """Convert and check one composed file (themes: their keys). Returns (feedback or None,
    problems)."""
    checker = Checker(path)
    if not isinstance(root, MappingNode):
        checker.problem(
            root,
            "tiedostossa pitää olla kenttiä muodossa avain: arvo, vähintään date: ja publish:. "
            "Katso malli tiedostosta content/feedback/README.md.",
        )
        return None, checker.problems
    example = "keksitty esimerkki: näkyy vain esikatselussa, ei koskaan julkaistulla sivustolla"
    readers = {  # the fields, in the order the message about an unknown one lists them
        "author": partial(Checker.text, example="author: Esimiesryhmä, kunta-ala"),
        "date": partial(check_date, today=today),
        "service": partial(check_service, services=sorted(services)),
        "duration_months": months,
        "publish": partial(choice, values=PUBLISH_VALUES, help=PUBLISH_HELP),
        "featured": partial(flag, meaning="lainaus voi näkyä etusivulla"),
        "quote": partial(Checker.text, example="", says=QUOTE_SAYS),
        "benefits": partial(check_benefits, themes=themes),
        "success_factors": partial(text_list, example="Työnohjaajan kokemus"),
        "improvements": partial(text_list, example="Tapaamisia vähintään kerran kuussa"),
        "example": partial(flag, meaning=example),
        "count": partial(choice, values=COUNT_VALUES, help=COUNT_HELP),
    }
    fields = checker.mapping(root, tuple(readers), "palautteessa")
    if misshapen(checker, fields):  # the fields' own checks would misread a list as a value
        return None, checker.problems
    values = {key: readers[key](checker, node, key) for key, node in fields.items()}
    for key in MISSING:
        if key not in fields:
            checker.problem(None, MISSING[key])
    if values.get("publish") == "named" and "author" not in fields:
        checker.problem(
            fields["publish"],
            "publish: named tarkoittaa, että lainaus näytetään nimellä, mutta nimi puuttuu. "
            "Lisää rivi author: Esimiesryhmä, kunta-ala tai kirjoita publish: anonymous.",
        )
    if checker.problems:
        return None, sorted(checker.problems, key=lambda problem: problem.line or 0)
    return Feedback(path=path, **values), []


def misshapen(checker: Checker, fields: dict[str, Node]) -> bool:
    """Whether a list or fields stand where one value belongs (each said so)."""
    found = [
        (key, node)
        for key, node in fields.items()
        if key not in (*LIST_KEYS, "publish") and not isinstance(node, ScalarNode)
    ]  # publish: its own message lists the values it takes
    for key, node in found:
        checker.problem(
            node,
            f"kentän {key} arvo on {shape(node, None)}. Kirjoita arvo samalle riville "
            f"kentän nimen perään: {key}: …",
        )
    return bool(found)


def load_themes(path: Path) -> tuple[list[Theme], list[Problem]]:
    missing = (
        f"teematiedosto puuttuu, joten palautteita ei näytetä. Luo tiedosto {path.name} "
        f"kansioon {path.parent} ja kirjoita siihen teemat, esimerkiksi:{THEMES_EXAMPLE}"
    )
    root = compose(path) if path.is_file() else Problem(path, None, missing)
    if isinstance(root, Problem):
        return [], [root]
    checker = Checker(path)
    themes: list[Theme] = []
    for fields, texts in checker.records(root, THEME_EXAMPLES, "teemassa", THEME_SAYS):
        if any(other.key == texts["key"] for other in themes):
            checker.problem(
                fields["key"], f"teema ”{texts['key']}” on kahteen kertaan. Poista toinen."
            )
        themes.append(Theme(**texts))
    if not themes and not checker.problems:  # an empty list
        checker.problem(root, THEME_SAYS[0])
    return ([], checker.problems) if checker.problems else (themes, [])


def load_file(
    path: Path, themes: Collection[str], services: Iterable[str], today: dt.date
) -> tuple[Feedback | None, list[Problem]]:
    root = compose(path)
    if isinstance(root, Problem):  # not UTF-8, not YAML: nothing to check
        return None, [root]
    return check_feedback(root, path, themes, services, today)


def feedback_files(folder: Path) -> list[Path]:
    found = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    return sorted(path for path in found if path.name not in (THEMES_FILE, MAPPING_FILE))


def load_folder(folder: Path, services: Iterable[str], today: dt.date) -> Loaded:
    """Every theme and every valid feedback file in folder, and the problems of the rest."""
    files = feedback_files(folder)  # no feedback: no themes needed either
    themes, problems = load_themes(folder / THEMES_FILE) if files else ([], [])
    if problems:
        return Loaded([], [], problems)
    keys = [theme.key for theme in themes]
    kept: dict[object, Feedback] = {}  # by its day and words
    for path in files:
        item, file_problems = load_file(path, keys, services, today)
        problems.extend(file_problems)
        if item is None:
            continue
        # The same words on the same day under another name (a copy, an import run twice)
        # would be counted twice. A file without words could be another client's: kept.
        words = tuple(" ".join(text.casefold().split()) for text in texts_of(item))
        same = (item.date, words) if words else path
        if same in kept:
            problems.append(Problem(path, None, SAME.format(shown_path(kept[same].path))))
        else:
            kept[same] = item
    return Loaded(themes, list(kept.values()), problems)


def folder_of(settings: dict) -> Path:
    """The feedback folder of a site: FEEDBACK_PATH under PATH."""
    return Path(settings["PATH"]) / settings["FEEDBACK_PATH"]


def texts_of(item: Feedback) -> list[str]:
    """Every text of a feedback that could be shown: quote, benefits, factors, improvements."""
    words = [item.quote, *(b.text for b in item.benefits)]
    words += item.success_factors + item.improvements
    return [w for w in words if w]


def shows_feedback(folder: Path, examples: bool = False) -> bool:
    """Whether a file in folder puts a client's words on the site (publish: named or
    anonymous; an example only where examples are shown): the privacy policy then tells of
    feedback and the launch guard asks for the survey tool. A file the build would leave
    out (not YAML, a day that does not exist) shows nothing."""
    for path in feedback_files(folder):
        root = compose(path)
        data = value_of(root) if isinstance(root, Node) else None
        shown = isinstance(data, dict) and data.get("publish") in SHOWN
        if shown and (examples or data.get("example") is not True):
            return True
    return False
