"""Content-hashed names for the theme's CSS and JavaScript.

A browser may then keep such a file for a year (the security_headers plugin says so to
the host): a changed file gets a new name, so a visitor never sees a stale style sheet.
Templates ask for the name with the `content_hash` filter:

    href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/{{ "css/site.css"|content_hash }}"

and after the build the file is written to the output under that name, next to the
original. The hash is taken from the theme's file itself, so the same CSS always gets the
same name and builds stay byte-identical.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pelican import signals

HASH_LENGTH = 10


class AssetHasher:
    """Names the theme's static files by their content and remembers what it named."""

    def __init__(self) -> None:
        self.sources: list[Path] = []
        self.named: dict[str, tuple[Path, str]] = {}  # asset path -> (source, hashed path)

    def configure(self, settings: dict) -> None:
        theme = Path(settings["THEME"])
        self.sources = [theme / folder for folder in settings.get("THEME_STATIC_PATHS", [])]
        self.named.clear()

    def find(self, asset: str) -> Path:
        for folder in self.sources:
            candidate = folder / asset
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(
            f"Teeman tiedostoa {asset} ei löydy kansioista "
            f"{', '.join(str(f) for f in self.sources)}. Tarkista nimi pohjassa "
            f'(esimerkiksi "css/site.css"|content_hash).'
        )

    def __call__(self, asset: str) -> str:
        if asset not in self.named:
            source = self.find(asset)
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:HASH_LENGTH]
            path = Path(asset)
            self.named[asset] = (source, str(path.with_name(f"{path.stem}.{digest}{path.suffix}")))
        return self.named[asset][1]

    def write(self, output: Path) -> None:
        for source, hashed in self.named.values():
            target = output / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())


hasher = AssetHasher()


def add_filter(generator) -> None:
    generator.env.filters["content_hash"] = hasher


def write_hashed(pelican) -> None:
    hasher.write(Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"])


def configure(pelican) -> None:
    hasher.configure(pelican.settings)


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(write_hashed)
