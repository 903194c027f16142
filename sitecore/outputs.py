"""What each file in a build's output was made from: the build's own record of itself.

`invoke check` proves from it that nothing reached the site that no content or theme file
produced (a file copied through a link from outside the project, a stray file) and that
every copied file is still the file it was copied from. Pelican's writer and its copying of
static and theme files are recorded by the source_map plugin; the build (sitecore/build.py)
saves the record when Pelican is done, one file per output folder (cache/tuotokset/), so
that a preview build running beside `invoke check` never mixes its record with the checked
build's. A plugin that writes files itself records each, whenever it writes it (its
`finalized` handler included), with the file it was made from (project-relative) or the
plugin's own name:

    from sitecore import outputs
    outputs.record(pelican.output_path, "images/kuva-640.webp", "content/images/kuva.jpg")

`copy=True` says the file is a byte-for-byte copy of its source, which the check verifies.
A plugin may also leave a fact about the build in the record, as data the check reads
(`outputs.note(output, "headers", …)`: the headers the hosts send).

Every file the build's own code writes goes through `write`, which refuses any place but
the folders the build was given (its output, its caches): a mistake in a path made from
content (a picture address with `..` in it) can then never overwrite a file elsewhere.
"""

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitecore.problems import BuildStopped

FOLDER = Path("cache") / "tuotokset"  # relative to the project


@dataclass(frozen=True)
class Made:
    source: str  # project-relative file, or a plugin's name ("plugins/security_headers")
    copy: bool = False


@dataclass
class Record:
    """A build's record: each file it wrote, and the facts plugins noted about it."""

    files: dict[str, Made] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


_records: dict[Path, Record] = {}
_allowed: list[Path] = []


def allow(*folders: str | Path) -> None:
    """The folders the build starting now may write into (sitecore.build sets them)."""
    _allowed[:] = [Path(folder).resolve() for folder in folders]


def write(file: str | Path, data: bytes | str) -> Path:
    """Write data into file, atomically (two builds may share a cache), readable by a web
    server; only inside an allowed folder, with links and `..` resolved first."""
    target = Path(file).resolve()
    if not any(target.is_relative_to(folder) for folder in _allowed):
        raise BuildStopped(
            f"Rakentaminen pysähtyi: se olisi kirjoittanut tiedoston {target} sivuston "
            "kansion ja välimuistin ulkopuolelle. Mitään ei kirjoitettu sinne. Kysy apua "
            "ja näytä tämä rivi."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kirjoitus-")
    os.fchmod(fd, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, target)
    return target


def record(output: str | Path, file: str | Path, source: str, copy: bool = False) -> None:
    """Note that file (absolute, or relative to output) is written from source."""
    root, plain = _roots(str(output))
    name = os.path.normpath(os.path.join(plain, file))  # an absolute file stays itself
    if not name.startswith(plain):  # through a link (else no file system call is needed)
        try:
            name = os.path.join(plain, Path(name).resolve().relative_to(root))
        except ValueError:
            return  # not in this build's output
    _records.setdefault(root, Record()).files[Path(name[len(plain) :]).as_posix()] = Made(
        source, copy
    )


def note(output: str | Path, name: str, data: Any) -> None:
    """A fact about the build of output, as data (JSON), for its record."""
    _records.setdefault(Path(output).resolve(), Record()).facts[name] = data


@functools.lru_cache(maxsize=16)
def _roots(output: str) -> tuple[Path, str]:
    """The output folder resolved, and as written (normalised, with a trailing slash): a
    page's path is Pelican's join of the latter, and there are thousands of them."""
    return Path(output).resolve(), os.path.join(os.path.abspath(output), "")


def source(path: str | Path, settings: dict) -> str:
    """A file as a record names its source: relative to the project (PATH's parent) when
    inside it, else as it is."""
    path, root = Path(path), Path(settings["PATH"]).resolve().parent
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def take(output: str | Path) -> Record:
    """Everything recorded for output, forgotten here (the next build starts afresh)."""
    return _records.pop(Path(output).resolve(), Record())


def record_file(project: Path, output: str | Path) -> Path:
    key = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:16]
    return project / FOLDER / f"{key}.json"


def save(project: Path, output: str | Path, made: Record) -> None:
    """Write the record of output; forget the records of output folders that are gone."""
    folder = project / FOLDER
    for old in folder.glob("*.json"):
        try:
            gone = not Path(json.loads(old.read_text(encoding="utf-8"))["output"]).exists()
        except (OSError, ValueError, KeyError):
            gone = True
        if gone:
            old.unlink(missing_ok=True)
    data = {
        "output": str(Path(output).resolve()),
        "files": {rel: asdict(item) for rel, item in sorted(made.files.items())},
        "facts": made.facts,
    }
    write(record_file(project, output), json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def load(project: Path, output: str | Path) -> Record | None:
    """The saved record of output, or None when no build left one."""
    try:
        data = json.loads(record_file(project, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = {rel: Made(**item) for rel, item in data.get("files", {}).items()}
    return Record(files, data.get("facts", {}))


def moved(project: Path, old: str | Path, new: str | Path) -> None:
    """The output folder old was renamed to new (a build swapped into output/)."""
    made = load(project, old)
    record_file(project, old).unlink(missing_ok=True)
    if made is not None:
        save(project, new, made)
