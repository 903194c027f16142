"""`invoke livereload`: a preview that tells her at once what went wrong, in the browser.

- A failed build leaves output/ as it was, and the preview server answers every page
  with an error page in Finnish instead: the file, the line and what to write. The page
  reloads itself (livereload) when the file is saved again, and the site is back.
- The port: --port or PORT, default 8000; when it is taken (another preview is open),
  a Finnish message and the next free port instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import html
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

# How sitecore.build prints a message: one a line, "Virhe: " or "Varoitus: " before it.
LOG_LINE = re.compile(r"^(?P<level>Virhe|Varoitus): (?P<text>.*?)\s*$")
LEVELS = {"Virhe": "ERROR", "Varoitus": "WARNING"}
WHERE = re.compile(
    r"^(?P<where>\S[^:]*?\.(?:md|yaml|yml|csv|py|html)(?:, rivi \d+)?): (?P<text>.*)$"
)
PORT_TRIES = 20


class PortError(ValueError):
    """A port that cannot be used; the message is in Finnish."""


def parse_port(value: str | int | None, default: int = 8000) -> int:
    if value in (None, ""):
        return default
    try:
        port = int(str(value).strip())
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise PortError(
            f"Portti ”{value}” ei kelpaa: anna numero väliltä 1024–65535, esimerkiksi "
            "--port 8001 (tai PORT=8001)."
        )
    return port


def port_free(host: str, port: int) -> bool:
    """Whether the preview server could listen on host:port now (as tornado binds it)."""
    from tornado.netutil import bind_sockets

    try:
        sockets = bind_sockets(port, host)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            return False
        raise
    for sock in sockets:
        sock.close()
    return True


def choose_port(host: str, wanted: int, say=print) -> int:
    """wanted if free, else the next free port, said in Finnish."""
    for port in range(wanted, min(wanted + PORT_TRIES, 65536)):
        if port_free(host, port):
            if port != wanted:
                say(
                    f"Portti {wanted} on jo käytössä (ehkä toinen esikatselu on jo auki). "
                    f"Käytetään porttia {port}."
                )
            return port
    raise PortError(
        f"Portit {wanted}–{wanted + PORT_TRIES - 1} ovat kaikki käytössä. Sulje muut "
        "esikatselut tai anna toinen portti: invoke livereload --port 8100."
    )


@dataclass
class Message:
    level: str  # ERROR or WARNING
    where: str
    text: str


def build_messages(output: str) -> list[Message]:
    """The warnings and errors a build printed, one each."""
    found: list[Message] = []
    for line in output.splitlines():
        match = LOG_LINE.match(line)
        if match:
            text = match["text"]
            located = WHERE.match(text)
            where, text = (located["where"], located["text"]) if located else ("", text)
            found.append(Message(LEVELS[match["level"]], where, text))
    return found


@dataclass
class PreviewState:
    """What the preview server shows: the site, or why it could not be built."""

    failure: str | None = None  # the error page, while the last build failed
    messages: list[Message] = field(default_factory=list)

    def failed(self, output: str) -> None:
        self.messages = build_messages(output)
        self.failure = error_page(self.messages, output)

    def succeeded(self) -> None:
        self.failure = None
        self.messages = []


def error_page(messages: list[Message], output: str) -> str:
    errors = [m for m in messages if m.level == "ERROR"]
    warnings = [m for m in messages if m.level == "WARNING"]

    def items(found: list[Message]) -> str:
        rows = []
        for m in found:
            where = f"<strong>{html.escape(m.where)}</strong>: " if m.where else ""
            rows.append(f"<li>{where}{html.escape(m.text)}</li>")
        return "<ul>" + "".join(rows) + "</ul>"

    body = items(errors) if errors else ""
    if not errors:  # not one of the site's own messages: the end of what Pelican said
        tail = "\n".join(output.strip().splitlines()[-40:])
        body = f"<pre>{html.escape(tail)}</pre>"
    if warnings:
        body += "<h2>Lisäksi huomautettavaa</h2>" + items(warnings)
    return f"""<!DOCTYPE html>
<html lang="fi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sivustoa ei voitu rakentaa – esikatselu</title>
<style>
body {{ font: 1.0625rem/1.6 system-ui, sans-serif; margin: 0; }}
body {{ background: #fbfaf7; color: #1f2328; }}
main {{ max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem; }}
h1 {{ color: #8a1c1c; line-height: 1.25; }}
li {{ margin-bottom: 0.75rem; }}
pre {{ white-space: pre-wrap; background: #f1efe9; padding: 1rem; }}
.note {{ color: #4d555e; border-top: 1px solid #d9d5cc; padding-top: 1rem; }}
</style>
</head>
<body>
<main>
<h1>Sivustoa ei voitu rakentaa</h1>
<p>Korjaa nämä kohdat ja tallenna tiedosto. Tämä sivu päivittyy itsestään, kun sivusto
rakentuu taas.</p>
{body}
<p class="note">Tämä sivu näkyy vain esikatselussa. Edellinen toimiva sivusto on
kansiossa output/ ennallaan, eikä mitään julkaistu.</p>
</main>
</body>
</html>
"""


def page_request(path: str) -> bool:
    """Whether a request path asks for a page (not a style sheet or a picture)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path == "" or path.endswith("/") or last.endswith(".html") or "." not in last


def handler_class(state: PreviewState):
    """livereload's static file handler, answering pages with the error page while the
    last build failed."""
    from livereload.handlers import StaticFileHandler

    class PreviewHandler(StaticFileHandler):
        async def get(self, path: str, include_body: bool = True) -> None:
            if state.failure is not None and page_request(path):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(state.failure)
                return
            await super().get(path, include_body)

    return PreviewHandler


class Tee(io.TextIOBase):
    """A stream that prints and remembers: the build's messages for the error page."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def getvalue(self) -> str:
        return "".join(self.parts)


class Preview:
    """The live preview: build, serve, and after every change build and tell."""

    def __init__(self, settings: dict, conf: str, output: Path) -> None:
        self.settings = settings
        self.conf = conf
        self.output = Path(output).resolve()
        self.state = PreviewState()
        self.base = ""

    def rebuild(self) -> None:
        from livereload.handlers import LiveReloadHandler

        from sitecore import build as site_build

        from .quick_checks import quick_findings, report_lines, unpublished

        # livereload skips a reload within 3 s of the last one; a fix saved quickly after
        # a failed build must still replace the error page in the browser.
        LiveReloadHandler._last_reload_time = 0.0
        said = Tee(sys.stderr)
        result = site_build.build_into(self.output, self.conf, stream=said)
        if not result.ok:
            print(result.failure(), file=sys.stderr)
            print(f"Virheilmoitus näkyy myös selaimessa: {self.base}", file=sys.stderr)
            self.state.failed(said.getvalue())
            return
        self.state.succeeded()
        print(result.summary(), file=sys.stderr)
        content = Path(self.settings["PATH"])
        now = dt.datetime.now(ZoneInfo(self.settings["TIMEZONE"]))
        try:
            findings = quick_findings(self.output, content)
            lines = report_lines(findings, unpublished(content, self.output, now), self.base)
        except Exception as error:  # the preview goes on; `invoke check` tells the rest
            lines = [f"Pikatarkistus jäi kesken ({type(error).__name__}: {error})."]
        if lines:
            print("\n".join(lines), flush=True)
        print(f"Esikatselu: {self.base}  (lopeta: Ctrl+C)", flush=True)

    def serve(self, host: str, port: int) -> None:
        from livereload import Server

        self.base = f"http://{host}:{port}/"
        self.rebuild()
        server = Server()
        server.SFH = handler_class(self.state)
        content = Path(self.settings["PATH"])
        theme = Path(self.settings["THEME"])
        for pattern in (
            content.parent / self.conf,
            theme / "templates" / "**" / "*.html",
            theme / "static" / "**" / "*",
            theme / "translations" / "**" / "*.po",
            content / "**" / "*",
        ):
            server.watch(str(pattern), self.rebuild)
        # The build runs in this process, which keeps Python code it has imported: a changed
        # plugin or shared module starts the preview afresh instead.
        for folder in ("plugins", "sitecore"):
            server.watch(str(content.parent / folder / "**" / "*.py"), restart)
        server.serve(host=host, port=port, root=str(self.output), debug=False)


def restart() -> None:
    """Start this command again in place (same process id, same port), with fresh code."""
    import os

    print("Ohjelmakoodi muuttui: esikatselu käynnistyy uudelleen.", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, *sys.argv])
