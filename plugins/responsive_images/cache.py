"""Encoded variants kept between builds, keyed by the source's bytes and the recipe.

Encoding a phone photo into fifteen variants takes seconds; a rebuild after a typo fix
must not. The key is a hash of the source file's content and of everything that shapes
the output (widths, formats, qualities, Pillow's version), so a changed photo or setting
is encoded again and nothing else is. Files are written atomically (sitecore.outputs): two
builds of the same project may run at once (a preview and `invoke check`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sitecore import outputs


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class VariantCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str, name: str) -> Path:
        return self.folder / key[:2] / f"{key}-{name}"

    def read_manifest(self, key: str) -> dict | None:
        """The recorded result for key, if it and every file it names are there."""
        manifest = self.path(key, "kuva.json")
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = [variant["file"] for variant in data.get("variants", [])]
        if all(self.path(key, name).is_file() for name in files):
            return data
        return None

    def write(self, key: str, name: str, data: bytes) -> Path:
        return outputs.write(self.path(key, name), data)

    def write_manifest(self, key: str, data: dict) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        self.write(key, "kuva.json", text.encode("utf-8"))
