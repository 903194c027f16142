"""What each file in a build's output was made from: the build's own record of itself.

`invoke check` proves from it that nothing reached the site that no content or theme file
produced (a file copied through a link from outside the project, a stray file) and that
every copied file is still the file it was copied from. Pelican's writer and its copying of
static and theme files are recorded by the source_map plugin, which writes the record
beside the source map when the build ends. A plugin that writes files itself records each,
at the latest when the build's `finalized` signal is sent, with the file it was made from
(project-relative) or the plugin's own name:

    from sitecore import outputs
    outputs.record(pelican.output_path, "images/kuva-640.webp", "content/images/kuva.jpg")

`copy=True` says the file is a byte-for-byte copy of its source, which the check verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Made:
    source: str  # project-relative file, or a plugin's name ("plugins/security_headers")
    copy: bool = False


_records: dict[Path, dict[str, Made]] = {}


def record(output: str | Path, file: str | Path, source: str, copy: bool = False) -> None:
    """Note that file (absolute, or relative to output) is written from source."""
    root = Path(output).resolve()
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root)
        except ValueError:
            return  # not in this build's output
    _records.setdefault(root, {})[path.as_posix()] = Made(source, copy)


def take(output: str | Path) -> dict[str, Made]:
    """Everything recorded for output, forgotten here (the next build starts afresh)."""
    return _records.pop(Path(output).resolve(), {})
