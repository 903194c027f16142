"""`invoke livereload`: a preview that tells her at once what went wrong, in the browser.

- A failed build leaves output/ as it was, and the preview server answers every page
  with an error page in Finnish instead: the file, the line and what to write (a broken
  feedback file too: the preview checks them as strictly as publish does). The page
  reloads itself (livereload) when the file is saved again, and the site is back.
- The port: --port or PORT, default 8000; when it is taken (another preview is open),
  a Finnish message and the next free port instead of a traceback.
"""

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Template
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.netutil import bind_sockets

from sitecore import details
from sitecore.build import EarlyPages, build_into
from sitecore.problems import Said
from sitecore.settings import PREVIEW

PORT_TRIES = 20
# A broken feedback file would only be left out with a warning in the terminal: here it
# stops the build, so the browser shows it, with its file and line, like a broken post.
PREVIEW_SETTINGS = {"FEEDBACK_STRICT": True}
# Edits of these files in content/ change their own pages first of all: those are shown as
# soon as they are written. Any other change (a template, a setting, a picture) is built
# whole before the browser reloads.
CONTENT_SUFFIXES = frozenset({".md", ".markdown"})
POLL_SECONDS = 0.2


class PortError(ValueError):
    """A port that cannot be used; the message is in Finnish."""


def parse_port(value: str | None) -> int:
    """The port she gave (--port or PORT), 8000 when none."""
    text = str(value or 8000).strip()
    if not (text.isdecimal() and 1 <= int(text) <= 65535):  # digits only, then the range
        raise PortError(
            f"Portti ”{value}” ei kelpaa: anna numero väliltä 1024–65535, esimerkiksi "
            "--port 8001 (tai PORT=8001)."
        )
    return int(text)


def choose_port(host: str, wanted: int) -> int:
    """wanted if the preview server could listen on it now (as tornado binds it), else the
    next free port, said in Finnish."""
    for port in range(wanted, min(wanted + PORT_TRIES, 65536)):
        try:
            sockets = bind_sockets(port, host)
        except OSError:  # taken, or not hers to take (below 1024)
            continue
        for sock in sockets:
            sock.close()
        if port != wanted:
            print(
                f"Portti {wanted} on jo käytössä (ehkä toinen esikatselu on jo auki). "
                f"Käytetään porttia {port}."
            )
        return port
    raise PortError(
        f"Portit {wanted}–{wanted + PORT_TRIES - 1} ovat kaikki käytössä. Sulje muut "
        "esikatselut tai anna toinen portti: invoke livereload --port 8100."
    )


# The page is a Jinja template beside this module; everything it prints is escaped.
ERROR_PAGE = Template(
    Path(__file__).with_name("preview_error.html").read_text(encoding="utf-8"),
    autoescape=True,
    trim_blocks=True,
)


def error_page(messages: list[Said], failure: str) -> str:
    """The page every page request gets while the last build failed: what failed it (its
    errors, or in a strict build its warnings), the file and line of each, then the rest."""
    errors = [m for m in messages if m.level != "WARNING"]
    warnings = [m for m in messages if m.level == "WARNING"]
    if not errors:  # a strict build fails on its warnings
        errors, warnings = warnings, []
    return ERROR_PAGE.render(errors=errors, warnings=warnings, failure=failure)


def page_request(path: str) -> bool:
    """Whether a request path asks for a page (not a style sheet or a picture)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path == "" or path.endswith("/") or last.endswith(".html") or "." not in last


def handler_class(preview: "Preview"):
    """livereload's static file handler, answering pages with the error page while the
    last build failed."""

    class PreviewHandler(StaticFileHandler):
        async def get(self, path: str, include_body: bool = True) -> None:
            if preview.failure is not None and page_request(path):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(preview.failure)
                return
            await super().get(path, include_body)

        def write_error(self, status_code: int, **kwargs) -> None:
            """A missing page is the site's own Finnish 404 page, as on the server."""
            page = Path(self.root) / "404.html"
            if status_code != 404 or not page.is_file():
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            return self.finish(page.read_bytes())

    return PreviewHandler


@dataclass
class Outcome:
    """What a build in the preview came to: sent from the build's process to the server's."""

    ok: bool
    text: str  # the summary, or why it failed
    said: list[Said]  # its warnings and errors, as data (for the error page)
    lines: list[str] = field(default_factory=list)  # the quick checks' report


class Preview:
    """The live preview: build, serve, and after every change build and tell.

    The first build runs in this process and leaves it warm (the Finnish typography of
    every text remembered, Voikko open, the code imported). Each later build runs in a
    process forked from it, so the server goes on answering meanwhile: when only posts or
    pages were edited, each of their pages is put into output/ as soon as it is written
    and the browser reloaded; the whole site is swapped in after that and the browser
    reloaded again."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self.content = Path(settings["PATH"])
        self.failure: str | None = None  # the error page, while the last build failed
        self.base = ""
        self.server = None
        self.changed: set[str] = set()  # files changed since the last build started
        self.building = False

    def rebuild(self, changed: list[str] | None = None) -> None:
        """Called by livereload's watcher with the files that changed."""
        self.changed.update(changed or ["*"])
        # livereload reloads the browser when this returns; here it is told when the pages
        # are there (fork_build), so its own reload is called off.
        self.server.watcher.filepath = None
        if not self.building:
            self.start()

    def start(self) -> None:
        changed, self.changed = self.changed, set()
        only_content = all(
            Path(f).suffix in CONTENT_SUFFIXES and Path(f).is_relative_to(self.content)
            for f in changed
        )
        self.building = True
        fork_build(self, frozenset(changed) if only_content else None)

    def build_here(self, first=None) -> Outcome:
        """Build (first: a sitecore.build.EarlyPages), and when it succeeded run the quick
        checks on what it made."""
        from .quick_checks import quick_report  # the checks' parsers: only once a build is done

        result = build_into(self.output, first=first, override=PREVIEW_SETTINGS)
        if not result.ok:
            return Outcome(False, result.failure(), result.said)
        now = dt.datetime.now(ZoneInfo(self.settings["TIMEZONE"]))
        lines = quick_report(self.output, self.content, now, self.base)
        return Outcome(True, result.summary(), result.said, lines)

    def finish(self, outcome: Outcome) -> None:
        self.building = False
        self.failure = None if outcome.ok else error_page(outcome.said, outcome.text)
        try:
            print(outcome.text, file=sys.stderr)
            if not outcome.ok:
                print(f"Virheilmoitus näkyy myös selaimessa: {self.base}", file=sys.stderr)
            else:  # what the quick checks found, then where to look
                lines = [*outcome.lines, f"Esikatselu: {self.base}  (lopeta: Ctrl+C)"]
                print("\n".join(lines), flush=True)
        except BrokenPipeError:  # `invoke livereload | head`: the reader has gone
            sys.excepthook(*sys.exc_info())  # tasks.py's: quietly, as every command
            raise SystemExit(1) from None  # (an exception would stay in the event loop)
        LiveReloadHandler.reload_waiters()
        if self.changed:  # saved again while building
            self.start()

    def serve(self, host: str, port: int) -> None:
        self.base = f"http://{host}:{port}/"
        # The watcher first: a file saved while the first build runs is newer than its
        # start, so it is built again at once rather than taken as it already was.
        server = Server()
        server.SFH = handler_class(self)
        for pattern in (
            self.content.parent / PREVIEW,
            self.content.parent / details.FILE,
            Path(self.settings["THEME"]) / "**" / "*",  # templates, static files, translations
            self.content / "**" / "*",
        ):
            server.watch(str(pattern), self.rebuild)
        # The build runs in this process, which keeps Python code it has imported: a changed
        # plugin or shared module starts the preview afresh instead.
        for folder in ("plugins", "sitecore"):
            server.watch(str(self.content.parent / folder / "**" / "*.py"), restart)
        first = self.build_here()
        # Told once the server listens (serve() binds, then runs this loop's callbacks), so
        # the address printed answers at once.
        IOLoop.current().add_callback(self.finish, first)
        self.server = server
        # livereload looks for changes every 0.8 s, and only once a browser has connected:
        # here every POLL_SECONDS from the start (one stat per file: milliseconds).
        PeriodicCallback(lambda: server.watcher.examine(), POLL_SECONDS * 1000).start()
        # Not livereload's and tornado's own log ("Serving on …", "404 GET …", in English):
        # what she needs is said in Finnish (the address, every build and what it found).
        logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.ERROR)
        logging.getLogger("tornado.access").disabled = True
        server.serve(host=host, port=port, root=str(self.output), debug=False)


def fork_build(preview: Preview, sources: frozenset[str] | None) -> None:
    """One build in a process forked from the warm preview; the server goes on meanwhile.
    The child sends "E" when a page of an edited file is in output/ (the browser reloads),
    then the Outcome; a child that dies first has sent nothing more (EOFError)."""
    received, sent = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=build_in_child, args=(preview, sources, sent), daemon=True
    )
    child.start()
    sent.close()

    def readable(fd: int, events: int) -> None:
        try:
            message = received.recv()
        except EOFError:
            message = Outcome(False, "Esikatselun rakentaminen keskeytyi.", [])
        if message == "E":
            LiveReloadHandler.reload_waiters()  # every page open in the preview reloads
            return
        IOLoop.current().remove_handler(fd)
        received.close()
        child.join()
        preview.finish(message)

    IOLoop.current().add_handler(received.fileno(), readable, IOLoop.READ)


def build_in_child(preview: Preview, sources: frozenset[str] | None, sent) -> None:
    """The forked process's build; an error in it ends it without a word (the server says
    the build was interrupted)."""

    def ready(staging: Path, page: Path) -> None:
        """Put a page of an edited file into output/ (replaced whole) before the rest."""
        target = preview.output / page.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.uusi")
        shutil.copyfile(page, temporary)
        os.replace(temporary, target)
        sent.send("E")

    try:
        sent.send(preview.build_here(EarlyPages(sources, ready) if sources else None))
    except BaseException:
        os._exit(1)


def restart() -> None:
    """Start this command again in place (same process id, same port), with fresh code."""
    print("Ohjelmakoodi muuttui: esikatselu käynnistyy uudelleen.", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, *sys.argv])
