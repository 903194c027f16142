"""A static host on 127.0.0.1 that sends the headers the build wrote, so the browser checks
see the real security policy: from _headers, as Netlify and Cloudflare Pages do, or from
.htaccess, as Apache does (the `Header always set` lines the security_headers plugin
writes, and its `<If "%{REQUEST_URI} =~ m#^/path/#">` blocks, which replace a header for
the paths they match)."""

from __future__ import annotations

import functools
import http.server
import re
import socket
import sys
import threading
from collections.abc import Callable

from .site import Site

# A path's pattern and the headers sent for it, in the order written
Rule = tuple[re.Pattern, list[tuple[str, str]]]


def parse_headers_file(text: str) -> list[Rule]:
    """Rules of a Netlify/Cloudflare _headers file: a path line (`*` any text, `:name` one
    segment), then indented headers."""
    rules: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            parts = re.split(r"(\*|:[A-Za-z]\w*)", line.strip())
            regex = "".join(
                ".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts
            )
            rules.append((re.compile(f"^{regex}$"), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[Rule], path: str) -> list[tuple[str, str]]:
    return [h for pattern, headers in rules if pattern.match(path) for h in headers]


HTACCESS_SET = re.compile(r'^\s*Header\s+always\s+set\s+([\w-]+)\s+"(.*)"\s*$')
HTACCESS_IF = re.compile(r'^\s*<If\s+"%\{REQUEST_URI\}\s+=~\s+m#(.*)#">\s*$')


def parse_htaccess(text: str) -> list[Rule]:
    """The security headers of the .htaccess the build wrote: one rule for every path,
    then one per <If> block. Headers set inside <FilesMatch> (caching) are left out."""
    rules: list[Rule] = [(re.compile(".*"), [])]
    nested: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if match := HTACCESS_IF.match(line):
            nested.append("If")
            rules.append((re.compile(match[1]), []))
        elif stripped.startswith("</"):
            nested = nested[:-1]
        elif stripped.startswith("<") and not stripped.startswith("<IfModule"):
            nested.append(stripped)
        elif (match := HTACCESS_SET.match(line)) and nested in ([], ["If"]):
            rules[-1 if nested else 0][1].append((match[1], match[2]))
    return rules


def apache_headers_for(rules: list[Rule], path: str) -> list[tuple[str, str]]:
    """`Header always set` replaces: a later matching rule's value wins."""
    return list(dict(headers_for(rules, path)).items())


def header_rules(site: Site, name: str) -> Callable[[str], list[tuple[str, str]]]:
    """The headers the host sends for a path, by the header file the build wrote (name:
    _headers or .htaccess; none when it wrote none)."""
    file = site.path / name
    text = file.read_text(encoding="utf-8") if file.is_file() else ""
    if name == ".htaccess":
        return functools.partial(apache_headers_for, parse_htaccess(text))
    return functools.partial(headers_for, parse_headers_file(text))


class Server(http.server.ThreadingHTTPServer):
    """Used as a context manager (with server: …), it stops serving and closes at the end."""

    def __exit__(self, *args) -> None:
        self.shutdown()
        super().__exit__(*args)

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page mid-answer (the check does, retrying a failed load)
        is no error of the site: no traceback. Anything else is, and is shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_server(site: Site, port: int = 0, headers: str = "_headers") -> tuple[Server, str]:
    """Serve the site with the headers of its _headers file, or of its .htaccess; a missing
    address gets the site's own 404 page."""
    sent = header_rules(site, headers)
    not_found = site.path / "404.html"

    class Handler(http.server.SimpleHTTPRequestHandler):
        error_content_type = "text/html; charset=utf-8"
        if not_found.is_file():  # a %-format, as the standard error page is
            error_message_format = not_found.read_text(encoding="utf-8").replace("%", "%%")

        def log_message(self, *args) -> None:
            pass

        def end_headers(self) -> None:
            for name, value in sent(self.path.split("?", 1)[0]):
                self.send_header(name, value)
            super().end_headers()

    server = Server(("127.0.0.1", port), functools.partial(Handler, directory=str(site.path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    """A port free on 127.0.0.1 now, to build a site for before serving it there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
