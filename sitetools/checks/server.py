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
from dataclasses import dataclass
from pathlib import Path

from .site import Site


@dataclass(frozen=True)
class HeaderRule:
    pattern: re.Pattern
    headers: tuple[tuple[str, str], ...]


def parse_headers_file(text: str) -> list[HeaderRule]:
    """Rules of a Netlify/Cloudflare _headers file: a path line, then indented headers."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return [HeaderRule(path_pattern(path), tuple(headers)) for path, headers in rules]


def path_pattern(path: str) -> re.Pattern:
    parts = re.split(r"(\*|:[A-Za-z]\w*)", path)
    regex = "".join(
        ".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts
    )
    return re.compile(f"^{regex}$")


def headers_for(rules: list[HeaderRule], path: str) -> list[tuple[str, str]]:
    return [h for rule in rules if rule.pattern.match(path) for h in rule.headers]


HTACCESS_SET = re.compile(r'^\s*Header\s+always\s+set\s+([\w-]+)\s+"(.*)"\s*$')
HTACCESS_IF = re.compile(r'^\s*<If\s+"%\{REQUEST_URI\}\s+=~\s+m#(.*)#">\s*$')


def parse_htaccess(text: str) -> list[HeaderRule]:
    """The security headers of the .htaccess the build wrote: one rule for every path,
    then one per <If> block. Headers set inside <FilesMatch> (caching) are left out."""
    rules: list[tuple[str, list[tuple[str, str]]]] = [(".*", [])]
    nested: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if match := HTACCESS_IF.match(line):
            nested.append("If")
            rules.append((match[1], []))
        elif stripped.startswith("</"):
            if nested:
                nested.pop()
        elif stripped.startswith("<") and not stripped.startswith("<IfModule"):
            nested.append(stripped)
        elif match := HTACCESS_SET.match(line):
            if not nested:
                rules[0][1].append((match[1], match[2]))
            elif nested == ["If"]:
                rules[-1][1].append((match[1], match[2]))
    return [HeaderRule(re.compile(pattern), tuple(headers)) for pattern, headers in rules]


def apache_headers_for(rules: list[HeaderRule], path: str) -> list[tuple[str, str]]:
    """`Header always set` replaces: a later matching rule's value wins."""
    found: dict[str, str] = {}
    for rule in rules:
        if rule.pattern.match(path):
            found.update(rule.headers)
    return list(found.items())


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: list[HeaderRule] = []
    site_path: Path
    apache: bool = False

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        resolve = apache_headers_for if self.apache else headers_for
        for name, value in resolve(self.rules, self.path.split("?", 1)[0]):
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        page = self.site_path / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page mid-answer (the check does, retrying a failed load)
        is no error of the site: no traceback. Anything else is, and is shown."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def start_server(
    site: Site, port: int = 0, headers: str = "_headers"
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve the site with the headers of its _headers file, or of its .htaccess."""
    headers_file = site.path / headers
    text = headers_file.read_text(encoding="utf-8") if headers_file.is_file() else ""
    apache = headers == ".htaccess"
    rules = parse_htaccess(text) if apache else parse_headers_file(text)
    handler = type(
        "Handler", (_Handler,), {"rules": rules, "site_path": site.path, "apache": apache}
    )
    server = _Server(("127.0.0.1", port), functools.partial(handler, directory=str(site.path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    """A port free on 127.0.0.1 now, to build a site for before serving it there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
