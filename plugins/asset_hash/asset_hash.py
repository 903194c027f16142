"""Content-hashed names for the theme's CSS and JavaScript.

A browser may then keep such a file for a year (the security_headers plugin says so to
the host): a changed file gets a new name, so a visitor never sees a stale style sheet.
Templates ask for the name with the `content_hash` filter:

    href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/{{ "css/site.css"|content_hash }}"

and the file is written to the output under that name as soon as a template names it, so
it is there before any `finalized` handler (security_headers lists it) runs, whatever the
plugin order. The hash is taken from the theme's file itself, so the same CSS always gets
the same name and builds stay byte-identical. The plain copy Pelican makes of a named file
is removed at the end: no page uses it, so it is not shipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pelican import signals

from sitecore import outputs

HASH_LENGTH = 10


class AssetHasher:
    """Names the theme's static files by their content and remembers what it named."""

    def __init__(self) -> None:
        self.sources: list[Path] = []
        self.output: Path | None = None
        self.site = Path()
        self.project = Path()
        self.named: dict[str, str] = {}  # asset path -> hashed path

    def configure(self, settings: dict) -> None:
        theme = Path(settings["THEME"])
        self.sources = [theme / folder for folder in settings.get("THEME_STATIC_PATHS", [])]
        self.site = Path(settings["OUTPUT_PATH"])
        self.output = self.site / settings["THEME_STATIC_DIR"]
        self.project = Path(settings["PATH"]).resolve().parent
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
            data = source.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
            path = Path(asset)
            hashed = str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
            if self.output is not None:
                target = self.output / hashed
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                origin = source.resolve()
                if origin.is_relative_to(self.project):
                    origin = origin.relative_to(self.project)
                outputs.record(self.site, target, origin.as_posix(), copy=True)
            self.named[asset] = hashed
        return self.named[asset]

    def remove_plain_copies(self) -> None:
        """Pelican copies every theme file; those named here are shipped hashed only."""
        if self.output is not None:
            for asset in self.named:
                (self.output / asset).unlink(missing_ok=True)


hasher = AssetHasher()


def add_filter(generator) -> None:
    generator.env.filters["content_hash"] = hasher


def configure(pelican) -> None:
    hasher.configure(pelican.settings)


def remove_plain_copies(pelican) -> None:
    hasher.remove_plain_copies()


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(remove_plain_copies)
