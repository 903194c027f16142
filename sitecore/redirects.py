"""The redirect map: old addresses (from the WordPress blog) and where they now are.

One YAML file in content/ (REDIRECTS_FILE, default redirects.yaml) that the practitioner can
read and edit, one line per old address:

    "/2013/05/31/mista-syntyy-hyodyllinen-tyonohjaus/": /blogi/mista-syntyy-hyodyllinen-tyonohjaus/
    "/?p=12": /blogi/mista-syntyy-hyodyllinen-tyonohjaus/

`invoke wordpress-import` appends to it; the redirects plugin turns it into Apache rules,
a _redirects file and small HTML pages at the old addresses. Both read it here, so there is
one definition of what a valid line is. Old paths are kept decoded (ä, not %C3%A4): every
form a browser may send is made from that when the rules are written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode

from sitecore.feedback import Checker, compose, line_of
from sitecore.problems import Problem

QUERY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)=(?P<value>[A-Za-z0-9_.-]+)$")
EXAMPLE = '"/2013/05/31/vanha-osoite/": /blogi/uusi-osoite/'
HEADER = """\
# Vanhat osoitteet ja uudet osoitteet, joihin ne ohjataan pysyvästi (301).
#
# Jokaisella rivillä on ensin vanha osoite lainausmerkeissä, kaksoispiste ja sitten uusi
# osoite tällä sivustolla, esimerkiksi:
#   "/2013/05/31/vanha-osoite/": /blogi/uusi-osoite/
#   "/?p=12": /blogi/uusi-osoite/
# Osoitteet kirjoitetaan ilman sivuston nimeä, kauttaviivasta alkaen. Ääkköset saa
# kirjoittaa sellaisinaan. Rivin voi poistaa tai uuden osoitteen muuttaa; rakentaminen
# kertoo, jos uutta osoitetta ei ole sivustolla.
#
# invoke wordpress-import lisää tänne rivit tuoduille kirjoituksille, sivuille,
# kategorioille ja aiheille; se ei muuta eikä poista olemassa olevia rivejä.
"""


@dataclass(frozen=True)
class Redirect:
    """One line of the map: an old path (decoded, maybe with one query parameter) and the
    new address (a path on this site, or a full URL)."""

    old_path: str
    query: str  # "" or "p=12"
    new: str
    line: int

    @property
    def old(self) -> str:
        return f"{self.old_path}?{self.query}" if self.query else self.old_path


def normal_old(address: str) -> tuple[str, str]:
    """(decoded path, query) of an old address as written in the map."""
    parts = urlsplit(address.strip())
    return unquote(parts.path), parts.query


def key(address: str) -> str:
    """What two spellings of one old address have in common: decoded, no trailing slash."""
    path, query = normal_old(address)
    path = path.rstrip("/") or "/"
    return f"{path}?{query}" if query else path


def check_line(old: str, new: str) -> str | None:
    """Why a line of the map cannot be used (in Finnish), or None."""
    path, query = normal_old(old)
    if not old.startswith("/"):
        return (
            f"vanha osoite ”{old}” ei ala kauttaviivalla. Kirjoita osoite ilman sivuston "
            f"nimeä, esimerkiksi {EXAMPLE}"
        )
    if query and not QUERY.match(query):
        return (
            f"vanhan osoitteen ”{old}” ?-osa ei käy: yksi muoto nimi=arvo on sallittu, "
            'esimerkiksi "/?p=12".'
        )
    if any(part in ("..", ".") for part in path.split("/")) or "\x00" in path or "#" in old:
        return f"vanha osoite ”{old}” ei ole tavallinen polku. Korjaa tai poista rivi."
    if not new or not (new.startswith("/") or urlsplit(new).scheme in ("http", "https")):
        return (
            f"uusi osoite ”{new}” ei käy. Kirjoita sivuston osoite kauttaviivasta alkaen "
            "(esimerkiksi /blogi/uusi-osoite/) tai kokonainen osoite https://…"
        )
    if not query and new.startswith("/") and key(old) == key(new):
        return f"vanha ja uusi osoite ovat samat ({new}): poista rivi, ohjausta ei tarvita."
    return None


def parse(root: Node | None, path: Path) -> tuple[list[Redirect], list[Problem]]:
    """The redirects of a map file's YAML nodes, and what is wrong in it (line by line)."""
    checker, found = Checker(path), {}  # found: by the old address's key, in the file's order
    if root is not None and not isinstance(root, MappingNode):
        checker.problem(root, f"kirjoita rivit muodossa {EXAMPLE}")
    for key_node, value_node in root.value if isinstance(root, MappingNode) else ():
        old, new = str(key_node.value).strip(), str(value_node.value or "").strip()
        if not isinstance(key_node, ScalarNode) or not isinstance(value_node, ScalarNode):
            why = f"kirjoita rivi muodossa {EXAMPLE}"
        elif (why := check_line(old, new)) is None and (first := found.get(key(old))):
            why = f"vanha osoite {old} on jo rivillä {first.line}. Poista toinen riveistä."
        if why:
            checker.problem(key_node, why)
        else:
            found[key(old)] = Redirect(*normal_old(old), new, line_of(key_node))
    return list(found.values()), checker.problems


def load(path: Path) -> tuple[list[Redirect], list[Problem]]:
    """The map file's redirects ([] when there is no file) and its problems."""
    root = compose(path) if path.is_file() else None  # a Problem: not UTF-8, not YAML, …
    return ([], [root]) if isinstance(root, Problem) else parse(root, path)


def format_line(old: str, new: str) -> str:
    """One line of the map: the old address quoted (it may hold ?, : or #), the new plain."""
    return f"{json.dumps(old, ensure_ascii=False)}: {json.dumps(new, ensure_ascii=False)}"


def map_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / settings["REDIRECTS_FILE"]
