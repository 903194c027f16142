"""Content-hashed names for the theme's CSS and JavaScript.

A browser may then keep such a file for a year (the security_headers plugin says so to
the host): a changed file gets a new name, so a visitor never sees a stale style sheet.
Templates ask for the name with the `content_hash` filter:

    href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/{{ "css/site.css"|content_hash }}"

Every style sheet and script of the theme (.css, .js) is named so, hashed from the theme's
file itself (the same CSS always gets the same name: builds stay byte-identical), and
written to the output once Pelican has emptied it (all_generators_finalized), before any
`finalized` handler (security_headers lists them) runs, whatever the plugin order. The
filter only looks the name up, and Jinja never folds it into a compiled template (it takes
the context), so the kept compiled templates (TEMPLATE_CACHE_PATH) never hold an old name.
The plain copies Pelican makes of these files are removed at the end: no page uses them,
so they are not shipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from sitecore import outputs

HASH_LENGTH = 10
HASHED_SUFFIXES = (".css", ".js")


class AssetHasher:
    """Names a build's theme style sheets and scripts by their content and writes them so:
    made when Pelican starts, dropped when it ends."""

    def __init__(self, settings: dict) -> None:
        theme = Path(settings["THEME"])
        self.site = Path(settings["OUTPUT_PATH"])
        self.output = self.site / settings["THEME_STATIC_DIR"]
        self.project = Path(settings["PATH"]).resolve().parent
        self.sources: dict[str, Path] = {}  # asset path -> the theme's file
        for folder in settings.get("THEME_STATIC_PATHS", []):
            root = theme / folder
            files = sorted(root.rglob("*")) if root.is_dir() else []
            for source in files:
                if source.suffix in HASHED_SUFFIXES and source.is_file():
                    self.sources.setdefault(source.relative_to(root).as_posix(), source)
        # asset path -> hashed path
        self.named = {asset: hashed_name(asset, file) for asset, file in self.sources.items()}

    def name(self, asset: str) -> str:
        if asset not in self.named:
            raise FileNotFoundError(
                f"Teeman tiedostoa {asset} ei löydy tyyli- ja skriptitiedostojen joukosta "
                f"({', '.join(self.named) or 'ei yhtään'}). Tarkista nimi pohjassa "
                f'(esimerkiksi "css/site.css"|content_hash).'
            )
        return self.named[asset]

    def write(self) -> None:
        """Write the hashed files (all_generators_finalized: once per build)."""
        for asset, hashed in self.named.items():
            source = self.sources[asset]
            target = self.output / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            origin = source.resolve()
            if origin.is_relative_to(self.project):
                origin = origin.relative_to(self.project)
            outputs.record(self.site, target, origin.as_posix(), copy=True)

    def remove_plain_copies(self) -> None:
        """Pelican copies every theme file; those named here are shipped hashed only."""
        for asset in self.named:
            (self.output / asset).unlink(missing_ok=True)


def hashed_name(asset: str, source: Path) -> str:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:HASH_LENGTH]
    path = Path(asset)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, AssetHasher] = {}


def configure(pelican) -> None:
    BUILDS[pelican.output_path] = AssetHasher(pelican.settings)


def add_filter(generator) -> None:
    """The content_hash filter of this build's templates (kept by their environment, so a
    page rendered by another plugin's `finalized` handler still names its files)."""
    hasher = BUILDS[generator.output_path]

    @pass_context  # takes the context: never folded into a compiled template
    def content_hash(context, asset: str) -> str:
        return hasher.name(asset)

    generator.env.filters["content_hash"] = content_hash


def write_files(generators) -> None:
    if generators:
        BUILDS[generators[0].output_path].write()


def remove_plain_copies(pelican) -> None:
    hasher = BUILDS.pop(pelican.output_path, None)
    if hasher is not None:
        hasher.remove_plain_copies()


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_filter)
    signals.all_generators_finalized.connect(write_files)
    signals.finalized.connect(remove_plain_copies)
