"""Tasks for building, previewing and publishing the site (run with `invoke TASK`).

The same tasks pelican-quickstart writes, with one difference: a build goes into a fresh
folder first and replaces output/ only when it succeeded, so a broken post never takes
the last good site away.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from sitecore import build as site_build
from sitecore import settings as site_settings
from sitecore.plural import form, plural

ROOT = site_settings.ROOT
SETTINGS = site_settings.load()

CONFIG = {
    "settings_base": site_settings.PREVIEW,
    "settings_publish": site_settings.PRODUCTION,
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "host": "localhost",
    "port": os.environ.get("PORT", ""),  # checked when a task uses it (port_setting)
}


def port_setting(port=None) -> int:
    """--port, else PORT, else 8000; a Finnish message for anything that is not a port."""
    from sitetools.preview import PortError, parse_port

    try:
        return parse_port(port if port not in (None, "") else CONFIG["port"])
    except PortError as err:
        raise Exit(str(err), code=2) from None


def build_into_output(conf: str, output: str | Path | None = None, strict: bool = False) -> Path:
    """Build into a temporary folder beside output/, then swap it in on success; then the
    preview's quick checks (broken internal links, pictures without alt text) as warnings."""
    from sitetools.quick_checks import quick_findings, report_lines

    result = site_build.build_into(Path(output or CONFIG["deploy_path"]), conf, strict=strict)
    if not result.ok:
        raise Exit(result.failure(), code=1)
    found = report_lines(quick_findings(result.output, ROOT / SETTINGS["PATH"]), [], "")
    print("\n".join([*found, result.summary()]), file=sys.stderr)
    return result.output


@task(
    help={
        "title": "the title, in quotes",
        "page": "a page (content/sivut/) instead of a blog post",
        "category": "the post's category (default: the one of most posts)",
    }
)
def new(c, title, page=False, category=None):
    """Start a new post (or page): a draft file dated today; never overwrites a file."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from sitetools.new_post import NewFileError, create

    today = dt.datetime.now(ZoneInfo(SETTINGS["TIMEZONE"])).date()
    try:
        made = create(
            ROOT, SETTINGS, title, page=page, category=category, today=today, port=port_setting()
        )
    except NewFileError as err:
        raise Exit(str(err), code=1) from None
    what = "sivu" if page else f"kirjoitus (kategoria {made.category})"
    print(f"Uusi {what}: {made.path.relative_to(ROOT)}")
    print(f"Esikatselu, kun invoke livereload on käynnissä: {made.preview_url}")
    print("Se on luonnos: poista rivi Status: draft, kun teksti on valmis julkaistavaksi.")


@task
def clean(c):
    """Remove the generated files."""
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)


@task(
    help={
        "output": "folder to build into (default: output/)",
        "strict": "stop on any warning and on any invalid feedback file, as publish does",
    }
)
def build(c, output=None, strict=False):
    """Build the local version of the site."""
    path = build_into_output(CONFIG["settings_base"], output, strict)
    print(f"Sivusto rakennettu kansioon {path}")


@task
def rebuild(c):
    """`build` with the delete switch."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Automatically regenerate the site upon file modification."""
    c.run(
        shlex.join(
            [sys.executable, "-m", "pelican", "-s", CONFIG["settings_base"], "-r"]
            + ["-o", CONFIG["deploy_path"], SETTINGS["PATH"]]
        ),
        pty=False,
    )


@task(help={"port": "port to listen on (default: PORT, else 8000; the next free one if taken)"})
def serve(c, port=None):
    """Serve the site at http://localhost:8000/ (PORT to change)."""
    from sitetools.preview import PortError, choose_port

    try:
        port = choose_port(CONFIG["host"], port_setting(port))
    except PortError as err:
        raise Exit(str(err), code=2) from None
    c.run(
        shlex.join(
            [
                sys.executable,
                "-m",
                "pelican",
                "--listen",
                "-o",
                CONFIG["deploy_path"],
                "-b",
                CONFIG["host"],
                "-p",
                str(port),
            ]
        )
    )


@task
def reserve(c):
    """`build`, then `serve`."""
    build(c)
    serve(c)


@task(help={"output": "folder to build into (default: output/)"})
def preview(c, output=None):
    """Build the production version of the site."""
    path = build_into_output(CONFIG["settings_publish"], output)
    print(f"Julkaisuversio rakennettu kansioon {path}")


@task(help={"port": "port to listen on (default: PORT, else 8000; the next free one if taken)"})
def livereload(c, port=None):
    """Build, serve at http://localhost:8000/ and rebuild and reload on every change.

    A failed build shows its Finnish message in the browser; each build is followed by
    the quick checks and the list of drafts and scheduled posts (sitetools.preview)."""
    from sitetools.preview import PortError, Preview, choose_port

    try:
        port = choose_port(CONFIG["host"], port_setting(port))
    except PortError as err:
        raise Exit(str(err), code=2) from None
    preview = Preview(SETTINGS, CONFIG["settings_base"], Path(CONFIG["deploy_path"]))
    preview.serve(CONFIG["host"], port)


@task(
    help={
        "target": "user@host:/path/ (default: DEPLOY_TARGET, from the environment or deploy.local)",
        "atomic": "upload into releases/<time>/ and switch the `current` symlink in one step",
        "dry-run": "list what would be added, changed and deleted; change nothing",
        "force": "allow the first publish into a non-empty folder (its other files are deleted)",
        "ssh-config": "ssh config file to use instead of ~/.ssh/config (PUBLISH_SSH_CONFIG)",
    }
)
def publish(c, target=None, atomic=False, dry_run=False, force=False, ssh_config=None):
    """Build and check the production site, then upload what changed with rsync over SSH."""
    from sitetools import publish as deploy

    try:
        deploy.publish(
            ROOT, target=target, atomic=atomic, dry_run=dry_run, force=force, ssh_config=ssh_config
        )
    except deploy.PublishError as err:
        raise Exit(str(err), code=1) from None


@task(help={"target": "as for publish", "ssh-config": "as for publish"})
def rollback(c, target=None, ssh_config=None):
    """Switch an atomic publish back to the release before the current one."""
    from sitetools import publish as deploy

    try:
        deploy.rollback(ROOT, target=target, ssh_config=ssh_config)
    except deploy.PublishError as err:
        raise Exit(str(err), code=1) from None


@task(help={"remote": "git remote to push to (default: origin)", "branch": "default: gh-pages"})
def gh_pages(c, remote="origin", branch="gh-pages"):
    """Build and check the production site and push it to a GitHub Pages branch."""
    from sitetools import publish as deploy

    try:
        deploy.gh_pages(ROOT, remote=remote, branch=branch)
    except deploy.PublishError as err:
        raise Exit(str(err), code=1) from None


@task(
    help={
        "path": "the survey's CSV export (UTF-8, ; or , separated)",
        "mapping": "column mapping (default: content/feedback/import-mapping.yaml)",
    }
)
def feedback_import(c, path, mapping=None):
    """Turn a survey's CSV export into feedback files (publish: no unless the client agreed)."""
    from sitecore.dates import today
    from sitecore.feedback import folder_of
    from sitetools.feedback_import import run

    folder = folder_of(SETTINGS)
    code = run(Path(path), folder, SETTINGS, today(SETTINGS["TIMEZONE"]), mapping and Path(mapping))
    if code:
        raise Exit(code=code)


@task(
    help={
        "export": "WordPress's export file (Työkalut → Vie), .xml",
        "media": "the media library: a wp-content/uploads folder or a zip of it "
        "(without it, images are fetched from their addresses)",
        "dry-run": "list what would be written; write nothing",
    }
)
def wordpress_import(c, export, media=None, dry_run=False):
    """Bring the WordPress blog over: posts, pages, images, and 301s for the old addresses."""
    from sitecore.dates import today
    from sitetools.wordpress.importer import run

    media_path = Path(media).expanduser() if media else None
    code = run(
        Path(export).expanduser(), SETTINGS, today(SETTINGS["TIMEZONE"]), media_path, dry_run
    )
    if code:
        raise Exit(code=code)


def build_for_check(output: Path, siteurl: str | None = None) -> None:
    """Build the production site into output (not output/), quietly unless it fails."""
    override = {"SITEURL": siteurl, "FEED_DOMAIN": siteurl} if siteurl else None
    result = site_build.run(output, CONFIG["settings_publish"], override=override, quiet=True)
    if not result.ok:
        raise Exit(result.failure(), code=1)


@task(
    help={
        "only": "only these checks, comma-separated: "
        "launch,html,links,a11y,privacy,leaks,headers,search,images",
        "pages": "the browser checks on these page types only (PAGE_TYPES), e.g. etusivu",
    }
)
def check(c, only="", pages=""):
    """Build the production site into a temporary folder and check it as a whole."""
    from sitetools.check import check_site, names

    with tempfile.TemporaryDirectory(prefix="tarkistus-") as tmp:
        output = Path(tmp) / "output"
        build_for_check(output)
        try:
            report = check_site(output, ROOT / SETTINGS["PATH"], names(only), names(pages))
        except ValueError as err:
            raise Exit(str(err), code=2) from None
        print("\n".join(report.lines()))
    if not report.ok:
        count = len(report.failures)
        found = plural(count, "korjattavan kohdan", "korjattavaa kohtaa")
        raise Exit(
            f"\nTarkistus löysi {found} (yllä). Korjaa {form(count, 'se', 'ne')} ja aja "
            "invoke check uudelleen.",
            code=1,
        )
    print("\nSivusto läpäisi kaikki tarkistukset.")


@task(help={"pages": "only these page types, comma-separated (e.g. etusivu,artikkeli)"})
def audit(c, pages=""):
    """Lighthouse scores (mobile) for each page type; reports, never fails."""
    from sitetools.check import names
    from sitetools.checks.lighthouse import AuditError, audit_site, report_lines
    from sitetools.checks.server import free_port

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="auditointi-") as tmp:
        output = Path(tmp) / "output"
        build_for_check(output, siteurl=f"http://127.0.0.1:{port}")
        try:
            results = audit_site(
                output, ROOT / SETTINGS["PATH"], port, ROOT / ".tools", names(pages)
            )
        except AuditError as err:
            print(f"Auditointia ei voitu tehdä: {err}", file=sys.stderr)
            return
        except ValueError as err:
            raise Exit(str(err), code=2) from None
    print("Lighthouse, puhelin (tavoite 100 kaikissa):")
    print("\n".join(report_lines(results)))


@task(
    help={
        "runs": "how many builds to time (default 5)",
        "posts": "build a generated corpus of this many posts, and plain Pelican beside it",
        "check": "also time invoke check on the shipped site (and on the corpus)",
    }
)
def bench(c, runs=5, posts=0, check=False):
    """Time the production build (fresh process, empty folder): seconds, pages, memory."""
    from sitetools.bench import BenchError, edit_lines
    from sitetools.bench import bench as run_bench
    from sitetools.bench_check import bench_check
    from sitetools.bench_search import bench_search

    try:
        result = run_bench(ROOT, int(runs), int(posts))
        search = None if int(posts) else bench_search(ROOT, int(runs))
        edits = edit_lines(ROOT, int(runs), int(posts))
        checked = bench_check(ROOT, int(posts)) if check else None
    except BenchError as err:
        raise Exit(f"{err}\nRakentaminen epäonnistui, joten mittausta ei tehty.", code=1) from None
    print("\n".join(result.lines() + (search.lines() if search else []) + edits))
    if checked:
        print("\n".join(checked.lines()))


@task
def i18n(c):
    """Update the Finnish catalogue (messages.po) from the theme's templates."""
    from sitetools.i18n import update

    po = "theme/translations/fi/LC_MESSAGES/messages.po"
    result = update(Path(SETTINGS["THEME"]))
    print(f"{po}: {'päivitetty' if result.changed else 'ajan tasalla'}.")
    for label, items in (
        ("Uudet tekstit", result.added),
        ("Poistuneet tekstit (merkitty #~, poista kun et tarvitse)", result.obsolete),
        ("Kääntämättä", result.untranslated),
    ):
        if items:
            print(f"{label} ({len(items)}):")
            print("\n".join(f"  {item}" for item in items))
    if result.untranslated:
        raise Exit("Kirjoita suomennokset kohtiin msgstr tiedostossa " + po + ".", code=1)


@task
def lock(c):
    """Write requirements.lock and requirements-test.lock (every package, pinned with hashes)
    from the dependencies in pyproject.toml; bin/setup installs from them."""
    for extra, name in (((), "requirements.lock"), (("--extra", "test"), "requirements-test.lock")):
        cmd = [sys.executable, "-m", "uv", "pip", "compile", "pyproject.toml", *extra]
        cmd += ["--generate-hashes", "--python-version", "3.11", "-q", "-o", name]
        c.run(shlex.join(cmd), pty=False)
        print(f"{name} kirjoitettu.")
