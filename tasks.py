"""Tasks for building, previewing and publishing the site (run with `invoke TASK`).

The same tasks pelican-quickstart writes, with one difference: a build goes into a fresh
folder first and replaces output/ only when it succeeded, so a broken post never takes
the last good site away.
"""

import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from sitecore import build as site_build
from sitecore import settings as site_settings
from sitecore import swap
from sitecore.dates import today
from sitecore.plural import form, plural

# Each task imports its own tools when it runs (the checks load Playwright, the preview
# livereload and tornado, publish its SSH parts): `invoke --list` and a quick task stay quick.
ROOT = site_settings.ROOT
SETTINGS = site_settings.load()


def quiet_broken_pipe(kind, value, traceback, default=sys.excepthook) -> None:
    """`invoke new "…" | head -1`, `invoke --list | head -1`: when the reader has gone, end
    quietly (as Python's documentation advises: point the output at devnull, so that the
    final flush cannot fail again). Any other exception is shown as before."""
    if not issubclass(kind, BrokenPipeError):
        default(kind, value, traceback)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.dup2(devnull, sys.stderr.fileno())


sys.excepthook = quiet_broken_pipe  # invoke's own printing (--list) included

HOST = "localhost"
OUTPUT = SETTINGS["OUTPUT_PATH"]


@contextmanager
def refused(*errors: type[Exception], code: int = 1) -> Iterator[None]:
    """A refusal whose message is already Finnish (a port, a file, a target) ends the task
    with that message and code, never with a traceback."""
    try:
        yield
    except errors as err:
        raise Exit(str(err), code=code) from None


def port_setting(port=None, free: bool = False) -> int:
    """--port, else PORT, else 8000 (free: that or the next free port, said so); a Finnish
    message for anything that is not a port."""
    from sitetools.preview import PortError, choose_port, parse_port

    with refused(PortError, code=2):
        port = parse_port(port or os.environ.get("PORT"))
        return choose_port(HOST, port) if free else port


def build_into_output(conf: str, output: str | None, done: str, strict: bool = False) -> None:
    """Build into a temporary folder beside output/, then swap it in on success; then the
    preview's quick checks (broken internal links, pictures without alt text) as warnings,
    and done with the folder built."""
    from sitetools.quick_checks import quick_report

    result = site_build.build_into(Path(output or OUTPUT), conf, strict=strict)
    if not result.ok:
        raise Exit(result.failure(), code=1)
    found = quick_report(result.output, ROOT / SETTINGS["PATH"], None, "")
    print("\n".join([*found, result.summary()]), file=sys.stderr)
    print(f"{done} {result.output}")


@task(
    help={
        "title": "otsikko lainausmerkeissä",
        "page": "sivu (kansioon content/sivut/) blogikirjoituksen sijaan",
        "category": "kirjoituksen kategoria (oletus: se, jossa on eniten kirjoituksia)",
    }
)
def new(c, title, page=False, category=None):
    """Aloittaa uuden kirjoituksen (tai sivun): luonnos, päiväyksenä tämä päivä.

    Esimerkiksi: invoke new "Mistä työnohjauksessa puhutaan?" Olemassa olevaa tiedostoa
    ei koskaan korvata."""
    from sitetools.new_post import NewFileError, create

    day = today(SETTINGS["TIMEZONE"])
    with refused(NewFileError):
        path, url, category = create(
            ROOT, SETTINGS, title, page=page, category=category, today=day, port=port_setting()
        )
    what = "sivu" if page else f"kirjoitus (kategoria {category})"
    print(f"Uusi {what}: {path.relative_to(ROOT)}")
    print(f"Esikatselu, kun invoke livereload on käynnissä: {url}")
    print("Se on luonnos: poista rivi Status: draft, kun teksti on valmis julkaistavaksi.")


@task
def clean(c):
    """Poistaa rakennetun sivuston (kansion output/), kun käynnissä oleva rakentaminen on valmis."""
    with refused(swap.NotWritable), swap.project_lock(ROOT, partial(print, file=sys.stderr)):
        shutil.rmtree(OUTPUT, ignore_errors=True)


@task(
    help={
        "output": "kansio, johon rakennetaan (oletus: output/)",
        "strict": "pysähtyy jokaiseen varoitukseen ja virheelliseen palautetiedostoon, "
        "kuten julkaisu",
    }
)
def build(c, output=None, strict=False):
    """Rakentaa esikatseluversion kansioon output/ ja tarkistaa kirjoittamasi linkit ja kuvat."""
    build_into_output(site_settings.PREVIEW, output, "Sivusto rakennettu kansioon", strict)


@task(clean, build)
def rebuild(c):
    """Tyhjentää kansion output/ ja rakentaa sivuston uudelleen."""


PORT_HELP = "portti (oletus: PORT, muuten 8000; jos se on varattu, seuraava vapaa)"


@task(help={"port": PORT_HELP})
def serve(c, port=None):
    """Näyttää valmiin kansion output/ osoitteessa http://localhost:8000/."""
    import logging

    from pelican import listen, log

    port = port_setting(port, free=True)
    logging.getLogger("pelican.server").setLevel(logging.ERROR)  # its English request log
    log.console.quiet = True  # and its "Serving site at …"
    print(f"Kansio output/ osoitteessa http://{HOST}:{port}/  (lopeta: Ctrl+C)")
    listen(HOST, port, OUTPUT)


@task(build, serve)
def reserve(c):
    """Rakentaa (kuten build) ja näyttää (kuten serve)."""


@task(help={"output": "kansio, johon rakennetaan (oletus: output/)"})
def preview(c, output=None):
    """Rakentaa julkaisuversion (publishconf.py) kansioon output/."""
    build_into_output(site_settings.PRODUCTION, output, "Julkaisuversio rakennettu kansioon")


@task(help={"port": PORT_HELP})
def livereload(c, port=None):
    """Esikatselu: rakentaa, näyttää osoitteessa http://localhost:8000/ ja päivittää muutoksista.

    Jos rakentaminen epäonnistuu, virhe näkyy selaimessa. Jokaisen rakentamisen jälkeen
    linkit ja kuvat tarkistetaan ja luonnokset ja ajastetut kirjoitukset luetellaan."""
    from sitetools.preview import Preview

    Preview(SETTINGS).serve(HOST, port_setting(port, free=True))


@task(livereload)
def regenerate(c):
    """Sama kuin livereload: rakentaa sivuston uudelleen aina, kun tiedosto muuttuu."""
    # not Pelican's own -r: its messages are English and unchecked


@task(
    help={
        "target": "käyttäjä@palvelin:/kansio/ (oletus: DEPLOY_TARGET ympäristöstä tai "
        "tiedostosta deploy.local)",
        "atomic": "lähettää kansioon releases/<aika>/ ja vaihtaa linkin current kerralla",
        "dry-run": "luettelee, mitä lisättäisiin, muutettaisiin ja poistettaisiin; ei muuta mitään",
        "force": "sallii ensimmäisen julkaisun kansioon, jossa on jo tiedostoja (ne poistetaan)",
        "ssh-config": "SSH-asetustiedosto tiedoston ~/.ssh/config sijaan (PUBLISH_SSH_CONFIG)",
    }
)
def publish(c, target=None, atomic=False, dry_run=False, force=False, ssh_config=None):
    """Rakentaa ja tarkistaa julkaisuversion ja lähettää muuttuneet tiedostot palvelimelle."""
    from sitetools import publish as deploy

    with refused(deploy.PublishError):
        deploy.publish(
            ROOT, target=target, atomic=atomic, dry_run=dry_run, force=force, ssh_config=ssh_config
        )


@task(help={"target": "kuten publish", "ssh-config": "kuten publish"})
def rollback(c, target=None, ssh_config=None):
    """Palauttaa edellisen julkaisun (vain julkaisuille, jotka tehtiin: publish --atomic)."""
    from sitetools import publish as deploy

    with refused(deploy.PublishError):
        deploy.rollback(ROOT, target=target, ssh_config=ssh_config)


@task(help={"remote": "git-etävarasto (oletus: origin)", "branch": "haara (oletus: gh-pages)"})
def gh_pages(c, remote="origin", branch="gh-pages"):
    """Rakentaa ja tarkistaa julkaisuversion ja julkaisee sen GitHub Pagesiin."""
    from sitetools import publish as deploy

    with refused(deploy.PublishError):
        deploy.gh_pages(ROOT, remote=remote, branch=branch)


@task(
    help={
        "path": "kyselyn CSV-vienti (UTF-8, erottimena ; tai ,)",
        "mapping": "sarakkeiden vastaavuudet (oletus: content/feedback/import-mapping.yaml)",
    }
)
def feedback_import(c, path, mapping=None):
    """Tekee kyselyn CSV-viennistä palautetiedostoja (julkaistaan vain asiakkaan luvalla)."""
    from sitecore.feedback import folder_of
    from sitetools.feedback_import import run

    folder, day = folder_of(SETTINGS), today(SETTINGS["TIMEZONE"])
    raise Exit(code=run(Path(path), folder, SETTINGS, day, mapping and Path(mapping)))  # 0: done


@task(
    help={
        "export": "WordPressin vientitiedosto (Työkalut → Vie), .xml",
        "media": "mediakirjasto: kansio wp-content/uploads tai sen zip-tiedosto "
        "(ilman sitä kuvat haetaan niiden osoitteista)",
        "dry-run": "luettelee, mitä kirjoitettaisiin; ei kirjoita mitään",
    }
)
def wordpress_import(c, export, media=None, dry_run=False):
    """Tuo WordPress-blogin: kirjoitukset, sivut, kuvat ja ohjaukset vanhoista osoitteista."""
    from sitetools.wordpress.importer import run

    media_path = Path(media).expanduser() if media else None
    day = today(SETTINGS["TIMEZONE"])
    raise Exit(code=run(Path(export).expanduser(), SETTINGS, day, media_path, dry_run))  # 0: done


@contextmanager
def production_build(prefix: str, siteurl: str | None = None) -> Iterator[Path]:
    """The production site built into a temporary folder (not output/), quietly unless it
    fails; the folder goes when the task is done with it."""
    override = {"SITEURL": siteurl, "FEED_DOMAIN": siteurl} if siteurl else None
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        output = Path(tmp) / "output"
        result = site_build.run(output, site_settings.PRODUCTION, override=override, quiet=True)
        if not result.ok:
            raise Exit(result.failure(), code=1)
        yield output


@task(
    help={
        "only": "vain nämä tarkistukset pilkuin eroteltuina: "
        "launch,html,links,a11y,privacy,leaks,headers,search,images",
        "pages": "selaintarkistukset vain näille sivutyypeille (PAGE_TYPES), esim. etusivu",
    }
)
def check(c, only="", pages=""):
    """Rakentaa julkaisuversion väliaikaiseen kansioon ja tarkistaa sen kokonaan."""
    from sitetools.check import check_site, names

    with production_build("tarkistus-") as output:
        with refused(ValueError, code=2):
            report = check_site(output, ROOT / SETTINGS["PATH"], names(only), names(pages))
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


@task(help={"pages": "vain nämä sivutyypit pilkuin eroteltuina (esim. etusivu,artikkeli)"})
def audit(c, pages=""):
    """Lighthouse-pisteet puhelimella jokaiselle sivutyypille; kertoo, ei koskaan hylkää."""
    from sitetools.check import names
    from sitetools.checks.lighthouse import AuditError, audit_site, report_lines
    from sitetools.checks.server import free_port

    port = free_port()
    site = production_build("auditointi-", siteurl=f"http://127.0.0.1:{port}")
    with site as output, refused(ValueError, code=2):
        try:
            results = audit_site(
                output, ROOT / SETTINGS["PATH"], port, ROOT / ".tools", names(pages)
            )
        except AuditError as err:
            print(f"Auditointia ei voitu tehdä: {err}", file=sys.stderr)
            return
    print("Lighthouse, puhelin (tavoite 100 kaikissa):")
    print("\n".join(report_lines(results)))


@task
def i18n(c):
    """Päivittää teeman käännöstiedoston (messages.po) pohjista ja luettelee kääntämättömät."""
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
    """Kirjoittaa tiedostot requirements.lock ja requirements-test.lock tiedostosta pyproject.toml.

    Jokainen paketti lukitaan versioineen ja tarkisteineen; bin/setup asentaa niistä."""
    for extra, name in (((), "requirements.lock"), (("--extra", "test"), "requirements-test.lock")):
        cmd = [sys.executable, "-m", "uv", "pip", "compile", "pyproject.toml", *extra]
        cmd += ["--generate-hashes", "--python-version", "3.11", "-q", "-o", name]
        c.run(shlex.join(cmd), pty=False)
        print(f"{name} kirjoitettu.")


if __name__ == "__main__":  # bin/invoke: the tasks with their help and errors in Finnish
    from sitetools.cli import run

    run(sys.modules[__name__])
