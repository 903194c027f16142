"""A static host on 127.0.0.1 that sends the headers the build wrote, so the browser checks
see the real security policy: those of _headers, as Netlify and Cloudflare Pages send them,
or of .htaccess, as Apache does (sitecore.htaccess: the rules the security_headers plugin
wrote each file from, left in the build's record)."""

from __future__ import annotations

import functools
import http.server
import socket
import sys
import threading
from collections.abc import Callable

from sitecore.htaccess import REPLACES, HeaderRule, sent

from .site import Site


def header_rules(site: Site, name: str) -> Callable[[str], list[tuple[str, str]]]:
    """The headers the host sends for a path, as the build wrote them into the header file
    name (_headers or .htaccess) and noted them in its record (none without a record)."""
    rules = [HeaderRule(**rule) for rule in site.facts.get("headers", {}).get(name, [])]
    return functools.partial(sent, rules, REPLACES[name])


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
