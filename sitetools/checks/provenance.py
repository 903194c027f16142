"""Every file of the built site was made by the build from content/ or theme/.

The build records what it wrote and from what (sitecore/outputs.py, saved by the
source_map plugin into cache/tuotokset/). A file it did not record got there some other
way: through a symbolic link to outside the project, or left in the folder by something
else. A file it recorded as a copy must still be a copy: the same bytes as its source, and
that source a real file inside content/ or theme/, not a link to somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitecore.plural import form, plural

from .site import Finding, Site

SHOWN = 20  # unmade files listed one by one; the rest are counted
UNMADE = (
    "tiedosto on sivustossa, mutta mikään sisällön tai teeman tiedosto ei tehnyt sitä: se voi "
    "olla peräisin projektin ulkopuolelta. Sivustoa ei saa julkaista näin. Tarkista, onko "
    "kansioissa content/ tai theme/ linkkejä muualle, ja rakenna sivusto uudelleen."
)


def unmade_files(site: Site) -> list[Finding]:
    if site.outputs is None:
        return [
            Finding(
                f"{site.path.name}/",
                "rakentaminen ei kertonut, mistä tämän kansion tiedostot tehtiin (kansiossa "
                "cache/tuotokset/ ei ole sen kirjaa). Rakenna sivusto uudelleen komennolla "
                "invoke check tai invoke build.",
            )
        ]
    unmade = [rel for rel in all_files(site.path) if rel not in site.outputs]
    findings = [Finding(f"{site.path.name}/{rel}", UNMADE) for rel in unmade[:SHOWN]]
    if (more := len(unmade) - SHOWN) > 0:
        findings.append(
            Finding(
                f"{site.path.name}/",
                f"… ja {plural(more, 'muu tiedosto', 'muuta tiedostoa')}, "
                f"{form(more, 'jota', 'joita')} mikään sisällön tai teeman tiedosto ei tehnyt.",
            )
        )
    roots = [
        Path(os.path.realpath(folder)) for folder in (site.content_dir, site.project / "theme")
    ]
    for rel, made in sorted(site.outputs.items()):
        output = site.path / rel
        if made.copy and output.is_file():
            problem = copy_problem(site.project / made.source, output, roots)
            if problem:
                findings.append(Finding(made.source, f"{problem} ({site.path.name}/{rel})."))
    return findings


def all_files(folder: Path) -> list[str]:
    """Every file of folder, a symbolic link (to a folder too) counted as a file: rglob does
    not follow links into folders."""
    found = (p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir())
    return sorted(p.relative_to(folder).as_posix() for p in found)


def copy_problem(source: Path, output: Path, roots: list[Path]) -> str | None:
    real = Path(os.path.realpath(source))
    if not any(real == root or real.is_relative_to(root) for root in roots):
        return (
            f"tiedosto on symbolinen linkki kohteeseen {real}, joka on sivuston kansioiden "
            "ulkopuolella, ja se kopioitiin sivustoon. Poista linkki"
        )
    if not real.is_file():
        return "tiedostoa ei enää ole, mutta sen kopio on sivustossa. Rakenna sivusto uudelleen"
    if real.read_bytes() != output.read_bytes():
        return (
            "sivustossa oleva kopio ei ole sama kuin tämä tiedosto, vaikka rakentaminen "
            "kopioi sen. Rakenna sivusto uudelleen"
        )
    return None
