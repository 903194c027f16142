"""What an rsync run did, read from its itemized output, and the Finnish report of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitecore.plural import decimal, plural

from .target import Target

ITEM_LINE = re.compile(r"^(?P<flags>\*deleting|[<>ch.][fdLDS]\S*)\s+(?P<name>.+)$")
STATS = {"Number of regular files transferred:": "files_sent", "Total bytes sent:": "bytes_sent"}
# Each list's title in a real run and in a dry run (--dry-run).
TITLES = (
    ("Uudet tiedostot", "Lisättäisiin"),
    ("Muuttuneet tiedostot", "Muutettaisiin"),
    ("Poistetut tiedostot", "Poistettaisiin"),
)


@dataclass
class Changes:
    """What an rsync run did, or would do: file names relative to the site root."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    files_sent: int = 0
    bytes_sent: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deleted)


def parse_rsync(stdout: str) -> Changes:
    """Read rsync's --out-format=%i %n lines (itemized changes) and its --stats totals."""
    changes = Changes()
    for line in stdout.splitlines():
        match = ITEM_LINE.match(line)
        flags, name = (match["flags"], match["name"].split(" -> ")[0]) if match else ("", "")
        if flags == "*deleting" and not name.endswith("/"):
            changes.deleted.append(name)
        elif flags[:1] in ("<", ">", "c") and flags[1:2] in ("f", "L"):
            (changes.added if "+++++" in flags else changes.changed).append(name)
        for label, attr in STATS.items():
            if line.startswith(label):
                setattr(changes, attr, int(re.sub(r"\D", "", line.split("(")[0]) or 0))
    return changes


def human_bytes(count: int) -> str:
    """'512 tavua', '3,4 kt', '1,2 Mt' (decimal units, Finnish decimal comma)."""
    if count < 1000:
        return plural(count, "tavu", "tavua")
    size, unit = (count / 1e3, "kt") if count < 1e6 else (count / 1e6, "Mt")
    return f"{decimal(size)} {unit}"


def report(changes: Changes, target: Target, seconds: float, dry_run: bool) -> None:
    """The files added, changed and deleted (in a real run the first 20 of each), then the
    totals."""
    if dry_run:
        print(f"Kokeilu (--dry-run): kohteeseen {target} ei muutettu mitään.")
    limit = None if dry_run else 20
    lists = (changes.added, changes.changed, changes.deleted)
    for titles, names in zip(TITLES, lists, strict=True):
        if names:
            print(f"{titles[dry_run]} ({len(names)}):")
            for name in names[:limit]:
                print(f"  {name}")
            if limit and len(names) > limit:
                print(f"  … ja {plural(len(names) - limit, 'muu', 'muuta')}")
    if dry_run:
        print(
            f"Tiedostoja lisättäisiin {len(changes.added)}, muutettaisiin {len(changes.changed)} "
            f"ja poistettaisiin {len(changes.deleted)}."
        )
    else:
        print(
            f"Julkaistu kohteeseen {target}: lähetetty "
            f"{plural(changes.files_sent, 'tiedosto', 'tiedostoa')}, "
            f"poistettu {len(changes.deleted)}, siirretty {human_bytes(changes.bytes_sent)}, "
            f"aikaa kului {decimal(seconds)} s."
        )
