"""`invoke wordpress-import EXPORT.xml [--media DIR_OR_ZIP] [--dry-run]`: read, plan, write.

Nothing is written until the whole export has been read and every post converted; then
only new files are created (never one that exists), and the redirect map gets new lines
(its own lines are never changed). If writing fails half-way, what was written is taken
back. Running the same import again finds everything in place and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sitecore.settings import Settings

from . import report
from .media import Unusable, open_source
from .plan import Plan
from .wxr import ExportError, read


class ImportStopped(Exception):
    """The import cannot start or finish; the message says why in Finnish."""


def write(plan: Plan) -> None:
    """Write the plan: new files only, the map last and whole; all or nothing."""
    files = {plan.images.folder / rel: data for rel, data in sorted(plan.images.planned.items())}
    files |= {post.file: plan.file_text(post).encode("utf-8") for post in plan.posts}
    created: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:  # "x": never over an existing file
                created.append(path)
                handle.write(data)
        if plan.map_text is not None:  # whole or not at all: a new file renamed over it
            new = plan.map_file.with_name(f".{plan.map_file.name}.uusi")
            new.write_text(plan.map_text, encoding="utf-8")
            new.replace(plan.map_file)
    except OSError as err:
        for path in reversed(created):
            path.unlink(missing_ok=True)
        raise ImportStopped(
            f"Tiedostoa ei voitu kirjoittaa ({err}). Mitään ei tuotu: jo kirjoitetut "
            "tiedostot poistettiin. Tarkista levytila ja kansioiden oikeudet."
        ) from None


def run(path: Path, settings: Settings, today: dt.date, media: Path | None, dry_run: bool) -> int:
    """The task: the report on stdout; 0 when done, 1 when nothing could be done."""
    try:
        export = read(path)
        source = None if dry_run and media is None else open_source(media)  # nothing fetched
        plan = Plan(export, settings, source, today).run()
        if not dry_run:
            write(plan)
    except (ExportError, ImportStopped, Unusable) as err:
        print(str(err), file=sys.stderr)
        return 1
    print("\n".join(report.lines(plan, dry_run)))
    return 0
