"""How the site is built: one Pelican run in this process, strict or not, with one verdict.

Every build goes through here — `invoke build`, `preview`, `livereload`, `check`, `publish`,
bin/bench and the tests — so "what counts as a failed build" is defined once: anything logged
at error level (warning level too in a strict build) from the moment the settings are read,
a plugin that fails to load included. Messages are printed whole, one per line, without
Pelican's English summary; a Finnish one is printed instead.
"""

import argparse
import gzip
import hashlib
import json
import logging
import pickle
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import markdown
from pelican import Pelican, signals
from pelican import __version__ as pelican_version
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter, console
from pelican.writers import Writer

from sitecore import outputs, readers, swap
from sitecore import settings as site_settings
from sitecore.pelican_messages import InFinnish
from sitecore.plural import decimal, form, plural
from sitecore.problems import BuildStopped, Said, shown_path

STRICT = {"STRICT_BUILD": True, "FEEDBACK_STRICT": True}
PREFIXES = {logging.WARNING: "Varoitus: ", logging.ERROR: "Virhe: "}


@dataclass(frozen=True)
class EarlyPages:
    """The live preview's early pages: ready(output, page) is called with each page of a
    content file in sources before Pelican writes anything else, while no error has been
    logged, so the edited post or page is shown before the rest of the site is written
    (Pelican writes posts newest first and pages after all posts: waiting for its turn
    took seconds at 1,000 posts)."""

    sources: frozenset[str]  # the edited content files, as Pelican names them (under PATH)
    ready: Callable[[Path, Path], None]

    def write(self, pelican: Pelican, generators: list, report: "Report") -> None:
        """Pelican's get_writer signal (every plugin's all_generators_finalized has run,
        Pelican has refreshed the links in summaries, nothing is written yet): write the
        edited files' pages now, by their generators' own public methods (generate_articles,
        generate_drafts, the pages' generate_output) through a writer that writes only those,
        and hand each over while no error is logged. content_written is muted: no plugin
        records a page twice, and Pelican's own write of it later is the one they see (and
        page_writer_finalized, which the pages' generate_output sends, is sent once too)."""
        writer = Writer(pelican.output_path, settings=pelican.settings)

        def write_file(name: str, *args: Any, **kwargs: Any) -> None:
            item = kwargs.get("article") or kwargs.get("page")
            if name and getattr(item, "source_path", None) in self.sources:  # "": not saved
                writer.write_file(name, *args, **kwargs)
                if not report.count:  # a page of a build that has logged an error: never
                    self.ready(Path(pelican.output_path), Path(pelican.output_path, name))

        write = partial(write_file, relative_urls=pelican.settings["RELATIVE_URLS"])
        with signals.content_written.muted(), signals.page_writer_finalized.muted():
            for gen in generators:
                if isinstance(gen, ArticlesGenerator):
                    gen.generate_articles(write)
                    gen.generate_drafts(write)
                elif isinstance(gen, PagesGenerator):
                    gen.generate_output(SimpleNamespace(write_file=write_file))


class Report(logging.Handler):
    """Prints each message whole on its own line (no wrapping inside file names) and counts
    those that fail the build (errors; warnings too when strict). A warning is reported
    once a build: Pelican's own duplicate filter remembers messages for the life of the
    process, so a second build in it (livereload, the tests) would not report them again;
    it is told to let everything through (LOGS_DEDUP_MIN_LEVEL, as its
    --logs-dedup-min-level option sets it) and this build's messages are remembered here."""

    def __init__(self, stream, shown: int, failing: int) -> None:
        super().__init__()
        self.stream, self.shown, self.failing = stream, shown, failing
        self.count = 0
        self.seen: set[tuple[int, str]] = set()
        self.said: list[Said] = []  # the warnings and errors, as data (the preview shows them)
        self.finnish = InFinnish()  # Pelican's own messages in Finnish (or dropped)
        self.addFilter(self.finnish)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a plugin's malformed log call must not end the build
            text = str(record.msg)
        key = (record.levelno, text)
        if record.levelno <= logging.WARNING and key in self.seen:
            return
        self.seen.add(key)
        self.count += record.levelno >= self.failing
        if record.levelno >= logging.WARNING:
            self.said.append(Said.of(record, text))
        if record.levelno >= self.shown:
            print(f"{PREFIXES.get(record.levelno, '')}{text}", file=self.stream, flush=True)

    def __enter__(self) -> "Report":
        """The only handler of every logger while the build runs (see above)."""
        root = logging.getLogger()
        self.before = root.handlers, root.level, LimitFilter.LOGS_DEDUP_MIN_LEVEL, console.quiet
        root.handlers = [self]
        root.setLevel(min(self.shown, logging.WARNING))
        LimitFilter.LOGS_DEDUP_MIN_LEVEL = logging.NOTSET  # see above
        console.quiet = True  # Pelican's English "Done: Processed …"
        return self

    def __exit__(self, *exc: object) -> None:
        root = logging.getLogger()
        root.handlers, level, LimitFilter.LOGS_DEDUP_MIN_LEVEL, console.quiet = self.before
        root.setLevel(level)


@dataclass
class Tally:
    """What the build made, for the Finnish summary and for tools that report it."""

    articles: int = 0
    pages: int = 0
    drafts: int = 0
    scheduled: list[tuple[str, str]] = field(default_factory=list)  # (file, date)

    def take(self, generators: list) -> None:
        for gen in generators:
            if isinstance(gen, ArticlesGenerator):
                self.articles = len(gen.articles)
                # a future date without Status: draft is a scheduled post (WITH_FUTURE_DATES)
                waiting = [a for a in gen.drafts if a.metadata.get("status") != "draft"]
                self.scheduled = [  # the time as Finnish is written: 31.5.2027 klo 10.00
                    (shown_path(Path(a.source_path)).as_posix(), f"{a.date:%-d.%-m.%Y klo %H.%M}")
                    for a in sorted(waiting, key=lambda a: a.date)
                ]
                self.drafts += len(gen.drafts) - len(waiting)
            elif isinstance(gen, PagesGenerator):
                self.pages = len(gen.pages)
                self.drafts += len(gen.draft_pages)


@dataclass
class BuildResult:
    ok: bool
    output: Path
    problems: int
    seconds: float
    tally: Tally
    strict: bool = False
    said: list[Said] = field(default_factory=list)  # its warnings and errors, as data
    left: str = ""  # a failed build into a folder: what that folder holds (build_into)

    def summary(self) -> str:
        t = self.tally
        parts = [plural(t.articles, "kirjoitus", "kirjoitusta"), plural(t.pages, "sivu", "sivua")]
        if t.drafts:
            parts.append(plural(t.drafts, "luonnos", "luonnosta"))
        if t.scheduled:
            parts.append(plural(len(t.scheduled), "ajastettu kirjoitus", "ajastettua kirjoitusta"))
        return f"Valmis: {', '.join(parts)} ({decimal(self.seconds)} s)."

    def scheduled_lines(self) -> list[str]:
        """The scheduled posts, each with its file and the time it may go public."""
        lines = [f"  {file}: {when}" for file, when in self.tally.scheduled]
        head = "Ajastetut kirjoitukset tulevat sivustolle, kun se rakennetaan niiden jälkeen:"
        return [head, *lines] if lines else []

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
            f"niin sivusto rakentuu. {self.left}"
        ).rstrip()


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
    first: EarlyPages | None = None,
) -> BuildResult:
    """Build project with conf into output, in this process; never raises for bad content.

    Warnings and errors are printed (only errors when quiet, everything when debug). first:
    the edited files' pages, handed over as soon as each is written (the live preview)."""
    stream = stream or sys.stderr
    override = {**(STRICT if strict else {}), **(override or {}), "OUTPUT_PATH": str(output)}
    start = time.perf_counter()
    shown = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    failing = logging.WARNING if strict else logging.ERROR

    generators: list = []  # Pelican's, once every content file is read

    def early(pelican: Pelican) -> None:
        if first:
            first.write(pelican, generators, report)

    with (
        site_settings.keep_locale(),
        Report(stream, shown, failing) as report,
        signals.all_generators_finalized.connected_to(generators.extend),
        signals.get_writer.connected_to(early),
    ):
        try:
            settings, problems = site_settings.read(project, conf, override)
            for problem in problems:  # her details and the settings files, each with its line
                logging.getLogger(__name__).error("%s", problem)
            if problems:
                raise BuildStopped
            report.finnish.content = Path(settings["PATH"])
            prepare_cache(settings, project)
            use_template_cache(settings, project)
            report.failing = logging.WARNING if settings["STRICT_BUILD"] else logging.ERROR
            made = settings["OUTPUT_PATH"]
            outputs.take(made)  # no record of an earlier build into the folder
            # The only folders this build may write into: its output and its caches.
            caches = [project / v for k, v in settings.items() if k.endswith("CACHE_PATH") and v]
            outputs.allow(made, project / "cache", *caches)
            Pelican(settings).run()
            # Every plugin has written (and recorded) its files: save what made each of them.
            outputs.save(project, made, outputs.take(made))
        except BuildStopped as stop:
            report.count = max(report.count, 1)
            if str(stop):
                print(stop, file=stream, flush=True)
                report.said.append(Said("ERROR", "", str(stop)))
        except Exception as err:
            logging.getLogger(__name__).error(
                "Rakentaminen keskeytyi odottamattomaan virheeseen (%s: %s). "
                "Jos viesti ei kerro, mitä korjata, kysy apua ja näytä tämä rivi.",
                type(err).__name__,
                err,
            )
    tally = Tally()
    tally.take(generators)
    strict = report.failing == logging.WARNING  # as the settings say (publishconf.py: strict)
    seconds = time.perf_counter() - start
    return BuildResult(not report.count, output, report.count, seconds, tally, strict, report.said)


def cache_folder(root: Path, project: Path, *facts: object) -> Path:
    """root's folder for facts and the plugins' and sitecore's code (what the cache it holds
    depends on), made when missing; the folders of other keys in root are removed then: a
    cache made for other code or settings is never read again, so it would only fill the
    disk."""
    digest = hashlib.sha256(repr(facts).encode())
    for code in (project / "plugins", Path(__file__).parent):
        for file in sorted(code.rglob("*.py")):
            digest.update(file.read_bytes())
    folder = root / digest.hexdigest()[:12]
    if not folder.is_dir():
        for old in root.glob("*") if root.is_dir() else ():
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def prepare_cache(settings: dict, project: Path) -> None:
    """Point Pelican's content cache at a folder of its own for this Markdown configuration,
    these versions and the plugins' reader steps (their code and settings, sitecore.readers;
    a changed setting or step never meets a stale cache), and remove a cache file that
    cannot be read (an interrupted build), which Pelican itself would crash on."""
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    steps = [settings.get(name) for name in readers.SETTINGS]
    facts = (settings.get("MARKDOWN"), pelican_version, markdown.__version__, steps)
    folder = cache_folder(Path(settings["CACHE_PATH"]), project, *facts)
    settings["CACHE_PATH"] = str(folder)
    gzipped = settings["GZIP_CACHE"]  # Pelican's default
    for file in folder.glob("*"):
        try:
            with (gzip.open if gzipped else open)(file, "rb") as handle:
                # An interrupted write cuts a gzip stream short, so reading it to its end
                # finds it in milliseconds; unpickling it here would double Pelican's own
                # load (half a second at 1,000 posts, in every preview build).
                handle.read() if gzipped else pickle.load(handle)
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
    jinja = settings["JINJA_ENVIRONMENT"]
    folder = cache_folder(project / name, project, jinja2.__version__, jinja)
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    settings["JINJA_ENVIRONMENT"] = {**jinja, "bytecode_cache": cache}


def build_into(
    target: Path, conf: str = site_settings.PREVIEW, *, stream=None, **options: Any
) -> BuildResult:
    """Build into a fresh folder beside target and put it in target's place in one step
    (sitecore.swap) only when the build succeeded, so a broken post never takes the last
    good site away; one build at a time per project. Messages go to stream (stderr);
    options are run's."""
    stream = stream or sys.stderr
    target = target.resolve()
    project = options.setdefault("project", site_settings.ROOT)
    try:
        with swap.project_lock(project, partial(print, file=stream, flush=True)):
            staging = swap.fresh_folder(target, project)
            try:
                result = run(staging, conf, stream=stream, **options)
                if result.ok:
                    swap.put_in_place(staging, target)
                    outputs.moved(project, staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)  # the failed build, or the old site
    except swap.NotWritable as err:
        print(f"Virhe: {err}", file=stream, flush=True)
        result = BuildResult(False, target, 1, 0.0, Tally(), options.get("strict", False))
    result.output = target
    if not result.ok:
        result.left = left_in(target)
    return result


def left_in(target: Path) -> str:
    """What a failed build left in target, said as it is (a failed build never touches it)."""
    shown = shown_path(target)
    if target.is_dir():
        return f"Aiemmin rakennettu sivusto kansiossa {shown} jäi ennalleen."
    if target.exists():
        return f"{shown} on tiedosto eikä kansio, eikä sitä muutettu."
    return f"Kansiota {shown} ei vielä ole: se tehdään, kun rakentaminen onnistuu."


def main(argv: list[str] | None = None) -> int:
    """`python -m sitecore.build OUTPUT [--conf publishconf.py] [--strict] [-e KEY=JSON]`:
    the same build as `invoke build`, for tests and scripts that need a separate process."""
    parser = argparse.ArgumentParser(prog="python -m sitecore.build")
    parser.add_argument("output", type=Path)
    parser.add_argument("--conf", default=site_settings.PREVIEW)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--debug", action="store_true", help="print Pelican's debug log too")
    parser.add_argument("-e", "--extra", nargs="*", default=[], metavar="KEY=JSON")
    args = vars(parser.parse_args(argv))  # conf, strict and debug are run's own
    output, extra = args.pop("output"), args.pop("extra")
    override = {key: json.loads(value) for key, _, value in (x.partition("=") for x in extra)}
    result = run(output.resolve(), project=Path.cwd(), override=override, **args)
    lines = [result.summary(), *result.scheduled_lines()] if result.ok else [result.failure()]
    print("\n".join(lines), file=sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
