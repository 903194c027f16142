"""Old addresses keep working: the redirect map in content/ becomes 301s on every host.

The map (content/redirects.yaml, see sitecore/redirects.py) is the practitioner's file;
`invoke wordpress-import` fills it. At every build this plugin writes, for each line:

- Apache (web hotels): a RewriteRule in the .htaccess that security_headers writes, given
  through the sitecore.htaccess hook. Apache matches the decoded path in .htaccess, so one
  rule covers ä, %C3%A4 and %c3%a4; the trailing slash is optional; `?p=12` style lines
  become a RewriteCond on the query string.
- Netlify and Cloudflare Pages: `_redirects`, one line per spelling a browser may send
  (percent-encoded in upper and lower case, with and without the slash). Query lines are
  Apache's only: Cloudflare Pages cannot match a query string.
- Hosts without redirects (GitHub Pages): a small page at the old path with a canonical
  link, a meta refresh and a plain link (REDIRECT_PAGES = False turns them off; on Netlify a
  page at the old path would be served instead of its 301).

A line that cannot work stops the build with a Finnish message naming the line: a new
address that is not on the site, or an old address that is one of the site's own pages.
The site's addresses are what Pelican says it wrote (content_written, feed_written, the
static files), never read back from the output, where other plugins write too.

Settings (defaults in sitecore/settings.py): REDIRECTS_FILE (in the content folder),
REDIRECT_PAGES.
"""

import difflib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from pelican import signals

from sitecore import outputs
from sitecore.htaccess import htaccess_sections
from sitecore.problems import BuildStopped, Problem
from sitecore.redirects import Redirect, load, map_path

log = logging.getLogger(__name__)

REDIRECTS_FILE = "_redirects"
TEMPLATE = "redirect.html"
URL_SAFE = "/:?=&#%~+-_.!$'()*,;@"
PAGE_SUFFIXES = {"", ".html", ".htm"}  # old paths a static page can stand in for
# What mod_rewrite's pattern escapes: an ASCII character that is no letter or digit, nor / - _ ~
ASCII_SIGN = re.compile(r"(?![A-Za-z0-9/_~-])[\x00-\x7f]")


@dataclass
class Build:
    """A build's map, read when Pelican starts, the files Pelican wrote and the theme to
    write the pages at the old addresses with."""

    path: Path
    siteurl: str
    redirects: list[Redirect]
    env: object = None
    context: dict = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # the files Pelican wrote, site-relative


def read(settings: dict) -> Build:
    """The map, or the build stops with its problems (at initialized: at finalized, when it
    is read again, there are none)."""
    path = map_path(settings)
    redirects, problems = load(path)
    stop_on(problems)
    return Build(path, settings["SITEURL"].rstrip("/"), redirects)


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, Build] = {}


# --- reading ---------------------------------------------------------------------------
def read_map(pelican) -> None:
    BUILDS[pelican.output_path] = read(pelican.settings)


def stop_on(problems: list[Problem]) -> None:
    if problems:
        for problem in problems:
            log.error("%s", problem)
        raise BuildStopped(
            f"Sivustoa ei rakennettu: korjaa osoitteiden ohjaukset yllä ({len(problems)} kpl)."
        )


def page_written(path: str, context: dict, feed=None) -> None:
    if (build := BUILDS.get(context.get("OUTPUT_PATH"))) is not None:
        build.written.add(Path(path).relative_to(context["OUTPUT_PATH"]).as_posix())


def keep_theme(generators) -> None:
    """The theme's environment, with the plugins' filters and the Finnish catalogue; and the
    static files Pelican copies (its context's staticfiles), as files of the site."""
    first = generators[0]  # each generator has the theme's environment and the one context
    if (build := BUILDS.get(first.output_path)) is not None:
        build.env, build.context = first.env, first.context
        build.written.update(s.save_as for s in first.context.get("staticfiles", ()) if s.save_as)


# --- addresses ---------------------------------------------------------------------------
def target(redirect: Redirect, siteurl: str, full: bool = False) -> str:
    """The new address as a server sends it: percent-encoded, under SITEURL's path; full,
    with SITEURL's scheme and host too (root-relative in the preview)."""
    new = redirect.new
    origin = ""
    if new.startswith("/"):
        parts = urlsplit(siteurl)
        new = parts.path.rstrip("/") + new
        origin = f"{parts.scheme}://{parts.netloc}" if full and parts.netloc else ""
    return origin + quote(new, safe=URL_SAFE)


def spellings(path: str) -> list[str]:
    """Every form of a decoded path a browser may send: percent-encoded in upper and
    lower case, with and without the trailing slash (in a stable order, no repeats)."""
    upper = quote(path, safe="/")
    forms: list[str] = []
    for form in (upper, re.sub("%[0-9A-F]{2}", lambda code: code[0].lower(), upper)):
        forms += [form, form.rstrip("/") if form.endswith("/") else form + "/"]
    return list(dict.fromkeys(form for form in forms if form))


def apache_pattern(path: str) -> str:
    """A mod_rewrite pattern for a decoded path, as matched in the site root's .htaccess
    (no leading slash; the trailing slash optional). Letters beyond ASCII stay as they are:
    Apache matches the UTF-8 bytes it has decoded."""
    body = ASCII_SIGN.sub(
        lambda sign: f"\\x{ord(sign[0]):02x}" if sign[0] in ' "' else "\\" + sign[0],
        path.strip("/"),
    )
    return f"^{body}/?$" if body else "^(index\\.php)?$"


# --- Apache ---------------------------------------------------------------------------------
def apache_section(pelican) -> str:
    """The RewriteRules, asked for by security_headers when Pelican ends (perhaps after this
    build's state is dropped: the map is read again, its problems were told at the start)."""
    build = read(pelican.settings)
    if not build.redirects:
        return ""
    lines = [
        f"# Old addresses ({build.path.name}, written by the redirects plugin): 301 to the new.",
        "# Apache matches the decoded path here: one rule covers ä, %C3%A4 and %c3%a4.",
        "<IfModule mod_rewrite.c>",
        "  RewriteEngine On",
    ]
    for redirect in build.redirects:
        pattern = apache_pattern(redirect.old_path)
        flags = "R=301,L,NE"
        if redirect.query:
            name, _, value = redirect.query.partition("=")
            lines.append(f'  RewriteCond "%{{QUERY_STRING}}" "(^|&){name}={value}(&|$)"')
            flags += ",QSD"
        lines.append(f'  RewriteRule "{pattern}" "{target(redirect, build.siteurl)}" [{flags}]')
    lines.append("</IfModule>")
    return "\n".join(lines)


# --- Netlify and Cloudflare Pages -------------------------------------------------------------
def netlify_redirects(build: Build) -> str:
    """One line per spelling of each old path (a query is Apache's alone: Cloudflare Pages
    cannot match one). The map refuses two lines for one old address, so no spelling
    repeats."""
    lines = [
        "# Netlify and Cloudflare Pages read this file. Written by the redirects plugin from",
        f"# content/{build.path.name} at every build: edit that file, not this one.",
    ]
    for redirect in build.redirects:
        if not redirect.query:
            new = target(redirect, build.siteurl)
            lines += [f"{form} {new} 301" for form in spellings(redirect.old_path)]
    return "\n".join(lines) + "\n"


# --- pages at the old addresses ----------------------------------------------------------------
def page_file(output: Path, old_path: str) -> Path | None:
    """Where a static host looks for the old path, or None when no page can stand in."""
    rel = old_path.lstrip("/")
    suffix = PurePosixPath(rel).suffix.lower()
    if not rel or suffix not in PAGE_SUFFIXES:
        return None
    return output / rel / "index.html" if old_path.endswith("/") or not suffix else output / rel


def on_site(written: set[str], site_path: str) -> bool:
    """Whether a web server sends a file of this build for a path of the site."""
    rel = site_path.lstrip("/")
    index = f"{rel.rstrip('/')}/index.html".lstrip("/")
    return bool(rel) and not rel.endswith("/") and rel in written or index in written


def check_addresses(build: Build) -> Iterator[Problem]:
    # the site's pages, as addresses, for a guess at the address meant
    pages = sorted(
        "/" + rel[: -len("index.html")] for rel in build.written if rel.endswith("index.html")
    )
    for redirect in build.redirects:
        if redirect.new.startswith("/") and not on_site(build.written, redirect.new):
            guess = difflib.get_close_matches(redirect.new, pages, n=1, cutoff=0.6)
            hint = f" Tarkoititko {guess[0]}?" if guess else ""
            said = f"uutta osoitetta {redirect.new} ei ole sivustolla, joten vanha osoite "
            said += f"{redirect.old} ei veisi mihinkään.{hint} Korjaa uusi osoite (esimerkiksi "
            said += "kirjoituksen Slug on voinut muuttua) tai poista rivi."
            yield Problem(build.path, redirect.line, said)
        if not redirect.query and on_site(build.written, redirect.old_path):
            said = f"vanha osoite {redirect.old} on tämän sivuston oma sivu, joten sitä ei "
            said += "voi ohjata muualle. Poista rivi tai muuta sivun osoitetta."
            yield Problem(build.path, redirect.line, said)


def write_outputs(pelican) -> None:
    if (build := BUILDS.pop(pelican.output_path, None)) is None or not build.redirects:
        return
    output = Path(pelican.output_path).resolve()
    stop_on(list(check_addresses(build)))
    source = outputs.source(build.path.resolve(), pelican.settings)
    outputs.write(output / REDIRECTS_FILE, netlify_redirects(build))
    outputs.record(output, REDIRECTS_FILE, source)
    if not pelican.settings["REDIRECT_PAGES"] or build.env is None:
        return
    for redirect in build.redirects:
        file = None if redirect.query else page_file(output, redirect.old_path)
        if file is None or not file.resolve().is_relative_to(output):
            continue
        page = {**build.context, "redirect_absolute": target(redirect, build.siteurl, full=True)}
        outputs.write(file, build.env.get_template(TEMPLATE).render(page))
        outputs.record(output, file, source)


def register() -> None:
    signals.initialized.connect(read_map)
    signals.content_written.connect(page_written)
    signals.feed_written.connect(page_written)
    signals.all_generators_finalized.connect(keep_theme)
    signals.finalized.connect(write_outputs)
    htaccess_sections.connect(apache_section)
