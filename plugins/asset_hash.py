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

import hashlib
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from sitecore import outputs
from sitecore.htaccess import HeaderRule, header_rules, htaccess_sections, netlify_rule

HASH_LENGTH = 10
HASHED_APACHE = r"\.[0-9a-f]{10}\.(css|js)$"  # every name hashed() makes


def hashed(settings: dict) -> dict[str, tuple[str, Path]]:
    """The theme's style sheets and scripts: asset path -> (its hashed path, its file)."""
    named: dict[str, tuple[str, Path]] = {}
    for folder in settings["THEME_STATIC_PATHS"]:
        root = Path(settings["THEME"], folder)
        for source in sorted(root.rglob("*")):  # a file, not a folder: nothing
            asset = source.relative_to(root).as_posix()
            if source.suffix in (".css", ".js") and source.is_file() and asset not in named:
                digest = hashlib.sha256(source.read_bytes()).hexdigest()[:HASH_LENGTH]
                named[asset] = (Path(asset).with_stem(f"{source.stem}.{digest}").as_posix(), source)
    return named


def add_filter(generator) -> None:
    """The content_hash filter of this build's templates (kept by their environment, so a
    page rendered by another plugin's `finalized` handler still names its files)."""
    named = {asset: name for asset, (name, _source) in hashed(generator.settings).items()}

    @pass_context  # takes the context: never folded into a compiled template
    def content_hash(context, asset: str) -> str:
        if asset not in named:
            raise FileNotFoundError(
                f"Teeman tiedostoa {asset} ei löydy tyyli- ja skriptitiedostojen joukosta "
                f"({', '.join(named) or 'ei yhtään'}). Tarkista nimi pohjassa "
                f'(esimerkiksi "css/site.css"|content_hash).'
            )
        return named[asset]

    generator.env.filters["content_hash"] = content_hash


def publish(pelican) -> None:
    """Write the hashed files; Pelican copies every theme file, and those named here are
    shipped hashed only."""
    site = Path(pelican.output_path)
    output = site / pelican.settings["THEME_STATIC_DIR"]
    for asset, (name, source) in hashed(pelican.settings).items():
        target = outputs.write(output / name, source.read_bytes())
        outputs.record(site, target, outputs.source(source.resolve(), pelican.settings), copy=True)
        (output / asset).unlink(missing_ok=True)


def cache_control(pelican) -> str:
    return f"public, max-age={pelican.settings['ASSET_CACHE_SECONDS']}, immutable"


def apache_rules(pelican) -> str:
    return f"""# Content-hashed CSS and JS (the asset_hash plugin): kept for a year.
<IfModule mod_headers.c>
  <FilesMatch "{HASHED_APACHE}">
    Header set Cache-Control "{cache_control(pelican)}"
  </FilesMatch>
</IfModule>"""


def netlify_rules(pelican) -> list[HeaderRule]:
    """The hashed names' caching, asked for by security_headers when Pelican ends."""
    folder, cache = pelican.settings["THEME_STATIC_DIR"], cache_control(pelican)
    named = [name for name, _source in hashed(pelican.settings).values()]
    return [netlify_rule(f"/{folder}/{name}", {"Cache-Control": cache}) for name in named]


def register() -> None:
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(publish)
    htaccess_sections.connect(apache_rules)
    header_rules.connect(netlify_rules)
