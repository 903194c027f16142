"""Symbolic links in content/ and theme/ may only point inside those two folders.

Pelican follows links when it copies static files, so `ln -s /etc/ssh/ssh_host_ed25519_key
content/images/kuva.txt` would publish the server's private key, a link to a folder would
publish the folder, and a link to its own parent folder would nest copies until the path is
too long. Every link is therefore looked at before Pelican reads anything: one that points
outside the site's own folders, nowhere, or back into itself stops the build.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sitecore.problems import Problem, shown_path


def link_problems(roots: list[Path]) -> list[Problem]:
    """Problems of every link under roots (followed only when it stays inside them), in
    the order of their paths."""
    allowed = [Path(os.path.realpath(root)) for root in roots if root.exists()]
    problems: list[Problem] = []
    for root in roots:
        found: list[Problem] = []
        for folder, folders, files in os.walk(root, followlinks=True):  # unreadable: skipped
            here = Path(folder)
            # the real folders from root to here: a link to any of them would loop
            stack = [
                Path(os.path.realpath(p)) for p in (here, *here.parents) if p.is_relative_to(root)
            ]
            for name in folders + files:
                said = (here / name).is_symlink() and link_said(here / name, stack, allowed)
                if said:
                    found.append(Problem(here / name, None, said))
                    if name in folders:  # not followed
                        folders.remove(name)
        problems += sorted(found, key=lambda problem: problem.path.parts)
    return problems


def link_said(link: Path, stack: list[Path], allowed: list[Path]) -> str | None:
    """What is wrong with the symbolic link, or None when it stays inside allowed."""
    target = os.readlink(link)
    real = Path(os.path.realpath(link))
    remove = f"Poista linkki (rm {shown_path(link)})"
    try:
        os.stat(link)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"symbolinen linkki {target} kiertää itseensä. {remove}."
        return (
            f"symbolinen linkki osoittaa kohteeseen {target}, jota ei ole. {remove} tai "
            "kopioi tiedosto sen tilalle."
        )
    if not any(real == root or real.is_relative_to(root) for root in allowed):
        what = "kansioon" if real.is_dir() else "tiedostoon"
        return (
            f"symbolinen linkki {what} {real}, joka on sivuston kansioiden (content/ ja theme/) "
            "ulkopuolella. Sivustoon ei kopioida mitään muualta, joten rakentaminen pysähtyi. "
            f"{remove} ja kopioi tiedosto sen tilalle, jos se kuuluu sivustolle."
        )
    if real.is_dir() and any(real == seen or seen.is_relative_to(real) for seen in stack):
        return (
            f"symbolinen linkki kansioon {target} kiertää: kansio on linkin oma yläkansio, "
            f"joten sen sisältö kopioituisi itsensä sisään yhä uudelleen. {remove}."
        )
    return None
