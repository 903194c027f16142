"""What an rsync run did, read from its itemized output, and the Finnish report of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitecore.plural import decimal, plural

from .errors import Say
from .target import Target

ITEM_LINE = re.compile(r"^(?P<flags>\*deleting|[<>ch.][fdLDS]\S*)\s+(?P<name>.+)$")


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
        if match:
            flags, name = match["flags"], match["name"].split(" -> ")[0]
            if flags == "*deleting":
                if not name.endswith("/"):
                    changes.deleted.append(name)
            elif flags[0] in "<>c" and flags[1] in "fL":
                target = changes.added if "+++++" in flags else changes.changed
                target.append(name)
        elif line.startswith("Number of regular files transferred:"):
            changes.files_sent = _number(line)
        elif line.startswith("Total bytes sent:"):
            changes.bytes_sent = _number(line)
    return changes


def _number(line: str) -> int:
    digits = re.sub(r"[^\d]", "", line.partition(":")[2].split("(")[0])
    return int(digits or 0)


def human_bytes(count: int) -> str:
    """'512 tavua', '3,4 kt', '1,2 Mt' (decimal units, Finnish decimal comma)."""
    if count < 1000:
        return plural(count, "tavu", "tavua")
    size, unit = (count / 1e3, "kt") if count < 1e6 else (count / 1e6, "Mt")
    return f"{decimal(size)} {unit}"


def _names(title: str, names: list[str], say: Say, limit: int | None) -> None:
    if not names:
        return
    say(f"{title} ({len(names)}):")
    shown = names if limit is None else names[:limit]
    for name in shown:
        say(f"  {name}")
    if len(names) > len(shown):
        say(f"  … ja {plural(len(names) - len(shown), 'muu', 'muuta')}")


def report_dry_run(changes: Changes, target: Target, warning: str, say: Say) -> None:
    say(f"Kokeilu (--dry-run): kohteeseen {target} ei muutettu mitään.")
    _names("Lisättäisiin", changes.added, say, None)
    _names("Muutettaisiin", changes.changed, say, None)
    _names("Poistettaisiin", changes.deleted, say, None)
    say(
        f"Tiedostoja lisättäisiin {len(changes.added)}, muutettaisiin {len(changes.changed)} "
        f"ja poistettaisiin {len(changes.deleted)}."
    )
    if warning:
        say(warning)


def report(changes: Changes, target: Target, siteurl: str, seconds: float, say: Say) -> None:
    _names("Uudet tiedostot", changes.added, say, 20)
    _names("Muuttuneet tiedostot", changes.changed, say, 20)
    _names("Poistetut tiedostot", changes.deleted, say, 20)
    say(
        f"Julkaistu kohteeseen {target}: lähetetty "
        f"{plural(changes.files_sent, 'tiedosto', 'tiedostoa')}, "
        f"poistettu {len(changes.deleted)}, siirretty {human_bytes(changes.bytes_sent)}, "
        f"aikaa kului {decimal(seconds)} s."
    )
    if siteurl:
        say(f"Sivusto: {siteurl}/")
