"""Content-hashed names for the theme's CSS and JavaScript.

A browser may then keep such a file for a year (ASSET_CACHE_SECONDS): a changed file gets
a new name, so a visitor never sees a stale style sheet. The plugin says so to the host in
the .htaccess and _headers that security_headers writes, through the sitecore.htaccess
hooks: the names are its own, so no other plugin has to find them. Templates ask for the
name with the `content_hash` filter:

    href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/{{ "css/site.css"|content_hash }}"

Every style sheet and script of the theme (.css, .js) is named so, hashed from the theme's
file itself (the same CSS always gets the same name: builds stay byte-identical), and
written to the output at the end of the build (finalized), where the plain copies Pelican
made of these files are removed: no page uses them, so they are not shipped. The filter
only looks the name up, and Jinja never folds it into a compiled template (it takes the
context), so the kept compiled templates (TEMPLATE_CACHE_PATH) never hold an old name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from sitecore import outputs
from sitecore.htaccess import headers_sections, htaccess_sections

HASH_LENGTH = 10
HASHED_SUFFIXES = (".css", ".js")
HASHED_APACHE = r"\.[0-9a-f]{10}\.(css|js)$"  # every name hashed_name() makes


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
        """Write the hashed files (finalized: once per build)."""
        for asset, hashed in self.named.items():
            source = self.sources[asset]
            target = outputs.write(self.output / hashed, source.read_bytes())
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


def publish(pelican) -> None:
    hasher = BUILDS.pop(pelican.output_path, None)
    if hasher is not None:
        hasher.write()
        hasher.remove_plain_copies()


def cache_control(pelican) -> str:
    return f"public, max-age={pelican.settings['ASSET_CACHE_SECONDS']}, immutable"


def apache_rules(pelican) -> str:
    return f"""# Content-hashed CSS and JS (the asset_hash plugin): kept for a year.
<IfModule mod_headers.c>
  <FilesMatch "{HASHED_APACHE}">
    Header set Cache-Control "{cache_control(pelican)}"
  </FilesMatch>
</IfModule>"""


def netlify_rules(pelican) -> str:
    """The hashed names' caching, asked for by security_headers when Pelican ends (perhaps
    after this build's state is dropped: the names are made again from the theme)."""
    folder, cache = pelican.settings["THEME_STATIC_DIR"], cache_control(pelican)
    named = AssetHasher(pelican.settings).named.values()
    return "\n".join(f"/{folder}/{name}\n  Cache-Control: {cache}" for name in named)


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(publish)
    htaccess_sections.connect(apache_rules)
    headers_sections.connect(netlify_rules)
