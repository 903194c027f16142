"""How the site is built: one Pelican run in this process, strict or not, with one verdict.

Every build goes through here — `invoke build`, `preview`, `livereload`, `check`, `publish`,
`bench` and the tests — so "what counts as a failed build" is defined once: anything logged
at error level (warning level too in a strict build) from the moment the settings are read,
a plugin that fails to load included. Messages are printed whole, one per line, without
Pelican's English summary; a Finnish one is printed instead.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican import __version__ as pelican_version
from pelican import log as pelican_log
from pelican.generators import ArticlesGenerator, PagesGenerator

from sitecore import outputs
from sitecore import settings as site_settings
from sitecore.parallel import (
    DeferredWriter,
    FlushRenders,
    PrefetchingMarkdownReader,
    RenderFirst,
)
from sitecore.pelican_messages import InFinnish
from sitecore.plural import form, plural
from sitecore.problems import BuildStopped, shown_path

STRICT = {"STRICT_BUILD": True, "FEEDBACK_STRICT": True}


class SitePelican(Pelican):
    """Pelican with the files read and the pages rendered on every core
    (sitecore.parallel)."""

    def __init__(self, settings: dict, first: RenderFirst | None = None) -> None:
        outputs.take(settings["OUTPUT_PATH"])  # no record of an earlier build into the folder
        # The only folders this build may write into: its output and its caches.
        project = Path(settings["PATH"]).resolve().parent
        caches = [project / v for k, v in settings.items() if k.endswith("CACHE_PATH") and v]
        outputs.allow(settings["OUTPUT_PATH"], project / "cache", *caches)
        self.first = first  # not a setting: settings are pickled into the content cache
        super().__init__(settings)

    def run(self):
        PrefetchingMarkdownReader.reset()  # nothing from an earlier build
        try:
            result = super().run()
        finally:
            PrefetchingMarkdownReader.reset()
        # Every plugin has written (and recorded) its files: save what made each of them.
        project = Path(self.settings["PATH"]).resolve().parent
        outputs.save(project, self.output_path, outputs.take(self.output_path))
        return result

    def _get_writer(self):
        return DeferredWriter(self.output_path, settings=self.settings, first=self.first)

    def _get_generator_classes(self):
        return [*super()._get_generator_classes(), FlushRenders]


LEVEL_NAMES = {
    logging.DEBUG: "",
    logging.INFO: "",
    logging.WARNING: "Varoitus: ",
    logging.ERROR: "Virhe: ",
    logging.CRITICAL: "",
}


class Counter(logging.Handler):
    """Counts the records that fail a build."""

    def __init__(self, level: int) -> None:
        super().__init__(level=level)
        self.count = 0
        self.finnish = InFinnish()  # Pelican's messages, for this handler and the printer
        self.addFilter(self.finnish)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Printer(logging.Handler):
    """Prints each message whole on its own line (no wrapping inside file names)."""

    def __init__(self, stream, level: int) -> None:
        super().__init__(level=level)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a plugin's malformed log call must not end the build
            text = str(record.msg)
        prefix = LEVEL_NAMES.get(record.levelno, "")
        print(f"{prefix}{text}", file=self.stream, flush=True)


@dataclass
class Tally:
    """What the build made, for the Finnish summary and for tools that report it."""

    articles: int = 0
    pages: int = 0
    drafts: int = 0
    hidden: int = 0
    scheduled: list[tuple[str, str]] = field(default_factory=list)  # (file, date)

    def take(self, generators: list) -> None:
        for gen in generators:
            if isinstance(gen, ArticlesGenerator):
                self.articles = len(gen.articles)
                # a future date without Status: draft is a scheduled post (WITH_FUTURE_DATES)
                waiting = [a for a in gen.drafts if a.metadata.get("status") != "draft"]
                self.scheduled = [
                    (shown_path(Path(a.source_path)).as_posix(), finnish_time(a.date))
                    for a in sorted(waiting, key=lambda a: a.date)
                ]
                self.drafts += len(gen.drafts) - len(waiting)
                self.hidden += len(gen.hidden_articles)
            elif isinstance(gen, PagesGenerator):
                self.pages = len(gen.pages)
                self.drafts += len(gen.draft_pages)
                self.hidden += len(gen.hidden_pages)


@dataclass
class BuildResult:
    ok: bool
    output: Path
    problems: int
    seconds: float
    tally: Tally
    strict: bool = False

    def summary(self) -> str:
        t = self.tally
        parts = [
            plural(t.articles, "kirjoitus", "kirjoitusta"),
            plural(t.pages, "sivu", "sivua"),
        ]
        if t.drafts:
            parts.append(plural(t.drafts, "luonnos", "luonnosta"))
        if t.scheduled:
            parts.append(plural(len(t.scheduled), "ajastettu kirjoitus", "ajastettua kirjoitusta"))
        return f"Valmis: {', '.join(parts)} ({self.seconds:.1f} s)."

    def scheduled_lines(self) -> list[str]:
        """The scheduled posts, each with its file and the time it may go public."""
        if not self.tally.scheduled:
            return []
        lines = ["Ajastetut kirjoitukset tulevat sivustolle, kun se rakennetaan niiden jälkeen:"]
        return lines + [f"  {file}: {when}" for file, when in self.tally.scheduled]

    def failure(self) -> str:
        them = form(self.problems, "se", "ne")
        if self.strict:
            what = plural(self.problems, "varoitus tai virhe", "varoitusta tai virhettä")
            advice = f"Julkaistava sivusto rakennetaan tiukasti: korjaa {them}"
        else:
            what = plural(self.problems, "virhe", "virhettä")
            advice = f"Korjaa {them}"
        return (
            f"Sivuston rakentaminen epäonnistui: {what} (katso viestit yllä). {advice}, "
            "niin sivusto rakentuu. Aiemmin rakennettu sivusto jäi ennalleen."
        )


def finnish_time(moment) -> str:
    """'31.5.2027 klo 10.00': a date and time as Finnish is written."""
    return f"{moment.day}.{moment.month}.{moment.year} klo {moment:%H.%M}"


@contextmanager
def _logging(strict: bool, shown: int, stream) -> Iterator[Counter]:
    root = logging.getLogger()
    counter = Counter(logging.WARNING if strict else logging.ERROR)
    printer = Printer(stream, shown)
    printer.addFilter(counter.finnish)
    old_handlers, old_level = root.handlers[:], root.level
    # Pelican's duplicate filter remembers messages for the life of the process: forget them,
    # so a second build in one process (livereload, the tests) reports its problems again.
    pelican_log.LimitFilter._raised_messages.clear()
    pelican_log.LimitFilter._group_count.clear()
    root.handlers = [counter, printer]
    root.setLevel(min(shown, logging.WARNING))
    console_quiet = pelican_log.console.quiet
    pelican_log.console.quiet = True  # Pelican's English "Done: Processed …"
    try:
        yield counter
    finally:
        root.handlers = old_handlers
        root.setLevel(old_level)
        pelican_log.console.quiet = console_quiet


def run(
    output: Path,
    conf: str = site_settings.PREVIEW,
    *,
    project: Path = site_settings.ROOT,
    strict: bool = False,
    override: dict[str, Any] | None = None,
    quiet: bool = False,
    debug: bool = False,
    stream=None,
    first: RenderFirst | None = None,
) -> BuildResult:
    """Build project with conf into output, in this process; never raises for bad content.

    Warnings and errors are printed (only errors when quiet, everything when debug). first:
    pages to render before the rest (the live preview), handed over only while no error
    has been logged."""
    stream = stream or sys.stderr
    override = {**(STRICT if strict else {}), **(override or {}), "OUTPUT_PATH": str(output)}
    tally = Tally()

    def take(generators: list) -> None:
        tally.take(generators)

    start = time.perf_counter()
    shown = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    with site_settings.keep_locale(), _logging(strict, shown, stream) as counter:
        signals.all_generators_finalized.connect(take)
        if first is not None:
            first = RenderFirst(first.sources, partial(_unless, counter, first))
        try:
            settings, problems = site_settings.read(project, conf, override)
            counter.finnish.content = Path(settings["PATH"])
            for problem in problems:  # her details and the settings files, each with its line
                logging.getLogger(__name__).error("%s", problem)
            if problems:
                raise BuildStopped
            settings["READERS"] = {"md": PrefetchingMarkdownReader, **settings["READERS"]}
            prepare_cache(settings)
            use_template_cache(settings, project)
            strict = settings["STRICT_BUILD"]
            counter.setLevel(logging.WARNING if strict else logging.ERROR)
            SitePelican(settings, first).run()
        except BuildStopped as stop:
            counter.count = max(counter.count, 1)
            if str(stop):
                print(stop, file=stream, flush=True)
        except Exception as err:
            logging.getLogger(__name__).error(
                "Rakentaminen keskeytyi odottamattomaan virheeseen (%s: %s). "
                "Jos viesti ei kerro, mitä korjata, kysy apua ja näytä tämä rivi.",
                type(err).__name__,
                err,
            )
        finally:
            signals.all_generators_finalized.disconnect(take)
        return BuildResult(
            counter.count == 0,
            output,
            counter.count,
            time.perf_counter() - start,
            tally,
            strict,
        )


def _unless(counter: Counter, first: RenderFirst, root: Path, files: list[Path]) -> None:
    if counter.count == 0:  # a page of a build that fails is never shown
        first.ready(root, files)


def prepare_cache(settings: dict) -> None:
    """Point Pelican's content cache at a folder of its own for this Markdown configuration
    and these versions (a changed setting never meets a stale cache), and remove a cache
    file that cannot be read (an interrupted build), which Pelican itself would crash on."""
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    import markdown

    key = repr((settings.get("MARKDOWN"), pelican_version, markdown.__version__))
    folder = Path(settings["CACHE_PATH"]) / hashlib.sha256(key.encode()).hexdigest()[:12]
    settings["CACHE_PATH"] = str(folder)
    opener = gzip.open if settings.get("GZIP_CACHE", True) else open
    for file in folder.glob("*") if folder.is_dir() else ():
        try:
            with opener(file, "rb") as handle:
                pickle.load(handle)
        except Exception:
            logging.getLogger(__name__).info("Välimuisti %s luetaan uudelleen.", file.name)
            file.unlink(missing_ok=True)


def use_template_cache(settings: dict, project: Path) -> None:
    """Keep the theme's templates compiled (Jinja's bytecode cache, in TEMPLATE_CACHE_PATH):
    compiling them was a third of a build of her site, and every generator compiled them
    again. Jinja finds an entry by the template's name and text; the compiled code also
    depends on the Jinja version, JINJA_ENVIRONMENT and the filters (how each is called:
    the plugins' and sitecore's code), so those choose the folder, and older folders are
    removed. A filter given a literal value in a template is computed when it is compiled,
    so a filter whose answer depends on anything but its value takes the context (asset_hash's
    content_hash)."""
    name = settings["TEMPLATE_CACHE_PATH"]
    if not name:
        return
    import jinja2

    key = hashlib.sha256(repr((jinja2.__version__, settings["JINJA_ENVIRONMENT"])).encode())
    for folder in (project / "plugins", Path(__file__).parent):  # the filters' code
        for file in sorted(folder.rglob("*.py")):
            key.update(file.read_bytes())
    root = project / name
    folder = root / key.hexdigest()[:12]
    if not folder.is_dir():
        for old in root.glob("*") if root.is_dir() else ():
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": cache}


def build_into(
    target: Path,
    conf: str = site_settings.PREVIEW,
    *,
    project: Path = site_settings.ROOT,
    strict: bool = False,
    override: dict[str, Any] | None = None,
    quiet: bool = False,
    stream=None,
    first: RenderFirst | None = None,
) -> BuildResult:
    """Build into a fresh folder beside target and swap it in only when the build succeeded,
    so a broken post never takes the last good site away. Messages go to stream (stderr)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-uusi-", dir=target.parent))
    result = run(
        staging,
        conf,
        project=project,
        strict=strict,
        override=override,
        quiet=quiet,
        stream=stream,
        first=first,
    )
    if not result.ok:
        shutil.rmtree(staging, ignore_errors=True)
        result.output = target
        return result
    old = target.with_name(f".{target.name}-vanha")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    outputs.moved(project, staging, target)
    shutil.rmtree(old, ignore_errors=True)
    result.output = target
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m sitecore.build OUTPUT [--conf publishconf.py] [--strict] [-e KEY=JSON]`:
    the same build as `invoke build`, for tests and scripts that need a separate process."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m sitecore.build")
    parser.add_argument("output", type=Path)
    parser.add_argument("--conf", default=site_settings.PREVIEW)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--debug", action="store_true", help="print Pelican's debug log too")
    parser.add_argument("-e", "--extra", nargs="*", default=[], metavar="KEY=JSON")
    args = parser.parse_args(argv)
    override = {}
    for item in args.extra:
        key, _, value = item.partition("=")
        override[key] = json.loads(value)
    result = run(
        args.output.resolve(),
        args.conf,
        project=Path.cwd(),
        strict=args.strict,
        override=override,
        debug=args.debug,
    )
    lines = [result.summary(), *result.scheduled_lines()] if result.ok else [result.failure()]
    print("\n".join(lines), file=sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
